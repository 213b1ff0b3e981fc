"""Transcripts: exact cue times on the silent engine, splitting of long sentences, parsing."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import pytest
import webvtt
from conftest import write_article

from narrate.config import Settings
from narrate.edition import Edition, Segment
from narrate.pipeline import render
from narrate.transcript import (
    LINE_CHARS,
    WRITERS,
    WriteHTML,
    WriteSRT,
    WriteVTT,
    cues,
    srt_text,
)

RATE = 44100  # the output rate: segment times are counted at it
LONG = (
    "This sentence is long enough to need several cues, since it runs on and on, clause "
    "after clause, well past the two lines of sixty-five characters that a caption may "
    "hold, and then some more words for good measure."
)


def _ms(clock: str) -> int:
    hours, minutes, seconds = clock.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


def _edition(*texts: str) -> Edition:
    segments, start = [], 0
    for n, text in enumerate(texts):
        segments.append(Segment(n, "sentence", 0, text, samples=RATE * 2, pause=RATE, start=start))
        start += 3 * RATE
    return Edition("x.txt", "x", "0", "X", segments=tuple(segments), sample_rate=RATE)


def test_one_cue_per_sentence_timed_to_the_sample(tmp_path: Path, silent: Settings) -> None:
    path = write_article(tmp_path, "a.txt", "Headline", "One. Two & <three>.", "Four.")
    edition = render(path, tmp_path / "out", silent).edition
    spoken = [s for s in edition.segments if s.samples]
    found = list(cues(edition))
    assert [c.start_ms for c in found] == [s.start * 1000 // RATE for s in spoken]
    assert [c.end_ms for c in found] == [(s.start + s.samples) * 1000 // RATE for s in spoken]
    assert [" ".join(c.lines) for c in found] == [s.text for s in spoken]
    parsed = webvtt.read(str(tmp_path / "out" / "a.vtt"))
    # Cue text is the written text, with "&" and "<" escaped as WebVTT requires.
    assert [html.unescape(c.text) for c in parsed] == [s.text for s in spoken]
    assert "Two &amp; &lt;three&gt;." in [c.text for c in parsed]
    assert parsed[0].text == "Headline." and parsed[-1].text.startswith("You have been")
    assert [_ms(c.start) for c in parsed] == [c.start_ms for c in found]
    assert [_ms(c.end) for c in parsed] == [c.end_ms for c in found]
    srt = (tmp_path / "out" / "a.srt").read_text("utf-8")
    first = edition.segments[0].start * 1000 // edition.sample_rate
    assert srt.startswith(f"1\n00:00:00,{first:03d} --> 00:00:")
    # Markup in the text is shown, not applied: "<" escaped, a plain "&" kept as written.
    assert "Two & &lt;three&gt;." in srt and "<three>" not in srt


@pytest.mark.parametrize(
    ("written", "srt"),
    [
        ("A <b>bold</b> title", "A &lt;b&gt;bold&lt;/b&gt; title"),
        ("AT&T & friends", "AT&T & friends"),
        ("Say &amp; and &#38;", "Say &amp;amp; and &amp;#38;"),
        ('<font color="red">x</font>', '&lt;font color="red"&gt;x&lt;/font&gt;'),
    ],
)
def test_srt_shows_markup_as_text(written: str, srt: str) -> None:
    assert srt_text(written) == srt


def test_long_sentence_is_split_into_short_cues_in_proportion() -> None:
    edition = _edition("Short one.", LONG)
    found = list(cues(edition))
    assert found[0].lines == ("Short one.",)
    parts = found[1:]
    assert len(parts) >= 2
    assert all(len(c.lines) <= 2 and all(len(x) <= LINE_CHARS for x in c.lines) for c in parts)
    assert " ".join(" ".join(c.lines) for c in parts) == LONG
    # The sentence's time is shared out: contiguous, from its first sample to its last.
    assert parts[0].start_ms == 3000 and parts[-1].end_ms == 5000
    assert all(a.end_ms == b.start_ms for a, b in zip(parts, parts[1:], strict=False))
    lengths = [len(" ".join(c.lines)) for c in parts]
    durations = [c.end_ms - c.start_ms for c in parts]
    for length, duration in zip(lengths, durations, strict=True):
        assert abs(duration - 2000 * length / sum(lengths)) <= 1


def test_writers_format_times() -> None:
    edition = _edition("Hello.")
    shifted = edition.replace(
        segments=(Segment(0, "sentence", 0, "Hello.", samples=RATE, start=RATE * 3723 + RATE // 2),)
    )
    assert WriteVTT().format(cues(shifted)) == ("WEBVTT\n\n01:02:03.500 --> 01:02:04.500\nHello.\n")
    assert WriteSRT().format(cues(shifted)) == "1\n01:02:03,500 --> 01:02:04,500\nHello.\n"


def test_silent_segments_and_empty_text_make_no_cue() -> None:
    edition = _edition("Said.", "Also said.")
    quiet = edition.replace(segments=(Segment(0, "sentence", 0, "x"), *edition.segments))
    assert len(list(cues(quiet))) == 2


CONTROLS = "\x00\x1b\x07\x7f\x85\x9b"


def test_no_control_character_reaches_any_transcript(tmp_path: Path) -> None:
    edition = _edition(f"Bell{CONTROLS}here & <there>.", "Tab\there,\x0bline\nbreak.")
    names = [w.write(edition, tmp_path) for w in WRITERS]
    assert names == ["x.vtt", "x.srt", "x.transcript.html"]
    for name in names:
        text = (tmp_path / name).read_text("utf-8")
        assert not any(c in text for c in CONTROLS + "\x0b\t"), name
    parsed = webvtt.read(str(tmp_path / "x.vtt"))
    assert [html.unescape(c.text) for c in parsed] == ["Bell here & <there>.",
                                                        "Tab here, line break."]  # fmt: skip


class _Transcript(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.times: list[str] = []
        self.paragraphs: list[str] = []
        self.lang = ""
        self._in = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        if tag == "time":
            self.times.append(dict(attrs).get("datetime") or "")

    def handle_endtag(self, tag: str) -> None:
        self._in = ""

    def handle_data(self, data: str) -> None:
        if self._in == "p":
            self.paragraphs.append(data)


def test_html_transcript_has_a_time_and_a_paragraph_per_cue(tmp_path: Path) -> None:
    edition = _edition("One & <b>two</b>.", LONG).replace(language="fr", title="T <i>")
    name = WriteHTML().write(edition, tmp_path)
    parsed = _Transcript((tmp_path / name).read_text("utf-8"))
    found = list(cues(edition))
    assert parsed.lang == "fr"
    assert parsed.paragraphs == [" ".join(c.lines) for c in found]
    assert parsed.paragraphs[0] == "One & <b>two</b>."  # text, never markup
    assert parsed.times == [f"PT{c.start_ms / 1000:.3f}S" for c in found]
    assert "<b>" not in (tmp_path / name).read_text("utf-8")
