"""English clock times, ranges of times, 24-hour times, race and lap times, durations."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..numbers import (
    cardinal,
    digits,
)
from .acronym import spell
from .common import W_DCC, _first, _keep_period, has_digit, word_before

AMPM_RE = r"(?:[ap]\.m\.|[AP]\.M\.|[ap]\.m(?![\w.])|[ap]m(?!\w)|[AP]M(?!\w))"


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


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    return {
        "time": [
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
        ],
    }
