"""Word lists shipped as data files under ``narrate/textnorm/data/``."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"


@cache
def load(name: str) -> dict[str, Any]:
    """Parse one shipped TOML data file (cached for the life of the process)."""
    with open(DATA_DIR / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


@cache
def words(name: str) -> frozenset[str]:
    """Read a shipped one-word-per-line list, ignoring comments and blank lines."""
    text = (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
