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
from functools import cache
from typing import Any

from . import data
from .en.abbreviation import _abbreviation, _hash_number, _number_abbr, _plain_abbr
from .en.acronym import _LINE, _capital_lines, _caps, spell
from .en.address import _STREET_RE, _party, _postal, _street
from .en.cardinal import (
    _digits_fallback,
    _fixed,
    _fraction,
    _number,
    _ordinal,
    _point,
    _range,
    _ratio,
    _scaled,
)
from .en.common import (
    NUM,
    Rule,
    _currencies,
    _first,
    _int_re,
    _keep_period,
    _num,
    _num_re,
    _scale_word,
    _unless_after,
    has_digit,
    unit_names,
)

# Read from here by other modules (generic.py, intro.py) and by the guard tests.
from .en.date import (  # noqa: F401,E402
    _DATE_FIRST,
    _NAMED_RANGE,
    MONTH_RE,
    MONTHS,
    WEEKDAY_RE,
    WEEKDAYS,
    _date_dmy,
    _date_iso,
    _date_mdy,
    _date_us,
    _decade,
    _decade_range,
    _named_range,
    _quarter,
    _short_year,
    _weekday,
)
from .en.electronic import _WEB, _WEB_CUE, _web
from .en.measure import _by, _fraction_unit, _glued_degrees, _power, _unit
from .en.money import _money, _money_suffix, _percent, _resolution
from .en.roman import ROMAN, _roman, roman_value  # noqa: F401,E402
from .en.serial import _code
from .en.slash import _slash
from .en.symbol import _hyphen, _symbol
from .en.telephone import _phone, _phone_local
from .en.time import AMPM_RE, _clock, _clock_range, _military, _time, _time_range, _time_short
from .numbers import (
    cardinal_str,
    digits,
)
from .text import Cue, Frozen, alternatives, safe


def build_rules(frozen: Frozen) -> list[Rule]:
    """The ordered English rules; the web rule freezes its output so nothing rereads it."""
    return [
        (_WEB, safe(_web(frozen)), _WEB_CUE),
        (_LINE, safe(_capital_lines(frozen)), None),
    ] + _static_rules()


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
