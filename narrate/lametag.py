"""The Xing/Info frame with LAME's extension: exact frame count, encoder delay and padding.

An episode is runs of CBR frames joined without a header, so players used to estimate its
duration from the file size and played LAME's start-up delay and the last frame's
rounding as sound. The Info frame (the CBR spelling of Xing) written before the audio
frames states the exact frame count, the byte count and a seek table; its LAME extension
states the encoder delay and the padding, which ffmpeg, mutagen, Apple's and Android's
players subtract (the decoder's own 529 samples are added by the decoder). The decoded
episode then starts at the first run's first input sample and ends exactly where the
timeline says, so the segment starts move by the onset the player no longer plays.

Layout: http://gabriel.mp3-tech.org/mp3infotag.html (the LAME tag revision 1).
"""

from __future__ import annotations

import dataclasses
import struct
from pathlib import Path

from narrate.edition import Edition
from narrate.encode import FRAME, ONSET, EncodeSpec, frame_sizes
from narrate.lame import version

ENCODER_DELAY = 576  # LAME's own delay; decoders add their 529 themselves
_SIDE_INFO_MONO = 17  # MPEG-1 side information for one channel
_BITRATES = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_RATES = (44100, 48000, 32000)


def frame_bytes(spec: EncodeSpec) -> int:
    """Size of an unpadded MPEG-1 Layer III frame at the spec's bitrate and rate."""
    return 144 * spec.bitrate * 1000 // spec.out_rate


def header_for(spec: EncodeSpec) -> int:
    """The 4-byte header of an unpadded mono frame (MPEG-1 Layer III, no CRC, original)."""
    bitrate = _BITRATES.index(spec.bitrate)
    rate = _RATES.index(spec.out_rate)
    # sync, MPEG-1, layer III, no CRC | bitrate | rate | no padding | mono | original
    return 0xFFFB0000 | bitrate << 12 | rate << 10 | 0b11 << 6 | 1 << 2


def placeholder(spec: EncodeSpec) -> bytes:
    """A frame-sized space written before the audio, filled in by ``write_info``."""
    return bytes(frame_bytes(spec))


def crc16(data: bytes, crc: int = 0) -> int:
    """CRC-16 (polynomial 0x8005, reflected, as LAME computes its tag's checksum)."""
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def info_frame(spec: EncodeSpec, frames: int, stream_bytes: int, padding: int) -> bytes:
    """The Info frame for ``frames`` audio frames in ``stream_bytes`` (Info frame included),
    ``padding`` samples to drop at the end, LAME's encoder delay at the start."""
    if not 0 <= padding < 4096:
        raise ValueError(f"padding of {padding} samples does not fit the LAME tag")
    size = frame_bytes(spec)
    # A CBR stream's seek table is linear: entry i is the byte position of i% in 1/256ths.
    toc = bytes(i * 256 // 100 for i in range(100))
    body = b"Info" + struct.pack(">II", 0x0F, frames) + struct.pack(">I", stream_bytes)
    body += toc + struct.pack(">I", 100 - spec.quality * 10)
    lame = f"LAME{version()}".encode("ascii", "replace")[:9].ljust(9, b" ")
    lame += bytes([0x01])  # tag revision 0, method 1: constant bitrate
    lame += bytes([0])  # lowpass unknown
    lame += struct.pack(">IHH", 0, 0, 0)  # peak and ReplayGain not measured here
    lame += bytes([0, min(spec.bitrate, 255)])  # flags/ATH, bitrate
    lame += (ENCODER_DELAY << 12 | padding).to_bytes(3, "big")
    lame += bytes([0, 0]) + struct.pack(">H", 0)  # misc, MP3 gain, preset/surround
    lame += struct.pack(">IH", stream_bytes, 0)  # music length; music CRC not computed
    frame = header_for(spec).to_bytes(4, "big") + bytes(_SIDE_INFO_MONO) + body + lame
    frame += struct.pack(">H", crc16(frame))  # over the frame's first 190 bytes
    if len(frame) > size:
        raise ValueError(f"{spec.bitrate} kbps frames are too small for an Info tag")
    return frame.ljust(size, b"\0")


def write_info(path: Path, frames: int, samples: int, spec: EncodeSpec) -> None:
    """Fill in the placeholder at the start of ``path`` (audio frames only, no tags yet)
    for ``frames`` audio frames whose decoded length is ``samples``."""
    padding = frames * FRAME - ENCODER_DELAY - samples
    with open(path, "r+b") as fh:
        fh.seek(0, 2)
        stream_bytes = fh.tell()
        fh.seek(0)
        fh.write(info_frame(spec, frames, stream_bytes, padding))


def player_timeline(edition: Edition, frames: int, tail_ms: int) -> tuple[Edition, int]:
    """The placed edition as a player that reads the Info frame decodes it, and its length.

    Every start moves earlier by the onset the player skips; the length ends ``tail_ms``
    after the last speech, so the frame grid's rounding is not played.
    """
    rate = edition.sample_rate
    segments = tuple(
        dataclasses.replace(s, start=max(0, s.start - ONSET)) for s in edition.segments
    )
    spoken = [s for s in segments if s.samples]
    end = spoken[-1].start + spoken[-1].samples if spoken else 0
    # The last frame must still hold the end: padding is at least the decoder's delay.
    length = min(end + tail_ms * rate // 1000, frames * FRAME - ONSET)
    return edition.replace(segments=segments), max(0, length)


def audio_frames(data: bytes) -> int:
    """Number of audio frames in ``data`` (frames only, Info frame first if present)."""
    sizes = frame_sizes(data)
    return len(sizes) - (1 if data[4 + _SIDE_INFO_MONO : 8 + _SIDE_INFO_MONO] == b"Info" else 0)
