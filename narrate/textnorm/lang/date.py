"""Dates: numeric and with month names or abbreviations, seasons, eras."""

from __future__ import annotations

import re

from ..text import alternatives
from .context import before as _before
from .context import sentence_ends as _sentence_ends
from .priority import Entry, Fn, P
from .reader import Language, _keeps_stop


def build(lx: Language) -> list[Entry]:
    """The rules of this class for one language, each at its named priority."""
    r = lx.r
    spec = lx.spec
    lang = lx.lang
    months = lx.months
    out: list[Entry] = []

    def add(slot: P, entry: tuple[str, Fn]) -> None:
        out.append((slot, *entry))

    def date(m: re.Match[str]) -> str:
        d, mo, y = (int(x) if x else 0 for x in m.group("d", "m", "y"))
        if not 1 <= mo <= 12 or (m.group("d") and not 1 <= d <= 31):
            return m.group()
        return spoken_date(m, d, months[mo - 1], y)

    date_before = frozenset(spec.get("date_before", ()))

    def day_month(m: re.Match[str]) -> str:
        """ "el 9/11": a date after an article or a weekday; "3/4 de la población": a fraction."""
        d, mo = int(m.group("d")), int(m.group("m"))
        if not (1 <= d <= 31 and 1 <= mo <= 12) or _before(m).lower() not in date_before:
            return m.group()
        if d < mo and re.match(r" d(?:e|el|u|es)\b| d'", m.string[m.end() : m.end() + 5]):
            return m.group()  # "el 1/4 de final", "le 1/8 de finale"
        return spoken_date(m, d, months[mo - 1], 0)

    def word_date(m: re.Match[str]) -> str:
        name = m.group("mo").rstrip(".")
        name = abbreviations.get(name.lower(), name.lower()) if lang == "es" else name
        d = int(m.group("d"))
        if not 1 <= d <= 31:
            return m.group()
        return spoken_date(m, d, name, int(m.group("y") or 0), m.groupdict().get("of"))

    def spoken_date(m: re.Match[str], d: int, month: str, y: int, of: str | None = None) -> str:
        if lang == "de":
            day = r.german_ordinal(d, _before(m), month) if d else ""
        else:
            day = spec["day_one"] if d == 1 else r.words(d) if d else ""
        of_word = spec.get("date_of", "")
        parts = [day, of_word if day else "", month]
        if y:
            parts += [(of or of_word).strip(), r.words(y, "year")]
        return " ".join(x for x in parts if x)

    def day_list(m: re.Match[str]) -> str:
        days = [r.words(int(d)) for d in re.split(r"[/-]", m.group("days"))]
        return f"{', '.join(days[:-1])} {spec['and']} {days[-1]} {m.group('mo')}"

    def month_abbreviation(m: re.Match[str]) -> str:
        return abbreviations.get(m.group("ab").capitalize(), m.group())

    abbreviations = lx.abbreviations

    def numeric_dates() -> None:
        """2.3.2003, 2003-03-02, "el 9/11", "am 2.3.", "17.06": dates in figures."""
        mon = "|".join(re.escape(x) for x in months)
        # 2.3.2003, 30/2/1990, 2003-03-02; "02.03" (day and month) in German and French.
        add(
            P.DATE,
            (
                r"(?<![\w.,/:-])(?P<d>[0-9]{1,2})(?P<s>[./-])(?P<m>[0-9]{1,2})(?P=s)"
                r"(?P<y>[0-9]{4})(?![\w]|[.,/-][0-9])",
                date,
            ),
        )
        add(
            P.DATE,
            (
                r"(?<![\w.,/:-])(?P<y>1[0-9]{3}|20[0-9]{2})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"
                r"(?![\w]|[.,/-][0-9])",
                date,
            ),
        )
        if date_before:
            add(
                P.DATE,
                (r"(?<![\w.,/-])(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})(?![\w/]|[.,][0-9])", day_month),
            )
        if lang in ("es", "fr"):  # "les 17/18 juin": "les dix-sept et dix-huit juin"
            add(
                P.DATE,
                (
                    rf"(?<![\w.,/-])(?P<days>[0-9]{{1,2}}(?:[/-][0-9]{{1,2}})+) (?P<mo>{mon})\b",
                    day_list,
                ),
            )
        if lang == "de":
            # "am 2.3.", "bis 24.12.": day and month, the full stop after the month included
            # (kept when it also ends the sentence). "2.3" with no full stop is no date.
            add(
                P.DATE,
                (
                    r"(?<![\w.,/:-])(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>)"
                    r"(?![\w.]|,[0-9]| ?(?:Uhr|h)\b)",
                    lambda m: (
                        m.group()
                        if (out := date(m)) == m.group()
                        else out + ("." if _sentence_ends(m) else "")
                    ),
                ),
            )
        if lang in ("de", "fr"):
            add(
                P.DATE,
                (
                    r"(?<![\w.,/:-])(?P<d>[0-3][0-9])\.(?P<m>[01][0-9])(?P<y>)"
                    r"(?![\w]|[.,/-][0-9]| ?(?:Uhr|h)\b)(?<!\bum [0-9]{2}\.[0-9]{2})",
                    date,
                ),
            )
        if lang == "de":
            add(
                P.DATE,
                (r"(?<![\w.,/:-])(?P<y>1[0-9]{3}|20[0-9]{2})-(?P<m>0[1-9])(?P<d>)(?![\w-])", date),
            )

    def written_dates() -> None:
        """ "3 set. 2020", "el lun. 3", "le 1er févr.", "2020/21": months and weekdays in words."""
        mon = "|".join(re.escape(x) for x in months)
        weekdays: dict[str, str] = spec.get("weekday_abbreviations", {})
        if weekdays:  # "el lun. 3 de junio": the weekday written short before its day
            wd = alternatives(weekdays)
            add(
                P.DATE,
                (
                    rf"(?<![\w.])(?P<wd>(?i:{wd}))\.(?= [0-9]{{1,2}}\b)",
                    lambda m: weekdays[m.group("wd").lower()],
                ),
            )
        if lang == "es":
            ab = "|".join(re.escape(x) for x in abbreviations)
            # "3 set. 2020"; in capitals without the full stop too ("12 ENE 2021").
            caps = "|".join(re.escape(x.upper()) for x in abbreviations if len(x) == 3)
            mo = rf"(?P<mo>(?i:{mon}|(?:{ab})\.)|(?:{caps})(?![\w.]))"
            year = r"(?:,? (?P<of>de |del )?(?P<y>[0-9]{4})(?![\w]|[.,][0-9]))?"
            add(P.DATE, (rf"(?<![\w.,])(?P<d>[0-9]{{1,2}}) (?:de )?{mo}(?![\w]){year}", word_date))
            add(P.DATE, (rf"{mo} (?P<d>[0-9]{{1,2}})(?![\w.,]){year}", word_date))
        if abbreviations and lang == "de":
            # After a day ("3. Jan.") or before a year ("im Feb. 2019").
            ab = "|".join(re.escape(x) for x in abbreviations)
            add(
                P.DATE,
                (
                    rf"(?:(?<=[0-9]\. )|(?<![\w.])(?=(?i:{ab})\. [0-9]{{4}}(?![\w]|[.,][0-9])))"
                    rf"(?P<ab>(?i:{ab}))\.(?=[ ,;:]|$)",
                    month_abbreviation,
                ),
            )
        if abbreviations and lang == "fr":  # "le 3 janv. 2021", "le 1er févr."
            ab = "|".join(re.escape(x) for x in abbreviations)
            add(
                P.DATE,
                (
                    rf"(?:(?<=[0-9] )|(?<=[0-9]er ))(?P<ab>{ab})\.(?=[ ,;:]|$)",
                    lambda m: abbreviations[m.group("ab")] + ("." if _sentence_ends(m) else ""),
                ),
            )
        if lang in ("es", "fr"):
            # "la temporada 2020/21": a season, both years read ("dos mil veinte veintiuno").
            add(
                P.DATE,
                (
                    r"(?<![\w.,/])(?P<a>1[0-9]{3}|20[0-9]{2})[/-](?P<b>[0-9]{2})(?![\w/]|[.,][0-9])",
                    lambda m: (
                        f"{r.words(int(m.group('a')), 'year')} {r.words(int(m.group('b')))}"
                        if (int(m.group("a")) + 1) % 100 == int(m.group("b"))
                        else m.group()
                    ),
                ),
            )

    if months:
        numeric_dates()
        written_dates()
    if lang == "de":
        after_ordinal: dict[str, str] = spec.get("after_ordinal", {})
        eras: dict[str, str] = spec.get("eras", {})
        if after_ordinal:  # "im 3. Jh.": "im dritten Jahrhundert"
            ab = alternatives(after_ordinal)
            add(
                P.ERA,
                (
                    rf"(?<=[0-9]\. )(?P<ab>{ab})(?=[ ,;:]|$)",
                    lambda m: after_ordinal[m.group("ab")] + ("." if _sentence_ends(m) else ""),
                ),
            )
        # "44 v. Chr.", "im 3. Jahrhundert v. Chr."; a full stop that ends the sentence stays.
        if eras:
            ab = alternatives(eras)
            add(
                P.ERA,
                (
                    rf"(?:(?<=[0-9] )|(?<=Jahrhundert )|(?<=Jahrtausend ))(?P<ab>{ab})(?![\w])",
                    lambda m: eras[m.group("ab")] + ("." if _sentence_ends(m) else ""),
                ),
            )
    after_number: dict[str, str] = spec.get("after_number", {})
    if after_number:
        ab = alternatives(after_number)
        add(
            P.ERA_AFTER_NUMBER,
            (
                rf"(?<=[0-9] )(?P<ab>{ab})(?![\w])",
                lambda m: after_number[m.group("ab")] + _keeps_stop(m),
            ),
        )
    return out
