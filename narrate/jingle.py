"""Sound branding: a user's jingle under the spoken intro and outro, mixed with pydub.

The jingle opens the episode alone for a moment, ducks under the intro's speech, and
fades out in the pause before the headline; at the end it rises under the outro and
plays out after it. It is levelled to the same loudness as the speech and limited under
the same ceiling, so the episode still measures the target.

The episode is joined from pre-encoded frame runs: the runs of the intro (and of the
outro) are decoded, mixed, and encoded again as one run of exactly as many frames, so
every segment's start stays on the frame grid and nothing else is re-encoded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from narrate import ffmpeg
from narrate.cache import ChunkCache, Unit
from narrate.edition import Edition
from narrate.encode import (
    FRAME,
    ONSET,
    EncodeSpec,
    encode,
    float_samples,
    frame_sizes,
    level_samples,
    limit,
    pcm16,
    silence,
)
from narrate.errors import ConfigError, ToolError
from narrate.provenance import code_hash

if TYPE_CHECKING:
    import numpy as np

Plan = list[tuple[str, str | int]]

LEAD_MS = 3000  # the jingle alone before the first words
TAIL_MS = 3000  # and after the last
FADE_IN_MS = 150
DUCK_MS = 500  # how long the jingle takes to go down under speech, or to come back up
FADE_OUT_MS = 1500
DUCK_DB = -20.0  # under speech: heard, never competing with the words


def load(path: str, rate: int, spec: EncodeSpec) -> np.ndarray:
    """The jingle as float mono samples at ``rate``, levelled to the speech's loudness."""
    source = Path(path).expanduser()
    if not source.is_file():
        raise ConfigError(f"jingle {path}: no such file")
    try:
        pcm = ffmpeg.decode_pcm(source, rate)
    except ToolError as exc:
        raise ConfigError(f"jingle {path}: not audio that ffmpeg reads ({exc})") from None
    if not pcm:
        raise ConfigError(f"jingle {path}: no audio in it")
    levelled, _, _ = level_samples(float_samples(pcm), rate, spec)
    return levelled


def _segment(samples: np.ndarray, rate: int):  # noqa: ANN202 (pydub has no type hints)
    with warnings.catch_warnings():
        # pydub imports audioop, deprecated in 3.11 and 3.12 (audioop-lts replaces it on 3.13).
        warnings.simplefilter("ignore", DeprecationWarning)
        from pydub import AudioSegment

    return AudioSegment(data=pcm16(samples), sample_width=2, frame_rate=rate, channels=1)


def mix(
    speech: np.ndarray, spans: list[tuple[int, int]], jingle: np.ndarray, rate: int,
    at: int, outro: bool,
) -> np.ndarray:  # fmt: skip
    """``speech`` with ``jingle`` from sample ``at``: ducked under the speech ``spans``.

    An intro jingle fades in, ducks before the first words and fades out at the end of
    ``speech``; an outro jingle comes in ducked and rises after the last words.
    """
    import numpy as np

    ms = 1000 / rate
    length = round(len(speech) * ms)
    bed = _segment(jingle[: max(0, len(speech) - at)], rate)
    # Without words (no intro, or no outro) the jingle plays alone.
    first, last = (spans[0][0] - at, spans[-1][1] - at) if spans else (len(speech), 0)
    if outro:
        bed = bed.apply_gain(DUCK_DB).fade_in(FADE_IN_MS)
        bed = bed.fade(to_gain=-DUCK_DB, start=round(last * ms), duration=DUCK_MS)
    else:
        bed = bed.fade_in(FADE_IN_MS)
        bed = bed.fade(to_gain=DUCK_DB, start=max(0, round(first * ms) - DUCK_MS),
                       duration=DUCK_MS)  # fmt: skip
    end = min(len(bed), length - round(at * ms))
    bed = bed[:end].fade_out(min(FADE_OUT_MS, end))
    voice = _segment(speech, rate)
    mixed = voice.overlay(bed, position=round(at * ms))
    y = float_samples(mixed.raw_data)[: len(speech)]
    return np.pad(y, (0, len(speech) - len(y)))


def _run(plan: Plan, store: ChunkCache, units: dict[str, Unit], spec: EncodeSpec) -> bytes:
    return b"".join(
        silence(int(what), spec) if kind == "silence"
        else store.run_bytes(str(what), spec, units[str(what)])
        for kind, what in plan
    )  # fmt: skip


def _decode(data: bytes, rate: int) -> np.ndarray:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "runs.mp3"
        path.write_bytes(data)
        return float_samples(ffmpeg.decode_pcm(path, rate))


def _reencode(y: np.ndarray, frames: int, spec: EncodeSpec, rate: int) -> bytes:
    """``y`` (a raw decoded timeline of ``frames`` frames) as a fresh run of exactly that many
    frames: its input starts ONSET samples in, where a fresh encoder's output places it."""
    ceiling = 10 ** (spec.ceiling_dbfs / 20)
    data = encode(pcm16(limit(y[ONSET:], ceiling, rate)), rate, spec)
    sizes = frame_sizes(data)[:frames]
    data = data[: sum(sizes)]
    return data + silence(frames - len(sizes), spec)


def brand(
    edition: Edition, plan: Plan, frames: int, frames_of: dict[str, int], jingle_path: str,
    store: ChunkCache, units: dict[str, Unit], spec: EncodeSpec,
) -> tuple[Edition, Plan, int]:  # fmt: skip
    """The placed edition and its plan with the jingle under the intro and the outro,
    TAIL_MS longer; ``frames_of`` gives each chunk's run length in frames. The mixed runs
    are kept in the chunk cache like any chunk and added to ``units``."""
    import numpy as np

    rate = edition.sample_rate
    jingle = load(jingle_path, rate, spec)
    kind_of = {s.audio: s.kind for s in edition.segments if s.audio}
    lead, tail = -(-LEAD_MS * rate // 1000 // FRAME), -(-TAIL_MS * rate // 1000 // FRAME)
    # Room for the jingle alone: lead frames before the first words, tail after the last.
    plan = [("silence", lead), *plan, ("silence", tail)]
    frames += lead + tail
    segments = tuple(dataclasses.replace(s, start=s.start + lead * FRAME) for s in edition.segments)
    edition = edition.replace(segments=segments)
    digest = hashlib.sha256(jingle.tobytes() + spec.ident().encode() + code_hash(__name__).encode())

    def count(part: Plan) -> int:
        return sum(int(w) if k == "silence" else frames_of[str(w)] for k, w in part)

    def mixed(part: Plan, kind: str, offset: int) -> Plan:
        """``part`` of the plan (starting ``offset`` frames in) as one mixed run."""
        size = count(part)
        spans = [
            (s.start - offset * FRAME, s.start - offset * FRAME + s.samples)
            for s in segments if s.kind == kind and s.samples
        ]  # fmt: skip
        key_digest = digest.copy()
        key_digest.update(repr((part, kind)).encode())
        key = "jingle" + key_digest.hexdigest()[:40]
        unit = store.read_unit(key, spec)
        if unit is None or unit.frames != size:
            outro = kind == "outro"
            speech = _decode(_run(part, store, units, spec), rate)
            speech = np.pad(speech, (0, max(0, size * FRAME - len(speech))))[: size * FRAME]
            at = max(ONSET, spans[0][0] - DUCK_MS * rate // 1000) if outro and spans else ONSET
            y = mix(speech, spans, jingle, rate, at, outro)
            store.unit_path(key, spec).parent.mkdir(parents=True, exist_ok=True)
            run = _reencode(y, size, spec, rate)
            unit = store.store_unit(key, spec, run, Unit(size, size * FRAME, None, None))
        units[key] = unit
        return [("chunk", key)]

    body = [i for i, (k, w) in enumerate(plan) if k == "chunk" and kind_of[str(w)] not in
            ("intro", "outro")]  # fmt: skip
    if not body:
        return edition, plan, frames
    # The intro part ends with the pause before the headline; the outro part starts after
    # the last sentence's run.
    first, last = body[0], body[-1]
    head = mixed(plan[:first], "intro", 0)
    end = mixed(plan[last + 1 :], "outro", count(plan[: last + 1]))
    return edition, [*head, *plan[first : last + 1], *end], frames
