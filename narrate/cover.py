"""Cover art: a default square PNG drawn from the feed title, or the user's image, checked.

Podcast directories require square artwork of 1400 to 3000 pixels, RGB, PNG or JPEG. The
default is drawn with Pillow's built-in font, so its bytes depend only on the title and the
Pillow version: a rebuild writes the same file. A build keeps the drawing in its cache
(``keep_default``), so that the next one, an edit of one paragraph, does not draw it again
(a tenth of a second of the build's own process).
"""

from __future__ import annotations

import hashlib
import io
import os
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from narrate.errors import ConfigError
from narrate.fsutil import write_if_changed

if TYPE_CHECKING:
    from narrate.config import Settings

SIZE = 1400
MIN_SIZE, MAX_SIZE = 1400, 3000
FILENAME = "cover.png"
# The most pixels narrate lets Pillow decode in any image, wherever it comes from (the
# cover setting, a book's cover, a page's art): a PNG of a few kilobytes can declare
# 100000x100000 pixels, 30 GB once decoded.
MAX_PIXELS = 5000 * 5000


class ImageError(ValueError):
    """An image that is not a PNG or JPEG, cannot be read, or is over the pixel budget."""


def image_header(data: bytes | Path) -> tuple[str, int, int, str]:
    """(format, width, height, mode) of a PNG or JPEG, read from its header only.

    Raises ImageError for another format, an unreadable file, or more pixels than
    ``MAX_PIXELS``: checked before a pixel is decoded.
    """
    import warnings

    from PIL import Image, UnidentifiedImageError

    source = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it: an error here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                kind, (width, height), mode = image.format or "", image.size, image.mode
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(f"an image of more than {MAX_PIXELS:,} pixels") from None
    except UnidentifiedImageError:
        raise ImageError("not an image Pillow can identify") from None
    except (OSError, SyntaxError) as exc:
        raise ImageError(f"a damaged image ({exc})") from None
    if kind not in ("PNG", "JPEG"):
        raise ImageError(f"a {kind} file, not a PNG or JPEG")
    if width * height > MAX_PIXELS:
        raise ImageError(f"{width}x{height} pixels, more than {MAX_PIXELS:,}")
    return kind, width, height, mode


def _palette(title: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """A dark background and a light accent picked from the title, so feeds look different."""
    import colorsys

    hue = int.from_bytes(hashlib.sha256(title.encode("utf-8")).digest()[:2], "big") / 65536
    dark = tuple(round(c * 255) for c in colorsys.hls_to_rgb(hue, 0.22, 0.45))
    light = tuple(round(c * 255) for c in colorsys.hls_to_rgb(hue, 0.85, 0.55))
    return dark, light  # type: ignore[return-value]


# A build renders many episodes with one feed title: draw its cover once (and keep it).
_drawn: dict[tuple[str, int], bytes] = {}
_KEPT = "cover-{}.png"


def default_cover(title: str, size: int = SIZE) -> bytes:
    """A square RGB PNG showing ``title``, identical bytes for identical titles."""
    found = _drawn.get((title, size))
    if found is None:
        found = _drawn[title, size] = _draw(title, size)
    return found


def _kept_name(title: str) -> str:
    """The file the default cover of ``title`` is kept in: named by everything its bytes
    depend on (the title, the size, Pillow's version, this module's code)."""
    import PIL  # the package alone, for its version

    from narrate.provenance import code_hash

    made_of = "\0".join((title, str(SIZE), PIL.__version__, code_hash(__name__)))
    return _KEPT.format(hashlib.sha256(made_of.encode("utf-8")).hexdigest()[:32])


# The folders each drawn cover is known to be kept in, by title (checked once a process).
_kept: dict[str, set[Path]] = {}


def keep_default(title: str, folder: Path) -> bytes:
    """``default_cover(title)``, read from ``folder`` when a build kept it there, else
    drawn and kept (with its hash: a damaged copy is drawn again)."""
    if folder in _kept.get(title, ()):
        return default_cover(title)
    path = folder / _kept_name(title)
    digest = path.with_name(path.name + ".sha256")
    try:
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() == digest.read_text("ascii").strip():
            _drawn.setdefault((title, SIZE), data)
            _kept.setdefault(title, set()).add(folder)
            return data
    except (OSError, UnicodeDecodeError):
        pass
    data = default_cover(title)
    _kept.setdefault(title, set()).add(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(_KEPT.format("*")):  # another title's, or Pillow's
            if old.name != path.name:
                old.unlink(missing_ok=True)
                old.with_name(old.name + ".sha256").unlink(missing_ok=True)
        write_if_changed(path, data, durable=False)
        write_if_changed(digest, hashlib.sha256(data).hexdigest().encode(), durable=False)
    except OSError:
        pass  # drawn again next time
    return data


def _draw(title: str, size: int) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    dark, light = _palette(title)
    image = Image.new("RGB", (size, size), dark)
    draw = ImageDraw.Draw(image)
    margin = size // 10
    draw.rectangle((margin // 2, margin // 2, size - margin // 2, size - margin // 2),
                   outline=light, width=size // 100)  # fmt: skip
    words = " ".join(title.split()) or "narrate"
    # The largest font size at which the wrapped title fits inside the margins.
    for points in (160, 140, 120, 100, 84, 72, 60, 50, 42):
        font = ImageFont.load_default(size=points * size // SIZE)
        chars = max(4, int((size - 2 * margin) / (points * size // SIZE * 0.55)))
        lines = textwrap.wrap(words, chars)[:6]
        text = "\n".join(lines)
        box = draw.multiline_textbbox((0, 0), text, font=font, spacing=points // 4)
        if box[2] - box[0] <= size - 2 * margin and box[3] - box[1] <= size - 3 * margin:
            break
    left = (size - (box[2] - box[0])) // 2 - box[0]
    top = (size - (box[3] - box[1])) // 2 - box[1]
    draw.multiline_text((left, top), text, font=font, fill=light, spacing=points // 4,
                        align="center")  # fmt: skip
    small = ImageFont.load_default(size=48 * size // SIZE)
    draw.text((size // 2, size - margin), "narrate", font=small, fill=light, anchor="ms")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def check_image(data: bytes, where: str) -> tuple[str, int]:
    """(format, side) of a valid cover image; raises ConfigError saying what to change."""
    try:
        kind, width, height, mode = image_header(data)
    except ImageError as exc:
        raise ConfigError(
            f"{where}: cover must be a PNG or JPEG image of {MIN_SIZE} to {MAX_SIZE} pixels a "
            f"side; this is {exc}"
        ) from None
    if width != height or not MIN_SIZE <= width <= MAX_SIZE:
        raise ConfigError(
            f"{where}: cover must be square, {MIN_SIZE} to {MAX_SIZE} pixels a side, "
            f"not {width}x{height}"
        )
    if mode != "RGB":
        raise ConfigError(f"{where}: cover must be an RGB image, not {mode}: save it as RGB")
    return kind, width


def cover_image(path: str, title: str, keep: Path | None = None) -> tuple[bytes, str]:
    """(bytes, MIME type) of the cover: the image at ``path`` if given, else the default
    (kept in folder ``keep`` between builds, if given)."""
    if not path:
        return (keep_default(title, keep) if keep else default_cover(title)), "image/png"
    file = Path(os.path.expanduser(path))
    try:
        data = file.read_bytes()
    except OSError:
        raise ConfigError(f"{path}: cover image not found: fix the cover setting") from None
    kind, _ = check_image(data, path)
    return data, "image/png" if kind == "PNG" else "image/jpeg"


class CoverSpec:
    """The cover's rule for the settings (config's SettingsSpec): an image a feed accepts."""

    @staticmethod
    def problem(name: str, value: Any) -> str | None:
        """Nothing is checked value by value: the image is read once every value is known."""
        return None

    @staticmethod
    def validate(settings: Settings, origin: Mapping[str, str]) -> None:
        """Raise ConfigError when the ``cover`` image is missing or not one a feed accepts."""
        if settings.cover:
            cover_image(settings.cover, settings.title)


def as_png(data: bytes, mime: str) -> bytes:
    """The cover as PNG bytes (a JPEG is converted), for ``cover.png`` beside the feed."""
    if mime == "image/png":
        return data
    from PIL import Image

    buffer = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        image.save(buffer, format="PNG")
    return buffer.getvalue()


def write_cover(out: Path, data: bytes, mime: str) -> str:
    """Write ``<out>/cover.png`` atomically (if changed); return its name."""
    write_if_changed(out / FILENAME, as_png(data, mime))
    return FILENAME
