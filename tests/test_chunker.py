"""Chunker: sentences are the unit of synthesis; abbreviations do not end a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import PATHOLOGICAL, PROSE, growth, repeated, steps

from narrate.chunker import chunk, split_long, split_sentences
from narrate.reader import read_article
from narrate.textnorm import normalise


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


def _chunker(t: str) -> None:
    for s in split_sentences(t):
        split_long(s, 400)


STAGES = {"chunker": _chunker, "normaliser": normalise}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
@pytest.mark.parametrize("stage", list(STAGES))
def test_text_paths_do_linear_work(name: str, stage: str) -> None:
    """Work on 40 KB of each pattern stays near four times the work on 10 KB."""
    fn = STAGES[stage]
    small, large = growth(
        fn, repeated(PATHOLOGICAL[name], 10_000), repeated(PATHOLOGICAL[name], 40_000)
    )
    # Quadratic work (a rescan from the sentence start at every abbreviation: 31 s per
    # 100 KB for "Mr. ") would grow sixteenfold; bench/linear_time.py times a megabyte.
    assert large < 5 * small + 1000, (name, stage, small, large)
    # Ordinary prose is the yardstick: a pattern costs a few times as much, not hundreds.
    fn(PROSE)
    prose = steps(fn, repeated(PROSE, 10_000))
    assert small < 40 * prose, (name, stage, small, prose)


def _titles() -> list[str]:
    from narrate.textnorm import data

    return [t for t in data.load("abbreviations")["titles"] if " " not in t]


@pytest.mark.parametrize("title", _titles())
def test_every_title_of_the_normaliser_keeps_the_sentence_going(title: str) -> None:
    """The chunker reads the normaliser's abbreviations: one list, not two."""
    text = f"We saw {title} Smith today. Then we left."
    assert split_sentences(text) == [f"We saw {title} Smith today.", "Then we left."]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("See No. 5 on the list. Then stop.", ["See No. 5 on the list.", "Then stop."]),
        ("He said no. Then he left.", ["He said no.", "Then he left."]),
        ("In the Vancouver Sun. Then more.", ["In the Vancouver Sun.", "Then more."]),
        ("Wait.... Then go.", ["Wait....", "Then go."]),
    ],
)  # fmt: skip
def test_split_sentences_abbreviations_from_data(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences
