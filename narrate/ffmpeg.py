"""The only module that runs ffmpeg and ffprobe: argument lists, a presence check, stderr kept."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
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


def encode_mp3(
    pcm: Iterable[bytes],
    in_rate: int,
    dest: Path,
    out_rate: int = 44100,
    bitrate: int = 64,
    filters: str = "",
    compression_level: int = 7,
) -> None:
    """Stream mono s16le PCM chunks into ffmpeg and write a constant-bitrate mono MP3 at ``dest``.

    The audio is never held whole in memory: chunks are written to ffmpeg's stdin as they come.
    """
    exe = require("ffmpeg")
    chain = ",".join(f for f in (filters, f"aresample={out_rate}") if f)
    args = [
        exe, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-f", "s16le", "-ar", str(in_rate), "-ac", "1", "-i", "pipe:0",
        "-af", chain, "-ac", "1",
        "-c:a", "libmp3lame", "-b:a", f"{bitrate}k", "-compression_level", str(compression_level),
        "-map_metadata", "-1", "-write_xing", "1", "-id3v2_version", "0",
        "-f", "mp3", str(dest),
    ]  # fmt: skip
    with tempfile.TemporaryFile() as errfile:
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stderr=errfile)
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
        code = proc.wait()
        if code != 0:
            errfile.seek(0)
            raise ToolError(f"ffmpeg could not encode {dest.name}: {_tail(errfile.read())}")


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
