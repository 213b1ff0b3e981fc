"""LAME, the MP3 encoder, called through ctypes on the system's libmp3lame.

Debian ships it as libmp3lame0, which ffmpeg depends on, so wherever narrate's system
requirements are installed it is there. Called directly (not through a Python wrapper)
because the wrappers do not expose the switch narrate needs for speed: long blocks only,
which encodes speech a fifth faster with no loss (``bench/encoder_settings.py`` measures
both speed and fidelity).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

from narrate.errors import ToolError

INSTALL_HINT = "LAME is not installed: apt-get install libmp3lame0 (ffmpeg brings it too)"
_MONO = 3  # MPEG_mode MONO


@functools.lru_cache(maxsize=1)
def library() -> ctypes.CDLL:
    """libmp3lame with the prototypes narrate uses; raises ToolError when missing."""
    for name in ("libmp3lame.so.0", ctypes.util.find_library("mp3lame")):
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
            break
        except OSError:
            continue
    else:
        raise ToolError(INSTALL_HINT)
    handle, number = ctypes.c_void_p, ctypes.c_int
    lib.lame_init.restype = handle
    lib.lame_init.argtypes = []
    for setter in (
        "lame_set_in_samplerate", "lame_set_out_samplerate", "lame_set_num_channels",
        "lame_set_mode", "lame_set_brate", "lame_set_quality", "lame_set_bWriteVbrTag",
        "lame_set_no_short_blocks",
    ):  # fmt: skip
        getattr(lib, setter).argtypes = [handle, number]
        getattr(lib, setter).restype = number
    lib.lame_init_params.argtypes = [handle]
    lib.lame_init_params.restype = number
    lib.lame_encode_buffer.argtypes = [handle, ctypes.c_char_p, ctypes.c_char_p, number,
                                       ctypes.c_void_p, number]  # fmt: skip
    lib.lame_encode_buffer.restype = number
    lib.lame_encode_flush.argtypes = [handle, ctypes.c_void_p, number]
    lib.lame_encode_flush.restype = number
    lib.lame_close.argtypes = [handle]
    lib.lame_close.restype = number
    lib.get_lame_version.argtypes = []
    lib.get_lame_version.restype = ctypes.c_char_p
    return lib


def path() -> str:
    """The file libmp3lame was loaded from, or "" when the system does not say."""
    library()
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            for line in maps:
                if "libmp3lame" in line:
                    return line.split(maxsplit=5)[-1].strip()
    except OSError:
        pass
    return ""


@functools.lru_cache(maxsize=1)
def version() -> str:
    """LAME's version ("3.100"); part of every encoded chunk's cache key."""
    return library().get_lame_version().decode("ascii", "replace")


def encode_mono(
    pcm: bytes, in_rate: int, out_rate: int, bitrate: int, quality: int, short_blocks: bool
) -> bytes:
    """MP3 frames (CBR, mono, no Xing header) for 16-bit mono PCM, from a fresh encoder."""
    lib = library()
    state = lib.lame_init()
    if not state:
        raise ToolError("LAME could not start (out of memory)")
    try:
        for setter, value in (
            (lib.lame_set_in_samplerate, in_rate), (lib.lame_set_out_samplerate, out_rate),
            (lib.lame_set_num_channels, 1), (lib.lame_set_mode, _MONO),
            (lib.lame_set_brate, bitrate), (lib.lame_set_quality, quality),
            (lib.lame_set_bWriteVbrTag, 0), (lib.lame_set_no_short_blocks, int(not short_blocks)),
        ):  # fmt: skip
            setter(state, value)
        if lib.lame_init_params(state) < 0:
            raise ToolError(f"LAME rejected {bitrate} kbps at {in_rate} -> {out_rate} Hz")
        samples = len(pcm) // 2
        # LAME's documented worst case: 1.25 bytes per sample plus 7200.
        out = ctypes.create_string_buffer(samples * 5 // 4 + 7200)
        size = lib.lame_encode_buffer(state, pcm, None, samples, out, len(out))
        if size < 0:
            raise ToolError(f"LAME failed to encode (error {size})")
        tail = lib.lame_encode_flush(state, ctypes.byref(out, size), len(out) - size)
        if tail < 0:
            raise ToolError(f"LAME failed to flush (error {tail})")
        return out.raw[: size + tail]
    finally:
        lib.lame_close(state)
