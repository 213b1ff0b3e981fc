"""Sentence integrity in Spanish, French and German, on every corpus row.

A speech engine reads each full stop as a sentence break: the normaliser must leave none
inside a sentence (after an abbreviation or a unit it wrote out) and must not drop one that
ends a sentence. Checked against the expected reading of every es/fr/de row of
``bench/data/*.tsv`` and of the normaliser's table tests.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from narrate.textnorm import normalise

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("es", "fr", "de")
# A sentence end: a full stop, question or exclamation mark before a space or the end
# (closing quotes and brackets between them).
_END = re.compile(r"[.!?…](?=[\"')\]»]*(?:\s|$))")
# A full stop before a word in lower case: never a sentence end in these languages.
_MID = re.compile(r"\.[\"')\]»]* +[a-zäöüßáéíóúñçàâèéêëîïôûœ]")
_TRAILING = " .!?…\"')]»"


def _breaks(text: str) -> int:
    """Sentence ends inside the text (the one that closes it is not counted)."""
    return len(_END.findall(text.rstrip(_TRAILING)))


def _tsv_rows(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 3 and cols[2].strip() in LANGUAGES:
            rows.append((cols[0], cols[1], cols[2].strip()))
    return rows


def _table_rows(path: Path) -> list[tuple[str, str, str]]:
    """Every (written, expected, language) literal of a table test."""
    rows = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple) and len(node.elts) == 3:
            values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            strings = len(values) == 3 and all(isinstance(v, str) for v in values)
            if strings and values[2] in LANGUAGES:
                rows.append((values[0], values[1], values[2]))
    return rows


SOURCES = sorted((ROOT / "bench" / "data").glob("*.tsv")) + sorted(
    p for p in (ROOT / "tests").glob("test_normalise*.py") if p.name != Path(__file__).name
)


def _rows(path: Path) -> list[tuple[str, str, str]]:
    return _tsv_rows(path) if path.suffix == ".tsv" else _table_rows(path)


def test_the_corpus_holds_rows_of_each_language() -> None:
    langs = {lang for path in SOURCES for _, _, lang in _rows(path)}
    assert langs == set(LANGUAGES)
    assert sum(len(_rows(p)) for p in SOURCES) > 1500


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_sentence_is_broken_or_merged(path: Path) -> None:
    broken = []
    for written, expected, lang in _rows(path):
        spoken = normalise(written, lang)
        if _breaks(spoken) != _breaks(expected):
            broken.append(f"{lang}: {written!r} -> {spoken!r} (sentence ends differ)")
        elif _MID.search(spoken) and not _MID.search(expected):
            broken.append(f"{lang}: {written!r} -> {spoken!r} (full stop inside a sentence)")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize(
    ("spoken", "breaks", "mid"),
    [
        ("Asistieron ministros, etcétera. Después hubo una cena.", 1, False),
        ("Se vendieron libros, discos, etc. en la feria.", 1, True),
        ("Es gab Äpfel usw. Die Preise steigen.", 1, False),
        ("Der Lkw wog fünf t. und fuhr weiter.", 1, True),
    ],
)
def test_the_check_sees_breaks_and_stray_stops(spoken: str, breaks: int, mid: bool) -> None:
    assert _breaks(spoken) == breaks
    assert bool(_MID.search(spoken)) is mid
