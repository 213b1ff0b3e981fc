"""Chunker: sentences are the unit of synthesis; abbreviations do not end a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrate.chunker import chunk, split_long, split_sentences
from narrate.reader import read_article


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Dr. Smith met Mr. Jones.", ["Dr. Smith met Mr. Jones."]),
        (
            "The U.S. military said so. Then it left.",
            ["The U.S. military said so.", "Then it left."],
        ),
        ("It rose 3.5 percent. Good.", ["It rose 3.5 percent.", "Good."]),
        ("On Jan. 15 they met. Fine.", ["On Jan. 15 they met.", "Fine."]),
        ("J. K. Rowling wrote it. Yes.", ["J. K. Rowling wrote it.", "Yes."]),
        ("“Stop.” She left.", ["“Stop.”", "She left."]),
        ("He said e.g. apples. Then pears.", ["He said e.g. apples.", "Then pears."]),
        ("We sat under the sun. Then rain.", ["We sat under the sun.", "Then rain."]),
        ("Apples, pears, etc. The end.", ["Apples, pears, etc.", "The end."]),
        ("no punctuation at all", ["no punctuation at all"]),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_split_long_respects_the_limit_and_keeps_every_word() -> None:
    sentence = ", ".join(f"clause number {i} with some words" for i in range(40)) + "."
    parts = split_long(sentence, 120)
    assert all(len(p) <= 120 for p in parts)
    assert " ".join(parts).split() == sentence.split()
    assert split_long("x" * 300, 100) == ["x" * 100] * 3


def test_chunk_numbers_segments_and_keeps_paragraphs(seed: Path) -> None:
    edition = chunk(read_article(seed), max_chars=400)
    assert [s.index for s in edition.segments] == list(range(len(edition.segments)))
    assert edition.segments[0].kind == "title"
    paragraphs = [s.paragraph for s in edition.segments if s.kind == "sentence"]
    assert paragraphs == sorted(paragraphs) and paragraphs[-1] == 22
    assert all(len(s.text) <= 400 for s in edition.segments)
    assert len(edition.segments) > 24  # long paragraphs were split into sentences
