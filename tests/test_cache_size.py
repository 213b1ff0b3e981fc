"""A cache sized to what rebuilds need: its size report, its pruning and its bound."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import write_article
from typer.testing import CliRunner

from narrate.cache import ChunkCache, Unit, cache_dir, cache_files, prune, usage
from narrate.cli import app
from narrate.config import Settings
from narrate.encode import EncodeSpec
from narrate.pipeline import build

SPEC = EncodeSpec()
runner = CliRunner()


def _cli(*args: str):  # noqa: ANN202
    return runner.invoke(app, list(args), env={"NARRATE_ENGINE": "silent", "NARRATE_JOBS": "1"})


def _book(folder: Path, revised: int | None = None) -> Path:
    """A three-chapter Markdown book; ``revised`` changes every sentence of one chapter."""
    chapters = []
    for n in (1, 2, 3):
        mark = " again" if n == revised else ""
        paragraphs = [
            f"Chapter {n} opens here{mark}, paragraph {p}. "
            f"Its sentence {p} of part {n} follows{mark}."
            for p in (1, 2, 3)
        ]
        chapters.append(f"## Chapter {n}\n\n" + "\n\n".join(paragraphs))
    path = folder / "book.md"
    path.write_text("# A Book\n\n" + "\n\n".join(chapters) + "\n", "utf-8")
    return path


def test_the_cache_holds_encoded_units_only_and_stays_near_the_audio_size(
    seeds: Path, tmp_path: Path, silent: Settings
) -> None:
    out = tmp_path / "out"
    build(seeds, out, silent)
    files = cache_files(cache_dir(out))
    assert files and {f.kind for f in files} == {"unit"}
    (mp3,) = out.glob("*.mp3")
    # The units are the episode's frames, less its pauses, intro jingle-free: no WAV beside.
    assert sum(f.bytes for f in files) <= 1.2 * mp3.stat().st_size


def test_an_edit_of_one_chapter_renders_that_chapter_only(tmp_path: Path, silent: Settings) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    _book(src)
    first = build(src, out, silent)
    assert first.rendered_chunks > 6
    _book(src, revised=2)
    (result,) = build(src, out, silent).results
    # Three paragraphs of two sentences, each sentence its own chunk: six chunks spoken.
    changed = {s.spoken for s in result.edition.segments if "again" in s.spoken}
    assert len(changed) == 6
    assert (result.synth.rendered, result.synth.encoded) == (len(changed), 0)
    assert result.synth.cached == first.rendered_chunks - len(changed)


def test_cache_reports_units_bytes_and_hit_rate(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _cli("build", str(seeds), "-o", str(out)).exit_code == 0
    units = len(list(cache_dir(out).rglob("*.unit")))
    size = sum(p.stat().st_size for p in cache_dir(out).rglob("*.unit"))
    result = _cli("cache", "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{cache_dir(out)}: {units} units, {size / 1e6:,.1f} MB"
    assert lines[1] == f"  hit rate, last build: 0.0% (0 of {units} chunks reused)"
    # One paragraph edited: one chunk more, the others reused.
    article = next(seeds.iterdir())
    parts = article.read_text("utf-8").split("\n\n")
    parts[3] = parts[3].replace(".", " (revised).", 1)
    article.write_text("\n\n".join(parts), "utf-8")
    assert _cli("build", str(seeds), "-o", str(out)).exit_code == 0
    lines = _cli("cache", "-o", str(out)).stdout.splitlines()
    assert lines[1] == f"  hit rate, last build: {100 * (units - 1) / units:.1f}% " + (
        f"({units - 1} of {units} chunks reused)"
    )
    assert lines[2].startswith(f"  hit rate, all builds: {100 * (units - 1) / (2 * units):.1f}%")


def test_prune_drops_what_no_published_episode_uses(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _cli("build", str(seeds), "-o", str(out)).exit_code == 0
    before = {p.name for p in cache_dir(out).rglob("*.unit")}
    article = next(seeds.iterdir())
    parts = article.read_text("utf-8").split("\n\n")
    parts[3] = parts[3].replace(".", " (revised).", 1)
    article.write_text("\n\n".join(parts), "utf-8")
    assert _cli("build", str(seeds), "-o", str(out)).exit_code == 0
    after = {p.name for p in cache_dir(out).rglob("*.unit")}
    (new,) = after - before
    # A leftover of the older layout (frames and facts apart) is no unit of anything.
    stale = cache_dir(out) / "ab" / ("ab" * 32 + "-0123456789ab.mp3")
    stale.parent.mkdir(exist_ok=True)
    stale.write_bytes(b"\xff\xfb old")
    result = _cli("cache", "-o", str(out), "--prune")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Pruned 2 files, ")
    # The paragraph as it was is gone; what the episode is made of stays, new unit included.
    kept = {p.name for p in cache_dir(out).rglob("*.unit")}
    assert new in kept and len(kept) == len(before) and not stale.exists()
    again = _cli("build", str(seeds), "-o", str(out), "--verbose")
    assert again.exit_code == 0 and "nothing rendered" in again.stdout


def test_prune_without_a_cache_is_one_line(tmp_path: Path) -> None:
    result = _cli("cache", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {cache_dir(tmp_path)}: no chunk cache; run `narrate build` first\n"
    )


def _units(root: Path, names: list[str]) -> list[Path]:
    """Store one unit per name (as its chunk key), each used one second after the last."""
    cache = ChunkCache(root)
    paths = []
    for n, name in enumerate(names):
        key = name * 32
        cache.store_unit(key, SPEC, b"\xff\xfb" + bytes(998), Unit(1, 1152, None, None))
        path = cache.unit_path(key, SPEC)
        os.utime(path, ns=(n * 10**9, n * 10**9))
        paths.append(path)
    return paths


def test_the_bound_evicts_least_recently_used_units_published_ones_last(tmp_path: Path) -> None:
    paths = _units(tmp_path, ["a1", "b2", "c3", "d4", "e5"])
    size = paths[0].stat().st_size
    published = {"a1" * 32, "d4" * 32}
    # A read is a use: c3 becomes the most recently used of the unpublished.
    assert ChunkCache(tmp_path).read_unit("c3" * 32, SPEC) is not None
    done = prune(tmp_path, published, max_bytes=3 * size, unused=False)
    assert (done.files, done.bytes) == (2, 2 * size)
    assert [p.exists() for p in paths] == [True, False, True, True, False]
    # Below what the published need, they go too, the least recently used first.
    prune(tmp_path, published, max_bytes=size, unused=False)
    assert [p.exists() for p in paths] == [False, False, False, True, False]
    assert usage(tmp_path).units == 1


def test_a_build_keeps_the_cache_within_max_cache_mb(tmp_path: Path, silent: Settings) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    # Long chunks, so that one article's units pass a megabyte.
    sentence = "A sentence of a few words is spoken here again and again. " * 6
    for n in range(6):
        write_article(src, f"{n}.txt", f"Title {n}", *[f"{n} {m} {sentence}" for m in range(50)])
    build(src, out, silent)
    assert usage(cache_dir(out)).bytes > 1_000_000
    # Edited: the old paragraphs are no published episode's; they go first.
    edited = src / "0.txt"
    edited.write_text(edited.read_text("utf-8").replace("0 ", "Zero "), "utf-8")
    build(src, out, silent.replace(max_cache_mb=1))
    assert usage(cache_dir(out)).bytes <= 1_000_000
    results = {r.edition.slug: r.edition for r in build(src, out, silent).results}
    published = {s.audio for e in results.values() for s in e.segments if s.audio}
    # What is left is the most recently used: the edited article's new units all stay.
    left = {f.key for f in cache_files(cache_dir(out))}
    assert {s.audio for s in results["0"].segments if s.audio} <= left <= published
