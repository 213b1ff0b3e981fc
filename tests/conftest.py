"""Shared fixtures: the seed article, scratch folders, settings for the silent engine."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from narrate.config import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_8dea0efc4732bc9d.txt"

# The inner loop is `pytest -m "not slow"` (make check); `make test` runs everything. A slow
# test carries @pytest.mark.slow where it is written, with the reason beside it.


@pytest.fixture(scope="session", autouse=True)
def _isolated_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module-scoped fixtures too run outside the checkout (whose narrate.toml is the demo's)."""
    patch = pytest.MonkeyPatch()
    patch.chdir(tmp_path_factory.mktemp("cwd"))
    for var in [v for v in __import__("os").environ if v.startswith("NARRATE_")]:
        patch.delenv(var)
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's narrate.toml, user settings or NARRATE_* variables."""
    monkeypatch.chdir(tmp_path)
    # Nor the user's settings file ($XDG_CONFIG_HOME/narrate/narrate.toml).
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    for var in [v for v in __import__("os").environ if v.startswith("NARRATE_")]:
        monkeypatch.delenv(var)


@pytest.fixture
def seed() -> Path:
    """The sample article shipped in seeds/."""
    return SEED


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A scratch copy of seeds/ that a test may edit."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture
def silent() -> Settings:
    """Settings for the silent engine, one worker (fast, exact durations)."""
    return load_settings(engine="silent", jobs=1)


def write_article(folder: Path, name: str, title: str, *paragraphs: str) -> Path:
    """Write an article in the seed format and return its path."""
    path = folder / name
    path.write_text("English\n\n" + title + "\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    return path
