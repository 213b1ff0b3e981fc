"""Voices and engines for people: filter voices by language, check a voice before a render.

eSpeak NG reads an unknown voice with its default one and says nothing, so a typo in
``--voice`` used to give an episode in the wrong language. A voice is now checked against
the engine's own list first, and a close match is offered.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from narrate.engines import Engine, Voice, engine_names, get_engine


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
    from narrate.normalise import language_code

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
