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


def _language_codes(query: str) -> set[str]:
    """Language codes a ``--language`` value stands for: itself, or the code of a name."""
    from narrate.normalise import language_code

    codes = {query.lower()}
    code = language_code(query)
    if code:
        codes.add(code.lower())
    return codes


def voices_for(voices: Iterable[Voice], language: str | None) -> list[Voice]:
    """The voices speaking ``language``: a code (``en``, ``en-GB``) or a name (``English``)."""
    voices = list(voices)
    if not language:
        return voices
    codes = _language_codes(language)
    folded = _fold(language)
    found = []
    for voice in voices:
        langs = {lang.lower() for lang in voice.languages}
        # "en" takes every English voice; "en-gb" only that region's.
        by_code = any(lang in codes or lang.split("-")[0] in codes for lang in langs)
        # Names only for what cannot be a code ("fr" is no prefix of "Afrikaans").
        by_name = len(folded) > 3 and _fold(voice.name).startswith(folded)
        if by_code or by_name:
            found.append(voice)
    return found


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
