"""The only module that runs ffmpeg and ffprobe: argument lists, a presence check, stderr kept."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
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


def _ffmpeg(args: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    exe = require("ffmpeg")
    proc = subprocess.run(
        [exe, "-hide_banner", "-nostdin", *args], capture_output=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        raise ToolError(f"ffmpeg failed: {_tail(proc.stderr)}")
    return proc


def run(args: list[str], timeout: float = 600) -> str:
    """Run ffmpeg with ``args``; return its stderr; raise ToolError (with stderr) on failure."""
    return _ffmpeg(args, timeout).stderr.decode("utf-8", "replace")


def decode_pcm(path: Path, rate: int, timeout: float = 600) -> bytes:
    """Any audio file ffmpeg reads, as 16-bit mono PCM at ``rate`` (first audio stream)."""
    args = ["-v", "error", "-i", str(path), "-map", "0:a:0", "-ac", "1", "-ar", str(rate),
            "-f", "s16le", "-"]  # fmt: skip
    return _ffmpeg(args, timeout).stdout


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


def measure_file(path: Path) -> Loudness:
    """Integrated loudness and true peak of a media file, as ``ebur128=peak=true`` reports."""
    stderr = run(["-i", str(path), "-af", EBUR128_PEAK, "-f", "null", "-"])
    return parse_ebur128(stderr)


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
