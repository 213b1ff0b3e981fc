"""Check a published folder against the feed standards (Apple Podcasts, PSP-1, Podcasting 2.0).

Every problem is collected, not just the first, each as one line that names the file
and what to fix. Only the feed, the files it points to and the catalogue are read.
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote

from narrate import catalogue
from narrate.errors import NarrateError
from narrate.feed import (
    FEED_FILE,
    MIME_CHAPTERS,
    MIME_HTML,
    MIME_SRT,
    MIME_VTT,
    apple_categories,
    q,
)
from narrate.fsutil import identity, sha256_file, write_if_changed
from narrate.page import PAGE_FILE

# RFC 2822 date-time, e.g. "Thu, 26 Nov 2026 10:06:31 +0000" (day name optional).
RFC2822 = re.compile(
    r"^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}(:\d{2})? ([+-]\d{4}|GMT|UT)$"
)
ART_MIN, ART_MAX = 1400, 3000
# Apple's duration figure is shown to listeners: allow rounding and encoder padding only.
DURATION_TOLERANCE_S = 2.0

CHANNEL_REQUIRED = {
    "title": "title",
    "link": "link",
    "description": "description",
    "language": "language",
    "itunes:image": q("itunes", "image"),
    "itunes:category": q("itunes", "category"),
    "itunes:explicit": q("itunes", "explicit"),
    "itunes:author": q("itunes", "author"),
    "itunes:owner": q("itunes", "owner"),
    "itunes:type": q("itunes", "type"),
    "podcast:guid": q("podcast", "guid"),
    "podcast:locked": q("podcast", "locked"),
}
ITEM_REQUIRED = {
    "title": "title",
    "description": "description",
    "guid": "guid",
    "pubDate": "pubDate",
    "enclosure": "enclosure",
    "itunes:duration": q("itunes", "duration"),
}


# Pillow's modes under the names the messages use.
_MODES = {"RGB": "RGB", "RGBA": "RGBA", "P": "palette", "L": "grey", "LA": "grey+alpha",
          "1": "grey", "CMYK": "CMYK", "I;16": "grey", "PA": "palette"}  # fmt: skip
# What each transcript format must be declared as, by file name ending.
# (The Podcasting 2.0 documentation names SRT application/srt; narrate writes the older name.)
TRANSCRIPT_TYPES = {".vtt": (MIME_VTT,), ".srt": (MIME_SRT, "application/srt"),
                    ".html": (MIME_HTML,)}  # fmt: skip
# Cue and chapter times are written to the millisecond from the same sample counts.
TIME_TOLERANCE_S = 0.002
# Past the end: allow for the MP3 duration as players estimate it (frame rounding).
END_TOLERANCE_S = 0.1


def image_info(path: Path) -> tuple[str, int, int, str]:
    """(format, width, height, colour) of a PNG or JPEG, read by Pillow from its header.

    Raises ValueError for any other format, a file Pillow cannot identify, or an image
    over the pixel budget (``narrate.cover.MAX_PIXELS``).
    """
    from narrate.cover import image_header

    kind, width, height, mode = image_header(path)
    return kind, width, height, _MODES.get(mode, mode)


def embedded_art(path: Path) -> list[str]:
    """What is wrong with each cover image embedded in an MP3's ID3 tag (APIC frames)."""
    from mutagen.id3 import ID3, ID3NoHeaderError

    from narrate.cover import ImageError, image_header

    try:
        frames = ID3(path).getall("APIC")
    except ID3NoHeaderError:
        return []
    except Exception as exc:  # noqa: BLE001 - mutagen raises many kinds on a damaged tag
        return [f"unreadable ID3 tag ({exc})"]
    found = []
    for frame in frames:
        try:
            image_header(frame.data)
        except ImageError as exc:
            found.append(f"its embedded cover art is {exc}")
    return found


def _vtt_seconds(clock: str) -> float:
    parts = clock.replace(",", ".").split(":")
    return sum(float(part) * 60**n for n, part in enumerate(reversed(parts)))


def vtt_cues(path: Path) -> list[tuple[float, float]]:
    """(start, end) in seconds of each cue of a WebVTT file, parsed with webvtt-py."""
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        return [(_vtt_seconds(c.start), _vtt_seconds(c.end)) for c in webvtt.read(str(path))]
    except (MalformedFileError, MalformedCaptionError, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"not valid WebVTT ({exc})") from None


def id3_chapter_starts(path: Path) -> list[float]:
    """Start times in seconds of the ID3 CHAP frames of an MP3, in time order."""
    from mutagen.id3 import ID3, ID3NoHeaderError

    try:
        tags = ID3(path)
    except ID3NoHeaderError:
        return []
    except (OSError, ValueError) as exc:
        raise ValueError(f"unreadable ID3 tag ({exc})") from None
    return sorted(frame.start_time / 1000 for frame in tags.getall("CHAP"))


def _rerender(name: str) -> str:
    # A build re-renders an episode any of whose files is missing (the chunk cache makes it
    # quick); a file with the right name but wrong content is not noticed otherwise.
    return f"delete {name} and run `narrate build` to render the episode again"


# Players read a rendition's chapters to the millisecond; Opus and AAC frames hold 20 ms
# and 23 ms: its start times may differ from the MP3's by that much.
RENDITION_TOLERANCE_S = 0.025


def _same_times(found: list[float], expected: list[float]) -> bool:
    return len(found) == len(expected) and all(
        abs(a - b) <= RENDITION_TOLERANCE_S for a, b in zip(found, expected, strict=True)
    )


def rendition_timeline(path: Path) -> tuple[float, list[float] | None]:
    """An Opus, AAC or M4B file's duration in seconds and its chapter starts (None when the
    format carries none); ValueError when it cannot be read."""
    import mutagen
    from mutagen.mp4 import MP4
    from mutagen.oggopus import OggOpus

    try:
        audio = mutagen.File(path)
    except mutagen.MutagenError as exc:
        raise ValueError(f"not a readable audio file ({exc})") from exc
    if audio is None or audio.info is None:
        raise ValueError("not a readable audio file")
    marks: list[float] | None = None
    if isinstance(audio, OggOpus) and audio.tags is not None:
        times = sorted((k.upper(), v[0]) for k, v in audio.tags.as_dict().items()
                       if re.fullmatch(r"CHAPTER\d{3}", k.upper()))  # fmt: skip
        marks = [_vtt_seconds(v) for _, v in times] if times else None
    elif isinstance(audio, MP4) and audio.chapters is not None:
        marks = [c.start for c in audio.chapters] or None
    return float(audio.info.length), marks


def mp3_seconds(path: Path) -> float:
    """Duration of an MP3 as players compute it."""
    from mutagen.mp3 import MP3, HeaderNotFoundError

    try:
        return float(MP3(path).info.length)
    except (HeaderNotFoundError, OSError, ValueError) as exc:
        raise ValueError(f"not a readable MP3 ({exc})") from None


class _Checker:
    def __init__(self, out: Path, deep: set[str] | None = None) -> None:
        self.out = out
        # Episode files whose audio, transcripts and chapters are read (None: all).
        self.deep = deep
        self.problems: list[str] = []
        self.base = ""
        self.mp3: Path | None = None
        self.sizes: dict[str, int] | None = None

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def local(self, where: str, what: str, link: str | None) -> Path | None:
        """The file of the folder an absolute feed URL points to, or None (with a problem)."""
        if not link:
            self.problem(where, f"{what} has no URL")
            return None
        if not self.base or not link.startswith(self.base):
            self.problem(where, f"{what} {link} is not under the feed's base URL {self.base}")
            return None
        name = unquote(link[len(self.base) :])
        path = self.out / name
        if "/" in name or name.startswith(".") or not path.is_file():
            self.problem(where, f"{what} {link} does not resolve to a file in {self.out}")
            return None
        return path

    def channel(self, channel: ET.Element) -> None:
        where = FEED_FILE
        for name, tag in CHANNEL_REQUIRED.items():
            element = channel.find(tag)
            if element is None:
                self.problem(where, f"channel has no <{name}>")
            elif not (element.text or "").strip() and not len(element) and not element.attrib:
                self.problem(where, f"channel <{name}> is empty")
        selfs = [e for e in channel.findall(q("atom", "link")) if e.get("rel") == "self"]
        if not selfs:
            self.problem(where, 'channel has no <atom:link rel="self">')
        else:
            href = selfs[0].get("href", "")
            if not href.startswith(("http://", "https://")) or not href.endswith("/" + FEED_FILE):
                self.problem(where, f"atom:link self {href!r} is not an absolute URL of feed.xml")
            self.base = href[: -len(FEED_FILE)]
        explicit = channel.findtext(q("itunes", "explicit"))
        if explicit is not None and explicit not in ("true", "false"):
            self.problem(where, f"itunes:explicit is {explicit!r}; Apple wants true or false")
        kind = channel.findtext(q("itunes", "type"))
        if kind is not None and kind not in ("episodic", "serial"):
            self.problem(where, f"itunes:type is {kind!r}; use episodic or serial")
        locked = channel.findtext(q("podcast", "locked"))
        if locked is not None and locked not in ("yes", "no"):
            self.problem(where, f"podcast:locked is {locked!r}; use yes or no")
        guid = channel.findtext(q("podcast", "guid"))
        if guid is not None:
            try:
                if uuid.UUID(guid).version != 5:
                    self.problem(where, f"podcast:guid {guid} is not a UUIDv5")
            except ValueError:
                self.problem(where, f"podcast:guid {guid!r} is not a UUID")
        self.categories(channel)
        image = channel.find(q("itunes", "image"))
        if image is not None:
            self.artwork(self.local(where, "itunes:image", image.get("href")))

    def categories(self, channel: ET.Element) -> None:
        known = apple_categories()
        for top in channel.findall(q("itunes", "category")):
            name = top.get("text", "")
            if name not in known:
                self.problem(FEED_FILE, f"itunes:category {name!r} is not in Apple's list")
                continue
            for sub in top.findall(q("itunes", "category")):
                if sub.get("text", "") not in known[name]:
                    self.problem(
                        FEED_FILE,
                        f"itunes:category {sub.get('text')!r} is not a subcategory of {name!r}",
                    )

    def artwork(self, path: Path | None) -> None:
        if path is None:
            return
        where = path.name
        try:
            kind, width, height, colour = image_info(path)
        except (OSError, ValueError) as exc:
            self.problem(where, f"artwork must be a PNG or JPEG ({exc})")
            return
        named = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}.get(path.suffix.lower())
        if named and named != kind:
            self.problem(
                where,
                f"holds {kind} data but is named {path.suffix}; apps trust the name: set "
                f"`cover` in narrate.toml to the image and run `narrate build` (narrate "
                f"writes the cover as PNG)",
            )
        if width != height:
            self.problem(where, f"artwork is {width}x{height}; it must be square")
        if not (ART_MIN <= width <= ART_MAX and ART_MIN <= height <= ART_MAX):
            self.problem(
                where, f"artwork is {width}x{height} px; it must be {ART_MIN} to {ART_MAX} px"
            )
        if colour not in ("RGB",):
            self.problem(where, f"artwork {kind} is {colour}; it must be RGB without alpha")

    def item(self, item: ET.Element, n: int, guids: dict[str, int]) -> None:
        title = item.findtext("title") or f"item {n}"
        where = f"{FEED_FILE} item {n} ({title})"
        for name, tag in ITEM_REQUIRED.items():
            element = item.find(tag)
            if element is None:
                self.problem(where, f"no <{name}>")
            elif tag != "enclosure" and not (element.text or "").strip():
                self.problem(where, f"<{name}> is empty")
        guid = item.find("guid")
        if guid is not None and guid.text:
            if guid.text in guids:
                self.problem(where, f"guid {guid.text} is also the guid of item {guids[guid.text]}")
            guids.setdefault(guid.text, n)
            if guid.get("isPermaLink") != "false":
                self.problem(where, 'guid needs isPermaLink="false"')
        description = item.findtext("description") or ""
        if description and "://" not in description:
            self.problem(where, "description has no link to the full text")
        date = item.findtext("pubDate")
        if date:
            try:
                if not RFC2822.match(date.strip()):
                    raise ValueError
                parsedate_to_datetime(date)
            except (ValueError, TypeError):
                self.problem(where, f"pubDate {date!r} is not an RFC 2822 date")
        enclosure = item.find("enclosure")
        name = unquote((enclosure.get("url") or "") if enclosure is not None else "")
        if self.deep is not None and name.rsplit("/", 1)[-1] not in self.deep:
            self.shallow(item, where)
            return
        seconds = self.enclosure(item, where)
        for transcript in item.findall(q("podcast", "transcript")):
            self.transcript(transcript, where, seconds)
        json_starts, json_path = None, None
        for chapters in item.findall(q("podcast", "chapters")):
            path = self.local(where, "podcast:chapters", chapters.get("url"))
            if chapters.get("type") != MIME_CHAPTERS:
                self.problem(where, f"podcast:chapters type must be {MIME_CHAPTERS}; "
                             "run `narrate feed`")  # fmt: skip
            if path:
                json_starts, json_path = self.chapters_json(path, where, seconds), path
        if self.mp3 is not None:
            for problem in embedded_art(self.mp3):
                self.problem(where, f"{self.mp3.name}: {problem}; {_rerender(self.mp3.name)}")
        if json_starts is not None and json_path is not None and self.mp3 is not None:
            self.id3_chapters(self.mp3, json_starts, where, json_path.name)
        if json_starts is not None:
            self.psc_chapters(item, json_starts, where)
        for alternate in item.findall(q("podcast", "alternateEnclosure")):
            self.alternate(alternate, where, seconds, json_starts)

    def alternate(self, alternate: ET.Element, where: str, seconds: float | None,
                  starts: list[float] | None) -> None:  # fmt: skip
        """Check a podcast:alternateEnclosure: its type, each source's file, size, length
        and chapters (the same episode in another format keeps the same timeline)."""
        if not alternate.get("type"):
            self.problem(where, "podcast:alternateEnclosure has no type; run `narrate feed`")
        length = alternate.get("length", "")
        for source in alternate.findall(q("podcast", "source")):
            path = self.local(where, "podcast:alternateEnclosure source", source.get("uri"))
            if path is None:
                continue
            if length and (not length.isdigit() or int(length) != path.stat().st_size):
                self.problem(where, f"podcast:alternateEnclosure length {length} is not the "
                             f"size of {path.name} ({path.stat().st_size} bytes); "
                             f"{_rerender(path.name)}")  # fmt: skip
            try:
                found, marks = rendition_timeline(path)
            except ValueError as exc:
                self.problem(where, f"{path.name} is {exc}; {_rerender(path.name)}")
                continue
            if seconds is not None and abs(found - seconds) > END_TOLERANCE_S:
                self.problem(where, f"{path.name} lasts {found:.3f} s but the episode "
                             f"{seconds:.3f} s; {_rerender(path.name)}")  # fmt: skip
            if starts is not None and marks is not None and not _same_times(marks, starts):
                shown = ", ".join(f"{t:g}" for t in marks)
                self.problem(where, f"{path.name}'s chapters start at {shown} s but the chapters "
                             f"JSON says {', '.join(f'{t:g}' for t in starts)} s; "
                             f"{_rerender(path.name)}")  # fmt: skip

    def shallow(self, item: ET.Element, where: str) -> None:
        """An item of an episode not written by this build: its files are there, and the
        enclosure's length is the MP3's size (its contents were checked when written)."""
        enclosure = item.find("enclosure")
        path = self.local(where, "enclosure", enclosure.get("url") if enclosure is not None
                          else None)  # fmt: skip
        if enclosure is not None and path is not None:
            length = enclosure.get("length", "")
            if not length.isdigit() or int(length) != path.stat().st_size:
                self.problem(where, f"enclosure length {length!r} is not the size of "
                             f"{path.name}; run `narrate feed`")  # fmt: skip
        for tag, what in ((q("podcast", "transcript"), "podcast:transcript"),
                          (q("podcast", "chapters"), "podcast:chapters")):  # fmt: skip
            for element in item.findall(tag):
                self.local(where, what, element.get("url"))

    def transcript(self, transcript: ET.Element, where: str, seconds: float | None) -> None:
        path = self.local(where, "podcast:transcript", transcript.get("url"))
        declared = transcript.get("type")
        if not declared:
            self.problem(where, "podcast:transcript has no type; run `narrate feed`")
        if path is None:
            return
        expected = TRANSCRIPT_TYPES.get(path.suffix.lower())
        if declared and expected and declared not in expected:
            self.problem(where, f"{path.name} is declared {declared!r} but apps read it only "
                         f"as {expected[0]}; run `narrate feed`")  # fmt: skip
        if path.suffix.lower() != ".vtt":
            return
        with open(path, "rb") as fh:
            if not fh.read(9).lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
                self.problem(
                    where, f"{path.name} does not start with WEBVTT; {_rerender(path.name)}"
                )
                return
        try:
            found = vtt_cues(path)
        except ValueError as exc:
            self.problem(where, f"{path.name} is {exc}; {_rerender(path.name)}")
            return
        previous = 0.0
        for n, (start, end) in enumerate(found, 1):
            if end < start or start + TIME_TOLERANCE_S < previous:
                self.problem(where, f"{path.name} cue {n} runs backwards ({start:.3f} s to "
                             f"{end:.3f} s, after {previous:.3f} s); "
                             f"{_rerender(path.name)}")  # fmt: skip
                return
            if seconds is not None and end > seconds + END_TOLERANCE_S:
                self.problem(where, f"{path.name} cue {n} ends at {end:.3f} s, after the end of "
                             f"the audio ({seconds:.3f} s); {_rerender(path.name)}")  # fmt: skip
                return
            previous = start

    def chapters_json(self, path: Path, where: str, seconds: float | None) -> list[float] | None:
        """Check a chapters JSON file; its start times in seconds, or None if unreadable."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data.get("chapters"), list) or "version" not in data:
                raise ValueError
            starts = [float(c["startTime"]) for c in data["chapters"]]
        except (ValueError, AttributeError, UnicodeDecodeError, KeyError, TypeError):
            self.problem(where, f"{path.name} is not JSON chapters (version, chapters); "
                         f"{_rerender(path.name)}")  # fmt: skip
            return None
        for n in range(1, len(starts)):
            if starts[n] <= starts[n - 1]:
                self.problem(where, f"{path.name} chapter {n + 1} starts at {starts[n]:g} s, "
                             f"not after chapter {n} ({starts[n - 1]:g} s); "
                             f"{_rerender(path.name)}")  # fmt: skip
                return None
        if seconds is not None and starts and starts[-1] >= seconds:
            self.problem(where, f"{path.name} chapter {len(starts)} starts at {starts[-1]:g} s, "
                         f"past the end of the audio ({seconds:.3f} s); "
                         f"{_rerender(path.name)}")  # fmt: skip
            return None
        return starts

    def id3_chapters(self, mp3: Path, starts: list[float], where: str, json_name: str) -> None:
        try:
            tagged = id3_chapter_starts(mp3)
        except ValueError as exc:
            self.problem(where, f"{mp3.name} has an {exc}; {_rerender(mp3.name)}")
            return
        if not tagged:
            return  # an MP3 without chapter frames: nothing to disagree
        agree = len(tagged) == len(starts) and all(
            abs(a - b) <= TIME_TOLERANCE_S for a, b in zip(tagged, starts, strict=True)
        )
        if not agree:
            shown = ", ".join(f"{t:g}" for t in tagged)
            self.problem(where, f"{mp3.name}'s ID3 chapters start at {shown} s but its chapters "
                         f"JSON says {', '.join(f'{t:g}' for t in starts)} s; "
                         f"{_rerender(json_name)}")  # fmt: skip

    def psc_chapters(self, item: ET.Element, starts: list[float], where: str) -> None:
        psc = item.find(q("psc", "chapters"))
        if psc is None:
            return
        listed = [_vtt_seconds(c.get("start", "0")) for c in psc.findall(q("psc", "chapter"))]
        agree = len(listed) == len(starts) and all(
            abs(a - b) <= TIME_TOLERANCE_S for a, b in zip(listed, starts, strict=True)
        )
        if not agree:
            self.problem(where, "psc:chapters disagree with the chapters JSON; run `narrate feed`")

    def rendered_size(self, name: str) -> int | None:
        """The size the catalogue recorded for ``name`` when it was rendered, if known."""
        if self.sizes is None:
            self.sizes = {}
            if catalogue.catalogue_path(self.out).is_file():
                with contextlib.suppress(NarrateError):  # reported by against_catalogue
                    self.sizes = {e.file: e.bytes for e in catalogue.entries(self.out)}
        return self.sizes.get(name)

    def enclosure(self, item: ET.Element, where: str) -> float | None:
        """Check the enclosure; the MP3's duration in seconds when it can be read."""
        self.mp3 = None
        enclosure = item.find("enclosure")
        if enclosure is None:
            return None
        if enclosure.get("type") != "audio/mpeg":
            self.problem(where, f"enclosure type is {enclosure.get('type')!r}; use audio/mpeg")
        path = self.local(where, "enclosure", enclosure.get("url"))
        length = enclosure.get("length", "")
        if not length.isdigit():
            self.problem(where, f"enclosure length {length!r} is not a byte count")
        elif path and int(length) != path.stat().st_size:
            size = path.stat().st_size
            # Only a feed older than the file is fixed by rewriting the feed; an MP3 cut short
            # or changed since it was rendered must be rendered again.
            fix = (
                "run `narrate feed`"
                if self.rendered_size(path.name) == size
                else f"{path.name} changed since it was rendered (cut short?): run `narrate build`"
            )
            self.problem(
                where, f"enclosure length {length} is not the size of {path.name} "
                f"({size} bytes); {fix}",
            )  # fmt: skip
        duration = item.findtext(q("itunes", "duration"))
        if not path:
            return None
        try:
            actual = mp3_seconds(path)
        except ValueError as exc:
            self.problem(where, f"{path.name} is {exc}; run `narrate build` to render it again")
            return None
        self.mp3 = path
        if duration is None:
            return actual
        if not duration.strip().isdigit():
            self.problem(where, f"itunes:duration {duration!r} is not a number of seconds")
        elif abs(actual - int(duration)) > DURATION_TOLERANCE_S:
            same = self.rendered_size(path.name) == path.stat().st_size
            fix = "run `narrate feed`" if same else "run `narrate build` to render it again"
            self.problem(
                where, f"itunes:duration {duration} s but {path.name} lasts {actual:.1f} s; {fix}"
            )
        return actual

    def run(self) -> list[str]:
        feed = self.out / FEED_FILE
        if not feed.is_file():
            return [f"{feed}: missing; run `narrate build` or `narrate feed`"]
        try:
            root = ET.parse(feed).getroot()
        except ET.ParseError as exc:
            return [f"{FEED_FILE}: not well-formed XML ({exc})"]
        channel = root.find("channel")
        if root.tag != "rss" or root.get("version") != "2.0" or channel is None:
            return [f'{FEED_FILE}: not an RSS 2.0 feed (<rss version="2.0"><channel>)']
        self.channel(channel)
        guids: dict[str, int] = {}
        for n, item in enumerate(channel.findall("item"), 1):
            self.item(item, n, guids)
        self.archives(channel, guids)
        if not (self.out / PAGE_FILE).is_file():
            self.problem(PAGE_FILE, "missing; run `narrate feed`")
        self.against_catalogue(guids)
        return self.problems

    def archives(self, channel: ET.Element, guids: dict[str, int]) -> None:
        """Follow the archive feeds back from ``channel`` (RFC 5005 prev-archive links) and
        add their items' guids: an episode listed in one is in the feed.

        An archive found sound by the last check and unchanged since (the same size and
        time) is not parsed again: its guids and link are kept (see ``_Archives``).
        """
        kept = _Archives(self.out)
        seen: set[str] = set()
        link = _archive_link(channel)
        try:
            while link:
                path = self.local(FEED_FILE, "prev-archive link", link)
                if path is None or path.name in seen:
                    return
                seen.add(path.name)
                found = kept.get(path) or self.archive(path)
                if found is None:
                    return
                kept.keep(path, *found)
                listed, link = found
                for guid in listed:
                    if guid in guids:
                        self.problem(path.name, f"guid {guid} is listed twice; run `narrate feed`")
                    guids[guid] = len(guids) + 1
        finally:
            kept.save()

    def archive(self, path: Path) -> tuple[list[str], str] | None:
        """The guids of an archive feed's items and its prev-archive link; None (with a
        problem) when it is not an archive feed."""
        try:
            archive = ET.parse(path).getroot().find("channel")
        except ET.ParseError as exc:
            self.problem(path.name, f"not well-formed XML ({exc}); run `narrate feed`")
            return None
        if archive is None or archive.find(q("fh", "archive")) is None:
            self.problem(path.name, "not an archive feed (no <fh:archive/>); run `narrate feed`")
            return None
        guids = [item.findtext("guid") or "" for item in archive.findall("item")]
        return guids, _archive_link(archive)

    def episode_bytes(self, entry: catalogue.Entry) -> None:
        if _changed_bytes(self.out, entry):
            self.problem(entry.file, "not the bytes narrate wrote (its sha256 differs); "
                         "run `narrate build` to render it again")  # fmt: skip

    def against_catalogue(self, guids: dict[str, int]) -> None:
        if not catalogue.catalogue_path(self.out).is_file():
            return
        try:
            everything = catalogue.entries(self.out, present=False)
        except NarrateError as exc:
            self.problem(str(catalogue.catalogue_path(self.out)), str(exc))
            return
        # Episodes whose MP3 is there as catalogued (one being replaced is withdrawn).
        listed = {e.guid: e for e in everything if catalogue.is_present(self.out, e)}
        for guid, entry in listed.items():
            self.episode_bytes(entry)
            if guid not in guids:
                self.problem(FEED_FILE, f"episode {entry.slug} is catalogued but not in the feed; "
                             "run `narrate feed`")  # fmt: skip
        # An item whose MP3 is missing is reported by its enclosure, not again as unknown.
        known = {e.guid for e in everything}
        for guid, n in guids.items():
            if guid not in known:
                self.problem(FEED_FILE, f"item {n} (guid {guid}) is not in the catalogue")


class _Archives:
    """What the last check found in each sound archive feed, by name, with the file's size
    and time then (``.narrate/checked-archives.json``): a catalogue of 10,000 episodes has
    33 archives, 20 MB of XML, and a build that adds one episode changes one or two."""

    def __init__(self, out: Path) -> None:
        self.path = out / catalogue.STATE_DIR / "checked-archives.json"
        try:
            loaded = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            loaded = {}
        self.before: dict[str, object] = loaded if isinstance(loaded, dict) else {}
        self.now: dict[str, object] = {}

    def get(self, path: Path) -> tuple[list[str], str] | None:
        """The guids and prev-archive link found in ``path``, if it is unchanged since."""
        kept = self.before.get(path.name)
        try:
            now = identity(path)
        except OSError:
            return None
        if not (isinstance(kept, list) and len(kept) == 3 and kept[0] == now):
            return None
        guids, link = kept[1], kept[2]
        if not (isinstance(guids, list) and all(isinstance(g, str) for g in guids)):
            return None
        return (guids, link) if isinstance(link, str) else None

    def keep(self, path: Path, guids: list[str], link: str) -> None:
        with contextlib.suppress(OSError):
            self.now[path.name] = [identity(path), guids, link]

    def save(self) -> None:
        """Keep what this check found, where the folder has narrate's state (a copy of a
        published folder, or a read-only one, is checked all the same)."""
        if self.now == self.before or not self.path.parent.is_dir():
            return
        with contextlib.suppress(OSError):
            write_if_changed(self.path, json.dumps(self.now).encode(), durable=False)


def _archive_link(channel: ET.Element) -> str:
    links = channel.findall(q("atom", "link"))
    return next((e.get("href", "") for e in links if e.get("rel") == "prev-archive"), "")


def _changed_bytes(out: Path, entry: catalogue.Entry) -> bool:
    """True when an episode's MP3 is no longer the bytes narrate wrote.

    Hashed only when in doubt: an MP3 changed after its edition JSON was saved (which
    happens after the MP3 is in place), so checking an untouched folder reads no audio.
    """
    mp3 = out / entry.file
    try:
        saved = catalogue.edition_path(out, entry.slug).stat().st_mtime_ns
    except OSError:
        saved = -1
    try:
        if mp3.stat().st_mtime_ns <= saved:
            return False  # (decided without reading the edition)
    except OSError:
        return False
    episode = entry.edition.episode
    if episode is None or not episode.sha256:
        return False
    return sha256_file(mp3) != episode.sha256


def check_folder(out: Path, deep: set[str] | None = None) -> list[str]:
    """Every problem of the published folder ``out``; an empty list when it is valid.

    ``deep`` limits the reading of audio, transcripts and chapters to those episode files
    (a build passes the ones it wrote); the others' items are checked from the feed and
    the files' sizes.
    """
    if not out.is_dir():
        raise NarrateError(f"{out}: no such folder; run `narrate build` first")
    return _Checker(out, deep).run()
