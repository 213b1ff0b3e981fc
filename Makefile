# Two entry points for a fresh Debian machine (as root): `make demo` and `make test`.
# Each installs only what is missing: system packages with apt-get, Python packages in .venv,
# the npm checkers in node_modules.

VENV    := .venv
PY      := $(VENV)/bin/python
NARRATE := $(VENV)/bin/narrate
APT     := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends
SEEDS   ?= seeds
OUT     ?= audio
PIPER_OUT ?= audio-piper

.PHONY: demo demo-piper test check setup setup-test system system-test lint bench clean

demo: setup
	$(NARRATE) build $(SEEDS) --out $(OUT)
	@echo "Episodes, feed.xml and index.html are in $(OUT)/; listen with: $(NARRATE) serve -o $(OUT)"

# A listening sample in a neural voice: the seeds read by Piper with the packaged test voice
# (it declares no licence of its own: for listening here, not for publishing).
demo-piper: setup $(VENV)/.piper
	$(NARRATE) build $(SEEDS) --out $(PIPER_OUT) --engine piper
	@echo "The seeds read by Piper are in $(PIPER_OUT)/; compare with $(OUT)/ from make demo"

$(VENV)/.piper: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[piper]'
	touch $@

# Every check CI makes: lint, format, types, then the whole suite.
test: setup-test
	$(VENV)/bin/ruff check narrate tests bench
	$(VENV)/bin/ruff format --check narrate tests bench
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -n auto

# The inner loop: the fast tests of every module (no timing runs, real processes, browser,
# cluster or Node) on every core, under a minute on two. make test runs everything.
check: system $(VENV)/.installed-test
	$(VENV)/bin/ruff check narrate tests bench
	$(PY) -m pytest -q -p no:cacheprovider -n auto -m "not slow"

# The demo installs only what rendering needs; the tests add their extras (pytest, Playwright,
# Hypothesis, Dask, the feed checkers: several hundred MB the demo does without).
setup: system $(VENV)/.installed

setup-test: system-test $(VENV)/.installed-test node_modules/.installed

# espeak-ng, LAME and ffmpeg for rendering; python3-venv where the system Python lacks venv.
system:
	@if ! command -v espeak-ng >/dev/null || ! command -v ffmpeg >/dev/null \
	    || ! /sbin/ldconfig -p | grep -q libmp3lame.so.0 \
	    || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then \
	  apt-get update -q && $(APT) espeak-ng libespeak-ng1 ffmpeg libmp3lame0 python3-venv python3-pip; \
	fi

# The tests also drive Debian's Chromium (axe-core, keyboard) and run npm checkers on Node.js.
system-test: system
	@if ! command -v chromium >/dev/null || ! command -v node >/dev/null \
	    || ! command -v npm >/dev/null; then \
	  apt-get update -q && $(APT) chromium fonts-dejavu-core \
	    $$(command -v node >/dev/null || echo nodejs) $$(command -v npm >/dev/null || echo npm); \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test]'
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

# Ten minutes of fuzzing (make test runs the same targets briefly); inputs tried per target.
.PHONY: fuzz
fuzz: setup-test
	NARRATE_FUZZ_SECONDS=$${NARRATE_FUZZ_SECONDS:-600} $(PY) -m pytest -q -s -p no:cacheprovider tests/test_fuzz.py

lint: system $(VENV)/.installed-test
	$(VENV)/bin/ruff check narrate tests bench
	$(VENV)/bin/ruff format --check narrate tests bench
	$(VENV)/bin/mypy

# Timed figures live here, never in the unit tests (a loaded machine would fail them).
bench: setup
	$(PY) bench/linear_time.py
	$(PY) bench/render_speed.py

clean:
	rm -rf $(OUT) $(PIPER_OUT) .pytest_cache .hypothesis
