"""Voices and engines for people: filter voices by language, check a voice before a render,
choose the voice for an article's language, download Piper voices.

eSpeak NG reads an unknown voice with its default one and says nothing, so a typo in
``--voice`` used to give an episode in the wrong language. A voice is now checked against
the engine's own list first, and a close match is offered.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from narrate.engines import Engine, Voice, engine_names, get_engine
from narrate.errors import NarrateError

if TYPE_CHECKING:
    from narrate.config import Settings

log = logging.getLogger("narrate")


class VoiceError(NarrateError):
    """A voice could not be downloaded or installed."""


def _fold(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").lower().split())


def _names(voice: Voice) -> set[str]:
    """Every spelling a voice may be asked for by: id, file name, name, language codes."""
    names = {voice.id.lower(), voice.id.lower().rsplit("/", 1)[-1], _fold(voice.name)}
    names.update(lang.lower() for lang in voice.languages)
    return names


def find_voice(voices: Iterable[Voice], wanted: str) -> Voice | None:
    """The voice ``wanted`` names (id, file name, name or language; an eSpeak ``+variant``
    suffix is allowed), or None."""
    base = wanted.split("+", 1)[0].strip()
    key, folded = base.lower(), _fold(base)
    for voice in voices:
        names = _names(voice)
        if key in names or folded in names:
            return voice
    return None


def voice_problem(engine: Engine, wanted: str) -> str | None:
    """Why ``wanted`` is not a voice of ``engine`` (with the closest ones), or None."""
    own = getattr(engine, "voice_problem", None)
    if own is not None:  # an engine that also takes voices its list cannot show (files)
        return own(wanted)
    voices = engine.voices()
    if not voices or find_voice(voices, wanted) is not None:
        return None  # an engine that cannot list its voices is trusted
    spellings = sorted(
        {v.id for v in voices} | {n for v in voices for n in v.languages} | {v.name for v in voices}
    )
    close = difflib.get_close_matches(wanted.split("+", 1)[0], spellings, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return (
        f"voice {wanted!r} is not one of the {engine.name} engine's voices{hint} "
        f"(list them with: narrate voices --engine {engine.name})"
    )


def _speaks(languages: Iterable[str], query: str) -> bool:
    """True when one of ``languages`` is ``query``: a region (``en-gb``: it, its
    sub-regions and plain ``en``) or a language (``en`` or ``English``: every region)."""
    from narrate.textnorm import language_code

    query = query.lower()
    langs = [lang.lower() for lang in languages]
    if "-" in query:
        # A voice for the whole language (plain "en") speaks each of its regions too.
        base = query.split("-")[0]
        return any(lang in (query, base) or lang.startswith(query + "-") for lang in langs)
    code = language_code(query).lower() or query
    return any(lang == query or lang.split("-")[0] == code for lang in langs)


def voices_for(voices: Iterable[Voice], language: str | None) -> list[Voice]:
    """The voices speaking ``language``: a code (``en``, ``en-GB``) or a name (``English``)."""
    voices = list(voices)
    if not language:
        return voices
    folded = _fold(language)
    # Names only for what cannot be a code ("fr" is no prefix of "Afrikaans").
    return [
        v for v in voices
        if _speaks(v.languages, language)
        or len(folded) > 3 and _fold(v.name).startswith(folded)
    ]  # fmt: skip


@dataclass(frozen=True)
class EngineInfo:
    """One registered engine as ``narrate engines`` shows it."""

    name: str
    ready: bool
    note: str  # the version when ready, else what to install


def engines() -> list[EngineInfo]:
    """Every registered engine, whether it can run here, and its version or install hint."""
    found = []
    for name in engine_names():
        try:
            engine = get_engine(name)
            ready = engine.available()
            note = engine.version() if ready else engine.missing()
        except Exception as exc:  # noqa: BLE001  (a broken plug-in is listed, not fatal)
            ready, note = False, f"cannot be loaded: {exc}"
        found.append(EngineInfo(name, ready, note))
    return found


# --- Choosing a voice for an article ------------------------------------------------------


def engine_for(settings: Settings) -> Engine:
    """The settings' engine, told of the configured voices folder (Piper searches it)."""
    if settings.engine == "piper" and settings.voices_dir:
        return get_engine("piper", (("folders", settings.voices_dir),))
    return get_engine(settings.engine)


_warned: set[tuple[str, str, str]] = set()


def _speaks_language(engine: Engine, voice: str, language: str) -> bool | None:
    """Whether ``voice`` speaks ``language`` by the engine's list (None: cannot tell)."""
    found = find_voice(engine.voices(), voice)
    if found is None:
        if voice.endswith(".onnx") and engine.name == "piper":
            from narrate.engines.piper import read_voice

            return bool(voices_for([read_voice(Path(voice)).voice()], language))
        return None
    return bool(voices_for([found], language))


def choose_voice(engine: Engine, language: str, settings: Settings, warn: bool = True) -> str:
    """The voice that reads an article in ``language``.

    The configured voice when it speaks the language; otherwise the voice set for that
    language (``voice_es``...), or an installed voice of the language; when there is none,
    the configured voice, with one warning line (unless not ``warn``). No voice configured:
    the engine's own choice for the language. A Piper voice found only in the configured
    voices folder is given by path, so that every worker finds it.
    """
    base = language.lower().split("-")[0]
    wanted = settings.voice
    per_language = str(getattr(settings, f"voice_{base}", "") or "")
    if wanted and _speaks_language(engine, wanted, base) is not False:
        return _located(engine, wanted)
    if per_language:
        return _located(engine, per_language)
    if not wanted:
        return engine.default_voice(base)
    mine = voices_for(engine.voices(), base)
    if mine:
        return _located(engine, engine.default_voice(base))
    if warn and (engine.name, wanted, base) not in _warned:
        _warned.add((engine.name, wanted, base))
        log.warning(
            "no %s voice for %r is installed: reading it with %s "
            "(install one: narrate voices --download NAME)",
            engine.name, base, wanted,
        )  # fmt: skip
    return _located(engine, wanted)


def located_voice(settings: Settings) -> str:
    """The configured voice as every worker can find it (a folder voice by its path)."""
    return _located(engine_for(settings), settings.voice) if settings.voice else ""


def _located(engine: Engine, voice: str) -> str:
    folders = getattr(engine, "folders", ())
    if engine.name != "piper" or not folders or voice.endswith(".onnx"):
        return voice
    from narrate.engines.piper import EngineError, package_voices
    from narrate.engines.piper import find_voice as piper_voice

    try:
        found = piper_voice(voice, folders)
    except EngineError:
        return voice  # reported where the voice is checked
    if found.package or any(v.id == found.id for v in package_voices()):
        return voice
    return str(found.model)


# --- Downloading Piper voices --------------------------------------------------------------

# A whole voice download (model, config, model card) must finish within this many seconds,
# and no file may be larger than this: Piper's largest published models are about 120 MB.
FETCH_DEADLINE_S = 900.0
MAX_VOICE_BYTES = 400 * 2**20
MAX_SMALL_BYTES = 16 * 2**20  # voices.json, a config, a model card
_VOICE_NAME = re.compile(
    r"(?P<lang>[a-z]{2,3})_(?P<region>[A-Za-z0-9]+)-(?P<name>[^-/\\]+)-(?P<quality>[a-z_]+)"
)
_LICENCE = re.compile(r"^\W*licen[cs]e\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class InstalledVoice:
    """A Piper voice installed for narrate: its id, language, quality, licence and folder."""

    id: str
    language: str
    quality: str
    licence: str
    model: Path
    card: str = ""


def licence_of(card: str) -> str:
    """The licence a Piper model card states (its "License:" line), or "not stated"."""
    found = _LICENCE.findall(card)
    return "; ".join(dict.fromkeys(found)) if found else "not stated"


def installed(settings: Settings) -> list[InstalledVoice]:
    """Piper voices installed for narrate (configured folder, data folder, packages)."""
    from narrate.engines.piper import installed_voices

    found = []
    folders = (settings.voices_dir,) if settings.voices_dir else ()
    for voice in installed_voices(folders):
        card = ""
        for name in ("MODEL_CARD", "MODEL_CARD.md", f"{voice.id}.MODEL_CARD"):
            path = voice.model.with_name(name)
            if path.is_file():
                card = path.read_text("utf-8", "replace")
                break
        licence = licence_of(card) if card else "not stated"
        language = voice.language.replace("_", "-")
        found.append(InstalledVoice(voice.id, language, voice.quality, licence, voice.model, card))
    return found


class _Fetcher:
    """http(s) GETs under one deadline for the whole download, each under a size cap."""

    def __init__(self, deadline_s: float) -> None:
        self.deadline = time.monotonic() + deadline_s

    def get(self, url: str, cap: int, dest: Path | None = None) -> bytes:
        """The body of ``url`` (or written to ``dest``, returning b""); VoiceError on failure."""
        import urllib.error
        import urllib.request

        _check_scheme(url)
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise VoiceError(f"the download took longer than {FETCH_DEADLINE_S:.0f} s; try again")
        opener = urllib.request.build_opener(_SafeRedirects())
        request = urllib.request.Request(url, headers={"User-Agent": "narrate"})
        try:
            with opener.open(request, timeout=min(60.0, left)) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > cap:
                    raise VoiceError(f"{url} is {int(length)} bytes, more than the {cap} allowed")
                return self._read(response, url, cap, dest)
        except urllib.error.HTTPError as exc:
            raise VoiceError(f"{url}: the server answered {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            raise VoiceError(f"{url}: could not fetch it ({reason})") from None

    def _read(self, response: Any, url: str, cap: int, dest: Path | None) -> bytes:
        parts: list[bytes] = []
        size = 0
        with open(dest, "wb") if dest else contextlib.nullcontext() as out:
            while True:
                if time.monotonic() > self.deadline:
                    raise VoiceError(
                        f"the download took longer than {FETCH_DEADLINE_S:.0f} s; try again"
                    )
                block = response.read(1 << 16)
                if not block:
                    break
                size += len(block)
                if size > cap:
                    raise VoiceError(f"{url} is more than the {cap} bytes allowed")
                if out is not None:
                    out.write(block)
                else:
                    parts.append(block)
        return b"".join(parts)


def _check_scheme(url: str) -> None:
    from urllib.parse import urlsplit

    if urlsplit(url).scheme not in ("http", "https"):
        raise VoiceError(f"{url}: only http and https addresses are fetched")


def _safe_redirects() -> type:
    import urllib.request

    class SafeRedirects(urllib.request.HTTPRedirectHandler):
        """Follows a redirect only to another http(s) address."""

        def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201, PLR0913
            _check_scheme(newurl)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return SafeRedirects


def _SafeRedirects() -> Any:  # noqa: N802 - builds the handler class lazily (urllib import)
    return _safe_redirects()()


def voice_paths(name: str) -> dict[str, str]:
    """The repository paths of a voice's files, by the official layout, from its name."""
    match = _VOICE_NAME.fullmatch(name)
    if match is None:
        raise VoiceError(
            f"{name!r} is not a Piper voice name: language_REGION-name-quality, "
            "such as en_GB-alan-low or es_ES-davefx-medium"
        )
    code = f"{match['lang']}_{match['region']}"
    folder = f"{match['lang']}/{code}/{match['name']}/{match['quality']}"
    return {
        "model": f"{folder}/{name}.onnx",
        "config": f"{folder}/{name}.onnx.json",
        "card": f"{folder}/MODEL_CARD",
    }


def download(name: str, settings: Settings, dest: Path | None = None) -> InstalledVoice:
    """Fetch the Piper voice ``name`` from ``settings.voices_url``, check it, install it.

    The repository's voices.json, where it publishes one, gives each file's size and MD5,
    and both are checked; the files are written to a hidden folder beside the voices and
    renamed into place in one step, so a failed download installs nothing.
    """
    from narrate.engines.piper import EngineError, data_folder, read_voice

    base = settings.voices_url.rstrip("/") + "/"
    paths = voice_paths(name)
    fetch = _Fetcher(FETCH_DEADLINE_S)
    published: dict[str, Any] = {}
    try:
        catalogue = json.loads(fetch.get(base + "voices.json", MAX_SMALL_BYTES))
        entry = catalogue.get(name) if isinstance(catalogue, dict) else None
    except (VoiceError, ValueError):
        catalogue, entry = None, None  # no catalogue: fetched by the layout, unchecked
    if catalogue is not None and entry is None:
        raise VoiceError(f"{name!r} is not in {base}voices.json: check the name")
    if isinstance(entry, dict) and isinstance(entry.get("files"), dict):
        published = entry["files"]
        # The catalogue's own paths win over the layout's guess.
        for path in published:
            for kind, suffix in (("model", ".onnx"), ("config", ".onnx.json")):
                if path.endswith(f"/{name}{suffix}"):
                    paths[kind] = path
            if path.endswith("/MODEL_CARD"):
                paths["card"] = path
    root = dest or data_folder()
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
    try:
        files = {"model": f"{name}.onnx", "config": f"{name}.onnx.json", "card": "MODEL_CARD"}
        for kind, filename in files.items():
            cap = MAX_VOICE_BYTES if kind == "model" else MAX_SMALL_BYTES
            target = work / filename
            try:
                fetch.get(base + paths[kind], cap, target)
            except VoiceError:
                if kind == "card":
                    target.unlink(missing_ok=True)  # a voice without a card still installs
                    continue
                raise
            _check_published(target, published.get(paths[kind]))
        try:
            read_voice(work / files["model"])
        except EngineError as exc:
            raise VoiceError(
                f"{name}: the downloaded files are not a Piper voice ({exc})"
            ) from None
        final = root / name
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{name}-old-", dir=root))
            os.rename(final, old / name)
            os.rename(work, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    card = (
        (final / "MODEL_CARD").read_text("utf-8", "replace")
        if (final / "MODEL_CARD").is_file()
        else ""
    )
    voice = read_voice(final / files["model"])
    return InstalledVoice(
        voice.id,
        voice.language.replace("_", "-"),
        voice.quality,
        licence_of(card) if card else "not stated",
        voice.model,
        card,
    )


def _check_published(path: Path, facts: Any) -> None:
    """Compare a downloaded file with the size and MD5 the catalogue publishes for it."""
    if not isinstance(facts, dict):
        return
    size = facts.get("size_bytes")
    if isinstance(size, int) and path.stat().st_size != size:
        raise VoiceError(
            f"{path.name}: {path.stat().st_size} bytes downloaded, the catalogue says "
            f"{size}; try again"
        )
    md5 = facts.get("md5_digest")
    if isinstance(md5, str) and md5:
        digest = hashlib.md5(usedforsecurity=False)
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != md5.lower():
            raise VoiceError(f"{path.name}: its MD5 differs from the catalogue's; try again")
