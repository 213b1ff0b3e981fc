"""Same inputs and settings give byte-identical outputs: twice locally, and through Dask."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrate.config import Settings
from narrate.pipeline import build


def _files(out: Path) -> dict[str, bytes]:
    # The chunk cache and catalogue are working state, not published output.
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".narrate" not in p.relative_to(out).parts
    }


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def test_two_local_builds_are_byte_identical(seeds: Path, tmp_path: Path, silent: Settings) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    build(seeds, one, silent)
    build(seeds, two, silent.replace(jobs=2))
    first, second = _files(one), _files(two)
    assert any(name.endswith(".mp3") for name in first)
    assert first == second


@pytest.mark.slow  # starts a Dask cluster
@pytest.mark.engine
def test_dask_build_is_byte_identical_to_a_local_build(
    seeds: Path, tmp_path: Path, silent: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dask.distributed import LocalCluster

    from narrate import synthesise

    # A small window, so that the build tops it up as chunks come back.
    monkeypatch.setattr(synthesise, "DASK_WINDOW", 4)

    local, remote = tmp_path / "local", tmp_path / "dask"
    settings = silent.replace(engine="espeak")
    build(seeds, local, settings.replace(jobs=2))
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        report = build(seeds, remote, settings.replace(scheduler=cluster.scheduler_address))
    assert not report.errors
    assert report.rendered_chunks > 20
    assert _files(local) == _files(remote)


def test_unreachable_scheduler_is_one_clear_error(seeds: Path, tmp_path: Path, silent: Settings):
    report = build(seeds, tmp_path / "o", silent.replace(scheduler="tcp://127.0.0.1:9"))
    (error,) = report.errors
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in error
