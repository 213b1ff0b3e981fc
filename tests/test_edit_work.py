"""What a one-paragraph edit costs, counted rather than timed (bench/rebuild_speed.py times it).

An edit is read at once by a reading process started with the command and already warm,
speaks its one changed chunk in the build's own process (no worker process starts), does
not draw the default cover again, and ends without waiting for the interpreter's teardown.
(Run as the program after a complete build, a rehearsal speaks that chunk before the build
asks for it: tests/test_rehearse.py.)
The command line converts its options without importing pydantic.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import pytest
import typer.main

from narrate import cover, synthesise, workers
from narrate.cli import app
from narrate.config import Settings, load_settings
from narrate.helptext import PlainValues
from narrate.pipeline import build


def _run(script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A Python script in a fresh interpreter (what a command does at its start)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True,
        timeout=120, env={**os.environ, **(env or {})},
    )  # fmt: skip


def _edit(article: Path) -> None:
    text = article.read_text("utf-8")
    old = "This is utter nonsense."
    assert old in text
    article.write_text(text.replace(old, "This claim is simply false."), "utf-8")


def count_pools(monkeypatch: pytest.MonkeyPatch) -> set[object]:
    """The pools of local worker processes started from then on."""
    started: set[object] = set()
    made = workers.Workers._local_pool

    def counted(self: workers.Workers) -> object:
        pool = made(self)
        started.add(pool)
        return pool

    monkeypatch.setattr(workers.Workers, "_local_pool", counted)
    return started


def test_an_edited_paragraph_is_spoken_here_by_an_engine_loaded_while_it_is_read(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(engine="silent", jobs=2)
    out = tmp_path / "audio"
    build(seeds, out, settings)
    pools = count_pools(monkeypatch)  # from here: the first build's pool is not counted
    monkeypatch.setattr(synthesise, "_worker_engines", {})
    warmed: list[str] = []
    warm = synthesise.preload
    monkeypatch.setattr(synthesise, "preload", lambda engine: warmed.append(engine) or warm(engine))
    _edit(next(seeds.iterdir()))
    report = build(seeds, out, settings)
    assert report.rendered_chunks == 1 and not report.errors
    assert not pools  # no worker process started for one chunk
    # The engine that spoke it was loaded in this process, by the warm-up begun as the
    # article was read (the one a worker would have loaded), and only that one.
    assert warmed == ["silent"]
    assert list(synthesise._worker_engines) == [("silent", ())]


def test_a_new_article_still_starts_the_workers(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools = count_pools(monkeypatch)
    report = build(seeds, tmp_path / "audio", load_settings(engine="silent", jobs=2))
    assert report.rendered_chunks > 1 and len(pools) == 1


_FIRST_READER = """
import os, sys
from narrate import isolate

def state():
    from narrate.textnorm import english
    rules = english._static_rules.cache_info().currsize
    return os.getpid(), "narrate.readers.text" in sys.modules, rules

isolate.prestart(isolate.Warm("narrate.prepare", "warm"))
spare = isolate._spare
assert spare is not None
with isolate.Readers() as readers:
    pid, text_reader, rules = readers.run("a.txt", state)
    print(pid == spare.process.pid, text_reader, rules, "narrate.pipeline" in sys.modules)
"""


def test_the_first_article_is_read_by_the_warm_process_started_with_the_command() -> None:
    done = _run(_FIRST_READER)
    assert done.returncode == 0, done.stderr
    # The process started at once, before the fork server (and before any thread), which
    # had read a sample English article: its reader and normaliser rules were loaded.
    # The command itself has not loaded the pipeline.
    assert done.stdout.split() == ["True", "True", "1", "False"]


_UNUSED_READER = """
import sys
from narrate import isolate

isolate.prestart(isolate.Warm("narrate.prepare", "warm"))
print(isolate._spare.process.pid, flush=True)
"""


def test_a_reading_process_no_build_took_ends_with_the_command() -> None:
    # It ignores the SIGTERM multiprocessing sends a daemon process at exit, then waits
    # for: without its own exit handler the command would never end.
    done = _run(_UNUSED_READER)
    assert done.returncode == 0, done.stderr
    pid = int(done.stdout)
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        state = "gone"
    assert state in ("gone", "Z")  # killed (a zombie only until its parent is reaped)


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the covers drawn and kept by this process, as a new command starts."""
    monkeypatch.setattr(cover, "_drawn", {})
    monkeypatch.setattr(cover, "_kept", {})


def test_the_default_cover_is_drawn_once_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draw = cover._draw
    _new_process(monkeypatch)
    drawn = cover.keep_default("Morning News", tmp_path)
    assert drawn == cover.default_cover("Morning News")
    (kept,) = tmp_path.glob("cover-*.png")
    assert kept.read_bytes() == drawn

    def never(title: str, size: int) -> bytes:
        raise AssertionError("drawn again")

    # The next build (a new process: nothing in memory) reads it instead of drawing it.
    _new_process(monkeypatch)
    monkeypatch.setattr(cover, "_draw", never)
    assert cover.keep_default("Morning News", tmp_path) == drawn
    # A damaged copy is not used: the cover is drawn again and kept again.
    kept.write_bytes(drawn[:-10])
    _new_process(monkeypatch)
    monkeypatch.setattr(cover, "_draw", draw)
    assert cover.keep_default("Morning News", tmp_path) == drawn
    assert kept.read_bytes() == drawn
    # Another title replaces it: one cover is kept, not one per title ever used.
    cover.keep_default("Evening News", tmp_path)
    assert len(list(tmp_path.glob("cover-*.png"))) == 1


def test_a_build_keeps_its_cover_and_an_edit_does_not_draw_it(
    seeds: Path, tmp_path: Path, silent: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "audio"
    build(seeds, out, silent)
    assert len(list((out / ".narrate" / "cache").glob("cover-*.png"))) == 1
    before = (out / "cover.png").read_bytes()

    def never(title: str, size: int) -> bytes:
        raise AssertionError("drawn again")

    _new_process(monkeypatch)
    monkeypatch.setattr(cover, "_draw", never)
    _edit(next(seeds.iterdir()))
    report = build(seeds, out, silent)
    assert report.rendered_chunks == 1 and not report.errors
    assert (out / "cover.png").read_bytes() == before


_ENCODE = """
import hashlib, math, struct
from narrate.encode import EncodeSpec
from narrate.engines import Audio
from narrate.synthesise import encode_chunk

rate = 22050
# Ten seconds of a voice-like signal: a few harmonics, an envelope, a little noise.
samples = []
seed = 1
for n in range(10 * rate):
    seed = (seed * 1103515245 + 12345) % 2**31
    t = n / rate
    envelope = 0.5 + 0.5 * math.sin(2 * math.pi * 3 * t)
    voice = sum(math.sin(2 * math.pi * f * t) / k for k, f in enumerate((140, 280, 560), 1))
    samples.append(int(9000 * envelope * voice / 2 + (seed % 600) - 300))
pcm = struct.pack(f"<{len(samples)}h", *samples)
mp3, unit = encode_chunk(Audio(pcm, rate), EncodeSpec())
print(hashlib.sha256(mp3).hexdigest(), unit)
"""


def test_a_chunk_is_encoded_alike_whatever_the_linear_algebra_threads() -> None:
    # The command runs numpy's linear algebra library on one thread (it starts faster):
    # the levelled, encoded chunk must not depend on it, or an edit made with one setting
    # would not match a cold build made with another.
    results = {threads: _run(_ENCODE, {"OPENBLAS_NUM_THREADS": threads}) for threads in ("1", "4")}
    assert all(r.returncode == 0 for r in results.values()), results
    assert results["1"].stdout == results["4"].stdout


def test_the_command_sets_one_linear_algebra_thread_unless_told_otherwise(
    tmp_path: Path,
) -> None:
    script = """
    import os, sys
    sys.argv = ["narrate", "--version"]
    from narrate.__main__ import main
    try:
        main()
    finally:
        sys.stderr.write(os.environ.get("OPENBLAS_NUM_THREADS", "unset") + "\\n")
    """
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True,
                          text=True, env=env, timeout=60)  # fmt: skip
    assert done.stderr.splitlines()[-1] == "1"
    done = _run(script, {"OPENBLAS_NUM_THREADS": "3"})
    assert done.stderr.splitlines()[-1] == "3"


# --- the command line's options, converted without pydantic ---------------------------

_VALUES = ["a", "", "3", "-1", "007", " 3", "3 ", "+3", "1_000", "3.0", "0x1f", "\u0663",
           "readable.txt", "folder", "~/x", "-", "a\udcff", "9" * 25, None, True, False, 0, 5,
           ("a", "3"), ("readable.txt",), ()]  # fmt: skip


def _outcome(runtime: object, value: object, param: object, ctx: object) -> tuple[object, ...]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - compared between the two conversions
        return ("error", type(exc).__name__, str(exc))
    return ("ok", type(result).__name__, result)


def test_every_option_is_converted_as_typer_converts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer._coercion import build_runtime_param

    monkeypatch.chdir(tmp_path)
    (tmp_path / "readable.txt").write_text("x")
    (tmp_path / "folder").mkdir()
    group = typer.main.get_command(app)
    compared = 0
    for command in [group, *group.commands.values()]:  # type: ignore[attr-defined]
        ctx = click.Context(command)
        for param in command.get_params(ctx):
            plain = PlainValues.fits(param)
            assert plain is not None, param.name  # every option of narrate's is plain
            reference = build_runtime_param(param.type_descriptor)  # typer's own
            for value in _VALUES:
                assert _outcome(plain, value, param, ctx) == _outcome(
                    reference, value, param, ctx
                ), (command.name, param.name, value)
                compared += 1
    assert compared > 1000


def test_a_build_command_line_is_parsed_without_pydantic(tmp_path: Path) -> None:
    script = f"""
    import sys
    sys.argv = ["narrate", "build", {str(tmp_path / "none")!r}, "-o", {str(tmp_path / "out")!r},
                "--rate", "170", "--lexicon", "a.toml", "--jobs", "2", "-v"]
    from narrate.cli import main
    try:
        main()
    except SystemExit as exc:
        print(exc.code, "pydantic" in sys.modules)
    """
    done = _run(script)
    assert done.stdout.split() == ["1", "False"], done.stderr
    assert done.stderr.startswith("Error: ")  # the folder is missing: one line, as before
    # A value typer must judge (not a whole number) is still judged by typer, as before.
    done = _run(script.replace('"170"', '"fast"'))
    assert done.stdout.split() == ["2", "True"]
    assert "Error: Invalid value for '--rate'" in done.stderr
