"""English dates: months and weekdays, day-month orders, quarters, decades and short years."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..numbers import (
    cardinal,
    cardinal_str,
    ordinal,
    plural_words,
    year,
)
from ..text import Cue
from .common import W_DC, _first, has_digit, word_before

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


def _month(s: str) -> str:
    return MONTHS[_MONTH_ALIASES[s.rstrip(".").lower()] - 1]


def _weekday(s: str) -> str:
    return _WEEKDAY_ALIASES[s.rstrip(".").lower()]


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
        said = year(int(y)) if len(y) == 4 else cardinal(int(y))
        return f"the {_day_ordinal(mo)} of {MONTHS[int(d) - 1]} {said}"
    if not 1 <= int(mo) <= 12 or not 1 <= int(d) <= 31:
        return " / ".join(cardinal_str(x) for x in (mo, d, y))
    yr = int(y)
    if len(y) == 2:
        return f"{MONTHS[int(mo) - 1]} {_day_ordinal(d)}, {'oh ' if yr < 10 else ''}{cardinal(yr)}"
    return f"{MONTHS[int(mo) - 1]} {_day_ordinal(d)}, {year(yr)}"


def _quarter(m: re.Match[str]) -> str:
    y = m.group("y")
    of = year(int(y)) if len(y) == 4 else cardinal_str(y)
    return f"the {ordinal(int(m.group('q')))} quarter of {of}"


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


def _short_year_words(n: int) -> str:
    return cardinal(n) if n >= 10 else f"oh {cardinal(n)}"


def _short_year(m: re.Match[str]) -> str:
    return _short_year_words(int(m.group("n")))


# Every month and weekday name starts with one of these: checked first, it rules out most
# places at once.
_DATE_FIRST = "".join(sorted({w[0] for w in MONTHS + WEEKDAYS} | {w[0].lower() for w in MONTHS}))


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    return {
        "date": [
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
                rf"(?P<day>{_first(W_DC)}[0-9]?)(?:st|nd|rd|th|ST|ND|RD|TH)?"
                r"(?: (?:of )?|-(?=[A-Za-z]))"
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
        ],
        "short-year": [
            # "'98": a two-digit year.
            (r"'(?<![\w.,']')(?P<n>[0-9]{2})(?![\w'])", _short_year, has_digit),
        ],
        "decade": [
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
        ],
        "quarter": [
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
        ],
    }
