"""English (US) rules: each is a compiled pattern plus a function writing the spoken form.

The rules run in order over the whole text; earlier, more specific rules (URLs, dates,
money) consume their digits before the general number rule sees them. Every pattern is
anchored by a negative look-behind on its own character class so that matching starts
only at token boundaries, which keeps the scan linear in the input length.

Two decisions are taken before any rule rewrites the text, so that rule order cannot
change them: web and e-mail addresses are frozen, and each line is classified as a
headline or dateline set in capitals (its words then read as words, each on its own).
Context that decides a reading (a determiner before a unit, a maker before a model
number, a name before a Roman numeral) is data in ``data/context.toml``, ``roman.toml``
and ``acronyms.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from . import data
from .numbers import (
    ONES,
    SCALES,
    TENS,
    cardinal,
    cardinal_str,
    decimal,
    digits,
    ordinal,
    plural_words,
    year,
)
from .text import Cue, Frozen, alternatives, safe

# A rule's guard, when it has one, tells whether the text can hold a match at all: a rule
# whose guard says no is skipped (the second, confirming pass has no digits left to read).
Guard = Callable[[str], object]
Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str], Guard | None]

# Integer with optional thousands separators, then optional decimal part.
INT = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)"
NUM = rf"{INT}(?:\.[0-9]+)?"


def has_digit(text: str) -> bool:
    """Whether ``text`` holds an ASCII digit, which every number rule's match needs."""
    return any(d in text for d in "0123456789")


MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH_ALIASES = {m.lower(): i + 1 for i, m in enumerate(MONTHS)}
_MONTH_ALIASES.update({m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)})
_MONTH_ALIASES["sept"] = 9
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_WEEKDAY_ALIASES = {d.lower(): d for d in WEEKDAYS}
_WEEKDAY_ALIASES.update({d[:3].lower(): d for d in WEEKDAYS})
_WEEKDAY_ALIASES.update({"tues": "Tuesday", "thur": "Thursday", "thurs": "Thursday"})


def _cases(words: list[str]) -> str:
    """Title, upper and (for full names) lower case forms: "JAN. 15", "july 25" are dates too."""
    forms = []
    for w in words:
        forms += [w, w.upper()]
        if w not in ("March", "May"):
            forms.append(w.lower())  # "may" and "march" are also verbs
    return "|".join(sorted(set(forms), key=len, reverse=True))


_ABBR_MONTHS = "Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec".split()
MONTH_RE = (
    rf"(?:{_cases(MONTHS)}|(?:{'|'.join(w + '|' + w.upper() for w in _ABBR_MONTHS)})\.?"
    rf"|(?:{'|'.join(w.lower() for w in _ABBR_MONTHS)})\."
    # Lower case without the period only before a day: "jul 25 2012" ("mar" is a verb).
    rf"|(?:{'|'.join(w.lower() for w in _ABBR_MONTHS if w != 'Mar')})(?= [0-9])"
    # ... or after a day with its ending: "2nd feb", "the 2nd of feb".
    r"|(?:(?<=[0-9]st |[0-9]nd |[0-9]rd |[0-9]th )"
    r"|(?<=[0-9]st of |[0-9]nd of |[0-9]rd of |[0-9]th of ))"
    rf"(?:{'|'.join(w.lower() for w in _ABBR_MONTHS if w != 'Mar')})(?![\w])"
    # "mar", "march" and "may" are verbs too: lower case only before a day and a year.
    r"|(?:mar|march|may)(?= [0-9]{1,2}(?:st|nd|rd|th)?,? [0-9]{4}(?![0-9])))"
)
WEEKDAY_RE = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.?)"
)
# Every name above starts with one of these: checked first, it rules out most places at once.
_DATE_FIRST = "".join(sorted({w[0] for w in MONTHS + WEEKDAYS} | {w[0].lower() for w in MONTHS}))
AMPM_RE = r"(?:[ap]\.m\.|[AP]\.M\.|[ap]\.m(?![\w.])|[ap]m(?!\w)|[AP]M(?!\w))"


def _month(s: str) -> str:
    return MONTHS[_MONTH_ALIASES[s.rstrip(".").lower()] - 1]


def _weekday(s: str) -> str:
    return _WEEKDAY_ALIASES[s.rstrip(".").lower()]


def _num(s: str) -> str:
    """Read a written number ("8,000", "3.14", "007")."""
    s = s.replace(",", "")
    if "." in s:
        whole, _, frac = s.partition(".")
        return decimal(whole, frac)
    return cardinal_str(s)


_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z']*)[^A-Za-z0-9\n]{0,3}$")
_WORD_AFTER = re.compile(r"^[ \-]{0,2}([A-Za-z][A-Za-z']*)")


def word_before(m: re.Match[str], start: int | None = None) -> str:
    """The word just before a match (within a short window), or ""."""
    s = m.start() if start is None else start
    w = _WORD_BEFORE.search(m.string, max(0, s - 24), s)
    return w.group(1) if w else ""


def word_after(m: re.Match[str], end: int | None = None) -> str:
    """The word just after a match (within a short window), or ""."""
    e = m.end() if end is None else end
    w = _WORD_AFTER.match(m.string[e : e + 24])
    return w.group(1) if w else ""


def _ends_sentence(m: re.Match[str]) -> bool:
    """Whether a trailing period of an abbreviation also ends the sentence."""
    rest = m.string[m.end() : m.end() + 24]
    stripped = rest.lstrip(" ")
    if not stripped or stripped[0] == "\n":
        return True
    if stripped[0] in "\"'":
        return True
    nxt = word_after(m)
    return bool(nxt) and nxt in data.words("sentence_starters")


def _keep_period(m: re.Match[str], spoken: str) -> str:
    return spoken + "." if m.group().endswith(".") and _ends_sentence(m) else spoken


@cache
def _context_sets() -> dict[str, frozenset[str]]:
    ctx = data.load("context")
    return {
        "before": frozenset(ctx["adjective"]["before"]),
        "not_noun": frozenset(ctx["adjective"]["not_noun"]),
        "makers": frozenset(w.split()[-1] for w in ctx["models"]["makers"])
        | frozenset(ctx["models"]["named"]),
        "model_after": frozenset(ctx["models"]["after"]),
        "streets": frozenset(ctx["models"]["streets"]),
        "zip_before": frozenset(ctx["models"]["zip_before"]),
        "or_words": frozenset(ctx["slash"]["or_words"]),
    }


_DETERMINER = re.compile(r"(?:^|(?<=[^\w]))([A-Za-z]+) $")
_NOUN_AFTER = re.compile(r"[ \-]([a-z][a-z]*)(?!\w)")


def _adjective(m: re.Match[str]) -> bool:
    """Whether an amount with a unit stands between a determiner and the noun it describes.

    "a 10 mg dose", "a $1.5 billion deal": a newsreader says the unit in the singular.
    """
    sets = _context_sets()
    w = _DETERMINER.search(m.string, max(0, m.start() - 12), m.start())
    if not w or w.group(1) not in sets["before"]:
        return False
    nxt = _NOUN_AFTER.match(m.string, m.end())
    return nxt is not None and nxt.group(1) not in sets["not_noun"]


def model_number(n: str) -> str:
    """A model or street number as said ("787" -> "seven eighty seven", "1600" as a year)."""
    if len(n) == 4:
        return year(int(n))
    if len(n) != 3 or n[0] == "0":
        return cardinal_str(n)
    head, rest = ONES[int(n[0])], int(n[1:])
    if rest == 0:
        return cardinal(int(n))
    if rest < 10:
        return f"{head} oh {ONES[rest]}"
    return f"{head} {cardinal(rest)}"


# --- acronyms ---------------------------------------------------------------------------

# Y is a vowel inside a word ("SYRIA") and a consonant before a vowel ("YALE").
_VOWELS = set("AEIOUY")
_ONSETS = frozenset(
    "B BL BR C CH CL CR D DR F FL FR G GL GR H J K KH KL KR L M N P PH PL PR QU R S SC SCH "
    "SCR SH SK SL SM SN SP SPL SPR ST STR SW T TH THR TR TW V W WH WR Y Z ZH".split()
) | {""}
_CODAS = frozenset(
    "B CK CT D DS F FF FT G GS K KS L LD LF LK LL LM LP LS LT M MB MP MS N NC ND NDS NG NGS NK "
    "NS NT NTS P PS PT R RB RC RD RF RG RK RL RM RN RP RS RT RTS S SH SK SM SP SS ST T TH TS "
    "TCH CH X Z ZZ W Y C GH GHT GHTS NGTH NGTHS WTH WN WNS WL WD RTH LTH NCH RCH LCH RST XT "
    "PTH FTH".split()
) | {""}
_CLUSTER = re.compile(r"^Y(?=[AEIOU])|[^AEIOUY]+|[AEIOUY]+")


@lru_cache(maxsize=8192)
def pronounceable(word: str) -> bool:
    """Whether an unknown all-capitals word reads as a word rather than letters."""
    if len(word) < 4 or not any(c in _VOWELS for c in word):
        return False
    parts = _CLUSTER.findall(word)
    if parts[0] == "Y" and len(parts) > 1 and parts[1][0] in _VOWELS:
        parts = ["Y" + parts[1], *parts[2:]] if len(parts) > 2 else ["Y", parts[1]]
    first, last = parts[0], parts[-1]
    if first[0] not in _VOWELS and first not in _ONSETS and first[0] != "Y":
        return False
    if (
        last[0] not in _VOWELS
        and last not in _CODAS
        and not (last.endswith("S") and last[:-1] in _CODAS)
    ):
        return False
    if len(word) == 4 and first[0] in _VOWELS and len(parts) > 1 and len(parts[1]) > 1:
        return False  # "ACLU", "OSCE": a vowel then a cluster in four letters is spelled
    for p in parts[1:-1] if len(parts) > 2 else ():
        if p[0] in _VOWELS:
            if len(p) > 2:
                return False
        elif len(p) > 3:
            return False
    return not (last[0] in _VOWELS and len(last) > 2)


def spell(letters: str) -> str:
    """Spell capitals letter by letter ("CIA" -> "C I A", "R&D" -> "R and D")."""
    return " ".join("and" if c == "&" else c for c in letters if c.isalnum() or c == "&")


@lru_cache(maxsize=8192)
def acronym(word: str) -> str:
    """Spoken form of an all-capitals token: listed word, pronounceable word, or letters."""
    table = data.load("acronyms")
    if word in table["words"]:
        return table["words"][word]
    if word in table["spelled"]["letters"]:
        return spell(word)
    if "&" not in word and pronounceable(word):
        return word
    return spell(word)


# --- rule functions ---------------------------------------------------------------------

_TLD_WORDS = frozenset("com org net gov edu co info news int mil app dev online".split())
_URL_SPLIT = re.compile(r"([./:\-_@~=&?#+])")
_URL_SEP = {
    ".": "dot",
    "/": "slash",
    ":": "",
    "-": "dash",
    "_": "underscore",
    "@": "at",
    "~": "tilde",
    "=": "equals",
    "&": "and",
    "?": "",
    "#": "hash",
    "+": "plus",
}
# A three-letter label said as a word ("doe", "bob"); others are spelled ("bbc", "abc").
_SYLLABLE = re.compile(r"[b-df-hj-np-tv-z][aeiouy][a-z]")
_ALNUM_PARTS = re.compile(r"[0-9]+|[A-Za-z]+|[^0-9A-Za-z]+")


def _read_web_part(part: str) -> str:
    out = []
    for piece in _ALNUM_PARTS.findall(part):
        if piece.isdigit():
            out.append(digits(piece))
        elif piece.isascii() and piece.isalpha():
            low = piece.lower()
            if low not in _TLD_WORDS and (
                len(low) <= 2 or piece == "www" or (len(low) == 3 and not _SYLLABLE.fullmatch(low))
            ):
                out.append(" ".join(low))
            elif low in _TLD_WORDS or pronounceable(piece.upper()) or piece.islower():
                out.append(low if piece.islower() or low in _TLD_WORDS else piece)
            else:
                out.append(" ".join(piece))
        else:
            out.append(piece)
    return " ".join(out)


def read_web(address: str) -> str:
    """Read a URL or e-mail address aloud ("www.example.com" -> "w w w dot example dot com")."""
    address = re.sub(r"^(?:https?|ftp)://", "", address, flags=re.IGNORECASE)
    address = address.split("?", 1)[0].rstrip("/")
    words = []
    for token in _URL_SPLIT.split(address):
        if not token:
            continue
        if token in _URL_SEP:
            if _URL_SEP[token]:
                words.append(_URL_SEP[token])
        else:
            words.append(_read_web_part(token))
    return " ".join(words)


_TRAILING = ".,;:!?)'\""


def _web(frozen: Frozen) -> Callable[[re.Match[str]], str]:
    def rule(m: re.Match[str]) -> str:
        s = m.group()
        tail = ""
        while s and s[-1] in _TRAILING:
            tail = s[-1] + tail
            s = s[:-1]
        return f" {frozen.freeze(read_web(s))} {tail}"

    return rule


def _phone(m: re.Match[str]) -> str:
    groups = [g for g in re.split(r"[^0-9+]+", m.group()) if g]
    spoken = []
    for g in groups:
        if g.startswith("+"):
            spoken.append("plus " + digits(g))
        else:
            spoken.append(digits(g))
    return ", ".join(spoken)


def _day_ordinal(s: str) -> str:
    n = int(s)
    if not 1 <= n <= 31:
        raise ValueError(s)
    return ordinal(n)


def _date_mdy(m: re.Match[str]) -> str:
    wd, mon, day, yr, yr_only = m.group("wd", "mon", "day", "yr", "yr2")
    parts = []
    if wd:
        parts.append(_weekday(wd) + ",")
    if m.group("yr3"):  # "Nov '22"
        parts.append(f"{_month(mon)} {_short_year_words(int(m.group('yr3')))}")
        return " ".join(parts)
    if yr_only:
        of = "of " if m.group("of") else ""
        parts.append(f"{_month(mon)} {of}{year(int(yr_only))}")
        return " ".join(parts)
    parts.append(f"{_month(mon)} {_day_ordinal(day)}")
    if m.group("day2"):  # "June 5-7": the days of one month, read with "to"
        parts[-1] += f" to {_day_ordinal(m.group('day2'))}"
    if yr:
        parts[-1] += ","
        parts.append(year(int(yr)))
    return " ".join(parts)


_NAMED_RANGE = (
    "(?:"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + "|(?:Sept|Tues|Thurs|Thur|"
    + "|".join(w for w in _ABBR_MONTHS if w != "Sept")
    + "|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\.?"
    + "|"
    + "|".join(WEEKDAYS)
    + ")"
)


def _named_range(m: re.Match[str]) -> str:
    """ "Mon-Fri" -> "Monday to Friday", "Jan.-March" -> "January to March"."""
    a, b = m.group("a", "b")
    days = a.rstrip(".").lower() in _WEEKDAY_ALIASES, b.rstrip(".").lower() in _WEEKDAY_ALIASES
    if days[0] != days[1]:
        return m.group()
    read = _weekday if days[0] else _month
    return f"{read(a)} to {read(b)}"


def _date_dmy(m: re.Match[str]) -> str:
    day, mon, yr = m.group("day", "mon", "yr")
    the = "" if word_before(m).lower() == "the" else "the "
    spoken = f"{the}{_day_ordinal(day)} of {_month(mon)}"
    return f"{spoken} {year(int(yr))}" if yr else spoken


def _date_iso(m: re.Match[str]) -> str:
    y, mo, d = (int(x) for x in m.group("y", "mo", "d"))
    if not 1 <= mo <= 12:
        raise ValueError(mo)
    return f"{MONTHS[mo - 1]} {_day_ordinal(str(d))}, {year(y)}"


def _date_us(m: re.Match[str]) -> str:
    mo, d, y = m.group("mo", "d", "y")
    if 12 < int(mo) <= 31 and 1 <= int(d) <= 12:
        # Day first, as written outside the US: "25/12/2019".
        yr = year(int(y)) if len(y) == 4 else cardinal(int(y))
        return f"the {_day_ordinal(mo)} of {MONTHS[int(d) - 1]} {yr}"
    if not 1 <= int(mo) <= 12 or not 1 <= int(d) <= 31:
        return " / ".join(cardinal_str(x) for x in (mo, d, y))
    yr = int(y)
    if len(y) == 2:
        return f"{MONTHS[int(mo) - 1]} {_day_ordinal(d)}, {'oh ' if yr < 10 else ''}{cardinal(yr)}"
    return f"{MONTHS[int(mo) - 1]} {_day_ordinal(d)}, {year(yr)}"


def _ampm(s: str) -> str:
    return "p m" if s[0] in "pP" else "a m"


def _clock(h: int, mi: int, has_ampm: bool) -> str:
    if mi == 0:
        if has_ampm:
            return cardinal(h)
        return f"{cardinal(h)} hundred" if h > 12 or h == 0 else f"{cardinal(h)} o'clock"
    if mi < 10:
        return f"{cardinal(h)} oh {cardinal(mi)}"
    return f"{cardinal(h)} {cardinal(mi)}"


def _time(m: re.Match[str]) -> str:
    h, mi, sec, ap = m.group("h", "mi", "s", "ap")
    hour, minute = int(h), int(mi)
    fs = m.groupdict().get("fs")
    if fs:  # "1:41.902", "2:05:31.4": a lap or race time with tenths and thousandths
        return _race_time(hour, minute, sec, fs)
    if hour > 24:
        if ap or sec:
            raise ValueError(h)
        return _clock(hour, minute, True)  # "59:03", minutes and seconds of a race
    if sec and not ap:
        # "2:01:09" in running text is a duration (a race, a film), not a clock.
        return _duration(hour, minute, int(sec))
    spoken = _clock(hour, minute, bool(ap))
    if sec and int(sec):  # "10:00:00 p.m." is ten p m; only seconds that count are read
        spoken += f" and {cardinal(int(sec))} second{'' if int(sec) == 1 else 's'}"
    if ap:
        spoken = _keep_period(m, f"{spoken} {_ampm(ap)}")
    return spoken


def _race_time(h: int, mi: int, sec: str | None, fraction: str) -> str:
    if sec is None:  # minutes and seconds: "one forty one point nine zero two"
        return f"{_clock(h, mi, True)} point {digits(fraction)}"
    seconds = int(sec)
    unit = f"second{'' if seconds == 1 and not fraction.strip('0') else 's'}"
    parts = [
        f"{cardinal(x)} {u}{'' if x == 1 else 's'}" for x, u in ((h, "hour"), (mi, "minute")) if x
    ]
    return " ".join(parts) + f" and {cardinal(seconds)} point {digits(fraction)} {unit}"


# Words before "1600 hours" that make it a clock time rather than a count of hours.
_MILITARY_BEFORE = frozenset("at by from until till before after since to around".split())


def _military(m: re.Match[str]) -> str:
    """ "at 1600 hrs" -> "at sixteen hundred hours", "0930 GMT" -> "oh nine thirty GMT"."""
    h, mi, w = m.group("h", "mi", "w")
    hour, minute = int(h), int(mi)
    if hour > 23 or (w in ("hrs", "hours") and word_before(m).lower() not in _MILITARY_BEFORE):
        return m.group()  # "1200 hours of footage": a quantity, read by the unit rule
    head = f"oh {cardinal(hour)}" if h[0] == "0" and hour else cardinal(hour)
    if minute == 0:
        tail = "hundred"
    else:
        tail = f"oh {cardinal(minute)}" if minute < 10 else cardinal(minute)
    return f"{head} {tail} {'hours' if w in ('hrs', 'hours') else w}"


def _duration(h: int, mi: int, sec: int) -> str:
    def part(n: int, unit: str) -> str:
        return f"{cardinal(n)} {unit}{'' if n == 1 else 's'}"

    parts = [part(x, u) for x, u in ((h, "hour"), (mi, "minute")) if x]
    return " ".join(parts) + f" and {part(sec, 'second')}" if parts else part(sec, "second")


def _clock_part(h: str, mi: str | None, ap: str | None) -> str:
    hour, minute = int(h), int(mi or 0)
    if not 0 <= hour <= 12 or minute > 59:
        raise ValueError(h)
    spoken = _clock(hour, minute, True)
    return f"{spoken} {_ampm(ap)}" if ap else spoken


def _time_range(m: re.Match[str]) -> str:
    """ "9 a.m.-5 p.m.", "2pm-5pm", "10-11:30 a.m.": both ends of a range of clock times."""
    h1, mi1, ap1, h2, mi2, ap2 = m.group("h1", "mi1", "ap1", "h2", "mi2", "ap2")
    if not ap2 or (not ap1 and not (mi1 or mi2) and m.group("sep") == "to"):
        return m.group()  # "from 9 to 5 p.m." alone is read by the other rules
    spoken = f"{_clock_part(h1, mi1, ap1)} to {_clock_part(h2, mi2, ap2)}"
    return _keep_period(m, spoken)


def _clock_range(m: re.Match[str]) -> str:
    h1, mi1, h2, mi2 = (int(x) for x in m.group("h1", "mi1", "h2", "mi2"))
    if h1 > 24 or h2 > 24:
        return m.group()  # "59:03-59:10": race times, read by the other rules
    return f"{_clock(h1, mi1, False)} to {_clock(h2, mi2, False)}"


def _time_short(m: re.Match[str]) -> str:
    h, ap = m.group("h", "ap")
    if int(h) > 12:
        raise ValueError(h)
    return _keep_period(m, f"{cardinal(int(h))} {_ampm(ap)}")


def _ratio(m: re.Match[str]) -> str:
    return f"{cardinal_str(m.group('a'))} to {cardinal_str(m.group('b'))}"


def _currencies() -> dict[str, list[str]]:
    return data.load("currencies")["prefix"]


@cache
def unit_names() -> dict[str, list[str]]:
    """Each written unit with its singular and plural, case variants, areas and volumes included."""
    units = data.load("units")
    names = dict(units["units"])
    for u in units["variants"]["any_case"]:
        for form in (u.upper(), u.capitalize()):
            names.setdefault(form, names[u])
    for short, word in (("sq", "square"), ("cu", "cubic")):
        for length, (one, many) in units["lengths"].items():
            spoken = [f"{word} {one}", f"{word} {many}"]
            for form in (f"{short} {length}", f"{short}. {length}"):
                names.setdefault(form, spoken)
                names.setdefault(f"{form}.", spoken)
            if short == "sq":  # "100 sqm", "1,200 sqft"
                names.setdefault(f"sq{length}", spoken)
    return names


def _scale_word(s: str | None) -> str:
    if not s:
        return ""
    scales = data.load("units")["scales"]
    return scales.get(s) or scales.get(s.lower(), s)  # "$5 BILLION", "$2 Million"


def _money_amount(amount: str, names: list[str]) -> str:
    """An amount without scale word: dollars and cents."""
    amount = amount.replace(",", "")
    whole, _, frac = amount.partition(".")
    one, many, minor_one, minor_many = names
    if len(frac) > 2 and not frac[2:].strip("0"):
        frac = frac[:2]  # "$2.000", "$20.010": zeros after the cents add nothing
    if len(frac) > 2:
        return f"{decimal(whole, frac)} {many}"
    cents = int(frac.ljust(2, "0")) if frac else 0
    units = int(whole) if whole else 0
    if len(whole) > 15:
        return f"{cardinal_str(whole)} {many}"
    parts = []
    if units or not cents:
        parts.append(f"{cardinal(units)} {one if units == 1 else many}")
    if cents:
        parts.append(f"{cardinal(cents)} {minor_one if cents == 1 else minor_many}")
    return " and ".join(parts)


def _money(m: re.Match[str]) -> str:
    cur, a, b = m.group("cur", "a", "b")
    # Two scale groups: glued suffixes ("20m") need no space, words ("20 million") may.
    scale = m.group("scale") or m.group("scale2")
    names = _currencies()[cur]
    scale_w = _scale_word(scale)
    # "a $1.5 billion deal": the currency is an adjective, said in the singular.
    unit = names[0] if _adjective(m) else names[1]
    s1 = _scale_word(m.group("s1"))
    if s1 and not b:
        raise ValueError(a)  # the look-ahead promised a range
    if s1 and s1 != scale_w:  # "$500m-$1.2bn": each end has its own scale
        return f"{_num(a)} {s1} to {_num(b)} {scale_w} {unit}".replace("  ", " ")
    if scale_w:
        first = _num(a)
        second = f" to {_num(b)}" if b else ""
        return f"{first}{second} {scale_w} {unit}"
    if b:
        if "." in a + b:  # "$5.50-$7.25": each side in dollars and cents
            return f"{_money_amount(a, names)} to {_money_amount(b, names)}"
        return f"{_num(a)} to {_num(b)} {unit}"
    if unit == names[0] and "." not in a:
        return f"{_num(a)} {unit}"
    if unit == names[0]:  # "a $1.99 burger": a one dollar ninety nine cent burger
        return _money_adjective(a, names)
    return _money_amount(a, names)


def _money_adjective(amount: str, names: list[str]) -> str:
    whole, _, frac = amount.replace(",", "").partition(".")
    if len(frac) != 2:
        return _money_amount(amount, names)
    cents = int(frac)
    head = f"{cardinal(int(whole or 0))} {names[0]}" if whole.strip("0") else ""
    tail = f"{cardinal(cents)} {names[2]}" if cents else ""
    return " ".join(p for p in (head, tail) if p) or f"zero {names[0]}"


_RESOLUTIONS = frozenset({"240", "360", "480", "576", "720", "1080", "1440", "2160", "4320"})


def _resolution(m: re.Match[str]) -> str:
    n = m.group("n")
    if n not in _RESOLUTIONS:
        return m.group()  # "50p", "100i": read by the other rules
    return f"{model_number(n)} {m.group('s')}"


def _money_suffix(m: re.Match[str]) -> str:
    a, cur = m.group("a", "cur")
    names = data.load("currencies")["suffix"][cur]
    if cur in ("p", "¢"):
        return f"{_num(a)} {names[0] if a == '1' else names[1]}"
    return _money_amount(a, names)


def _power(m: re.Match[str]) -> str:
    a, e = m.group("a", "e")
    value = int(e)
    if value == 2:
        return f"{_num(a)} squared"
    if value == 3:
        return f"{_num(a)} cubed"
    sign = "minus " if value < 0 else ""
    return f"{_num(a)} to the {sign}{ordinal(abs(value))}"


def _glued_degrees(m: re.Match[str]) -> str:
    """ "40C": a temperature written without the degree sign."""
    a, b, u = m.group("a", "b", "u")
    scale = "Celsius" if u == "C" else "Fahrenheit"
    if b:  # "20-30C"
        return f"{_num(a)} to {_num(b)} degrees {scale}"
    return f"{_num(a)} {'degree' if a == '1' else 'degrees'} {scale}"


@cache
def _states() -> dict[str, str]:
    table = data.load("abbreviations")
    states = {**table["postal"], **table["after_comma"]}
    states.update({name: name for name in table["postal"].values()})
    return states


_DIRECTIONS = {"N": "North", "S": "South", "E": "East", "W": "West"}
# The street kinds of US addresses, as the Postal Service abbreviates them.
_STREET_WORDS = {
    "St": "Street", "st": "Street", "ST": "Street", "Ave": "Avenue", "Av": "Avenue",
    "ave": "Avenue", "Ct": "Court", "Rd": "Road", "Blvd": "Boulevard", "Dr": "Drive",
    "Ln": "Lane", "Expy": "Expressway", "Fwy": "Freeway", "Hwy": "Highway", "hwy": "Highway",
    "Pkwy": "Parkway", "Pl": "Place", "Ter": "Terrace", "Sq": "Square", "Cir": "Circle",
    "Ctr": "Center", "Jct": "Junction", "Trl": "Trail", "Plz": "Plaza", "Cres": "Crescent",
    "Aly": "Alley", "Byp": "Bypass", "Cswy": "Causeway", "Crk": "Creek", "Cv": "Cove",
    "Cyn": "Canyon", "Gdns": "Gardens", "Hbr": "Harbor", "Hts": "Heights", "Holw": "Hollow",
    "Lndg": "Landing", "Mdw": "Meadow", "Mnr": "Manor", "Mtn": "Mountain", "Pt": "Point",
    "Rdg": "Ridge", "Rte": "Route", "Sta": "Station", "Tpke": "Turnpike", "Trce": "Trace",
    "Vly": "Valley", "Vw": "View", "Vlg": "Village", "Xing": "Crossing", "Xrd": "Crossroad",
}  # fmt: skip
_STREET_KINDS = frozenset(_STREET_WORDS) | frozenset(_STREET_WORDS.values())
_STREET_RE = alternatives(_STREET_WORDS)


def _compass(letters: str) -> str:
    """ "N" -> "North", "NE" -> "Northeast"."""
    head = _DIRECTIONS[letters[0]]
    return head + _DIRECTIONS[letters[1]].lower() if letters[1:] else head


def house_number(n: str) -> str:
    """A house number, said in pairs: "2005" -> "twenty oh five", "708" -> "seven oh eight"."""
    if len(n) == 4 and n[1:] == "000":
        return cardinal_str(n)  # "1000 Elm St": one thousand, not ten hundred
    if len(n) == 4 and n[0] != "0" and n[2:] != "00":
        head, rest = int(n[:2]), int(n[2:])
        return f"{cardinal(head)} {'oh ' if rest < 10 else ''}{cardinal(rest)}"
    return model_number(n)


def _street(m: re.Match[str]) -> str:
    """After a house number: "N 1st St" -> "North 1st Street"."""
    direction, name, street = m.group("dir", "name", "st")
    head = f"{_compass(direction.rstrip('. '))} " if direction else ""
    end = "." if m.group().endswith(".") and _ends_sentence(m) else ""
    q = m.group("q")
    quadrant = f" {_compass(q)}" if q else ""
    if q:
        end = ""
    # A kind inside the name is spelled out too: "Bear Mtn Rd" -> "Bear Mountain Road".
    name = " ".join(_STREET_WORDS.get(w, w) for w in name.split(" "))
    return f"{m.group('n')} {head}{name}{_STREET_WORDS[street]}{quadrant}{end}"


def _postal(m: re.Match[str]) -> str:
    """ "Santa Clara, CA 95051": a state's postal code after a place is its name."""
    name = data.load("abbreviations")["postal"].get(m.group("code"), m.group("code"))
    z = m.group("zip")
    # The ZIP code is read here, digit by digit: the state's name may be two words.
    if not z:
        return f", {name}"
    return f", {name}{m.group('zs')}{', '.join(digits(p) for p in z.split('-'))}"


def _party(m: re.Match[str]) -> str:
    party, state = m.group("p", "st")
    where = _states().get(state) or _states().get(state.rstrip("."))
    if not where:
        return m.group()
    return f", {data.load('context')['party']['labels'][party]} of {where}, "


def _percent(m: re.Match[str]) -> str:
    a, b = m.group("a", "b")
    spoken = _num(a)
    if b:
        spoken += f" to {_num(b)}"
    return f"{spoken} percent"


def _counted_after(m: re.Match[str]) -> bool:
    """Whether the word after a match is a plural noun that counts things ("people")."""
    nxt = word_after(m)
    low = nxt.lower()
    if low in data.words("count_nouns"):
        return True
    return nxt.islower() and low.endswith("s") and not low.endswith("ss") and len(low) > 3


def _unit(m: re.Match[str]) -> str:
    a, b, hy, u = m.group("a", "b", "hy", "u")
    u = u or m.group("g")
    names = unit_names()
    # "in" alone is a word; only with its period after a number is it inches.
    one, many = names[u] if u in names else data.load("units")["lengths"][u]
    spoken = _num(a)
    if b:
        spoken += f" to {_num(b)}"
    if u == "m" and not hy and not m.group("sc") and _counted_after(m):
        return f"{spoken} million"  # "1.2m people", "3m users": millions, not meters
    if m.group("sc"):  # "100 million kg"
        return f"{spoken} {m.group('sc')} {one if _adjective(m) else many}"
    singular = bool(hy) or (a == "1" and not b) or _adjective(m)
    spoken = f"{spoken} {one if singular else many}"
    # A unit's own period ("12 oz.") ends the sentence only where one ends.
    return _keep_period(m, spoken) if m.group("dot") else spoken


def _by(m: re.Match[str]) -> str:
    """ "2x8", "a 2x4 ft board", "2x8 m2": dimensions, with the unit they share."""
    spoken = f"{_num(m.group('a'))} by {_num(m.group('b'))}"
    u = m.group("u")
    if not u:
        return spoken
    one, many = unit_names()[u]
    return f"{spoken} {one if _adjective(m) else many}"


def _quarter(m: re.Match[str]) -> str:
    y = m.group("y")
    of = year(int(y)) if len(y) == 4 else cardinal_str(y)
    return f"the {ordinal(int(m.group('q')))} quarter of {of}"


def _scaled(m: re.Match[str]) -> str:
    return f"{_num(m.group('a'))} {_scale_word(m.group('scale').lstrip())}"


def _ordinal(m: re.Match[str]) -> str:
    n = m.group("n").replace(",", "")
    if len(n) > 36:
        return digits(n)
    return ordinal(int(n))


def _decade(m: re.Match[str]) -> str:
    return _decade_words(m.group("n"), m.group().startswith("'"))


def _decade_range(m: re.Match[str]) -> str:
    """ "1960s-80s", "the '60s to '80s"."""
    a, b = m.group("a", "b")
    return f"{_decade_words(a, len(a) == 2)} to {_decade_words(b, len(b) == 2)}"


def _decade_words(n: str, ap: bool) -> str:
    value = int(n)
    if ap or len(n) == 2:
        if value == 0:
            return "two thousands"
        if value < 10:
            return plural_words(cardinal(value))
        return plural_words(cardinal(value))
    if len(n) == 4:
        return plural_words(year(value))
    if value in (100, 1000):
        return plural_words(cardinal(value).split()[-1])
    return plural_words(cardinal(value))


def _fixed(m: re.Match[str]) -> str:
    return data.load("special")["fixed"][m.group()]


_DENOMS = {2: ("half", "halves"), 4: ("quarter", "quarters")}


def fraction(num: int, den: int) -> str:
    """Read a fraction ("3/4" -> "three quarters")."""
    if den in _DENOMS:
        one, many = _DENOMS[den]
    else:
        one = ordinal(den)
        many = plural_words(one)
    return f"{cardinal(num)} {one if num == 1 else many}"


def _fraction(m: re.Match[str]) -> str:
    x, y, b = m.group("x", "y", "b")
    whole, a = (x, y) if y else (None, x)
    if len(a) > 4 or len(b) > 4:
        return f"{cardinal_str(a)} over {cardinal_str(b)}"
    num, den = int(a), int(b)
    if whole:
        if den in (2, 4) and num < den:
            head = cardinal_str(whole)
            if den == 2:
                return f"{head} and a half"
            return f"{head} and {'a quarter' if num == 1 else fraction(num, den)}"
        if den in (0, 1) or den > 100:
            return f"{cardinal_str(whole)} and {cardinal(num)} over {cardinal(den)}"
        return f"{cardinal_str(whole)} and {fraction(num, den)}"
    if 1000 <= num <= 2099 and (len(b) == 2 or (len(b) == 4 and den == num + 1)):
        # Seasons and fiscal years: "2019/20".
        return f"{year(num)} to {year(den) if len(b) == 4 else cardinal(den)}"
    if len(a) > 1 and a[0] == "0" or len(b) > 1 and b[0] == "0":
        return f"{digits(a)} slash {digits(b)}"
    if den == 0 or den == 1 or den > 100 or num > 1000:
        return f"{cardinal_str(a)} over {cardinal_str(b)}"
    if 1 <= num <= 12 and 12 < den <= 31:
        # "3/15" in running text is a date, not fifteenths.
        return f"{MONTHS[num - 1]} {ordinal(den)}"
    return fraction(num, den)


def _fraction_unit(m: re.Match[str]) -> str:
    """ "2 1/2 lbs" -> "two and a half pounds", "3/4 mi" -> "three quarters of a mile"."""
    one, many = unit_names()[m.group("u")]
    amount = _fraction(m)
    if _adjective(m):
        return f"{amount} {one}"  # "a 1/2 kg bag"
    x, y, b = m.group("x", "y", "b")
    if y or not 0 < int(x) < int(b) <= 100:
        return f"{amount} {many}"
    return f"{amount} of {'an' if one[0] in 'aeiou' else 'a'} {one}"


def _range(m: re.Match[str]) -> str:
    a, b = m.group("a", "b")
    if "," not in a + b and "." not in a + b:
        x, y = int(a), int(b)
        if len(a) == 4 and 1000 <= x <= 2099:
            if len(b) == 4 and x < y <= 2099:
                return f"{year(x)} to {year(y)}"
            if len(b) == 2 and y > x % 100:
                return f"{year(x)} to {cardinal(y) if y >= 10 else 'oh ' + cardinal(y)}"
            if len(b) == 2 and 1 <= y <= 12 and m.group().count("-") == 1 and " " not in m.group():
                return f"{MONTHS[y - 1]} {year(x)}"  # "2020-12": a year and month, as ISO writes
        if x == y:
            return f"{_num(a)} {_num(b)}"
    return f"{_num(a)} to {_num(b)}"


_CODE_PARTS = re.compile(r"[0-9]+|[A-Za-z]+")


def _code(m: re.Match[str]) -> str:
    """Mixed letters and digits: "MH17", "F-35", "COVID-19", "6-year-old", "x64"."""
    parts = _CODE_PARTS.findall(m.group())
    out: list[str] = []
    for i, p in enumerate(parts):
        if p.isdigit():
            prev = parts[i - 1] if i else ""
            nxt = parts[i + 1] if i + 1 < len(parts) else ""
            year_like = prev.islower() or nxt.islower() or prev in data.words("year_words")
            if len(p) == 4 and 1000 <= int(p) <= 2099 and year_like:  # "FY2020" too
                out.append(year(int(p)))
            elif len(p) == 3 and (prev.isupper() or (nxt == "s" and p[-1] != "0")):
                out.append(model_number(p))  # "A320", "F-150", "MH370", "747s"
            else:
                out.append(cardinal_str(p))
        elif p == "s" and i and parts[i - 1].isdigit():
            out[-1] = plural_words(out[-1])
        elif p == "x" and i == len(parts) - 1 and parts[i - 1].isdigit():
            out.append("times")
        elif p.isupper():
            out.append(acronym(p) if len(p) > 1 else p)
        elif p.islower() and len(p) <= 2 and p not in ("a", "an", "to", "in", "on", "of", "by"):
            out.append(" ".join(p))
        else:
            out.append(p)
    return " ".join(out)


def roman_value(s: str) -> int:
    """The value of a Roman numeral ("XIV" -> 14)."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, c in enumerate(s):
        v = values[c]
        if i + 1 < len(s) and values[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


@cache
def _roman_context() -> tuple[frozenset[str], frozenset[str]]:
    table = data.load("roman")
    return frozenset(table["regnal"]["names"]), frozenset(table["cardinal"]["words"])


_TWO_WORDS_BEFORE = re.compile(r"([A-Za-z][\w-]*) ([A-Za-z][\w-]*) $")


def _roman(m: re.Match[str]) -> str:
    r = m.group("r")
    if not ROMAN.fullmatch(r):
        return r
    if (
        len(r) == 1
        and m.string[m.end() : m.end() + 1] == "."
        and word_before(m) not in (_roman_context()[1])
    ):
        return r  # a middle initial ("Richard M. Nixon"), not a numeral; "War I." is one
    regnal, card = _roman_context()
    s = m.start()
    two = _TWO_WORDS_BEFORE.search(m.string, max(0, s - 40), s)
    prev = two.group(2) if two else word_before(m)
    pair = f"{two.group(1)} {two.group(2)}" if two else ""
    if f"{prev} {r}" in _not_numeral():
        return r  # "Malcolm X", "Generation X"
    # Headlines set in capitals: "CHAPTER II", "WORLD WAR I".
    if prev in card or pair in card or prev.capitalize() in card or pair.title() in card:
        return cardinal(roman_value(r))
    if (prev in regnal or pair in regnal) and prev[:1].isupper():
        if r == "I" and not two and not prev:
            return r
        return "the " + ordinal(roman_value(r))
    if (
        len(r) > 1
        and set(r) <= _REGNAL_LETTERS
        and prev[:1].isupper()
        and prev[1:].islower()
        and prev not in data.words("sentence_starters")
    ):
        # Any name then "II", "XIV": a regnal or family number ("Sam II").
        return "the " + ordinal(roman_value(r))
    return r


_REGNAL_LETTERS = frozenset("IVX")


@cache
def _not_numeral() -> frozenset[str]:
    return frozenset(data.load("roman")["not_numeral"]["phrases"])


def _short_year_words(n: int) -> str:
    return cardinal(n) if n >= 10 else f"oh {cardinal(n)}"


def _short_year(m: re.Match[str]) -> str:
    return _short_year_words(int(m.group("n")))


def _hash_number(m: re.Match[str]) -> str:
    return "number "


def _number_abbr(m: re.Match[str]) -> str:
    return data.load("abbreviations")["before_number"][m.group("abbr")] + " "


def _is_year(m: re.Match[str], n: str) -> bool:
    value = int(n)
    if not 1000 <= value <= 2099:
        return False
    prev = word_before(m)
    if prev == "minus":
        return False
    if prev in data.words("year_words") or prev.lower() in data.words("year_words"):
        return True
    return not _counted_after(m)


# Up to three words after a house number, one of which may be the street's kind.
_STREET_AHEAD = re.compile(
    r"(?: (?:[A-Z][\w']*\.?|(?:(?:twen|thir|for|fif|six|seven|eigh|nine)ty )?"
    r"(?:first|second|third|[a-z]+th)|[0-9]+(?:st|nd|rd|th))(?![\w'])){1,3}"
)
_POSTAL_BEFORE = re.compile(r"(?:, [A-Z]{2}|, [A-Z][a-z]+\.?),? $")


def _special_number(m: re.Match[str], n: str) -> str | None:
    """Numbers read as names rather than quantities: models, street numbers, ZIP codes."""
    sets = _context_sets()
    if len(n) == 5 and (
        word_before(m) in sets["zip_before"]
        or _POSTAL_BEFORE.search(m.string, max(0, m.start() - 16), m.start())
    ):
        return digits(n)
    if len(n) in (3, 4) and (word_after(m) in _ERAS or word_before(m) in _ERAS):
        return model_number(n)  # "476 AD" is four seventy six A D
    if len(n) not in (3, 4):
        return None
    if word_before(m) in sets["makers"] or word_after(m) in sets["model_after"]:
        return model_number(n)
    street = _STREET_AHEAD.match(m.string, m.end(), m.end() + 40)
    if street and any(
        w in sets["streets"] or w.rstrip(".") in sets["streets"] or w.rstrip(".") in _STREET_KINDS
        for w in street.group().split()[1:]
    ):
        return house_number(n)
    return None


_LONGEST_QUANTITY = 15
_ERAS = frozenset({"AD", "BC", "BCE", "CE", "A", "B"})  # "A" and "B": "A.D.", "B.C."


def _number(m: re.Match[str]) -> str:
    n, frac = m.group("n", "f")
    if frac is None and "," not in n:
        special = _special_number(m, n)
        if special:
            return special
    if frac is None and "," not in n and len(n) == 4 and _is_year(m, n):
        return year(int(n))
    if frac is None and "," not in n and len(n) > _LONGEST_QUANTITY:
        # Sixteen digits and more, unseparated, are an identifier (a card or account
        # number), never a quantity a newsreader would say in quadrillions.
        return digits(n)
    return decimal(n.replace(",", ""), frac) if frac is not None else cardinal_str(n)


def _point(m: re.Match[str]) -> str:
    # After a word the point was a decimal one whose whole part a rule read already
    # ("PM2.5", "GPT-4.5"): never a full stop, which a speech engine would pause at.
    return f" point {digits(m.group(1))}"


def _abbreviation(m: re.Match[str]) -> str:
    token = m.group()
    table = data.load("abbreviations")
    if token in table["titles"]:
        return table["titles"][token]
    if token in table["always"]:
        if token in _WEEKDAY_ABBREVIATIONS and _after_name(m):
            return token  # "the Vancouver Sun.", "the Baltimore Sun"
        return _keep_period(m, table["always"][token])
    if token in ("St.", "St"):
        return _saint_or_street(m)
    states = table["after_comma"]
    if token in states and m.string[max(0, m.start() - 2) : m.start()].strip() == ",":
        return _keep_period(m, states[token])
    inits = data.load("initialisms")["spoken"]
    if token in inits:
        return _keep_period(m, inits[token])
    body = token.rstrip(".")
    letters = body.split(".")
    if len(letters) > 1 and all(len(p) == 1 for p in letters) and body.replace(".", "").isupper():
        return _keep_period(m, " ".join(letters))
    return token


_WEEKDAY_ABBREVIATIONS = frozenset(f"{d[:3]}." for d in WEEKDAYS) | {"Tues.", "Thur.", "Thurs."}


def _after_name(m: re.Match[str]) -> bool:
    """Whether the token follows a capitalised word inside a sentence (part of a name)."""
    prev = word_before(m)
    before = m.string[max(0, m.start() - 3) : m.start()]
    sentence_start = not prev or re.search(r"[.!?\n,]\s*$", before) is not None
    return prev[:1].isupper() and not sentence_start and prev not in data.words("sentence_starters")


def _saint_or_street(m: re.Match[str]) -> str:
    prev = word_before(m)
    before = m.string[max(0, m.start() - 3) : m.start()]
    nxt = word_after(m)
    sentence_start = not prev or re.search(r"[.!?\n]\s*$", before) is not None
    if prev[:1].isupper() and not sentence_start and prev not in ("The", "In", "At", "On", "To"):
        return _keep_period(m, "Street")
    if nxt[:1].isupper():
        return "Saint"
    return _keep_period(m, "Street")


def _caps(m: re.Match[str]) -> str:
    a, s, hy = m.group("a", "s", "hy")
    s = s or ""
    spoken = acronym(a)
    if s and spoken != a:
        if spoken.endswith(("s", "S")) and s == "s" and spoken[-2:-1] == " ":
            s = "'s"
        spoken += s
    elif s:
        spoken += s
    return spoken + (" " if hy else "")


_CAPS_NEIGHBOUR = re.compile(r"[A-Z][A-Z]+")  # not "{2,}": a leading class scans faster
# "LOS ANGELES —", "WASHINGTON (AP) —", "KYIV, Ukraine (Reuters) -": a dateline.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'\-]*(?: [A-Z][A-Z.'\-]*)*(?:, [A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*)?"
    r"(?: \([A-Za-z ]+\))? *[—–\-] "
)


@cache
def _spelled_in_capitals() -> frozenset[str]:
    table = data.load("acronyms")
    return frozenset(table["initialisms"]["letters"]) | frozenset(table["spelled"]["letters"])


def _word_in_capitals(word: str) -> bool:
    """In a line set in capitals, a word is read as a word unless it is a known initialism."""
    if word in data.words("caps_words"):
        return True
    if word in _spelled_in_capitals() or word in data.load("acronyms")["words"]:
        return False
    return len(word) > 1 and any(c in _VOWELS for c in word) and not _letters_by_shape(word)


def _letters_by_shape(word: str) -> bool:
    """Whether a three-letter word in capitals can only be letters ("FAA", "FBI", "IMF", "DOJ")."""
    if len(word) != 3:
        return False
    if word[1] == word[2] and word[2] in "AIU":
        return True  # no English word ends in "AA", "II" or "UU"
    parts = _CLUSTER.findall(word)
    first, last = parts[0], parts[-1]
    if first[0] not in _VOWELS and first not in _ONSETS:
        return True  # "FBI", "NFL": no word starts so
    # "IMF", "DOJ": no word ends so
    return len(parts) > 1 and last[0] not in _VOWELS and last not in _CODAS


@cache
def _symbols() -> dict[str, str]:
    return data.load("symbols")["en"]


def _symbol(m: re.Match[str]) -> str:
    c = m.group()
    if c == "#":
        nxt = m.string[m.end() : m.end() + 1]
        return " hashtag " if nxt.isalpha() else " number "
    return f" {_symbols()[c]} "


_CURRENCY_WORDS = frozenset(
    "dollar dollars euro euros pound pounds pence cent cents yen rupee rupees yuan".split()
)


_SCALE_WORDS = frozenset("hundred thousand million billion trillion".split())


def _a_or_per(thing: str, money: bool) -> str:
    """ "$84/barrel" -> "a barrel" after an amount of money; "GB/s" -> "per second"."""
    if not money or " " in thing:
        return f" per {thing}"  # "$2.50/MMBtu": per million British thermal units
    return f" {'an' if thing[0] in 'aeiou' or thing == 'hour' else 'a'} {thing}"


def _slash(m: re.Match[str]) -> str:
    """ "GB/s" per second, "$20/mo" a month, "he/she" or, "nlohmann/json" slash."""
    left, right = word_before(m), m.group("r")
    if left.lower() == "and" and right.lower() == "or":
        return f" {right}"
    units = unit_names()
    per = data.load("context")["slash"]["per"]
    money = left.lower() in _CURRENCY_WORDS
    if right in per or right.lower() in per:
        period = per.get(right) or per[right.lower()]
        return _a_or_per(period, money)
    if right in units:
        # "$4/gal" per gallon (an abbreviation, as written); "$9,800/ton" a ton
        return _a_or_per(units[right][0], money and units[right][0] == right)
    if money and right.islower():
        # "$84/barrel", "$3.99/dozen"; "$550/thousand board feet" is per thousand
        return f" per {right}" if right in _SCALE_WORDS else _a_or_per(right, money)
    words = _context_sets()["or_words"]
    if left.isupper() and right.isupper():
        return f" {right}"  # "TCP/IP", "AC/DC"
    if left in words and right in words or (left.istitle() and right.istitle()):
        return f" or {right}"
    return f" slash {right}"


def _digits_fallback(m: re.Match[str]) -> str:
    return f" {digits(m.group())} "


# --- the rule table ---------------------------------------------------------------------

# Patterns begin with a plain character class and check the character before it with a
# look-behind placed after it: the regex engine then skips quickly to candidate positions,
# and a match can still only start at a token boundary (so the scan stays linear).
_NUM_REST = r"(?:[0-9]{0,2}(?:,[0-9]{3})+(?![0-9])|[0-9]*)"


def _first(not_after: str) -> str:
    """A digit not preceded by a character of the class ``not_after``."""
    return f"[0-9](?<!{not_after}[0-9])"


def _int_re(not_after: str) -> str:
    return _first(not_after) + _NUM_REST


def _num_re(not_after: str) -> str:
    return _int_re(not_after) + r"(?:\.[0-9]+)?"


def _unless_after(chars: str, fn: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
    """Apply ``fn`` only when the match does not follow one of ``chars`` (a class body)."""
    before = re.compile(f"[{chars}]")

    def rule(m: re.Match[str]) -> str:
        s = m.start()
        if s and before.match(m.string, s - 1):
            return m.group()
        return fn(m)

    return rule


def _phone_local(m: re.Match[str]) -> str:
    s = m.group()
    if len(s) == 8 and s[0] in "01":
        return s  # "123-4567" is no local number; the range rule reads it
    return _phone(m)


ROMAN = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


def _hyphen(m: re.Match[str]) -> str:
    s, e = m.start(), m.end()
    text = m.string
    spaced = s > 0 and text[s - 1] == " " and e < len(text) and text[e] == " "
    return ", " if len(m.group()) > 1 or spaced else " "


def build_rules(frozen: Frozen) -> list[Rule]:
    """The ordered English rules; the web rule freezes its output so nothing rereads it."""
    return [
        (_WEB, safe(_web(frozen)), _WEB_CUE),
        (_LINE, safe(_capital_lines(frozen)), None),
    ] + _static_rules()


_ROMAN_LETTERS = frozenset("IVXLCDM")
# "WHO:" opening a headline, or "WHO WARNS": the organisation, not the pronoun.
_WHO_SAYS = re.compile(r"(?::| (?!WAS |HAS |DOES )[A-Z]{2,}S(?![A-Z]))")


# A label opening a headline: "UPDATE:", "BREAKING:", "UPDATE 2:".
_LABEL = re.compile(r"[\"' ]*(?:[A-Z][A-Z0-9 ]*: *)?")


def _organisation(w: re.Match[str]) -> bool:
    label = _LABEL.match(w.string, 0, w.start())
    at_start = label is not None and label.end() == w.start()
    return at_start and _WHO_SAYS.match(w.string, w.end()) is not None


_LINE = re.compile(r"[^\n]+")
_CAPS_TOKEN = re.compile(r"(?<![\w&])[A-Z]{2,}(?![\w&])")
_PREVIOUS_CAPS = re.compile(r"([A-Z]+) $")


def _capital_lines(frozen: Frozen) -> Callable[[re.Match[str]], str]:
    """Words of a headline or dateline set in capitals are read as words, each on its own.

    Decided on the line as written, before any other rule rewrites part of it, and the
    words kept are frozen: no later rule (or a later count of capitals) can change them.
    """

    def rule(m: re.Match[str]) -> str:
        line = m.group()
        dateline = _DATELINE.match(line)
        if dateline:
            head, tail = line[: dateline.end()], line[dateline.end() :]
            return _CAPS_TOKEN.sub(lambda w: keep(w, title=True), head) + tail
        if not _headline(line):
            return line
        return _CAPS_TOKEN.sub(lambda w: keep(w, title=False), line)

    def keep(w: re.Match[str], title: bool) -> str:
        token = w.group()
        if len(token) <= 5 and set(token) <= _ROMAN_LETTERS and ROMAN.fullmatch(token):
            # "WORLD WAR II", "CHAPTER IV", "HENRY VIII": the numeral after a capitalised word.
            prev = _PREVIOUS_CAPS.search(w.string, max(0, w.start() - 40), w.start())
            word = prev.group(1).capitalize() if prev else ""
            regnal, card = _roman_context()
            # Said in capitals like the rest of the line, so the line stays a headline.
            if word in card:
                return frozen.freeze(cardinal(roman_value(token)).upper())
            if word in regnal and set(token) <= _REGNAL_LETTERS:
                return frozen.freeze("THE " + ordinal(roman_value(token)).upper())
            if not set(token) <= _REGNAL_LETTERS:
                return frozen.freeze(token)  # "MIX", "CD": a word or an initialism
            return token
        if token == "WHO" and _organisation(w):
            return token  # "WHO: ..." the World Health Organization, spelled
        if not _word_in_capitals(token):
            return token  # an initialism: the acronym rule spells it
        # A dateline's place is written as a name, so it reads as words once its dash is gone.
        return frozen.freeze(token.title() if title else token)

    return rule


# Words the rules write in lower case inside a headline ("2 DEAD" -> "two DEAD"): they do not
# count against the line being set in capitals, so a second pass reads it the same way.
_SPOKEN_LOWER = frozenset(
    [*ONES, *TENS[2:], *SCALES[1:], "hundred", "point", "minus", "percent", "dollars", "dollar"]
)
_LOWER_WORD = re.compile(r"[a-z]+")


# Letters A-Z and a-z are counted in the UTF-8 bytes, where no other character has them.
_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_LOWER = bytes(range(ord("a"), ord("z") + 1))


def _headline(line: str) -> bool:
    # Counted by the regex engine: this runs on every line of every article.
    for caps, _ in enumerate(_CAPS_NEIGHBOUR.finditer(line), 1):
        if caps == 3:
            break
    else:
        return False  # most lines: fewer than three words in capitals
    raw = line.encode("utf-8", "surrogatepass")
    upper = len(raw) - len(raw.translate(None, _UPPER))
    lower = len(raw) - len(raw.translate(None, _LOWER))
    if lower > upper:
        return False
    letters = upper + lower
    if upper >= 0.8 * letters:
        return True
    spoken = sum(len(w) for w in _LOWER_WORD.findall(line) if w in _SPOKEN_LOWER)
    # Acronyms the rules write as words ("NASDAQ" -> "Nasdaq") count as capitals.
    spoken += sum(len(w) - 1 for w in _TITLE_WORD.findall(line) if w in _acronym_words())
    return upper >= 0.8 * (letters - spoken)


_TITLE_WORD = re.compile(r"[A-Z][a-z]+")


@cache
def _acronym_words() -> frozenset[str]:
    # "Nasdaq", and the words of "World War two" (WWII) that are capitalised.
    values = data.load("acronyms")["words"].values()
    return frozenset(w for v in values for w in v.split() if w.istitle())


_TLDS = (
    "com|org|net|gov|edu|io|co|uk|us|de|fr|es|it|"
    "info|news|tv|ly|me|int|mil|eu|ru|cn|jp|ai|app|dev|ca|au|in"
)
_WEB = re.compile(
    # The look-behind holds every character of an address's local part, so a match can
    # start only where one begins ("a+a+a+..." is scanned once, not once per "+").
    r"(?<![\w@/.+\-])(?:"
    r"[A-Za-z0-9][\w.+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
    r"|(?:https?://|ftp://|www\.)[^\s<>\"]+"
    rf"|[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:{_TLDS})(?![\w\-])(?:/[^\s<>\"]*)?"
    r")",
    re.IGNORECASE,
)
# Every address holds "@", "://", "www." or a dot before a top-level domain, and starts
# where the run of characters of the look-behind before it begins.
_WEB_CUE = Cue(rf"@|:(?=//)|\.(?<=www\.)|\.(?=(?:{_TLDS})(?![\w\-]))", "@/.+-", re.IGNORECASE)


@cache
def _static_rules() -> list[Rule]:
    units = data.load("units")
    unit_alts = alternatives(unit_names())
    scale_alts = alternatives(k for k in units["scales"] if not k.isalpha() or len(k) <= 3)
    cur_alts = alternatives(_currencies())
    suffix_alts = alternatives(data.load("currencies")["suffix"])
    before_number = alternatives(data.load("abbreviations")["before_number"])
    fixed = alternatives(data.load("special")["fixed"])
    # Abbreviations written without a period ("vs", "PhD", "w/") are matched as words.
    undotted = alternatives(
        (
            k
            for k in [*data.load("abbreviations")["always"], *data.load("initialisms")["spoken"]]
            if not k.endswith(".")
        ),
        not_after=r"[\w.]",
    )
    # A range may repeat the sign on its left: "4.25%-4.5%".
    rng = rf"(?: ?%?(?: ?(?:-|–|to) ?(?P<b>{NUM})))?"
    # Characters that may not precede a number for each rule (look-behind classes).
    W_DC, W_DCC, W_SDC, W_DCH, W_D = r"[\w.,]", r"[\w.,:]", r"[\w/.,]", r"[\w.,\-]", r"[\w.]"
    # A fraction, with a whole number before it when there is one: "3/4", "2 1/2"; two
    # spaces where a vulgar fraction followed one ("3 ½" is cleaned to "3  1/2").
    frac = rf"(?P<x>{_first(W_SDC)}[0-9]*)(?:  ?(?P<y>[0-9]+))?/(?P<b>[0-9]+)"
    from . import en

    # A third element is the rule's guard: the rule runs only on text the guard accepts.
    # Each class module's rules run at the start of the stage they name (en.STAGES).
    table: list[tuple[Any, ...]] = [
        *en.rules("first"),
        # IP addresses, group by group.
        (
            r"[0-9](?<![\w.][0-9])[0-9]{0,2}(?:\.[0-9]{1,3}){3}(?![\w]|\.[0-9])",
            lambda m: " dot ".join(digits(g) for g in m.group().split(".")),
            has_digit,
        ),
        # Addresses: "708 N 1st St, San City", "Santa Clara, CA 95051".
        (
            r"(?P<n>[0-9]) (?P<dir>(?:[NS][EW]|[NSEW])\.? )?"
            r"(?P<name>(?:[0-9]+(?:st|nd|rd|th) |[A-Z][\w']* ){1,3})"
            rf"(?P<st>{_STREET_RE})\.?(?![\w])"
            r"(?: (?P<q>[NS][EW]|[NSEW])(?![\w]))?",
            _street,
            has_digit,
        ),
        (
            r",(?<=[A-Za-z],) (?P<code>[A-Z]{2})"
            r"(?:(?P<zs>,? )(?P<zip>[0-9]{5}(?:-[0-9]{4})?)(?![0-9\-])|(?=,|\.? ?$))",
            _postal,
        ),
        # Party labels: "(D-Calif.)" -> "Democrat of California".
        (r"\((?P<p>[DRIL])-(?P<st>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)\)", _party),
        # Phone numbers, digit by digit in groups.
        # "(123) 456-7890", "(123)-456-7890", "+1 (123) 456-7890", "+1(123) 456-7890".
        (
            r"\+(?<![\w+]\+)[0-9]{1,3}(?:[ .\-]\(?[0-9]{1,4}\)?|\([0-9]{1,4}\)){2,5}(?![0-9])",
            _phone,
            has_digit,
        ),
        (r"\((?<![\w+]\()[0-9]{3}\)[ \-]?[0-9]{3}[ .\-][0-9]{4}(?![0-9])", _phone, has_digit),
        # Local numbers, with an extension ("555-123-4567-1111"); social security numbers.
        (
            r"[0-9](?<![\w+.,\-][0-9])(?:[ .\-][0-9]{3}[.\-][0-9]{3}[.\-][0-9]{4}"
            r"|[0-9]{2}[.\-][0-9]{3}[.\-][0-9]{4}(?:-[0-9]{1,5}(?![0-9\-]))?"
            r"|[0-9]{2} [0-9]{3} [0-9]{4}(?![0-9.,]|[ .\-][0-9])"
            r"|[0-9]{2}-[0-9]{2}-[0-9]{4}(?![\-.][0-9])|[0-9]{2}-[0-9]{4}(?!-))(?![0-9])",
            _phone_local,
            has_digit,
        ),
        # "ext. 89" after a phone number: an extension, digit by digit.
        (
            r"(?<![\w.])ext\.? ?(?P<n>[0-9]{1,6})(?![\w])",
            lambda m: f"extension {digits(m.group('n'))}",
            Cue(r"e(?=xt)", ""),
        ),
        *en.rules("dates"),
        # Dates.
        (
            # "Jan. 15, 2020", "Jan-15-2020", "May of 2019".
            rf"(?=[{_DATE_FIRST}])(?<![\w.])(?:(?P<wd>{WEEKDAY_RE}),? )?(?P<mon>{MONTH_RE})"
            r"(?: |-(?=[0-9]))(?:"
            r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th|ST|ND|RD|TH)?(?![0-9])"
            r"(?: ?[-–] ?(?P<day2>[0-9]{1,2})(?:st|nd|rd|th|ST|ND|RD|TH)?(?![0-9\-]))?"
            r"(?:(?:,? |-)(?P<yr>[0-9]{4})(?![0-9]))?"
            r"|(?P<of>of )?(?P<yr2>[0-9]{4})(?![0-9])|'(?P<yr3>[0-9]{2})(?![\w']))",
            _date_mdy,
            has_digit,
        ),
        # A weekday before a date written day first: "Fri, 3 July 2020".
        (
            rf"(?<![\w.])(?P<wd>{WEEKDAY_RE}),? "
            rf"(?=[0-9]{{1,2}}(?:st|nd|rd|th)? (?:of )?{MONTH_RE})",
            lambda m: f"{_weekday(m.group('wd'))}{',' if ',' in m.group() else ''} ",
            Cue(r"[MTWFS](?=on|ue|ed|hu|ri|at|un)", "."),
        ),
        (
            rf"(?P<day>{_first(W_DC)}[0-9]?)(?:st|nd|rd|th|ST|ND|RD|TH)?(?: (?:of )?|-(?=[A-Za-z]))"
            rf"(?P<mon>{MONTH_RE})(?:(?:,? |-)(?P<yr>[0-9]{{4}})(?![0-9]))?(?![\w])",
            _date_dmy,
            has_digit,
        ),
        (
            r"(?P<y>[12](?<![0-9\-/.][12])[0-9]{3})(?P<sep>[-/.])(?P<mo>[01]?[0-9])(?P=sep)"
            r"(?P<d>[0-3]?[0-9])(?![0-9\-/])",
            _date_iso,
            has_digit,
        ),
        (
            rf"(?P<mo>{_first('[0-9/.]')}[0-9]?)/(?P<d>[0-9]{{1,2}})/(?P<y>[0-9]{{4}}|[0-9]{{2}})"
            r"(?![0-9/])",
            _date_us,
            has_digit,
        ),
        # "01.10.2010", "15-01-2020": dotted or dashed dates need a four-digit year.
        (
            rf"(?P<mo>{_first('[0-9/.,-]')}[0-9]?)(?P<sep>[.\-])(?P<d>[0-9]{{1,2}})(?P=sep)"
            r"(?P<y>(?:1[89]|20)[0-9]{2})(?![0-9.\-]|\.[0-9])",
            _date_us,
            has_digit,
        ),
        # "Mon-Fri", "January-March": a range of days or months is read with "to".
        (
            rf"(?<![\w.])(?P<a>{_NAMED_RANGE})[-–](?P<b>{_NAMED_RANGE})(?![\w])",
            _named_range,
            Cue(r"[-–](?=[A-Z])", "."),
        ),
        # "7h30": a clock time written the French way.
        (
            r"(?P<h>[0-9](?<![\w.,][0-9])[0-9]?)h(?P<mi>[0-5][0-9])(?![\w])",
            lambda m: (
                _clock(int(m.group("h")), int(m.group("mi")), False)
                if int(m.group("h")) <= 24
                else m.group()
            ),
            has_digit,
        ),
        # Times: ranges first, then "10.30pm", then the clock forms.
        (
            rf"(?P<h1>{_first(W_DCC)}[0-9]?)(?:[:.](?P<mi1>[0-5][0-9]))? ?(?P<ap1>{AMPM_RE})?"
            r" ?(?P<sep>-|–|to) ?"
            rf"(?P<h2>[0-9]{{1,2}})(?:[:.](?P<mi2>[0-5][0-9]))? ?(?P<ap2>{AMPM_RE})",
            _time_range,
            has_digit,
        ),
        # "9:00-10:30": two clock times without a.m. or p.m.
        (
            rf"(?P<h1>{_first(W_DCC)}[0-9]?):(?P<mi1>[0-5][0-9]) ?(?:-|–) ?"
            r"(?P<h2>[0-9]{1,2}):(?P<mi2>[0-5][0-9])(?![0-9:])",
            _clock_range,
            has_digit,
        ),
        (
            rf"(?P<h>{_first(W_DCC)}[0-9]?)\.(?P<mi>[0-5][0-9])(?P<s>(?!))? ?(?P<ap>{AMPM_RE})",
            _time,
            has_digit,
        ),
        (
            rf"(?P<h>{_first('[0-9:.,]')}[0-9]?):(?P<mi>[0-5][0-9])(?::(?P<s>[0-5][0-9]))?"
            r"(?:\.(?P<fs>[0-9]+)(?![0-9.]))?"
            rf"(?![0-9:])(?: ?(?P<ap>{AMPM_RE}))?",
            _time,
            has_digit,
        ),
        (rf"(?P<h>{_first(W_DCC)}[0-9]?) ?(?P<ap>{AMPM_RE})", _time_short, has_digit),
        # A time zone after a clock time: "1:59 p.m. EST", "e.s.t".
        (
            r"m(?<=[ap] m) ?"
            r"(?P<tz>(?i:[ecmp]\.?[sd]\.?t|[ecmp]t|gmt|utc|bst|cest|cet|aest|aedt|hst))\.?(?![\w])",
            lambda m: "m " + _keep_period(m, spell(m.group("tz").replace(".", "").upper())),
        ),
        # "at 1600 hrs", "0930 GMT": a 24-hour time written without a colon.
        (
            r"(?P<h>[0-2](?<![\w.,:][0-2])[0-9])(?P<mi>[0-5][0-9])"
            r" ?(?P<w>hrs|hours|GMT|UTC)(?![\w])",
            _military,
            has_digit,
        ),
        (rf"(?P<a>{_first(W_DCC)}[0-9]*):(?P<b>[0-9]+)(?![0-9:])", _ratio, has_digit),
        # "'98": a two-digit year.
        (r"'(?<![\w.,']')(?P<n>[0-9]{2})(?![\w'])", _short_year, has_digit),
        # Footnote markers go before their digits are read.
        (r"\[[0-9]{1,3}\]", lambda m: "", has_digit),
        # "1-2=5": a hyphen between numbers before an equals sign is a minus.
        (
            rf"(?P<a>{_num_re(W_DC)}) ?- ?(?P<b>{NUM})(?= ?=)",
            lambda m: f"{_num(m.group('a'))} minus {_num(m.group('b'))}",
            has_digit,
        ),
        # A minus sign: a hyphen before a number that does not close a word or a range.
        # "-$5", "-£20": a minus before a currency sign too.
        (
            r"-(?=(?:[$£€¥₹₩]|US\$)?\.?[0-9])(?<![\w.,)\]%\-^]-)(?<![0-9] -)",
            lambda m: "minus ",
            has_digit,
        ),
        *en.rules("money"),
        # Money. Look-behinds are checked in the rule so the scan can skip ahead fast.
        (
            rf"(?P<cur>{cur_alts}) ?(?P<a>{NUM}|\.[0-9]+)"
            rf"(?:(?P<s1>{scale_alts})(?= ?(?:-|–|to) ?(?:{cur_alts})? ?[0-9]))?"
            rf"(?: ?(?:-|–|to) ?(?:{cur_alts})? ?(?P<b>{NUM}))?"
            r"(?: ?-?(?P<scale>(?i:million|billion|trillion|thousand|crores?|lakhs?))"
            rf"| ?(?P<scale2>{scale_alts}))?"
            r"(?![\w])",
            _unless_after(r"\w$£€¥₹", _money),
            has_digit,
        ),
        # Video resolutions: "1080p" is "ten eighty p", never pence.
        (
            r"(?P<n>[1-9](?<![\w.,][1-9])[0-9]{2,3})(?P<s>[pi])(?![\w])",
            _resolution,
            has_digit,
        ),
        (rf"(?P<a>{_num_re(W_DC)}) ?(?P<cur>{suffix_alts})(?![\w])", _money_suffix, has_digit),
        # Percentages.
        (
            rf"(?P<a>{_num_re(W_DC)}){rng} ?(?:%|per ?cent(?![\w]))",
            _percent,
            has_digit,
        ),
        # Fixed forms such as 24/7 and 50-50 before fractions and ranges read them.
        (rf"(?:{fixed})(?![\w/]|-[0-9])", _unless_after(r"\w/.\-", _fixed), has_digit),
        *en.rules("units"),
        # "6 ft 2 in": feet and inches.
        (
            r"(?P<f>[0-9](?<![\w.,][0-9])[0-9]*) ?ft\.? (?P<i>[0-9]{1,2}) ?in\.?(?![\w])",
            lambda m: (
                f"{cardinal_str(m.group('f'))} {'foot' if m.group('f') == '1' else 'feet'} "
                f"{cardinal_str(m.group('i'))} {'inch' if m.group('i') == '1' else 'inches'}"
            ),
            has_digit,
        ),
        # "6'2\"": a height in feet and inches.
        (
            r"(?P<f>[0-9](?<![\w.,][0-9]))(?:'|′)(?P<i>[0-9]{1,2})(?:\"|″|'')(?![\w])",
            lambda m: f"{cardinal_str(m.group('f'))} foot {cardinal_str(m.group('i'))}",
            has_digit,
        ),
        # "l/100km": a slash before a measured quantity is "per".
        (
            rf"/(?<=[A-Za-z]/)(?=[0-9][0-9.,]* ?(?:{unit_alts})(?![\w]))",
            lambda m: " per ",
        ),
        # "kg/m3": a power glued to a unit after a slash.
        (
            r"/(?P<u>m|cm|mm|km|ft|in|yd|mi)(?P<p>[23])(?![\w])",
            lambda m: f"/{m.group('u')}{'²' if m.group('p') == '2' else '³'}",
            has_digit,
        ),
        # "2x8", "4.4x", "10^6", "40C".
        (
            rf"(?P<a>{_num_re(W_DC)})x(?P<b>{NUM})(?![\w.^])(?: (?P<u>{unit_alts})(?![\w²³]))?",
            _by,
            has_digit,
        ),
        (  # "4 x 6 ft": spaced dimensions are a size only with their unit
            rf"(?P<a>{_num_re(W_DC)}) [x×] (?P<b>{NUM}) ?(?P<u>{unit_alts})(?![\w²³])",
            _by,
            has_digit,
        ),
        (  # scientific notation: "6 x 10^23"
            rf"(?P<a>{_num_re(W_DC)}) ?[x×] ?(?=[0-9]+\^)",
            lambda m: f"{_num(m.group('a'))} times ",
            has_digit,
        ),
        (rf"(?P<a>{_num_re(W_DC)})x(?![\w])", lambda m: f"{_num(m.group('a'))} times", has_digit),
        (rf"(?P<a>{_num_re(W_DC)})\^(?P<e>-?[0-9]{{1,3}})(?![0-9])", _power, has_digit),
        (
            rf"(?P<a>{_num_re(W_DC)})(?: ?(?:-|–) ?(?P<b>{NUM}))?(?P<u>[CF])(?![\w])",
            _glued_degrees,
            has_digit,
        ),
        # Units.
        (rf"{frac} ?(?P<u>{unit_alts})(?![\w²³])", _fraction_unit, has_digit),
        (
            rf"(?P<a>{_num_re(W_SDC)})(?: ?(?:-|–|to) ?(?P<b>{NUM}))?"
            r"(?: (?P<sc>thousand|million|billion|trillion))?"
            rf"(?:(?P<hy>-)| ?)(?P<u>{unit_alts})(?![\w²³])(?P<dot>\.(?![\w.]))?",
            _unit,
            has_digit,
        ),
        # "4 in. of rain", "a 65-in. TV", "a 14in screen": "in" with its period, or glued
        # to a number, is inches.
        (
            rf"(?P<a>{_num_re(W_SDC)})(?: ?(?:-|–|to) ?(?P<b>{NUM}))?(?P<sc>(?!))?"
            r"(?:(?:(?P<hy>-)| )(?P<u>in)(?P<dot>\.)(?![\w.]| [0-9])|(?P<g>in)(?![\w]))",
            _unit,
            has_digit,
        ),
        (
            rf"(?P<a>{_num_re(W_DC)})(?P<s1>bn|tn|mn|k)? ?(?:-|–) ?(?P<b>{NUM})"
            r"(?P<scale>bn|tn|mn|k)(?![\w])",
            lambda m: (
                f"{_num(m.group('a'))} {_scale_word(m.group('s1'))} to "
                f"{_num(m.group('b'))} {_scale_word(m.group('scale'))}"
            ),
            has_digit,
        ),
        (rf"(?P<a>{_num_re(W_DC)})(?P<scale>k| ?(?:bn|tn|mn))(?![\w])", _scaled, has_digit),
        # Ordinals, decades, fractions; "1/4th" is a fraction, not "one slash fourth".
        (rf"{frac}(?:st|nd|rd|th|ST|ND|RD|TH)(?![\w/])", _fraction, has_digit),
        (rf"(?P<n>{_int_re(W_DC)})(?:st|nd|rd|th|ST|ND|RD|TH)(?![\w])", _ordinal, has_digit),
        (r"'(?P<a>[0-9]0)s ?(?:-|–|to) ?'(?P<b>[0-9]0)s(?![\w'])", _decade_range, has_digit),
        (
            rf"(?P<a>{_first(W_DC)}[0-9]{{0,2}}0)'?s ?(?:-|–|to) ?'?(?P<b>[0-9]{{1,3}}0)'?s"
            r"(?![\w'])",
            _decade_range,
            has_digit,
        ),
        (r"'(?<![\w.,']')(?P<n>[0-9]0)s(?![\w'])", _decade, has_digit),
        # "the 1980 s": a decade with a stray space before its "s".
        (r"(?P<n>[12](?<![\w.,][12])[0-9]{2}0) s(?![\w'])", _decade, has_digit),
        (rf"(?P<n>{_first(W_DC)}[0-9]{{0,2}}0)'?s(?![\w'])", _decade, has_digit),
        (rf"{frac}(?![\w/])", _fraction, has_digit),
        # Fiscal quarters: "Q2 2022" is the second quarter of twenty twenty-two.
        (
            r"Q(?<![\w.]Q)(?P<q>[1-4]) (?P<y>[12][0-9]{3})(?![\w])",
            _quarter,
            has_digit,
        ),
        # Fiscal quarters: "2Q22" is the second quarter of twenty-two.
        (
            r"(?P<q>[1-4](?<![\w.][1-4]))Q(?P<y>[0-9]{2}|[0-9]{4})(?![\w])",
            _quarter,
            has_digit,
        ),
        *en.rules("numbers"),
        # "No. 10", "pp. 45-67", "Apt. 4B": before the number, its range or its letters are read.
        (rf"(?P<abbr>{before_number}) ?(?=[0-9])", _unless_after(r"\w.", _number_abbr), has_digit),
        # Mixed letters and digits, including number-word compounds ("6-year-old").
        (
            r"[A-Za-z0-9](?<![\w.,\-][A-Za-z0-9])"
            r"(?=(?<=[A-Za-z])[A-Za-z]*-?[0-9]|(?<=[0-9])[0-9]*-?[A-Za-z])"
            r"[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![\w])",
            _code,
            Cue("[0-9][0-9]*", ".-", needs=has_digit),  # its first digits, after any letters
        ),
        # Ranges and scores.
        (rf"(?P<a>{_num_re(W_DCH)}) ?(?:-|–) ?(?P<b>{NUM})(?![\w\-])", _range, has_digit),
        # Roman numerals after a regnal name or a word like "War" or "Chapter".
        (r"(?P<r>[IVXLCDM](?<=[A-Za-z] [IVXLCDM])[IVXLCDM]*)(?![\w])", _roman),
        (r"#(?=[0-9])", _hash_number, has_digit),
        # Remaining numbers.
        (rf"(?P<n>{_int_re(W_D)})(?:\.(?P<f>[0-9]+))?", _number, has_digit),
        (r"\.(?<![0-9_.]\.)([0-9]+)", _point, has_digit),
        # Whatever digits are left (glued to other symbols) are read one by one.
        (r"[0-9]+", _digits_fallback, has_digit),
        *en.rules("words"),
        # Abbreviations, dotted initialisms, "St." as Saint or Street.
        (
            r"(?<![\w.])(?:et al\.|(?:[A-Za-z]+\.)+|St(?= [A-Z]))",
            _abbreviation,
            Cue(r"\.|S(?=t [A-Z])|e(?=t al\.)", "."),
        ),
        (rf"(?:{undotted})(?![\w/])", _plain_abbr),
        # All-capitals words: spelled, or read as words.
        (
            r"(?P<a>[A-Z](?<![\w&][A-Z])(?:[A-Z]+(?:&[A-Z]+)*|(?:&[A-Z]+)+))(?P<s>'s|s'|s)?"
            r"(?![\w&])(?P<hy>-(?=[a-z]))?",
            _caps,
        ),
        # Symbols.
        (r"/(?<=[A-Za-z²³]/)(?P<r>[A-Za-zµμ]+[²³]?)(?![\w/])", _slash),
        (r"[&+@=<>≤≥≈±×÷%‰°§¶$£€¥#~→√∞π²³]", _symbol),
        # Brackets and dashes become pauses.
        (r"[(\[{]", lambda m: ", "),
        (r"[)\]}]", lambda m: ", "),
        (r"[–—]", lambda m: ", "),
        (r"-+(?:(?!\w)|(?<!\w-))", _hyphen),
        (r"[*_|\\^•·/]+", lambda m: " "),
    ]
    return [(re.compile(p), safe(fn), guard[0] if guard else None) for p, fn, *guard in table]


def _plain_abbr(m: re.Match[str]) -> str:
    token = m.group()
    table = data.load("abbreviations")["always"]
    if token in table:
        return table[token]
    return data.load("initialisms")["spoken"].get(token, token)
