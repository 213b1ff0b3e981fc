"""The chunk cache: every unit is checked by its hash on read; a damaged one is a miss."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_article

from narrate.cache import CacheError, ChunkCache, Unit, cache_dir
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
    path = first.unit_path(key, SPEC)
    path.write_bytes(path.read_bytes()[:-3])
    healed = second.store_unit(key, SPEC, b"\xff\xfb new", Unit(3, 3456, -1.5, -16.0))
    assert second.run_bytes(key, SPEC, healed) == b"\xff\xfb new"
    assert first.damaged == second.damaged == 0


def test_an_unfinished_entry_is_a_plain_miss(tmp_path: Path) -> None:
    cache = ChunkCache(tmp_path)
    key = "cd" * 32
    cache.audio_path(key).parent.mkdir(parents=True)
    cache.audio_path(key).write_bytes(b"RIFF")  # killed before its hash was written
    # A unit killed while written is a temporary file never renamed into place.
    (cache.unit_path(key, SPEC).parent / f".{cache.unit_path(key, SPEC).name}.x.part").write_bytes(
        b"narrate-unit-1 "
    )
    assert cache.read_audio(key) is None and cache.read_unit(key, SPEC) is None
    assert cache.damaged == 0


def test_the_facts_are_under_the_hash_of_the_run(tmp_path: Path) -> None:
    # A flipped digit in a unit's sample count is as damaged as a flipped bit of its frames.
    cache = ChunkCache(tmp_path)
    key = "ab" * 32
    stored = cache.store_unit(key, SPEC, b"\xff\xfb frames", Unit(3, 3456, -1.5, -16.0))
    path = cache.unit_path(key, SPEC)
    data = path.read_bytes()
    assert data.count(b"3456") == 1
    path.write_bytes(data.replace(b"3456", b"3457"))
    assert cache.read_unit(key, SPEC) is None and cache.damaged == 1
    with pytest.raises(CacheError, match="changed during the build"):
        cache.run_bytes(key, SPEC, stored)
    # One file per unit, no raw audio unless asked for.
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [path.name]


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: os.path.getsize(path) // 2])


def _garble(path: Path) -> None:
    data = path.read_bytes()
    header, _, body = data.partition(b"\n")
    path.write_bytes(header + b"\n{not json" + body[body.index(b"\n") :])


def _fact(name: str, change: Callable[[object], object],
          rehash: bool = False) -> Callable[[Path], None]:  # fmt: skip
    """Damage that changes one fact of a unit and leaves it valid JSON; with ``rehash``, the
    unit's hash is made to match (a fact stored wrong, not a flipped bit)."""

    def damage(path: Path) -> None:
        header, _, body = path.read_bytes().partition(b"\n")
        line, _, frames = body.partition(b"\n")
        facts = json.loads(line)
        facts[name] = change(facts[name])
        body = json.dumps(facts).encode() + b"\n" + frames
        if rehash:
            header = b"narrate-unit-1 " + hashlib.sha256(body).hexdigest().encode()
        path.write_bytes(header + b"\n" + body)

    return damage


def _units(out: Path) -> list[Path]:
    return sorted(cache_dir(out).rglob("*.unit"))


DAMAGE: dict[str, tuple[Callable[[Path], None], tuple[int, int]]] = {
    # what is damaged: (how, (spoken, re-encoded) chunks to heal it). Without the
    # engine's audio in the cache (the default), a damaged unit is spoken again.
    "flipped run": (_flip, (1, 0)),
    "truncated run": (_truncate, (1, 0)),
    "corrupt unit facts": (_garble, (1, 0)),
    # One bit of a sample count: a different episode, captions shifted, if it were believed.
    "flipped sample count": (_fact("samples", lambda n: n ^ 1), (1, 0)),  # type: ignore[operator]
    "changed gain": (_fact("gain_db", lambda g: (g or 0.0) + 6.0), (1, 0)),  # type: ignore[operator]
    # A sample count stored as null under a matching hash: refused, not a TypeError.
    "null sample count": (_fact("samples", lambda n: None, rehash=True), (1, 0)),
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
    damage, (spoken, encoded) = DAMAGE[name]
    out, clean = tmp_path / "out", tmp_path / "clean"
    build(seeds, out, silent)
    damage(_units(out)[0])
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
    for path in _units(out):
        unit = ChunkCache(cache_dir(out)).read_unit(path.name.split("-")[0], SPEC)
        assert unit is not None
    assert not caplog.records


def test_damaged_audio_is_spoken_again(
    seeds: Path, tmp_path: Path, silent: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out"
    silent = silent.replace(keep_audio=True)
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
