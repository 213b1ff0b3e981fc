"""The only module that runs ffmpeg and ffprobe: argument lists, a presence check, stderr kept."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from narrate.errors import ToolError


def require(tool: str = "ffmpeg") -> str:
    """Path of ``tool`` (ffmpeg or ffprobe); raises ToolError with an install hint if missing."""
    exe = shutil.which(tool)
    if exe is None:
        raise ToolError(f"{tool} is not installed: apt-get install ffmpeg")
    return exe


def _tail(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "no message"


def run(args: list[str], timeout: float = 600) -> str:
    """Run ffmpeg with ``args``; return its stderr; raise ToolError (with stderr) on failure."""
    exe = require("ffmpeg")
    proc = subprocess.run(
        [exe, "-hide_banner", "-nostdin", *args], capture_output=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        raise ToolError(f"ffmpeg failed: {_tail(proc.stderr)}")
    return proc.stderr.decode("utf-8", "replace")


@dataclass(frozen=True)
class Loudness:
    """What ffmpeg's ``ebur128`` filter measured: integrated LUFS and true peak in dBTP.

    Both are None for digital silence, whose loudness is undefined (ebur128 reports -70).
    """

    integrated: float | None
    true_peak: float | None = None


# ebur128 reports -70 LUFS (its absolute gate) for silence, and -inf dBFS as its peak.
_SILENT_LUFS = -69.9
_SUMMARY = re.compile(r"Summary:(.*)", re.DOTALL)
_INTEGRATED = re.compile(r"\bI:\s+(-?[\d.]+|-inf) LUFS")
_PEAK = re.compile(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS")


def parse_ebur128(stderr: str) -> Loudness:
    """Read the summary that ``ebur128`` prints at the end of ffmpeg's stderr."""
    summary = _SUMMARY.search(stderr)
    integrated = _INTEGRATED.search(summary.group(1)) if summary else None
    if integrated is None:
        raise ToolError("ffmpeg printed no loudness summary: install ffmpeg 4.4 or later")
    lufs = float(integrated.group(1))
    peak = _PEAK.search(summary.group(1)) if summary else None
    true_peak = float(peak.group(1)) if peak else None
    if lufs <= _SILENT_LUFS:
        return Loudness(None, None)
    return Loudness(round(lufs, 1), true_peak if true_peak is None else round(true_peak, 1))


# framelog=verbose keeps ebur128 from logging every 100 ms frame at the info level,
# which otherwise costs more than the measurement itself.
EBUR128 = "ebur128=framelog=verbose"
EBUR128_PEAK = "ebur128=peak=true:framelog=verbose"


def _pcm_input(in_rate: int) -> list[str]:
    return ["-f", "s16le", "-ar", str(in_rate), "-ac", "1", "-i", "pipe:0"]


def _feed(proc: subprocess.Popen, pcm: Iterable[bytes]) -> None:
    """Write PCM blocks to a process's stdin as they come; kill it if the producer fails."""
    assert proc.stdin is not None
    try:
        for block in pcm:
            proc.stdin.write(block)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    except BaseException:
        proc.kill()
        proc.wait()
        raise


def measure_pcm(pcm: Iterable[bytes], in_rate: int) -> Loudness:
    """Integrated loudness of streamed mono s16le PCM (no true peak: the cheap first pass)."""
    exe = require("ffmpeg")
    args = [exe, "-hide_banner", "-nostdin", *_pcm_input(in_rate), "-af", EBUR128,
            "-f", "null", "-"]  # fmt: skip
    with tempfile.TemporaryFile() as errfile:
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stderr=errfile)
        _feed(proc, pcm)
        code = proc.wait()
        errfile.seek(0)
        stderr = errfile.read()
    if code != 0:
        raise ToolError(f"ffmpeg could not measure loudness: {_tail(stderr)}")
    return parse_ebur128(stderr.decode("utf-8", "replace"))


def measure_file(path: Path) -> Loudness:
    """Integrated loudness and true peak of a media file, as ``ebur128=peak=true`` reports."""
    stderr = run(["-i", str(path), "-af", EBUR128_PEAK, "-f", "null", "-"])
    return parse_ebur128(stderr)


def encode_mp3(
    pcm: Iterable[bytes],
    in_rate: int,
    dest: Path,
    out_rate: int = 44100,
    bitrate: int = 64,
    filters: str = "",
    compression_level: int = 7,
    measure: bool = False,
) -> Loudness | None:
    """Stream mono s16le PCM chunks into ffmpeg and write a constant-bitrate mono MP3 at ``dest``.

    The audio is never held whole in memory: chunks are written to ffmpeg's stdin as they come.
    With ``measure``, the encoded stream is also piped, as it is written, into a second ffmpeg
    that decodes it and measures loudness and true peak: the figures are those of the encoded
    audio, at the cost of no extra pass over the file.
    """
    exe = require("ffmpeg")
    chain = ",".join(f for f in (filters, f"aresample={out_rate}") if f)
    mp3 = "write_xing=1:id3v2_version=0"
    target = f"[f=mp3:{mp3}]{dest}|[f=mp3:write_xing=0:id3v2_version=0]pipe:1"
    output = ["-map", "0:a", "-f", "tee", target] if measure else [
        "-write_xing", "1", "-id3v2_version", "0", "-f", "mp3", str(dest)]  # fmt: skip
    args = [
        exe, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *_pcm_input(in_rate),
        "-af", chain, "-ac", "1",
        "-c:a", "libmp3lame", "-b:a", f"{bitrate}k", "-compression_level", str(compression_level),
        "-map_metadata", "-1", *output,
    ]  # fmt: skip
    check = [exe, "-hide_banner", "-nostdin", "-f", "mp3", "-i", "pipe:0",
             "-af", EBUR128_PEAK, "-f", "null", "-"]  # fmt: skip
    with tempfile.TemporaryFile() as errfile, tempfile.TemporaryFile() as measfile:
        proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stderr=errfile,
            stdout=subprocess.PIPE if measure else subprocess.DEVNULL,
        )  # fmt: skip
        meter = None
        if measure:
            # The meter reads the encoder's stdout directly: no copy passes through Python.
            meter = subprocess.Popen(check, stdin=proc.stdout, stderr=measfile)
            assert proc.stdout is not None
            proc.stdout.close()
        try:
            _feed(proc, pcm)
        except BaseException:
            if meter is not None:
                meter.kill()
                meter.wait()
            raise
        code = proc.wait()
        meter_code = meter.wait() if meter is not None else 0
        if code != 0:
            errfile.seek(0)
            raise ToolError(f"ffmpeg could not encode {dest.name}: {_tail(errfile.read())}")
        if meter is None:
            return None
        measfile.seek(0)
        stderr = measfile.read()
        if meter_code != 0:
            raise ToolError(f"ffmpeg could not measure {dest.name}: {_tail(stderr)}")
        return parse_ebur128(stderr.decode("utf-8", "replace"))


def probe(path: Path) -> dict:
    """ffprobe's JSON description of a media file (format, streams, chapters)."""
    exe = require("ffprobe")
    proc = subprocess.run(
        [exe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
         "-show_chapters", str(path)],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise ToolError(f"ffprobe could not read {path}: {_tail(proc.stderr)}")
    return json.loads(proc.stdout)


def duration(path: Path) -> float:
    """Duration of a media file in seconds, as ffprobe reports it."""
    return float(probe(path)["format"]["duration"])
