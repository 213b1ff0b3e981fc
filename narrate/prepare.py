"""Everything before synthesis: read, chunk, frame (intro and outro) and normalise an article.

The work of a reading process (``narrate.isolate``), kept apart from the pipeline so that a
reading process loads only what reading needs: the readers, the chunker and the normaliser,
not the stages after synthesis.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import tempfile
from pathlib import Path
from typing import Any

from narrate.chunker import chunk
from narrate.config import Settings
from narrate.edition import Edition
from narrate.errors import NarrateError
from narrate.intro import frame
from narrate.reader import episode_art, read_article, read_options
from narrate.textnorm import Lexicon, normalise


def speak(edition: Edition, lexicon: Lexicon | None = None) -> Edition:
    """The normalise stage: fill every segment's spoken text from its written text."""
    segments = tuple(
        dataclasses.replace(s, spoken=normalise(s.text, edition.language, lexicon))
        for s in edition.segments
    )
    return edition.replace(segments=segments)


@functools.lru_cache(maxsize=8)
def _load_lexicon(files: tuple[str, ...], stamps: tuple[int, ...]) -> Lexicon | None:
    return Lexicon.load_many([Path(f) for f in files]) if files else None


def lexicon_for(settings: Settings) -> Lexicon | None:
    """The merged lexicon of the settings' files, loaded once per build (reloaded if edited)."""
    stamps = tuple(Path(f).stat().st_mtime_ns for f in settings.lexicons)
    return _load_lexicon(settings.lexicons, stamps)


def prepare(path: Path, settings: Settings) -> Edition:
    """Read, chunk and normalise an article: everything before synthesis."""
    edition = read_article(path, read_options(settings))
    edition = chunk(edition, settings.max_chunk_chars)
    edition = frame(edition, settings)
    return speak(edition, lexicon_for(settings))


def prepare_with_art(path: Path, settings: Settings) -> tuple[Edition, tuple[bytes, str] | None]:
    """``prepare`` in a reading process: the edition, and the episode art read with it.

    An article this process read ahead (``read_ahead``) with the same settings, and not
    changed since, is not read again: its edition is handed over, and what reading it
    logged is logged now.
    """
    kept = _ahead.pop((str(path), settings, _identity(path)), None)
    if kept is not None:
        result, records = kept
        for record in records:
            logging.getLogger(record.name).handle(record)
        return result
    edition = prepare(path, settings)
    return edition, episode_art(edition)


# The one article read ahead: {(path, settings, identity): (result, its log records)}.
_ahead: dict[tuple[str, Settings, tuple[int, ...] | None], tuple[Any, list[logging.LogRecord]]] = {}


def _identity(path: Path) -> tuple[int, ...] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class _Held(logging.Handler):
    """Keeps the records logged while an article is read ahead, to be logged when asked for."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def read_ahead(path: Path, settings: Settings) -> Edition | None:
    """``prepare_with_art`` before it is asked for (``narrate.rehearse``): the edition, or
    None when reading fails (the request meets the same failure, and reports it). The
    result is kept for that request; nothing is logged until then."""
    identity = _identity(path)
    logger = logging.getLogger("narrate")
    held = _Held()
    saved = logger.handlers[:], logger.propagate, logger.level
    logger.handlers, logger.propagate = [held], False
    logger.setLevel(logging.INFO)
    try:
        edition = prepare(path, settings)
        result = edition, episode_art(edition)
    except Exception:  # noqa: BLE001 - read again when asked for, and reported then
        return None
    finally:
        logger.handlers, logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])
    if identity is not None and identity == _identity(path):
        _ahead.clear()
        _ahead[str(path), settings, identity] = result, held.records
    return edition


# A short article in plain English (long enough to be taken as English without the
# language identifier's model) with the forms its rules read: numbers, a date, money.
_WARM_ARTICLE = (
    "English\n\nA warm start\n\n"
    "On 5 May 2021 the council of the town approved a plan for 1,234 homes, and it said "
    "that the work would start in the spring. The cost of the plan is $3.5m, which is more "
    "than the town had hoped to pay, but it is less than the cost of the last one. Dr. Smith "
    "told the meeting at 3:30 p.m. that the first of the homes would be ready by the end of "
    "the year, and that there would be more to come.\n"
)


def warm() -> None:
    """Load and compile what reading a plain-text English article needs, by reading one.

    A reading process does this while it waits for its first article: the normaliser's
    rules are compiled on first use, which costs several times the reading of a short
    article. Best effort: whatever fails here fails again, and is reported, on a real one.
    """
    quiet = logging.getLogger("narrate")
    level, quiet.disabled = quiet.disabled, True  # nothing said of the sample
    try:
        with tempfile.TemporaryDirectory(prefix="narrate-warm-") as folder:
            sample = Path(folder, "warm.txt")
            sample.write_text(_WARM_ARTICLE, "utf-8")
            with contextlib.suppress(NarrateError, OSError, ValueError):
                prepare(sample, Settings())
    except OSError:
        pass  # no temporary folder: the first article pays for it
    finally:
        quiet.disabled = level
