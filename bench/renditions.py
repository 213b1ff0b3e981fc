"""Loudness, true peak, size and duration of the Opus and AAC renditions against the MP3.

Renders the seed article with the default engine once per rendition (``[audio]
alternate``) and measures each file with ffmpeg's ``ebur128=peak=true``; the MP3 of the
same run is the baseline.

    .venv/bin/python bench/renditions.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import SEED

from narrate import ffmpeg
from narrate.config import load_settings
from narrate.pipeline import render


def main() -> None:
    """Run the benchmark."""
    with tempfile.TemporaryDirectory() as work:
        for kind in ("opus", "aac"):
            out = Path(work) / kind
            settings = load_settings(jobs=2, environ={}, config=None, alternate=kind)
            edition = render(SEED, out, settings).edition
            assert edition.episode is not None
            for path in (out / edition.episode.file, out / edition.meta["alternate"]):
                measured = ffmpeg.measure_file(path)
                size = path.stat().st_size
                ratio = size / (out / edition.episode.file).stat().st_size
                print(f"{path.suffix:6} {measured.integrated} LUFS  {measured.true_peak} dBTP  "
                      f"{size} bytes ({ratio:.2f} of the MP3)  {ffmpeg.duration(path):.3f} s "
                      f"(timeline {edition.episode.duration_ms / 1000:.3f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
