"""LAME through ctypes: frames out, version in cache keys, one clear line when missing."""

from __future__ import annotations

import ctypes
import re

import numpy as np
import pytest

from narrate import lame
from narrate.encode import frame_sizes
from narrate.errors import ToolError


def test_version_and_file_name_the_library() -> None:
    assert re.fullmatch(r"\d+\.\d+(\.\d+)?", lame.version())
    assert "libmp3lame" in lame.path()


def test_encode_mono_gives_whole_cbr_frames_from_a_fresh_encoder() -> None:
    rng = np.random.default_rng(3)
    pcm = (rng.standard_normal(44100) * 3000).astype("<i2").tobytes()
    mp3 = lame.encode_mono(pcm, 44100, 44100, 64, 7, short_blocks=False)
    assert mp3[:2] == b"\xff\xfb"  # MPEG-1 Layer III sync, no ID3 or Xing header first
    assert set(frame_sizes(mp3)) <= {208, 209}
    assert mp3 == lame.encode_mono(pcm, 44100, 44100, 64, 7, short_blocks=False)


def test_short_blocks_switch_changes_how_transients_are_coded() -> None:
    clicks = np.zeros(44100, dtype="<i2")
    clicks[::4410] = 25000
    pcm = clicks.tobytes()
    long_only = lame.encode_mono(pcm, 44100, 44100, 64, 7, short_blocks=False)
    switching = lame.encode_mono(pcm, 44100, 44100, 64, 7, short_blocks=True)
    assert len(frame_sizes(long_only)) == len(frame_sizes(switching))
    assert long_only != switching


def test_missing_library_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    def absent(name: str) -> ctypes.CDLL:
        raise OSError(f"{name}: cannot open shared object file")

    lame.library.cache_clear()
    monkeypatch.setattr(lame.ctypes, "CDLL", absent)
    try:
        with pytest.raises(ToolError, match="apt-get install libmp3lame0"):
            lame.library()
    finally:
        monkeypatch.undo()
        lame.library.cache_clear()
    assert lame.library()  # found again
