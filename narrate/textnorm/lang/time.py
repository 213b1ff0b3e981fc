"""Clock times, durations and scores."""

from __future__ import annotations

import re
from typing import Any

from ..text import alternatives
from .context import before as _before
from .priority import Entry, Fn, P
from .reader import Language, _keeps_stop


def build(lx: Language) -> list[Entry]:
    """The rules of this class for one language, each at its named priority."""
    r = lx.r
    spec = lx.spec
    lang = lx.lang
    out: list[Entry] = []

    def add(slot: P, entry: tuple[str, Fn]) -> None:
        out.append((slot, *entry))

    def hour_of(h: int) -> str:
        hour = r.words(h)
        if lang == "es":  # the hour is feminine: "la una", "las veintiuna"
            return re.sub(r"uno$", "una", hour)
        if lang == "fr":
            return re.sub(r"\bun$", "une", hour)
        return {"de": "ein"}.get(lang, hour) if h == 1 else hour

    def spanish_tail(m: re.Match[str], h: int) -> str:
        """What follows a Spanish time: "horas", "de la tarde", a zone, a sentence's stop."""
        tail = spec["hour_word"] if m.group("w") and h != 1 else ""
        half = (m.groupdict().get("ampm") or "")[:1].lower()
        if half and h == 12:
            tail = spec["midnight" if half == "a" else "noon"]
        elif half == "p" and h >= spec.get("night_from", 13):
            tail = spec["night"]
        elif half:
            tail = spec["am" if half == "a" else "pm"]
        if m.groupdict().get("tz"):
            tail = f"{tail} {' '.join(m.group('tz'))}".strip()
        return tail + _keeps_stop(m)  # "a las 8 a. m. Luego...": the stop ends the sentence too

    def clock(m: re.Match[str]) -> str:
        h, mi = int(m.group("h")), int(m.group("mi") or 0)
        if h > 24 or mi > 59:
            return m.group()
        hour = hour_of(h)
        minutes = ""
        if mi:
            minutes = r.words(mi)
            if mi < 10 and spec.get("minute_zero"):
                minutes = f"{spec['minute_zero']} {minutes}"
        if lang == "es":
            return " ".join(x for x in (hour, minutes, spanish_tail(m, h)) if x)
        # French counts "zéro heure" in the singular, like "une heure".
        word = spec.get("hour_one" if h <= 1 else "hour_many", "")
        if not word:
            return " ".join(x for x in (hour, minutes, m.group("w") or "") if x)
        return " ".join(x for x in (hour, word, minutes) if x)

    def seconds_clock(m: re.Match[str]) -> str:
        h, mi, se = (int(x) for x in m.group("h", "mi", "s"))
        if h > 24 or mi > 59 or se > 59:
            return m.group()
        out = [r.gendered(r.words(h), ""), spec["hour_one"]]
        for value, (one, many) in ((mi, spec["minute_words"]), (se, spec["second_words"])):
            out += [r.gendered(r.words(value), one), one if value == 1 else many]
        return " ".join(out)

    def score(m: re.Match[str]) -> str:
        return f"{r.number(m.group('a'))} {spec['score']} {r.number(m.group('b'))}"

    if spec.get("time_zones"):
        # "15 Uhr MEZ", "01:01:01 Uhr est": a time zone after a clock time is said letter
        # by letter, in whatever case it is written.
        zones = alternatives(spec["time_zones"])
        add(
            P.TIME_ZONE,
            (
                rf"(?<=[0-9] Uhr )(?P<tz>(?i:{zones}))(?![\w])",
                lambda m: " ".join(m.group("tz").upper()),
            ),
        )
    if lang == "de":
        clock_before = frozenset(spec.get("clock_before", ()))
        # "um 8 h", "20.15 h": a clock time; "8 h" alone is a duration, read as a unit.
        add(
            P.CLOCK_HOURS,
            (
                r"(?<![\w.,:])(?P<h>[0-2]?[0-9])(?:[.:](?P<mi>[0-5][0-9]))? ?(?P<w>h)(?![\w/])",
                lambda m: (
                    clock(m) if m.group("mi") or _before(m).lower() in clock_before else m.group()
                ),
            ),
        )
    durations: dict[str, Any] = spec.get("durations", {})

    def duration(m: re.Match[str]) -> str:
        parts = []
        for key in ("h", "min", "s"):
            value = m.group(key)
            if value:
                one, many = durations[key]
                name = one if int(value) == 1 else many
                parts.append(f"{r.gendered(r.words(int(value)), name)} {name}")
        if durations["and"] and len(parts) > 1:  # "dos horas y treinta minutos"
            parts[-1] = f"{durations['and']} {parts[-1]}"
            if len(parts) > 2:
                parts[0] += ","
        return " ".join(parts)

    if durations:
        # Two or three parts in order; one part alone is a unit, "15 h 30" a clock time.
        add(
            P.DURATION,
            (
                r"(?<![\w.,:])(?:(?P<h>[0-9]{1,3}) ?h (?=[0-9]{1,2} ?min\b))?"
                r"(?P<min>[0-9]{1,2}) ?min(?: (?P<s>[0-9]{1,2}) ?(?:s|seg))?(?![\w/])"
                r"(?(h)|(?(s)|(?!)))",
                duration,
            ),
        )
    if "score" in spec:
        # "2:1" is a score; "14:30" (two-digit minutes) a clock time.
        add(P.CLOCK, (r"(?<![\w.,:])(?P<a>[0-9]{1,2}):(?P<b>[0-9])(?![\w:]|[.,][0-9])", score))
        hour_words = "Uhr|horas|hrs\\.|hrs|h"
        sep = {"de": "(?::|\\.(?=[0-9]{2} ?Uhr))", "es": "[:.]"}.get(lang, ":")
        ampm = r"(?: (?P<ampm>[aApP]\.? ?[mM]\.?)(?![\w]))?" if lang == "es" else ""
        zones = "|".join(re.escape(z) for z in spec.get("clock_zones", ()))
        if zones:  # "15:30 GMT": said letter by letter
            ampm += rf"(?: (?P<tz>{zones})(?![\w]))?"
        add(
            P.CLOCK,
            (
                rf"(?<![\w.,:$€£])(?P<h>[0-2]?[0-9]){sep}(?P<mi>[0-5][0-9])(?![\w:]|[.,][0-9]| ?%)"
                rf"(?: ?(?P<w>{hour_words})(?![\w]))?{ampm}",
                clock,
            ),
        )
        if lang == "es":
            add(P.CLOCK, (r"(?<![\w.,:])(?P<h>0[0-9])(?P<mi>) ?(?P<w>h)(?![\w])", clock))
            # "a las 8 a. m.", "6 AM": the hour alone before a.m. or p.m.
            add(
                P.CLOCK,
                (
                    r"(?<![\w.,:])(?P<h>1[0-2]|0?[0-9])(?P<mi>)(?P<w>)"
                    + ampm.replace(")?", ")", 1),
                    clock,
                ),
            )
        if "second_words" in spec:
            add(
                P.CLOCK,
                (
                    r"(?<![\w.,:])(?P<h>[0-2]?[0-9]):(?P<mi>[0-5][0-9]):(?P<s>[0-5][0-9]) Uhr\b",
                    seconds_clock,
                ),
            )
        if lang == "de":
            add(
                P.CLOCK,
                (
                    r"(?<![\w.,:])(?P<h>[0-2]?[0-9]) Uhr(?: (?P<mi>[0-5][0-9]))?(?P<w>)(?![\w])",
                    clock,
                ),
            )
        if lang == "fr":
            add(
                P.CLOCK,
                (r"(?<![\w.,:])(?P<h>[0-2]?[0-9]) ?h ?(?P<mi>[0-5][0-9])?(?P<w>)(?![\w])", clock),
            )
    return out
