"""narrate check: passes on a built folder, names every problem of broken copies."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pubkit import published, settings
from typer.testing import CliRunner

from narrate.check import check_folder, image_info
from narrate.cli import app
from narrate.pipeline import build

runner = CliRunner()


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid published folder, never modified (tests break copies of it)."""
    return published(tmp_path_factory.mktemp("check"))


def png_header(width: int, height: int, colour: int = 2) -> bytes:
    """A real PNG made by Pillow: PNG colour type 2 is RGB, 6 is RGBA."""
    return image_bytes("PNG", {2: "RGB", 6: "RGBA"}[colour], width, height)


def jpeg_header(width: int, height: int, components: int) -> bytes:
    """A real JPEG made by Pillow with 3 (RGB) or 4 (CMYK) components."""
    return image_bytes("JPEG", {3: "RGB", 4: "CMYK"}[components], width, height)


def image_bytes(kind: str, mode: str, width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, kind)
    return buffer.getvalue()


def edit_feed(old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(out: Path) -> None:
        text = (out / "feed.xml").read_text("utf-8")
        assert old in text, old
        (out / "feed.xml").write_text(text.replace(old, new, count), "utf-8")

    return apply


def write(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda out: (out / name).write_bytes(data)


def delete(name: str) -> Callable[[Path], None]:
    return lambda out: (out / name).unlink()


def duplicate_guid(out: Path) -> None:
    text = (out / "feed.xml").read_text("utf-8")
    first = text.split('<guid isPermaLink="false">')[1].split("<")[0]
    second = text.split('<guid isPermaLink="false">')[2].split("<")[0]
    (out / "feed.xml").write_text(text.replace(second, first), "utf-8")


def drop_first_item(out: Path) -> None:
    text = (out / "feed.xml").read_text("utf-8")
    start, end = text.index("<item>"), text.index("</item>") + len("</item>")
    (out / "feed.xml").write_text(text[:start] + text[end:], "utf-8")


def wrong_length(out: Path) -> None:
    with open(out / "tricky.mp3", "ab") as fh:
        fh.write(b"\x00" * 10)


def chapters_json(*starts: float) -> Callable[[Path], None]:
    chapters = [{"startTime": t, "title": f"Chapter {n}"} for n, t in enumerate(starts, 1)]
    return write("tricky.chapters.json",
                 json.dumps({"version": "1.2.0", "chapters": chapters}).encode())  # fmt: skip


def shift_second_chapter(out: Path) -> None:
    path = out / "tricky.chapters.json"
    data = json.loads(path.read_text("utf-8"))
    data["chapters"][1]["startTime"] += 0.5
    path.write_text(json.dumps(data), "utf-8")


def vtt(*cues: str) -> Callable[[Path], None]:
    return write("tricky.vtt", ("WEBVTT\n\n" + "\n\n".join(f"{c}\nWords." for c in cues)
                                + "\n").encode())  # fmt: skip


def truncate(out: Path) -> None:
    data = (out / "tricky.mp3").read_bytes()
    (out / "tricky.mp3").write_bytes(data[: len(data) // 2])


def stale_length(out: Path) -> None:
    size = (out / "tricky.mp3").stat().st_size
    edit_feed(f'length="{size}"', f'length="{size + 5}"')(out)


REBUILD = "delete tricky.chapters.json and run `narrate build` to render the episode again"
BREAKAGES = {
    "chapters out of order": (chapters_json(0, 5, 3),
                              "tricky.chapters.json chapter 3 starts at 3 s, not after chapter 2 "
                              f"(5 s); {REBUILD}"),
    "chapter past the end": (chapters_json(0, 999),
                             "chapter 2 starts at 999 s, past the end of the audio"),
    "ID3 chapters disagree": (shift_second_chapter,
                              "tricky.mp3's ID3 chapters start at 0, 3.444, 6.325 s but its "
                              "chapters JSON says 0, 3.944, 6.325 s; " + REBUILD),
    "psc chapters disagree": (shift_second_chapter,
                              "psc:chapters disagree with the chapters JSON; run `narrate feed`"),
    "VTT backwards": (vtt("00:00:02.000 --> 00:00:01.000"),
                      "tricky.vtt cue 1 runs backwards (2.000 s to 1.000 s, after 0.000 s); "
                      "delete tricky.vtt and run `narrate build`"),
    "VTT cue before the previous": (vtt("00:00:02.000 --> 00:00:03.000",
                                        "00:00:01.000 --> 00:00:01.500"),
                                    "tricky.vtt cue 2 runs backwards"),
    "VTT past the end": (vtt("00:00:01.000 --> 00:10:00.000"),
                         "tricky.vtt cue 1 ends at 600.000 s, after the end of the audio"),
    "JPEG named .png": (write("cover.png", jpeg_header(1400, 1400, 3)),
                        "cover.png: holds JPEG data but is named .png; apps trust the name: set "
                        "`cover` in narrate.toml"),
    "VTT declared text/plain": (edit_feed('type="text/vtt"', 'type="text/plain"'),
                                ".vtt is declared 'text/plain' but apps read it only as text/vtt;"
                                " run `narrate feed`"),
    "truncated MP3": (truncate, "tricky.mp3 changed since it was rendered (cut short?): run "
                                "`narrate build`"),
    "stale enclosure length": (stale_length, "is not the size of tricky.mp3 ("),
    "enclosure length": (wrong_length, "is not the size of tricky.mp3"),
    "missing mp3": (delete("tricky.mp3"), "enclosure http://127.0.0.1:8000/tricky.mp3 does not "),
    "explicit yes": (edit_feed("<itunes:explicit>false", "<itunes:explicit>yes"),
                     "itunes:explicit is 'yes'; Apple wants true or false"),
    "category": (edit_feed('text="Daily News"', 'text="Podcasting"'),
                 "itunes:category 'Podcasting' is not a subcategory of 'News'"),
    "top category": (edit_feed('text="News"', 'text="Newz"'),
                     "itunes:category 'Newz' is not in Apple's list"),
    "duplicate guid": (duplicate_guid, "is also the guid of item 1"),
    "pubDate": (edit_feed("<pubDate>", "<pubDate>2024-01-02T03:04:05 "),
                "is not an RFC 2822 date"),
    "small artwork": (write("cover.png", png_header(600, 600)),
                      "artwork is 600x600 px; it must be 1400 to 3000 px"),
    "oblong artwork": (write("cover.png", png_header(1400, 1500)), "it must be square"),
    "RGBA artwork": (write("cover.png", png_header(1400, 1400, 6)), "PNG is RGBA; it must be RGB"),
    "CMYK artwork": (write("cover.png", jpeg_header(1400, 1400, 4)), "JPEG is CMYK"),
    "GIF artwork": (write("cover.png", b"GIF89a" + bytes(40)), "artwork must be a PNG or JPEG"),
    "no artwork": (edit_feed("<itunes:image", "<itunes:imagx"), "channel has no <itunes:image>"),
    "missing transcript": (delete("tricky.vtt"), "podcast:transcript http://127.0.0.1:8000/tricky."),
    "bad chapters": (write("tricky.chapters.json", b"{not json"), "is not JSON chapters"),
    "no podcast:guid": (edit_feed("podcast:guid>", "podcast:guix>", 2),
                        "channel has no <podcast:guid>"),
    "duration": (edit_feed("<itunes:duration>", "<itunes:duration>99"), "lasts"),
    "not XML": (edit_feed("</channel>", ""), "feed.xml: not well-formed XML"),
    "foreign URL": (edit_feed('url="http://127.0.0.1:8000/tricky.mp3"',
                              'url="http://elsewhere.example/tricky.mp3"'),
                    "is not under the feed's base URL http://127.0.0.1:8000/"),
    "stale feed": (drop_first_item, "catalogued but not in the feed"),
}  # fmt: skip


def test_check_passes_on_a_built_folder(good: Path) -> None:
    assert check_folder(good) == []
    result = runner.invoke(app, ["check", str(good)])
    assert result.exit_code == 0, result.stdout
    assert result.stdout == f"{good}: feed valid\n"


@pytest.mark.parametrize("name", BREAKAGES)
def test_check_names_the_problem(name: str, good: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(good, out)
    breakage, expected = BREAKAGES[name]
    breakage(out)
    result = runner.invoke(app, ["check", str(out)])
    assert result.exit_code == 1
    assert expected in result.stdout, result.stdout
    assert all(line.startswith(f"{out}/") for line in result.stdout.splitlines())
    count = len(result.stdout.splitlines())
    assert (
        result.stderr == f"Error: {out}: {count} problem(s) in the published feed, listed above\n"
    )


def test_every_problem_is_listed_at_once(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(good, out)
    for name in ("explicit yes", "pubDate", "small artwork", "missing transcript"):
        BREAKAGES[name][0](out)
    problems = check_folder(out)
    assert len(problems) >= 4
    for name in ("explicit yes", "pubDate", "small artwork", "missing transcript"):
        assert any(BREAKAGES[name][1] in p for p in problems), name


def test_build_ends_with_the_check(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import narrate.check

    monkeypatch.setattr(
        narrate.check, "check_folder", lambda out, deep=None: ["cover.png: too small"]
    )
    seeds = good.parent / "seeds"
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(seeds), "--out", str(out)],
                           env={"NARRATE_ENGINE": "silent", "NARRATE_JOBS": "1"})  # fmt: skip
    assert result.exit_code == 1
    assert f"{out}/cover.png: too small" in result.stdout.splitlines()
    assert result.stderr == f"Error: {out}: 1 problem(s) in the published feed, listed above\n"


def test_image_info_reads_png_and_jpeg(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(png_header(1400, 1400))
    (tmp_path / "b.jpg").write_bytes(jpeg_header(2000, 2000, 3))
    assert image_info(tmp_path / "a.png") == ("PNG", 1400, 1400, "RGB")
    assert image_info(tmp_path / "b.jpg") == ("JPEG", 2000, 2000, "RGB")


def test_check_on_a_missing_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: {tmp_path / 'nope'}: no such folder; run `narrate build` first\n"
    )


def test_truncated_mp3_never_advises_narrate_feed(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(good, out)
    truncate(out)
    about = [p for p in check_folder(out) if "tricky.mp3" in p]
    assert about and all("narrate build" in p and "narrate feed" not in p for p in about), about


def test_stale_feed_length_advises_narrate_feed(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(good, out)
    stale_length(out)
    (problem,) = check_folder(out)
    assert problem.endswith("; run `narrate feed`"), problem


@pytest.mark.parametrize(
    "name", ["chapters out of order", "ID3 chapters disagree", "VTT backwards", "truncated MP3"]
)
def test_the_named_fix_works(name: str, good: Path, tmp_path: Path) -> None:
    """Do what the message says (delete the file it names, run the build): the check passes."""
    out = tmp_path / "copy"
    shutil.copytree(good, out)
    BREAKAGES[name][0](out)
    advice = next(p for p in check_folder(out) if "narrate build" in p)
    deleted = re.search(r"delete (\S+) and run", advice)
    if deleted:
        (out / deleted.group(1)).unlink()
    build(good.parent / "seeds", out, settings())
    assert check_folder(out) == []


def test_srt_under_either_registered_type_passes(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(good, out)
    edit_feed('type="application/x-subrip"', 'type="application/srt"', 2)(out)
    assert check_folder(out) == []
    edit_feed('type="application/srt"', 'type="text/plain"')(out)
    (problem,) = check_folder(out)
    assert ".srt is declared 'text/plain'" in problem and "application/x-subrip" in problem


def test_a_missing_mp3_is_one_problem(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(good, out)
    (out / "tricky.mp3").unlink()
    (problem,) = check_folder(out)  # not also "not in the catalogue": it is catalogued
    assert "enclosure http://127.0.0.1:8000/tricky.mp3 does not resolve" in problem
