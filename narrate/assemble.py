"""Assemble: lay the encoded chunks on the MP3 frame grid with pauses, written atomically.

Every chunk arrives from the synthesise stage as a self-contained run of MP3 frames at the
target loudness. The episode is those runs joined with runs of silent frames: nothing is
decoded or encoded again, so assembling costs little more than copying, an edited
paragraph costs only its own chunks, and memory stays flat for any length.

Each pause is the configured one rounded to whole frames (1152 samples, 26 ms at 44.1 kHz).
Every segment's start is exact: frames before it times 1152, plus the encoder's onset.
Beside the MP3 go its transcripts, its chapters and the feed's cover.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from narrate.cache import CacheError, ChunkCache, Unit, unit_id
from narrate.chapters import chapters, write_chapters
from narrate.config import Settings
from narrate.cover import cover_image, write_cover
from narrate.edition import Edition, Episode, Segment
from narrate.encode import FRAME, ONSET, EncodeSpec, encode_spec, silence
from narrate.fsutil import atomic_path, sha256_file
from narrate.jingle import TAIL_MS, brand
from narrate.lametag import placeholder, player_timeline, write_info
from narrate.provenance import code_hash
from narrate.reader import episode_art
from narrate.renditions import write_renditions
from narrate.tags import write_tags
from narrate.transcript import write_transcripts

# The MP3 codec adds a little to the levelled audio's true peak at speech bitrates: 0.5 to
# 1.0 dB over eight articles when a limiter cut the peaks square; the soft knee's rounded
# peaks gain less (ebur128 at 64 kbps on the seed: 0.0 with eSpeak NG, 0.2 with Piper).
CODEC_PEAK_DB = 0.2

Plan = list[tuple[str, str | int]]


@dataclass(frozen=True)
class AssemblySpec:
    """Every setting the assemble stage reads: it sees these and nothing else.

    The episode key is made from this spec, so whatever assembly consumes is in the key
    by construction; a setting that is not here cannot reach the episode (its tags,
    chapters, transcripts or cover) without being added here first.
    """

    pause_sentence_ms: int
    pause_paragraph_ms: int
    pause_section_ms: int
    chapter_minutes: int
    title: str  # the feed's: the album tag, the drawn cover, the chapters' fallback
    author: str
    cover: str
    cover_sha256: str  # the cover image's bytes (a replaced image must re-tag episodes)
    jingle: str
    jingle_sha256: str  # likewise for the jingle mixed under the intro and outro
    alternate: str
    audiobook_minutes: int

    @classmethod
    def of(cls, settings: Settings) -> AssemblySpec:
        """The assembly spec of a build's settings."""
        return cls(
            pause_sentence_ms=settings.pause_sentence_ms,
            pause_paragraph_ms=settings.pause_paragraph_ms,
            pause_section_ms=settings.pause_section_ms,
            chapter_minutes=settings.chapter_minutes,
            title=settings.title,
            author=settings.author,
            cover=settings.cover,
            cover_sha256=_file_digest(settings.cover),
            jingle=settings.jingle,
            jingle_sha256=_file_digest(settings.jingle),
            alternate=settings.alternate,
            audiobook_minutes=settings.audiobook_minutes,
        )

    def settings(self) -> Settings:
        """Settings holding only this spec's fields (the rest at their defaults)."""
        names = {f.name for f in dataclasses.fields(Settings)}
        mine = {k: v for k, v in dataclasses.asdict(self).items() if k in names}
        return Settings(**mine)


def _file_digest(path: str) -> str:
    if not path:
        return ""
    try:
        target = Path(os.path.expanduser(path))
        info = target.stat()
        return _digest(str(target), info.st_size, info.st_mtime_ns)
    except OSError:
        return ""  # the cover stage reports it


@functools.lru_cache(maxsize=8)
def _digest(path: str, size: int, mtime_ns: int) -> str:
    # Hashed once per build, not once per episode (size and time key the memo).
    return sha256_file(Path(path))


def episode_key(edition: Edition, chunk_key: Callable[[str], str], settings: Settings) -> str:
    """A hash of everything the episode's files are made from: equal keys, nothing to redo.

    The prepared edition (its metadata, and every segment's written and spoken text),
    the encoded unit of every chunk (its chunk key from ``chunk_key``: text, engine, voice
    and rate; and the encode spec with the encoder's code), the assembly spec, and the code
    of this stage (this module and every narrate module it imports: tags, chapters,
    transcripts, cover). Nothing is listed by hand and no version number is kept.
    """
    spec = encode_spec(settings)
    units = [unit_id(chunk_key(s.spoken), spec) if s.spoken.strip() else "" for s in
             edition.segments]  # fmt: skip
    # What the edition says of itself, not what earlier builds noted on it, nor the hash of
    # the article's bytes (assembly reads the script made of them, not the bytes).
    made_of = edition.replace(episode=None, meta={}, sample_rate=0, source_sha256="")
    ident = {
        "edition": json.loads(made_of.to_json()),
        "units": units,
        "assembly": dataclasses.asdict(AssemblySpec.of(settings)),
        "code": code_hash(__name__),
    }
    return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()


def pause_before(previous: Segment | None, segment: Segment, settings: Settings) -> int:
    """Milliseconds of silence before ``segment``."""
    if previous is None:
        return 0
    if segment.kind == previous.kind == "intro":
        return settings.pause_sentence_ms
    if segment.kind in ("heading", "outro") or previous.kind in ("title", "intro", "heading"):
        return settings.pause_section_ms
    if segment.paragraph != previous.paragraph:
        return settings.pause_paragraph_ms
    return settings.pause_sentence_ms


def warm_pauses(settings: Settings, spec: EncodeSpec) -> None:
    """Encode ahead the runs of silence an episode's pauses most likely take (``silence``
    keeps each for the process): for a process that would otherwise only wait.

    A pause lands a frame or two short of its length in frames, by how the chunk before
    it ends on the frame grid (``place``).
    """
    pauses = {settings.pause_sentence_ms, settings.pause_paragraph_ms, settings.pause_section_ms}
    for ms in sorted(pauses):
        frames = ms * spec.out_rate / 1000 / FRAME
        for count in range(math.floor(frames) - 2, math.ceil(frames) + 1):
            silence(count, spec)


def place(
    edition: Edition, settings: Settings, frames_of: dict[str, int]
) -> tuple[Edition, Plan, int]:
    """Lay the segments on the frame grid.

    ``frames_of`` gives each chunk's run length in frames; ``edition`` must come from the
    synthesise stage (samples at the output rate). Returns the placed edition (every
    segment's pause and start in samples), the plan of runs (("silence", frames) or
    ("chunk", key)), and the episode's length in frames.
    """
    rate = edition.sample_rate
    done = 0  # frames laid so far
    end = 0  # sample at which the previous speech ended
    previous: Segment | None = None
    plan: Plan = []
    placed = []
    for segment in edition.segments:
        if not segment.audio:
            placed.append(dataclasses.replace(segment, pause=0, start=end, samples=0))
            continue
        wanted = end + pause_before(previous, segment, settings) * rate // 1000
        gap = max(0, round((wanted - ONSET) / FRAME) - done) if previous else 0
        if gap:
            plan.append(("silence", gap))
        start = (done + gap) * FRAME + ONSET
        # The first words follow only the encoder's onset: no pause was inserted before them.
        pause = start - end if previous else 0
        placed.append(dataclasses.replace(segment, pause=pause, start=start))
        plan.append(("chunk", segment.audio))
        done += gap + frames_of[segment.audio]
        end = start + segment.samples
        previous = segment
    tail = math.ceil((end + settings.pause_paragraph_ms * rate // 1000) / FRAME) - done
    if tail > 0:
        plan.append(("silence", tail))
        done += tail
    return edition.replace(segments=tuple(placed)), plan, done


def _estimate(
    edition: Edition, units: dict[str, Unit], spec: EncodeSpec
) -> tuple[float | None, float | None]:
    """Integrated loudness and true peak the encoded episode will measure.

    Every chunk was levelled to the target and measured by the same BS.1770 meter that
    ffmpeg's ebur128 implements; pauses fall below its gates, so the episode reads the
    duration-weighted power mean of its chunks, less what the codec takes away.
    """
    power = 0.0
    length = 0
    for segment in edition.segments:
        lufs = units[segment.audio].lufs if segment.audio else None
        if lufs is not None:
            power += segment.samples * 10 ** (lufs / 10)
            length += segment.samples
    if not length:
        return None, None
    lufs = 10 * math.log10(power / length) - spec.codec_allowance_lu
    return round(lufs, 1), round(spec.ceiling_dbfs + CODEC_PEAK_DB, 1)


def write_runs(
    dest: Path, plan: Plan, cache: ChunkCache, spec: EncodeSpec, units: dict[str, Unit]
) -> None:
    """Join the planned runs into ``dest``, one run in memory at a time, each checked."""
    with open(dest, "wb") as fh:
        fh.write(placeholder(spec))  # the Info frame, filled in once the runs are written
        for kind, what in plan:
            if kind == "silence":
                fh.write(silence(int(what), spec))
            else:
                fh.write(cache.run_bytes(str(what), spec, units[str(what)]))


def assemble(
    edition: Edition, cache: Path, out: Path, settings: Settings, render_key: str
) -> Edition:
    """Write the episode's MP3 (tagged), transcripts, chapters and cover into ``out``;
    return the edition, placed, with its Episode."""
    spec = encode_spec(settings)
    # From here on, only what the assembly spec holds (see AssemblySpec).
    settings = AssemblySpec.of(settings).settings()
    store = ChunkCache(cache)
    units = {s.audio: _unit(store, s.audio, spec) for s in edition.segments if s.audio}
    frames_of = {key: unit.frames for key, unit in units.items()}
    edition, plan, total_frames = place(edition, settings, frames_of)
    tail_ms = settings.pause_paragraph_ms
    if settings.jingle:
        edition, plan, total_frames = brand(
            edition, plan, total_frames, frames_of, settings.jingle, store, units, spec
        )
        tail_ms += TAIL_MS
    edition, samples = player_timeline(edition, total_frames, tail_ms)
    found = chapters(edition, samples, settings.chapter_minutes)
    cover = cover_image(settings.cover, settings.title, keep=cache)
    dest = out / f"{edition.slug}.mp3"
    write_cover(out, *cover)
    # The MP3 in a single rename, then its transcripts and chapters (small, written at once):
    # a build killed while joining the MP3 leaves the old episode's files all matching it.
    with atomic_path(dest) as tmp:
        write_runs(tmp, plan, store, spec, units)
        write_info(tmp, total_frames, samples, spec)
        write_tags(tmp, edition, settings, found, episode_art(edition) or cover)
        size = tmp.stat().st_size
        digest = sha256_file(tmp)
    side = (*write_transcripts(edition, out), write_chapters(found, edition, out, settings.title))
    files = (dest.name, *side)
    lufs, peak = _estimate(edition, units, spec)
    episode = Episode(
        file=dest.name,
        bytes=size,
        sha256=digest,
        duration_ms=samples * 1000 // edition.sample_rate,
        bitrate_kbps=spec.bitrate,
        sample_rate=spec.out_rate,
        render_key=render_key,
        loudness_lufs=lufs,
        true_peak_dbtp=peak,
        files=files,
    )
    return write_renditions(edition.replace(episode=episode), out, settings, found, cover)


def _unit(store: ChunkCache, key: str, spec: EncodeSpec) -> Unit:
    # Checked by the synthesise stage just before; its run is checked again as it is copied.
    unit = store.read_unit(key, spec, check=False)
    if unit is None:
        raise CacheError(f"cached chunk {key[:12]} is missing from {store.root}; run again")
    return unit
