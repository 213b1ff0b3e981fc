"""A build killed midway (SIGKILL) leaves the previous feed, pages and catalogue valid."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEED, write_article
from pubkit import feed_tree, held_build, published, settings, write_tricky, xpath

from narrate.catalogue import catalogue_path, entries
from narrate.check import check_folder
from narrate.pipeline import build

# Runs a build in which one step first touches a marker file, then hangs until killed.
WRAPPER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
import narrate.{module} as target
import pubkit
from narrate.pipeline import build

marker = Path({marker!r})
original = target.{name}

calls = []

def hang(*args, **kwargs):
    calls.append(1)
    if len(calls) < {call}:
        return original(*args, **kwargs)
    if {after}:
        original(*args, **kwargs)
    marker.touch()
    time.sleep(600)

target.{name} = hang
build(Path({seeds!r}), Path({out!r}), pubkit.settings())
"""

# module, function, call that hangs, whether it hangs after doing its work. The edited
# episode is withdrawn from the feed (the one document that lists it is written), replaced
# and recorded; the final publish lists it again, with the added one.
POINTS = {
    "first synthesis": ("pipeline", "synthesise", 1, False),
    "edited episode withdrawn": ("publish", "write_document", 1, True),
    "joining the episode": ("assemble", "write_runs", 1, True),
    "episode replaced": ("pipeline", "assemble", 1, True),
    "episode recorded": ("catalogue", "record", 1, True),
    "feed lists it again": ("publish", "write_feed", 1, True),
    "second synthesis": ("pipeline", "synthesise", 2, False),
    "page after feed": ("publish", "write_page", 1, False),
}
# Points at which the feed is still exactly the previous one.
UNTOUCHED = {"first synthesis"}
# Between the catalogue and the feed an episode may be listed by one and not yet the other.
MEMBERSHIP = "is catalogued but not in the feed"


def enclosures(out: Path) -> dict[str, tuple[int, int]]:
    """Each enclosure of the feed: (length stated, size of the file it names)."""
    found = {}
    for enclosure in xpath(feed_tree(out), "channel/item/enclosure"):
        name = enclosure.get("url").rsplit("/", 1)[-1]
        found[name] = (int(enclosure.get("length")), (out / name).stat().st_size)
    return found


def published_state(out: Path) -> dict[str, bytes]:
    names = ["feed.xml", "index.html", "tricky.html", "episodes.m3u", "tricky.mp3"]
    state = {name: (out / name).read_bytes() for name in names}
    state["catalogue"] = catalogue_path(out).read_bytes()
    return state


@pytest.mark.slow  # builds killed in new interpreters
@pytest.mark.parametrize("point", POINTS)
def test_kill_midway_keeps_the_previous_publication(point: str, tmp_path: Path) -> None:
    out = published(tmp_path)
    seeds = tmp_path / "seeds"
    before = published_state(out)
    guids = {e.slug: e.guid for e in entries(out)}
    write_tricky(seeds, extra=" An edit that changes the episode.")
    (seeds / "zz_added.txt").write_text("English\n\nAdded later\n\nIts only paragraph.\n", "utf-8")
    module, name, call, after = POINTS[point]
    marker = tmp_path / "marker"
    script = WRAPPER.format(
        tests=str(ROOT / "tests"), module=module, name=name, call=call, after=after,
        marker=str(marker), seeds=str(seeds), out=str(out),
    )  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "the build ended before reaching the kill point"
            assert time.monotonic() < deadline, "the build never reached the kill point"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    after_kill = published_state(out)
    if point in UNTOUCHED:
        assert after_kill == before
    else:
        # The page is rewritten by the final publish only; the feed may already be new.
        assert after_kill["index.html"] == before["index.html"]
    # The feed never names bytes that are not there, at any kill point.
    stated = enclosures(out)
    assert stated and all(length == size for length, size in stated.values()), stated
    assert [p for p in check_folder(out) if MEMBERSHIP not in p] == []
    # A withdrawn episode keeps its row, and so its guid.
    assert {e.slug: e.guid for e in entries(out, present=False)}.items() >= guids.items()

    report = build(seeds, out, settings())
    assert not report.errors and not report.problems
    assert sorted(e.slug for e in entries(out)) == ["000_8dea0efc4732bc9d", "tricky", "zz_added"]
    assert {e.slug: e.guid for e in entries(out)}.items() >= guids.items()
    assert len(xpath(feed_tree(out), "channel/item")) == 3
    assert "An edit that changes the episode." in (out / "tricky.html").read_text("utf-8")


def session(sid: int) -> list[str]:
    """Live processes of session ``sid`` (a build and everything it started), as command lines."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # ended meanwhile
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid and fields[0] not in "ZX":  # zombies hold no memory
            found.append(f"{pid} {command[:100]}")
    return found


def _many_articles(tmp_path: Path) -> Path:
    source = tmp_path / "many"
    source.mkdir()
    paragraphs = [p for p in SEED.read_text("utf-8").split("\n\n")[2:] if len(p) > 80]
    for i in range(8):
        write_article(source, f"part_{i}.txt", f"Part {i}", *paragraphs[i * 2 : i * 2 + 4])
    return source


def _wait_for(what: str, done, proc: subprocess.Popen, seconds: float = 120) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while not done():
        assert proc.poll() is None, f"the build ended before {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _no_process_left(sid: int, seconds: float = 30) -> list[str]:
    # A generous budget for the orphans to notice and exit, not a measure: usually < 1 s.
    deadline = time.monotonic() + seconds
    while (left := session(sid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.mark.slow  # builds interrupted in new interpreters
@pytest.mark.engine
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_ctrl_c_during_a_build_stops_it_at_once_in_one_line(tmp_path: Path, signum: int) -> None:
    # Two articles are in synthesis at once, from threads: Ctrl-C (or SIGTERM, or the
    # terminal's SIGHUP), sent to the whole process group as a terminal does, must still
    # stop the build within seconds, with the one-line message, exit status 130, no
    # traceback, and no process left behind.
    source = _many_articles(tmp_path)
    out = tmp_path / "audio"
    # Held before its third article until the signal, so it cannot finish first.
    proc = subprocess.Popen(
        held_build(tmp_path, str(source), "--out", str(out)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        start_new_session=True,
    )  # fmt: skip
    _wait_for("an episode was written", lambda: list(out.glob("*.mp3")), proc)
    os.killpg(proc.pid, signum)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == (
        "Interrupted: finished files are kept, nothing was left half-written."
    )
    assert "Traceback" not in err
    assert _no_process_left(proc.pid) == []
    if signum != signal.SIGINT:
        return  # the rest is the same for every signal
    # What was finished is kept and valid; the next build completes the rest.
    rerun = subprocess.run(
        [sys.executable, "-m", "narrate", "build", str(source), "--out", str(out)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr
    assert len(xpath(feed_tree(out), "channel/item")) == 8


@pytest.mark.slow  # a build killed in a new interpreter
@pytest.mark.engine
def test_a_build_killed_with_sigkill_leaves_no_process(tmp_path: Path) -> None:
    # Workers, their fork server and the resource tracker all outlived a killed build.
    source = _many_articles(tmp_path)
    proc = subprocess.Popen(
        held_build(tmp_path, str(source), "--out", str(tmp_path / "audio"), "--jobs", "2"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path,
        start_new_session=True,
    )  # fmt: skip
    # The main process, the fork server, the resource tracker and two workers.
    _wait_for("the workers started", lambda: len(session(proc.pid)) >= 5, proc)
    proc.kill()
    proc.wait(timeout=10)
    assert _no_process_left(proc.pid) == []


_STUCK_POOL = """
import operator, sys, time
from concurrent.futures import ProcessPoolExecutor

import narrate.workers as workers


def stuck() -> None:
    workers.SHUTDOWN_WAIT = 1.0
    pool = workers.Workers(2)
    pool.run(operator.mul, [(str(n), (n, n)) for n in range(8)], lambda name, value: None)
    print(",".join(str(p.pid) for p in pool._pool._processes.values()), flush=True)
    # The manager thread stuck as when a worker died sending a result: no shutdown returns.
    ProcessPoolExecutor.shutdown = lambda self, *a, **k: time.sleep(3600)
    started = time.monotonic()
    pool.close()
    print(f"{time.monotonic() - started:.1f} {workers.abandoned()}", flush=True)
    from narrate.__main__ import main

    sys.argv = ["narrate", "--version"]
    main()


if __name__ == "__main__":
    stuck()
"""


@pytest.mark.slow  # a new interpreter waits out a stuck pool
def test_a_worker_pool_that_cannot_stop_is_killed_and_the_process_still_exits(
    tmp_path: Path,
) -> None:
    # A worker killed while sending its result leaves multiprocessing's reader waiting for
    # the rest of the message: closing the pool must not wait for it, its workers must be
    # killed, and the command must still end (not hang in the interpreter's exit).
    script = tmp_path / "stuck.py"
    script.write_text(_STUCK_POOL, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60,
        start_new_session=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    pids, waited, *version = proc.stdout.splitlines()
    seconds, abandoned = waited.split()
    assert abandoned == "True"
    # It waited its grace period, then gave up (the patched shutdown sleeps an hour: that
    # close returned at all, well inside the timeout above, is what shows it did not wait).
    assert float(seconds) >= 0.9
    assert version and version[0].startswith("narrate")
    for pid in pids.split(","):
        assert (
            not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
        )
