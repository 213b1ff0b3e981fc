"""The language an article is written in, when it does not say or says it wrongly.

The identifier (py3langid, its model shipped in the package) only chooses among the
languages the normaliser has rules for; anything else is read with the declared language
or, when none is declared, English.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from narrate.textnorm import language_code

log = logging.getLogger(__name__)

# The languages with their own rules (normalise/english.py and data/{es,fr,de}.toml).
LANGUAGES = ("en", "es", "fr", "de")
_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German"}
# Shorter text says too little; longer text adds nothing but time.
_MIN_LETTERS = 20
_SAMPLE_CHARS = 4000
# How sure the identifier must be to choose a language, and to contradict a declared one
# (on longer text only: a page of quotations or names can fool it).
_CHOOSE = 0.9
_CONTRADICT = 0.999
_CONTRADICT_LETTERS = 120


# The commonest words of each language: a text that is plainly in its declared language
# (its own make up a good share, several times any other's) is taken at its word without
# loading the model, which costs about a second and a half of every build that reads.
_COMMON = {
    "en": frozenset("the and of to in is that for it was on with as are by".split()),
    "es": frozenset("el la de que y en los se del las por un para con una".split()),
    "fr": frozenset("le la les de et des est que une du en pour dans qui pas".split()),
    "de": frozenset("der die und das ist nicht mit den von zu des sich ein auf eine".split()),
}
_PLAIN_SHARE = 0.08
_PLAIN_WORDS = 40
_WORD = re.compile(r"[^\W\d_]+")


def plainly_in(code: str, text: str) -> bool:
    """Whether ``text`` is plainly in the language ``code``, by its commonest words alone."""
    words = _WORD.findall(text[:_SAMPLE_CHARS].lower())
    if code not in _COMMON or len(words) < _PLAIN_WORDS:
        return False
    share = {lang: sum(w in common for w in words) / len(words) for lang, common in _COMMON.items()}
    others = max(v for lang, v in share.items() if lang != code)
    return share[code] >= _PLAIN_SHARE and share[code] >= 3 * others


@functools.cache
def _identifier() -> Any:
    # Loading the model takes about a second: only when a text is first identified.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def identify(text: str) -> tuple[str, float]:
    """The likeliest of narrate's languages for ``text``, and how likely; ("", 0.0) if too short."""
    sample = text[:_SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < _MIN_LETTERS:
        return "", 0.0
    code, probability = _identifier().classify(sample)
    return str(code), float(probability)


def choose(declared: str, text: str, source: str = "") -> str:
    """The ISO code to read ``text`` with: the declared language, else the identified one.

    A declared language that the text plainly contradicts is kept (the author said so) and
    warned about in one line, naming the language the text reads as.
    """
    code = language_code(declared)
    if code and code not in LANGUAGES:
        return code  # a language we have no rules to compare with
    if code and plainly_in(code, text):
        return code
    guess, probability = identify(text)
    if not code:
        return guess if guess and probability >= _CHOOSE else "en"
    letters = sum(c.isalpha() for c in text[:_SAMPLE_CHARS])
    contradicted = guess and guess != code and probability >= _CONTRADICT
    if contradicted and letters >= _CONTRADICT_LETTERS:
        where = f"{source}: " if source else ""
        log.warning(
            "%sthe article says it is in %s but reads as %s; it is read as %s "
            "(correct its language to change that)",
            where,
            _NAMES[code],
            _NAMES[guess],
            _NAMES[code],
        )
    return code
