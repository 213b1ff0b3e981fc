"""One invalidation story: change each input of a build in turn; exactly what depends on it
is made again, and nothing else is rendered, encoded or rewritten.

Speech comes from a test engine whose audio depends on the text, the voice and the rate,
with peaks the limiter must catch, so that every audio setting changes the MP3's bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_article
from PIL import Image

from narrate import encode, engines
from narrate.config import Settings, load_settings
from narrate.engines import Audio, Voice
from narrate.pipeline import BuildReport, build

RATE = 22050


class ToneEngine:
    """Speech-like tones: pitch from the voice and the words, length from their number of
    characters and the rate."""

    name = "tone"

    def available(self) -> bool:
        return True

    def missing(self) -> str:
        return ""

    def version(self) -> str:
        return "tone-1"

    def files(self) -> list[str]:
        return []

    def voices(self) -> list[Voice]:
        return [Voice("low", "Low", ("en",)), Voice("high", "High", ("en",))]

    def default_voice(self, language: str) -> str:
        return "low"

    def synthesize(self, text: str, voice: str, rate: int) -> Audio:
        import numpy as np

        count = (RATE // 5 + len(text) * 900) * 175 // rate
        t = np.arange(count) / RATE
        shade = hashlib.sha256(text.encode()).digest()[0] / 8
        pitch = (180.0 if voice == "low" else 260.0) + shade
        # Syllable-like bursts, and a click every quarter second for the limiter to catch.
        y = 0.25 * np.sin(2 * math.pi * pitch * t) * (0.6 + 0.4 * np.sin(2 * math.pi * 4 * t))
        y[:: RATE // 4] = 0.99
        return Audio((y * 32767).astype("<i2").tobytes(), RATE)


ARTICLE_FILES = ("mp3", "vtt", "srt", "transcript.html", "chapters.json", "json", "html")


def files_of(slug: str, *kinds: str) -> set[str]:
    """The published files of one article."""
    return {f"{slug}.{kind}" for kind in (kinds or ARTICLE_FILES)}


def published(out: Path) -> dict[str, tuple[str, int]]:
    """Hash and modification time of every published file (not the working state)."""
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in out.iterdir()
        if p.is_file()
    }


@pytest.fixture
def tone(monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings for the tone engine, one worker (in this process).

    The outro names its article: one shared by both would be a single chunk, spoken once or
    twice as the two articles' synthesis happens to interleave, and the counts would vary.
    """
    monkeypatch.setitem(engines.BUILTIN, "tone", f"{__name__}:ToneEngine")
    return load_settings(engine="tone", jobs=1, outro_text="That was {title}.")


@pytest.fixture
def edition(tmp_path: Path, tone: Settings) -> tuple[Path, Path]:
    """Two articles, built once: (source folder, output folder)."""
    src = tmp_path / "src"
    src.mkdir()
    write_article(src, "a.txt", "Alpha", "The first paragraph speaks. It has two sentences.",
                  "The second paragraph mentions Raqqa once.")  # fmt: skip
    write_article(src, "b.txt", "Beta", "Another article entirely.")
    out = tmp_path / "out"
    report = build(src, out, tone)
    assert not report.errors and not report.problems
    return src, out


def _chunks(report: BuildReport) -> tuple[int, int, int]:
    """(spoken, only re-encoded, reused) chunks across the build."""
    return (
        sum(r.synth.rendered for r in report.results),
        sum(r.synth.encoded for r in report.results),
        sum(r.synth.cached for r in report.results),
    )


def _edit_text(src: Path, settings: Settings) -> Settings:
    path = src / "a.txt"
    path.write_text(path.read_text().replace("two sentences", "two short sentences"))
    return settings


def _lexicon(src: Path, settings: Settings) -> Settings:
    lexicon = src.parent / "words.toml"
    # As long as the written word: the same timing, other sounds.
    lexicon.write_text('[ignore_case]\n"Raqqa" = "rokka"\n', "utf-8")
    return settings.replace(lexicons=(str(lexicon),))


def _cover(src: Path, settings: Settings) -> Settings:
    image = src.parent / "art.png"
    Image.new("RGB", (1400, 1400), (200, 30, 30)).save(image)
    return settings.replace(cover=str(image))


def _limiter(src: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    # An encoder setting changed in the code (the limiter's ceiling): the build must not
    # say "up to date". Changed where the code keeps it, the default of the spec.
    defaults = dict(zip(_SPEC_FIELDS, encode.EncodeSpec.__init__.__defaults__ or (), strict=True))
    defaults["ceiling_dbfs"] = -6.0
    monkeypatch.setattr(encode.EncodeSpec.__init__, "__defaults__", tuple(defaults.values()))
    return settings


_SPEC_FIELDS = [f.name for f in dataclasses.fields(encode.EncodeSpec)]


FEED = {"feed.xml"}
# The web app's service worker names each episode's bytes (so browsers refetch a changed
# episode): it changes with every MP3. Its search list holds the text.
WORKER = {"sw.js"}
SEARCH = {"episodes.json"}
# Pages and the playlist show sizes and durations rounded (0.1 MB, 5 s): they may or may
# not change when an episode's size or length does, and must not change otherwise.
SHOWN = {"a.html", "b.html", "index.html", "episodes.m3u"}
TIMED = ("mp3", "json", "vtt", "srt", "transcript.html", "chapters.json")
BYTES = ("mp3", "json")
BOTH_TIMED = files_of("a", *TIMED) | files_of("b", *TIMED)
BOTH_BYTES = files_of("a", *BYTES) | files_of("b", *BYTES)

# input: (change, files that must change, files that may, (spoken, re-encoded) chunks).
# A changed setting is noted in every article's edition JSON (the key of its fast check).
CASES: dict[str, tuple[Callable[..., Settings], set[str], set[str], tuple[int, int]]] = {
    # One sentence of a, a little longer: its chunk is spoken; a's files change, not b's.
    "text": (_edit_text, files_of("a") | FEED | SEARCH, SHOWN - {"b.html"}, (1, 0)),
    # One word of a said otherwise, as long: its sound changes, not its timing or words.
    "lexicon": (_lexicon, files_of("a", *BYTES) | {"b.json"}, set(), (1, 0)),
    # Every chunk spoken again, as long as before: the same sizes and times. The feed names
    # the voice (podcast:person).
    "voice": (lambda s, t: t.replace(voice="high"), BOTH_BYTES | FEED, set(), (8, 0)),
    "rate": (lambda s, t: t.replace(rate=200), BOTH_TIMED | FEED, SHOWN, (8, 0)),
    # The same words at the same lengths, encoded otherwise: spoken again, since the cache
    # keeps encoded frames, not the engine's audio (see the keep_audio test below).
    "bitrate": (
        lambda s, t: t.replace(bitrate=96),
        BOTH_BYTES | FEED,
        SHOWN - {"episodes.m3u"},
        (8, 0),
    ),  # fmt: skip
    # The stale-output case: an encoder setting changed in the code.
    "limiter": (_limiter, BOTH_BYTES, set(), (8, 0)),
    # Another frame grid: every time moves a little.
    "sample rate": (lambda s, t: t.replace(sample_rate=48000), BOTH_TIMED | FEED, SHOWN, (8, 0)),
    # Only re-assembled. b has one paragraph: only its closing silence grows, no cue moves.
    "pause": (
        lambda s, t: t.replace(pause_paragraph_ms=900),
        files_of("a", *TIMED) | files_of("b", "mp3", "json", "chapters.json") | FEED,
        SHOWN,
        (0, 0),
    ),
    # The intro is a chunk of each article: one spoken each, every later cue moves. (Each
    # new sentence names its article: one shared by both would be spoken once or twice,
    # as the two articles' synthesis happens to interleave.)
    "intro template": (
        lambda s, t: t.replace(intro_text="{title}. {title}, read by narrate."),
        BOTH_TIMED | FEED,
        SHOWN,
        (2, 0),
    ),
    # The image is embedded in every MP3 and published beside them.
    "cover": (_cover, BOTH_BYTES | {"cover.png"} | FEED, SHOWN - {"episodes.m3u"}, (0, 0)),
    # The artist tag of every MP3, and the feed's author.
    "tags": (
        lambda s, t: t.replace(author="Example News"),
        BOTH_BYTES | FEED,
        SHOWN - {"episodes.m3u"},
        (0, 0),
    ),  # fmt: skip
}


# The inner loop keeps the stale-output case and one text edit; make test runs them all.
FAST = {"limiter", "text"}


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=() if n in FAST else pytest.mark.slow) for n in CASES]
)
def test_each_input_changes_exactly_what_depends_on_it(
    name: str,
    edition: tuple[Path, Path],
    tone: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    src, out = edition
    change, required, optional, (spoken, encoded) = CASES[name]
    if any(f.endswith(".mp3") for f in required):
        required = required | WORKER
    before = published(out)
    settings = change(src, tone, monkeypatch) if change is _limiter else change(src, tone)
    report = build(src, out, settings)
    assert not report.errors and not report.problems
    after = published(out)
    assert set(after) - {"cover.png"} == set(before) - {"cover.png"}
    changed = {f for f in after if before.get(f, ("",))[0] != after[f][0]}
    rewritten = {f for f in after if before.get(f) != after[f]}
    assert required <= changed, f"not made again: {sorted(required - changed)}"
    assert changed <= required | optional, (
        f"changed for nothing: {sorted(changed - required - optional)}"
    )
    # A replaced episode leaves the feed while its MP3 is written, then is listed again (the
    # feed never names bytes that are not there): then the feed may end with the bytes it had.
    relisted = FEED if any(f.endswith(".mp3") for f in changed) else set()
    assert rewritten - relisted == changed - relisted, "a file was rewritten with the bytes it had"
    assert _chunks(report)[:2] == (spoken, encoded)
    # And the next build, with nothing changed, does nothing.
    again = build(src, out, settings)
    assert all(r.skipped for r in again.results) and _chunks(again) == (0, 0, 0)
    assert published(out) == after


@pytest.mark.parametrize("name", ["bitrate", "limiter"])
def test_with_the_audio_kept_new_audio_settings_only_encode(
    name: str, tmp_path: Path, tone: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    write_article(src, "a.txt", "Alpha", "The first paragraph speaks.", "And a second one.")
    kept = tone.replace(keep_audio=True)
    out, clean = tmp_path / "out", tmp_path / "clean"
    build(src, out, kept)
    change = CASES[name][0]
    settings = change(src, kept, monkeypatch) if change is _limiter else change(src, kept)
    report = build(src, out, settings)
    assert _chunks(report)[:2] == (0, 4)
    # The same episode as a build that spoke everything afresh.
    build(src, clean, settings.replace(keep_audio=False))
    assert (out / "a.mp3").read_bytes() == (clean / "a.mp3").read_bytes()


def test_the_same_script_from_changed_bytes_is_kept_and_noted(
    edition: tuple[Path, Path], tone: Settings
) -> None:
    src, out = edition
    before = published(out)
    noted = json.loads((out / "a.json").read_text("utf-8"))["meta"]["source_key"]
    # New bytes, the same script: the fast check fails, the episode key does not.
    with (src / "a.txt").open("a", encoding="utf-8") as fh:
        fh.write("\n\n")
    report = build(src, out, tone)
    assert [r.skipped for r in report.results] == [True, True]
    after = published(out)
    assert {f for f in after if after[f] != before[f]} == {"a.json"}
    # a.json now holds the new source key, so the next build passes the fast check.
    assert json.loads((out / "a.json").read_text("utf-8"))["meta"]["source_key"] != noted
    again = build(src, out, tone)
    assert all(r.skipped for r in again.results)
    assert published(out) == after


def _ident_of(tree: Path, expression: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", f"import narrate.encode as e; print({expression})"],
        capture_output=True, text=True, check=True, env={"PYTHONPATH": str(tree)},
    )  # fmt: skip
    return done.stdout.strip()


@pytest.mark.slow  # two new interpreters
def test_a_changed_constant_in_the_encoder_code_is_a_new_encode_spec(tmp_path: Path) -> None:
    import narrate

    tree = tmp_path / "tree"
    shutil.copytree(Path(narrate.__file__).parent, tree / "narrate",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    expression = "e.EncodeSpec().ident()"
    original = _ident_of(tree, expression)
    source = tree / "narrate" / "encode.py"
    text = source.read_text("utf-8")
    assert "_SPREAD = 4" in text  # the limiter's attack and release: no field of the spec
    source.write_text(text.replace("_SPREAD = 4", "_SPREAD = 5"), "utf-8")
    assert _ident_of(tree, expression) != original
