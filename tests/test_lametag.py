"""The Info frame: exact frame count, gapless delay and padding, read by mutagen and ffmpeg."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from conftest import write_article
from mutagen.id3 import ID3
from mutagen.mp3 import MP3, BitrateMode

from narrate import ffmpeg
from narrate.config import Settings
from narrate.encode import FRAME, EncodeSpec, encode, frames, pcm16, silence
from narrate.lametag import ENCODER_DELAY, audio_frames, info_frame, placeholder, write_info
from narrate.pipeline import render

RATE = 44100


def decoded(path: Path) -> np.ndarray:
    """The samples ffmpeg decodes from a file (it honours the LAME tag)."""
    raw = subprocess.run(
        [ffmpeg.require(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return np.frombuffer(raw, dtype="<i2")


def test_episode_duration_and_frame_count_are_exact(tmp_path: Path, silent: Settings) -> None:
    path = write_article(tmp_path, "a.txt", "A headline", "One sentence. Two.", "Three.")
    out = tmp_path / "out"
    edition = render(path, out, silent).edition
    spoken = [s for s in edition.segments if s.samples]
    # The timeline: every pause and every chunk, then the closing paragraph pause.
    length = sum(s.pause + s.samples for s in spoken) + silent.pause_paragraph_ms * RATE // 1000
    mp3 = out / "a.mp3"
    audio = mp3.read_bytes()[ID3(mp3).size :]
    count = audio_frames(audio)
    assert count == frames(audio) - 1  # the Info frame itself is not audio
    info = MP3(mp3).info
    assert round(info.length * RATE) == length
    assert info.bitrate_mode == BitrateMode.CBR and info.encoder_info.startswith("LAME")
    assert len(decoded(mp3)) == length  # delay and padding dropped, to the sample
    # ffprobe takes its duration from the Info frame's count, not from the file size.
    probed = ffmpeg.probe(mp3)
    assert float(probed["format"]["duration"]) == round(count * FRAME / RATE, 6)
    assert edition.episode is not None
    assert edition.episode.duration_ms == length * 1000 // RATE


def test_speech_starts_where_the_timeline_says(tmp_path: Path) -> None:
    """A click at 0.1 s of a run laid after 5 frames of silence decodes at exactly
    5 frames + 0.1 s: the player skips the encoder's delay and the decoder's."""
    spec = EncodeSpec()
    x = np.zeros(RATE, dtype=np.float32)
    x[4410] = 0.9
    run = encode(pcm16(x), RATE, spec)
    path = tmp_path / "gapless.mp3"
    path.write_bytes(placeholder(spec) + silence(5, spec) + run)
    count = 5 + frames(run)
    write_info(path, count, 5 * FRAME + RATE, spec)
    y = decoded(path)
    assert len(y) == 5 * FRAME + RATE
    assert int(np.argmax(np.abs(y))) == 5 * FRAME + 4410


def test_info_frame_layout() -> None:
    spec = EncodeSpec()
    frame = info_frame(spec, 1000, 209_000, 700)
    assert len(frame) == 208 and frame[:2] == b"\xff\xfb" and frame[21:25] == b"Info"
    assert int.from_bytes(frame[29:33], "big") == 1000
    assert int.from_bytes(frame[33:37], "big") == 209_000
    delays = int.from_bytes(frame[141 + 21 : 141 + 24], "big")
    assert (delays >> 12, delays & 0xFFF) == (ENCODER_DELAY, 700)
