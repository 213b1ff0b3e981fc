"""Chapters: sections from headings or paragraph groups, in ID3 and JSON, in agreement."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from narrate import ffmpeg
from narrate.chapters import Chapter, chapters, chapters_json
from narrate.config import Settings
from narrate.edition import Edition, Segment
from narrate.pipeline import render

RATE = 22050


def _placed(kinds_paragraphs: list[tuple[str, int]], seconds: int = 40) -> Edition:
    """Segments of ``seconds`` each, one second apart."""
    segments, start = [], 0
    for n, (kind, paragraph) in enumerate(kinds_paragraphs):
        start += RATE
        segments.append(Segment(n, kind, paragraph, f"{kind} {n} text", samples=seconds * RATE,
                                pause=RATE, start=start))  # fmt: skip
        start += seconds * RATE
    return Edition("a", "a", "0", "The title", segments=tuple(segments), sample_rate=RATE)


def test_each_heading_starts_a_chapter() -> None:
    edition = _placed([("intro", -1), ("sentence", 0), ("heading", -1), ("sentence", 1),
                       ("heading", -1), ("sentence", 2), ("outro", -1)])  # fmt: skip
    total = edition.segments[-1].start + edition.segments[-1].samples + RATE
    found = chapters(edition, total)
    assert [c.title for c in found] == ["The title", "heading 2 text", "heading 4 text"]
    # A chapter opens halfway through the pause before its heading.
    assert found[1].start_ms == (edition.segments[2].start - RATE // 2) * 1000 // RATE
    assert found[0].start_ms == 0 and found[-1].end_ms == total * 1000 // RATE
    assert all(a.end_ms == b.start_ms for a, b in zip(found, found[1:], strict=False))


def test_without_headings_paragraphs_are_grouped_by_minutes() -> None:
    # 12 paragraphs of 40 s: chapters of at least 3 minutes, cut at paragraph starts.
    edition = _placed([("intro", -1)] + [("sentence", p) for p in range(12)] + [("outro", -1)])
    total = edition.segments[-1].start + edition.segments[-1].samples
    found = chapters(edition, total, chapter_minutes=3)
    assert [c.title for c in found] == ["The title", "sentence 5 text", "sentence 10 text"]
    assert all(c.end_ms - c.start_ms >= 180_000 for c in found[:-1])
    assert found[-1].end_ms - found[-1].start_ms >= 90_000
    # A shorter remainder than half a chapter stays with the chapter before it.
    assert len(chapters(edition, total, chapter_minutes=4)) == 2
    assert chapters(edition.replace(segments=()), 0) == []


def test_json_is_podcasting_2_chapters() -> None:
    found = [Chapter(0, 1500, "Intro"), Chapter(1500, 4250, "Part two")]
    data = json.loads(chapters_json(found, _placed([("intro", -1)]), "Feed"))
    assert data["version"] == "1.2.0"
    assert data["chapters"] == [
        {"startTime": 0.0, "endTime": 1.5, "title": "Intro"},
        {"startTime": 1.5, "endTime": 4.25, "title": "Part two"},
    ]


def test_ffprobe_lists_the_chapters_of_the_json(tmp_path: Path, silent: Settings) -> None:
    path = tmp_path / "h.md"
    path.write_text("# Headline\n\nOpening words.\n\n## Background\n\nSome history.\n\n"
                    "## What next\n\nThe future.\n", "utf-8")  # fmt: skip
    out = tmp_path / "out"
    edition = render(path, out, silent).edition
    data = json.loads((out / "h.chapters.json").read_text("utf-8"))
    probed = ffmpeg.probe(out / "h.mp3")["chapters"]
    assert [c["title"] for c in data["chapters"]] == ["Headline", "Background", "What next"]
    assert [c["tags"]["title"] for c in probed] == [c["title"] for c in data["chapters"]]
    assert [float(c["start_time"]) for c in probed] == [c["startTime"] for c in data["chapters"]]
    assert [float(c["end_time"]) for c in probed] == [c["endTime"] for c in data["chapters"]]
    assert edition.episode is not None
    assert data["chapters"][-1]["endTime"] == edition.episode.duration_ms / 1000


def test_headlines_stay_whole_and_first_words_are_shortened() -> None:
    edition = _placed([("intro", -1)] + [("sentence", p) for p in range(12)])
    long = "A sentence that goes on far longer than any chapter title in a podcast app should"
    segments = tuple(dataclasses.replace(s, text=long) for s in edition.segments)
    headline = "A headline that is rather long, as news headlines often are, and kept whole"
    found = chapters(edition.replace(segments=segments, title=headline), 10**9)
    assert found[0].title == headline
    assert found[1].title == "A sentence that goes on far longer than any chapter title…"
    assert len(found[1].title) <= 60
