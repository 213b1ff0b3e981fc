"""Check a published folder against the feed standards (Apple Podcasts, PSP-1, Podcasting 2.0).

Every problem is collected, not just the first, each as one line that names the file
and what to fix. Only the feed, the files it points to and the catalogue are read.
"""

from __future__ import annotations

import json
import re
import struct
import uuid
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote

from narrate import catalogue
from narrate.errors import NarrateError
from narrate.feed import FEED_FILE, MIME_CHAPTERS, MIME_VTT, apple_categories, q
from narrate.page import PAGE_FILE

# RFC 2822 date-time, e.g. "Thu, 26 Nov 2026 10:06:31 +0000" (day name optional).
_RFC2822 = re.compile(
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


def image_info(path: Path) -> tuple[str, int, int, str]:
    """(format, width, height, colour) of a PNG or JPEG, read from its header.

    Raises ValueError for any other format or a truncated file.
    """
    with open(path, "rb") as fh:
        head = fh.read(32)
        if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
            width, height, _depth, colour = struct.unpack(">IIBB", head[16:26])
            names = {0: "grey", 2: "RGB", 3: "palette", 4: "grey+alpha", 6: "RGBA"}
            return "PNG", width, height, names.get(colour, "unknown")
        if head.startswith(b"\xff\xd8"):
            fh.seek(2)
            return _jpeg_frame(fh)
    raise ValueError("not a PNG or JPEG file")


def _jpeg_frame(fh) -> tuple[str, int, int, str]:  # noqa: ANN001
    while True:
        byte = fh.read(1)
        if not byte:
            raise ValueError("JPEG without a frame header")
        if byte != b"\xff":
            continue
        marker = fh.read(1)
        while marker == b"\xff":
            marker = fh.read(1)
        if not marker:
            raise ValueError("truncated JPEG")
        code = marker[0]
        if code in (0x01, *range(0xD0, 0xDA)):
            continue  # markers without a length
        (length,) = struct.unpack(">H", fh.read(2))
        if 0xC0 <= code <= 0xCF and code not in (0xC4, 0xC8, 0xCC):
            _precision, height, width, components = struct.unpack(">BHHB", fh.read(6))
            colour = {1: "grey", 3: "RGB", 4: "CMYK"}.get(components, "unknown")
            return "JPEG", width, height, colour
        fh.seek(length - 2, 1)


def mp3_seconds(path: Path) -> float:
    """Duration of an MP3 as players compute it."""
    from mutagen.mp3 import MP3, HeaderNotFoundError

    try:
        return float(MP3(path).info.length)
    except (HeaderNotFoundError, OSError, ValueError) as exc:
        raise ValueError(f"not a readable MP3 ({exc})") from None


class _Checker:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.problems: list[str] = []
        self.base = ""

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
        except (OSError, ValueError, struct.error) as exc:
            self.problem(where, f"artwork must be a PNG or JPEG ({exc})")
            return
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
                if not _RFC2822.match(date.strip()):
                    raise ValueError
                parsedate_to_datetime(date)
            except (ValueError, TypeError):
                self.problem(where, f"pubDate {date!r} is not an RFC 2822 date")
        self.enclosure(item, where)
        for transcript in item.findall(q("podcast", "transcript")):
            path = self.local(where, "podcast:transcript", transcript.get("url"))
            if not transcript.get("type"):
                self.problem(where, "podcast:transcript has no type")
            if path and transcript.get("type") == MIME_VTT:
                with open(path, "rb") as fh:
                    if not fh.read(9).lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
                        self.problem(where, f"{path.name} does not start with WEBVTT")
        for chapters in item.findall(q("podcast", "chapters")):
            path = self.local(where, "podcast:chapters", chapters.get("url"))
            if chapters.get("type") != MIME_CHAPTERS:
                self.problem(where, f"podcast:chapters type must be {MIME_CHAPTERS}")
            if path:
                try:
                    data = json.loads(path.read_text(encoding="utf-8"))
                    if not isinstance(data.get("chapters"), list) or "version" not in data:
                        raise ValueError
                except (ValueError, AttributeError, UnicodeDecodeError):
                    self.problem(where, f"{path.name} is not JSON chapters (version, chapters)")

    def enclosure(self, item: ET.Element, where: str) -> None:
        enclosure = item.find("enclosure")
        if enclosure is None:
            return
        if enclosure.get("type") != "audio/mpeg":
            self.problem(where, f"enclosure type is {enclosure.get('type')!r}; use audio/mpeg")
        path = self.local(where, "enclosure", enclosure.get("url"))
        length = enclosure.get("length", "")
        if not length.isdigit():
            self.problem(where, f"enclosure length {length!r} is not a byte count")
        elif path and int(length) != path.stat().st_size:
            self.problem(
                where,
                f"enclosure length {length} is not the size of {path.name} "
                f"({path.stat().st_size} bytes); run `narrate feed`",
            )
        duration = item.findtext(q("itunes", "duration"))
        if duration is None or not path:
            return
        if not duration.strip().isdigit():
            self.problem(where, f"itunes:duration {duration!r} is not a number of seconds")
            return
        try:
            actual = mp3_seconds(path)
        except ValueError as exc:
            self.problem(where, f"{path.name} is {exc}")
            return
        if abs(actual - int(duration)) > DURATION_TOLERANCE_S:
            self.problem(
                where, f"itunes:duration {duration} s but {path.name} lasts {actual:.1f} s"
            )

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
        if not (self.out / PAGE_FILE).is_file():
            self.problem(PAGE_FILE, "missing; run `narrate feed`")
        self.against_catalogue(guids)
        return self.problems

    def episode_bytes(self, entry: catalogue.Entry) -> None:
        if _changed_bytes(self.out, entry):
            self.problem(entry.file, "not the bytes narrate wrote (its sha256 differs); "
                         "run `narrate build` to render it again")  # fmt: skip

    def against_catalogue(self, guids: dict[str, int]) -> None:
        if not catalogue.catalogue_path(self.out).is_file():
            return
        try:
            listed = {e.guid: e for e in catalogue.entries(self.out)}
        except NarrateError as exc:
            self.problem(str(catalogue.catalogue_path(self.out)), str(exc))
            return
        for guid, entry in listed.items():
            self.episode_bytes(entry)
            if guid not in guids:
                self.problem(FEED_FILE, f"episode {entry.slug} is catalogued but not in the feed; "
                             "run `narrate feed`")  # fmt: skip
        for guid, n in guids.items():
            if guid not in listed:
                self.problem(FEED_FILE, f"item {n} (guid {guid}) is not in the catalogue")


def _changed_bytes(out: Path, entry: catalogue.Entry) -> bool:
    """True when an episode's MP3 is no longer the bytes narrate wrote.

    Hashed only when in doubt: an MP3 changed after its edition JSON was saved (which
    happens after the MP3 is in place), so checking an untouched folder reads no audio.
    """
    from narrate.fsutil import sha256_file

    episode = entry.edition.episode
    mp3 = out / entry.file
    if episode is None or not episode.sha256 or not mp3.is_file():
        return False
    try:
        saved = catalogue.edition_path(out, entry.slug).stat().st_mtime_ns
    except OSError:
        saved = -1
    if mp3.stat().st_mtime_ns <= saved:
        return False
    return sha256_file(mp3) != episode.sha256


def check_folder(out: Path) -> list[str]:
    """Every problem of the published folder ``out``; an empty list when it is valid."""
    if not out.is_dir():
        raise NarrateError(f"{out}: no such folder; run `narrate build` first")
    return _Checker(out).run()
