"""The chunk cache: every unit is checked by its hash on read; a damaged one is a miss."""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_article

from narrate.cache import ChunkCache, Unit, cache_dir
from narrate.check import check_folder
from narrate.config import Settings
from narrate.encode import EncodeSpec
from narrate.engines import Audio
from narrate.pipeline import build

SPEC = EncodeSpec()


def test_units_and_audio_round_trip_with_their_hashes(tmp_path: Path) -> None:
    cache = ChunkCache(tmp_path)
    audio = Audio(bytes(range(256)) * 8, 22050)
    cache.store_audio("ab" * 32, audio)
    assert cache.read_audio("ab" * 32) == audio
    stored = cache.store_unit("ab" * 32, SPEC, b"\xff\xfb frames", Unit(3, 3456, -1.5, -16.0))
    assert stored.sha256 and cache.read_unit("ab" * 32, SPEC) == stored
    assert cache.run_bytes("ab" * 32, SPEC, stored) == b"\xff\xfb frames"
    assert cache.damaged == 0


def test_a_run_stored_whole_is_kept_when_a_second_render_of_its_chunk_arrives(
    tmp_path: Path,
) -> None:
    # Two articles of one build share a chunk (the outro) and may both render it, each
    # through its own cache object: the one that read the first run's facts must still
    # find those bytes when it assembles, whatever bytes the second render had.
    first, second = ChunkCache(tmp_path), ChunkCache(tmp_path)
    key = "ef" * 32
    kept = first.store_unit(key, SPEC, b"\xff\xfb first", Unit(3, 3456, -1.5, -16.0))
    facts = first.read_unit(key, SPEC, check=False)
    again = second.store_unit(key, SPEC, b"\xff\xfb second render", Unit(3, 3456, -1.5, -16.0))
    assert again == kept == facts
    assert facts is not None and first.run_bytes(key, SPEC, facts) == b"\xff\xfb first"
    # A damaged run is no run: the next render replaces it.
    first.unit_stem(key, SPEC).with_suffix(".mp3").write_bytes(b"\xff\xfb torn")
    healed = second.store_unit(key, SPEC, b"\xff\xfb new", Unit(3, 3456, -1.5, -16.0))
    assert second.run_bytes(key, SPEC, healed) == b"\xff\xfb new"
    assert first.damaged == second.damaged == 0


def test_an_unfinished_entry_is_a_plain_miss(tmp_path: Path) -> None:
    cache = ChunkCache(tmp_path)
    key = "cd" * 32
    cache.audio_path(key).parent.mkdir(parents=True)
    cache.audio_path(key).write_bytes(b"RIFF")  # killed before its hash was written
    cache.unit_stem(key, SPEC).with_suffix(".mp3").write_bytes(b"\xff\xfb")
    assert cache.read_audio(key) is None and cache.read_unit(key, SPEC) is None
    assert cache.damaged == 0


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: os.path.getsize(path) // 2])


def _garble(path: Path) -> None:
    path.write_bytes(b"{not json")


def _fact(name: str, change: Callable[[object], object]) -> Callable[[Path], None]:
    """Damage that changes one fact of a unit's .json and leaves it valid JSON."""

    def damage(path: Path) -> None:
        facts = json.loads(path.read_text("utf-8"))
        facts[name] = change(facts[name])
        path.write_text(json.dumps(facts), "utf-8")

    return damage


def _units(out: Path, suffix: str) -> list[Path]:
    return sorted(p for p in cache_dir(out).rglob(f"*{suffix}") if "-" in p.name)


DAMAGE: dict[str, tuple[Callable[[Path], None], str, tuple[int, int]]] = {
    # what is damaged: (how, which file, (spoken, re-encoded) chunks to heal it)
    "flipped run": (_flip, ".mp3", (0, 1)),
    "truncated run": (_truncate, ".mp3", (0, 1)),
    "corrupt unit json": (_garble, ".json", (0, 1)),
    # One bit of a sample count: a different episode, captions shifted, if it were believed.
    "flipped sample count": (_fact("samples", lambda n: n ^ 1), ".json", (0, 1)),
    "null sample count": (_fact("samples", lambda n: None), ".json", (0, 1)),
    "changed gain": (_fact("gain_db", lambda g: (g or 0.0) + 6.0), ".json", (0, 1)),
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=() if n in ("flipped run", "null sample count") else pytest.mark.slow)
        for n in DAMAGE
    ],
)
def test_a_damaged_unit_is_encoded_again_with_one_warning_and_healed(
    name: str, seeds: Path, tmp_path: Path, silent: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    damage, suffix, (spoken, encoded) = DAMAGE[name]
    out, clean = tmp_path / "out", tmp_path / "clean"
    build(seeds, out, silent)
    damage(_units(out, suffix)[0])
    # A pause changed: the episode is assembled again from the (damaged) cache.
    settings = silent.replace(pause_paragraph_ms=800)
    with caplog.at_level(logging.WARNING, logger="narrate"):
        report = build(seeds, out, settings)
    assert not report.errors and not report.problems
    (result,) = report.results
    assert (result.synth.rendered, result.synth.encoded) == (spoken, encoded)
    warnings = [r.getMessage() for r in caplog.records if r.name == "narrate"]
    assert len(warnings) == 1 and warnings[0].startswith("1 damaged chunk(s) in the cache")
    # The published episode is the one a clean cache gives, and the cache is whole again.
    build(seeds, clean, settings)
    slug = result.edition.slug
    assert (out / f"{slug}.mp3").read_bytes() == (clean / f"{slug}.mp3").read_bytes()
    caplog.clear()
    for path in _units(out, ".json"):
        unit = ChunkCache(cache_dir(out)).read_unit(path.name.split("-")[0], SPEC)
        assert unit is not None
    assert not caplog.records


def test_damaged_audio_is_spoken_again(
    seeds: Path, tmp_path: Path, silent: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out"
    build(seeds, out, silent)
    wav = sorted(cache_dir(out).rglob("*.wav"))[0]
    _flip(wav)
    # New audio settings: every chunk is encoded again from its cached audio.
    with caplog.at_level(logging.WARNING, logger="narrate"):
        report = build(seeds, out, silent.replace(bitrate=96))
    (result,) = report.results
    total = len({s.audio for s in result.edition.segments if s.audio})
    # Only the damaged one is spoken again; the others are encoded from their audio.
    assert (result.synth.rendered, result.synth.encoded, result.synth.cached) == (1, total - 1, 0)
    assert sum("damaged" in r.getMessage() for r in caplog.records) == 1
    assert ChunkCache(cache_dir(out)).read_audio(wav.stem) is not None


def test_a_published_mp3_overwritten_with_same_size_bytes_is_rendered_again(
    seeds: Path, tmp_path: Path, silent: Settings
) -> None:
    out = tmp_path / "out"
    build(seeds, out, silent)
    (mp3,) = out.glob("*.mp3")
    good = mp3.read_bytes()
    _flip(mp3)  # same size, a still readable MP3, one byte other, a later time
    assert check_folder(out) == [
        f"{mp3.name}: not the bytes narrate wrote (its sha256 differs); "
        "run `narrate build` to render it again"
    ]
    report = build(seeds, out, silent)
    assert not report.results[0].skipped
    assert mp3.read_bytes() == good and check_folder(out) == []
    assert build(seeds, out, silent).results[0].skipped


def test_an_untouched_episode_is_not_hashed(
    seeds: Path, tmp_path: Path, silent: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(seeds, out, silent)
    import narrate.pipeline

    def no_hashing(path: Path) -> str:
        raise AssertionError(f"{path} was hashed")

    monkeypatch.setattr(narrate.pipeline, "sha256_file", no_hashing)
    assert build(seeds, out, silent).results[0].skipped


def test_a_shared_cache_folder_serves_two_outputs(
    seeds: Path, tmp_path: Path, silent: Settings
) -> None:
    shared = silent.replace(cache_dir=str(tmp_path / "cache"))
    build(seeds, tmp_path / "one", shared)
    report = build(seeds, tmp_path / "two", shared)
    assert report.rendered_chunks == 0
    shutil.rmtree(tmp_path / "cache")
    write_article(seeds, "new.txt", "New", "Fresh words.")
    again = build(seeds, tmp_path / "two", shared)
    assert [r.skipped for r in again.results] == [True, False]
