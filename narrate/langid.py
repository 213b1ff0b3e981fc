"""The language an article is written in, when it does not say or says it wrongly.

The identifier (py3langid, its model shipped in the package) only chooses among the
languages the normaliser has rules for; anything else is read with the declared language
or, when none is declared, English.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from narrate.normalise import language_code

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
