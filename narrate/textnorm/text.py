"""Unicode clean-up, protected spans and final punctuation tidy shared by every language."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

# Control, format, surrogate and private-use characters carry nothing to say. Private use
# is also where protected spans are encoded, so input must never contain it.
_INVISIBLE_CHAR = (
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\ue000-\uf8ff\U000e0000-\U000e007f\U000f0000-\U0010ffff]"
)
# "[...][...]*" rather than "[...]+": a pattern that starts with a class lets the regex
# engine skip quickly to the next candidate (so do the others below, look-behind second).
_INVISIBLE = re.compile(f"{_INVISIBLE_CHAR}{_INVISIBLE_CHAR}*")
_LINE_ENDS = re.compile("[\u2028\u2029\x85]")

# Characters NFKC leaves alone or maps unhelpfully: typographic quotes and dashes, fractions
# (NFKC would glue "2½" into "21⁄2"), and marks that are not spoken.
_TRANSLATE = {
    ord("\u2018"): "'",
    ord("\u2019"): "'",
    ord("\u201a"): "'",
    ord("\u201b"): "'",
    ord("\u2032"): "'",
    ord("\u02bc"): "'",
    ord("`"): "'",
    ord("\u00b4"): "'",
    ord("\u201c"): '"',
    ord("\u201d"): '"',
    ord("\u201e"): '"',
    ord("\u201f"): '"',
    ord("\u00ab"): '"',
    ord("\u00bb"): '"',
    ord("\u2033"): '"',
    ord("\u2039"): "'",
    ord("\u203a"): "'",
    ord("\u2010"): "-",
    ord("\u2011"): "-",
    ord("\u2012"): "-",
    ord("\u2212"): "-",
    ord("\u2013"): " \u2013 ",
    ord("\u2014"): " \u2014 ",
    ord("\u2015"): " \u2014 ",
    ord("\u2044"): "/",
    ord("\u2215"): "/",
    ord("\t"): " ",
    ord("\u00bd"): " 1/2",
    ord("\u2153"): " 1/3",
    ord("\u2154"): " 2/3",
    ord("\u00bc"): " 1/4",
    ord("\u00be"): " 3/4",
    ord("\u2155"): " 1/5",
    ord("\u2156"): " 2/5",
    ord("\u2157"): " 3/5",
    ord("\u2158"): " 4/5",
    ord("\u2159"): " 1/6",
    ord("\u215a"): " 5/6",
    ord("\u2150"): " 1/7",
    ord("\u215b"): " 1/8",
    ord("\u215c"): " 3/8",
    ord("\u215d"): " 5/8",
    ord("\u215e"): " 7/8",
    ord("\u2151"): " 1/9",
    ord("\u2152"): " 1/10",
    ord("\u2122"): "",
    ord("\u00ae"): "",
    ord("\u00a9"): "",
    ord("\u2020"): "",
    ord("\u2021"): "",
}
_SUPERSCRIPTS_BACK = {0xE0F2: "\u00b2", 0xE0F3: "\u00b3", 0xE0F4: "\u00ba", 0xE0F5: "\u00aa"}
# An en dash between numbers is a range; elsewhere it is a pause like the em dash.
_NUMBER_DASH = re.compile(" \u2013 (?<=[0-9] \u2013 )(?=[0-9$£€])")
_TO_TRANSLATE = re.compile("[" + "".join(re.escape(chr(k)) for k in _TRANSLATE) + "]")


_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"
_POWER = re.compile(
    f"[{_SUPERSCRIPT_DIGITS}](?<=[0-9][{_SUPERSCRIPT_DIGITS}])[{_SUPERSCRIPT_DIGITS}]*"
)
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPT_DIGITS, "0123456789-")


def _power(m: re.Match[str]) -> str:
    return "^" + m.group().translate(_FROM_SUPERSCRIPT)


def _translate(m: re.Match[str]) -> str:
    return _TRANSLATE[ord(m.group())]


def clean(text: str) -> str:
    """Drop invisible characters and fold typographic Unicode to what the rules expect."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    if "\t" in text:
        text = text.replace("\t", " ")
    if not text.isascii():
        # Only the few characters that need it are touched: str.translate is slower.
        if "\u2028" in text or "\u2029" in text or "\x85" in text:
            text = _LINE_ENDS.sub("\n", text)
        # Superscript digits after a number are a power ("10²³"): NFKC would glue them on.
        text = _POWER.sub(_power, text)
        text = _TO_TRANSLATE.sub(_translate, text)
        if not unicodedata.is_normalized("NFKC", text):
            # Squares and cubes survive NFKC so that "km²" stays one unit.
            text = text.replace("\u00b2", "\ue0f2").replace("\u00b3", "\ue0f3")
            # Ordinal indicators ("1º", "30ºC") would become letters.
            text = text.replace("\u00ba", "\ue0f4").replace("\u00aa", "\ue0f5")
            text = unicodedata.normalize("NFKC", text)
            # str.replace is far quicker than str.translate on text that is not ASCII.
            for marker, mark in _SUPERSCRIPTS_BACK.items():
                text = text.replace(chr(marker), mark)
        text = _NUMBER_DASH.sub("-", text)
    return text


# Protected spans are replaced by a private-use marker so no later rule can touch them.
_OPEN, _CLOSE, _BASE = "\ue000", "\ue001", 0xE100
_MARKER = re.compile("\ue000([\ue100-\ue1ff]+)\ue001")


class Frozen:
    """Finished spoken text kept aside while later rules run over the rest."""

    __slots__ = ("spans",)

    def __init__(self) -> None:
        self.spans: list[str] = []

    def freeze(self, spoken: str) -> str:
        """Return a marker standing for ``spoken``."""
        i = len(self.spans)
        self.spans.append(spoken)
        code = ""
        while True:
            i, r = divmod(i, 256)
            code = chr(_BASE + r) + code
            if not i:
                break
        return f"{_OPEN}{code}{_CLOSE}"

    def thaw(self, text: str) -> str:
        """Put every frozen span back in place of its marker."""
        if not self.spans:
            return text
        return _MARKER.sub(self._lookup, text)

    def _lookup(self, m: re.Match[str]) -> str:
        i = 0
        for c in m.group(1):
            i = i * 256 + ord(c) - _BASE
        return self.spans[i] if i < len(self.spans) else ""


_SPACES = re.compile(r" [ \t\f\v]+|[\t\f\v][ \t\f\v]*")
# A cluster of marks and the spaces after it. The spaces before it belong to it too: they
# are found by stepping back from its first mark, so the scan stops only at marks.
_PUNCT_CLUSTER = re.compile(r"[,;:.!?](?: *[,;:.!?])* *")
_PRIVATE = re.compile("[\ue000-\uf8ff]")


def _cluster(m: re.Match[str]) -> str:
    s = m.group()
    marks = s.replace(" ", "")
    if len(marks) > 1:
        strong = "".join(c for c in marks if c in ".!?")
        if "!" in strong or "?" in strong:
            strong = strong.replace(".", "")
        elif strong:
            strong = "..." if "..." in marks else "."
        marks = strong or next((c for c in marks if c in ";:"), ",")
    return marks + (" " if s.endswith(" ") else "")


def _clusters(text: str) -> str:
    """Each cluster of marks, with the spaces around it, in its one written form."""
    out, last = [], 0
    for m in _PUNCT_CLUSTER.finditer(text):
        start = m.start()
        while start > last and text[start - 1] == " ":
            start -= 1  # the spaces before a mark go with it (and change nothing in it)
        out.append(text[last:start])
        out.append(_cluster(m))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def tidy(text: str) -> str:
    """Collapse spaces and stray punctuation left by the rules into one stable form."""
    if not text.isascii():
        text = _PRIVATE.sub("", text)
    if "\t" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    else:  # runs of spaces only: halving them is quicker than a regex stopping at each space
        while "  " in text:
            text = text.replace("  ", " ")
    text = _clusters(text)
    # No line starts or ends with spaces, commas, semicolons or colons.
    return "\n".join([line.strip(" ,;:") for line in text.split("\n")]).strip(" ")


def alternatives(keys, not_after: str = "") -> str:  # type: ignore[no-untyped-def]
    """A regex alternation of ``keys``, escaped, longest first.

    With ``not_after`` (a class), each checks that the character before it is not in the
    class, in a look-behind after its first character (so the pattern starts with a
    character the regex engine can skip ahead to).
    """
    if not_after:
        return "|".join(
            f"{re.escape(k[0])}(?<!{not_after}{re.escape(k[0])}){re.escape(k[1:])}"
            for k in sorted(keys, key=len, reverse=True)
        )
    return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))


def safe(fn: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
    """Wrap a rule so that a failure on one match degrades to digit reading, never a crash."""

    def wrapper(m: re.Match[str]) -> str:
        try:
            return fn(m)
        except Exception:  # any bug in one rule must cost one token, not the article
            from .numbers import digits

            return re.sub(r"[0-9]+", lambda d: f" {digits(d.group())} ", m.group())

    wrapper.__name__ = getattr(fn, "__name__", "rule")
    return wrapper


class Cue:
    """Where a rule's matches can start, so that its pattern is tried there only.

    Every match of the rule's pattern holds a match of ``cue`` (one character long) and
    starts where the run of word characters and ``chars`` just before that cue begins: the
    pattern's own look-behind rules out a start inside such a run. On text without a cue
    the rule is skipped (a cue is also a guard); elsewhere the regex engine is not asked
    to try the pattern at every character, only at those few starts.
    """

    __slots__ = ("chars", "cue", "needs")

    def __init__(
        self, cue: str, chars: str, flags: int = 0, needs: Callable[[str], object] | None = None
    ) -> None:
        self.cue = re.compile(cue, flags)
        self.chars = chars
        self.needs = needs  # a quicker test for a cue, when there is one

    def __call__(self, text: str) -> object:
        return self.needs(text) if self.needs else self.cue.search(text)

    def starts(self, text: str) -> Iterator[int]:
        """Every place in ``text`` where a match can start, in order (some more than once)."""
        before, before_start = -1, 0  # the previous cue and the start found for it
        chars = self.chars
        for cue in self.cue.finditer(text):
            at = start = cue.start()
            while start:
                c = text[start - 1]
                if not (c.isalnum() or c == "_" or c in chars):  # isalnum: as \w, minus "_"
                    break
                start -= 1
                if start == before:  # the previous cue's run: it starts where that one did
                    start = before_start
                    break
            before, before_start = at, start
            yield start

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str) -> str:
        """What ``pattern.sub(repl, text)`` returns."""
        out: list[str] = []
        last, tried = 0, -1  # the end of the last match, the last start tried
        for start in self.starts(text):
            if start <= tried or start < last:
                continue
            tried = start
            m = pattern.match(text, start)
            if m:
                out.append(text[last:start])
                out.append(repl(m))
                last = m.end()
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)
