"""The normaliser: clean, apply the lexicon, run the language's rules, tidy."""

from __future__ import annotations

import logging

from . import english
from .lang.spec import has_rules
from .languages import language_code
from .lexicon import Lexicon
from .numbers import digits
from .text import Cue, Frozen, clean, tidy

log = logging.getLogger(__name__)


def _rules_for(lang: str, frozen: Frozen):  # type: ignore[no-untyped-def]
    if lang == "en":
        return english.build_rules(frozen)
    # Loaded for the first article in another language: English is read without them.
    from .lang import registry

    if has_rules(lang):
        return registry.rules(lang)
    from .numbers import n2w

    # An unknown language still gets its numbers read if num2words knows it.
    if n2w(7, lang) != digits("7") or lang in ("",):
        return registry.rules(lang)
    return english.build_rules(frozen)


# Rules can uncover work for one another (splitting "0WWw" exposes "WWw"), so the output
# is taken to a fixed point: a second pass must change nothing, and when it does a third
# runs. On ordinary text the second pass confirms the first.
_MAX_PASSES = 3


def _pass(text: str, lang: str, lexicon: Lexicon | None) -> str:
    frozen = Frozen()
    text = clean(text)
    if lexicon:
        text = lexicon.apply(text, frozen.freeze)
    # A rule may name what its matches need in the text (english.has_digit); the answer is
    # kept until a rule changes the text, so the confirming pass asks once per guard. A
    # guard that is a Cue also says where matches can start.
    present: dict[object, object] = {}
    for pattern, rule, *needs in _rules_for(lang, frozen):
        guard = needs[0] if needs else None
        if guard is not None:
            if guard not in present:
                present[guard] = guard(text)
            if not present[guard]:
                continue
        new = guard.sub(pattern, rule, text) if isinstance(guard, Cue) else pattern.sub(rule, text)
        if present and new != text:
            present.clear()
        text = new
    return tidy(frozen.thaw(text))


def _run(text: str, lang: str, lexicon: Lexicon | None) -> str:
    out = _pass(text, lang, lexicon)
    for _ in range(_MAX_PASSES - 1):
        again = _pass(out, lang, lexicon)
        if again == out:
            break
        out = again
    return out


def normalise(text: str, lang: str = "en", lexicon: Lexicon | None = None) -> str:
    """Return ``text`` rewritten as plain words and punctuation a speech engine reads correctly."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    code = language_code(lang) or "en"
    try:
        return _run(text, code, lexicon)
    except Exception:  # never raise: fall back to the English rules, then to bare digits
        log.exception("normaliser failed; falling back")
        try:
            return _run(text, "en", None)
        except Exception:
            import re

            return re.sub(r"[0-9]", lambda m: f" {digits(m.group())} ", clean(text))
