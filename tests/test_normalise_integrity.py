"""Sentence integrity: no full stop left inside a sentence, no two sentences run into one.

Checked on every English row of the benchmark corpora and of the normaliser's table
tests, with the check of ``tests/integrity.py`` (which reads the input's sentence ends
without the normaliser's rules).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from integrity import integrity_problems, sentence_ends, stray_periods

from narrate.textnorm import normalise

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from normalise_accuracy import read_rows  # noqa: E402

CORPORA = sorted((ROOT / "bench" / "data").glob("*.tsv"))


def _english_rows(path: Path) -> list[str]:
    return [written for written, _, lang, _ in read_rows(path) if lang == "en"]


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: p.name)
def test_every_english_corpus_row_keeps_its_sentences(path: Path) -> None:
    failures = [
        f"{written!r} -> {spoken!r}: {problems}"
        for written in _english_rows(path)
        for spoken in [normalise(written)]
        if (problems := integrity_problems(written, spoken))
    ]
    assert not failures, "\n".join(failures)


def _table_rows() -> list[str]:
    """The written side of every English row in the normaliser's table tests."""
    rows: list[str] = []
    for test in sorted(Path(__file__).parent.glob("test_normalise*.py")):
        if test.stem == Path(__file__).stem:
            continue
        module = importlib.import_module(test.stem)
        for value in vars(module).values():
            params = []
            if isinstance(value, list):
                params = value
            for mark in getattr(value, "pytestmark", []):
                if mark.name == "parametrize" and str(mark.args[0]).startswith("written"):
                    params = list(mark.args[1])
            for row in params:
                row = row.values if hasattr(row, "values") else row
                if not isinstance(row, tuple) or len(row) < 2:
                    continue
                if not all(isinstance(x, str) for x in row[:2]):
                    continue
                if len(row) > 2 and row[2] not in ("en", "English"):
                    continue
                rows.append(row[0])
    return rows


TABLE_ROWS = _table_rows()


def test_table_rows_were_found() -> None:
    assert len(TABLE_ROWS) > 400


def test_every_english_table_row_keeps_its_sentences() -> None:
    failures = [
        f"{written!r} -> {spoken!r}: {problems}"
        for written in TABLE_ROWS
        for spoken in [normalise(written)]
        if (problems := integrity_problems(written, spoken))
    ]
    assert not failures, "\n".join(failures)


# The check itself: what it must catch and what it must let pass.
@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("He ran 4 mi. and stopped.", "He ran four miles. and stopped."),
        ("Dr. Smith left.", "Doctor. Smith left."),
        ("She left. He stayed.", "She left He stayed."),
        ("It was 1:41.902 flat.", "It was one forty one. nine oh two flat."),
        ("a 10 lb. bag", "a ten pound. bag"),
    ],
)
def test_the_check_catches_broken_sentences(written: str, spoken: str) -> None:
    assert integrity_problems(written, spoken)


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("He ran 4 mi. and stopped.", "He ran four miles and stopped."),
        ("Dr. Smith left.", "Doctor Smith left."),
        ("She left. He stayed.", "She left. He stayed."),
        ("He lives in the U.S. He works.", "He lives in the U S. He works."),
        ("He lives in the U.S. He works.", "He lives in the U S He works."),
        ("It weighs 12 oz.", "It weighs twelve ounces"),
        ("Wait... what?", "Wait... what?"),
    ],
)
def test_the_check_accepts_kept_sentences(written: str, spoken: str) -> None:
    assert integrity_problems(written, spoken) == []


def test_sentence_ends_bounds() -> None:
    assert sentence_ends("One. Two. Three") == (2, 2)
    assert sentence_ends("One. Two.") == (1, 1)
    assert sentence_ends("In the U.S. Then") == (0, 1)
    assert sentence_ends("Mr. Smith") == (0, 0)
    assert stray_periods("four miles. and then") == ["four miles. and then"]
