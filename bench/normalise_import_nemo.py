"""Convert NeMo text-processing's English TN test cases to narrate's development corpus.

Usage: normalise_import_nemo.py NEMO_CHECKOUT [--lang es|fr|de|all]

NVIDIA's NeMo-text-processing (Apache-2.0) keeps its English text-normalisation test cases
as ``written~spoken`` lines in
``tests/nemo_text_processing/en/data_text_normalization/test_cases_<class>.txt``. This
script reads them from a checkout and writes ``bench/data/nemo_en.tsv`` with the spoken
side converted to narrate's US newsreader conventions where they differ:

- no "and" inside numbers ("one hundred and five" -> "one hundred five");
- "a m" / "p m" for AM and PM, time zones spelled ("E S T");
- "dollars and fifty cents", "pounds and twenty pence";
- money per period with "a": "twenty dollars a month" (NeMo: "per month");
- initialisms NeMo writes in capitals ("IP", "SSN", "AD", "US") spelled letter by letter,
  and its lower-case "us dollars" as "U S dollars";
- "oh" for a zero: a short year ("11/17/05" is "november seventeenth oh five"; NeMo: "zero
  five") and a three-figure house number ("708 N 1st St" is "seven oh eight");
- "by" between two numbers for "x" ("2x8" is "two by eight"; NeMo: "two x eight");
- "YoY" read "year over year" (NeMo leaves it as written), and "covid-19.5" read without
  the hyphen NeMo keeps ("covid nineteen point five"; NeMo: "covid- nineteen point five");
- a few single cases listed in ``OVERRIDES`` (ranges with "to", 24-hour times, "Main St."
  as "Main Street.", which NeMo leaves as written).

Classes whose conventions are not a newsreader's are left out: ``electronic`` (NeMo reads
"HTTP colon slash slash"), ``serial``, ``word`` and ``whitelist`` (symbol soup, casing
tests), malformed ordinals NeMo reads as written ("1th" -> "one th"), and the single cases
in ``EXCLUDED``, each with its reason: vanity phone numbers, two years read as a fraction,
"978-0" and "45º&C" (malformed; NeMo reads "nine hundred seventy eight - zero", "forty five
degree and C"), "80 s" (seconds or the eighties; NeMo: "eighty S"), "0.1 M", "0.1 B" and
"0.1 K" (a bare capital that may be a scale word or a unit; NeMo keeps the letter), "1990
for the Ata ST" (not a sentence) and the case NeMo itself marks "(incorrect
normalization)".

With ``--lang es|fr|de`` (or ``--lang all``) it writes ``bench/data/nemo_<lang>.tsv`` from
``tests/nemo_text_processing/<lang>/data_text_normalization/`` instead (``nemo_en.tsv`` is
then left alone). NeMo's German files are written ``spoken~written``; they are turned
round. Where a line gives several readings the first is taken unless ``OVERRIDES_OTHER``
names one. The spoken side is changed only where a newsreader reads differently:

- Spanish clock times in narrate's 24-hour newsreader style: "13.30" is "trece treinta",
  not "trece y media"; "y cuarto" is "quince", "14.05" is "catorce cero cinco"; "h" or
  "horas" after a time is read "horas" (never after "la una"). "de la mañana"/"de la
  tarde" for a.m./p.m. are kept.
- Spanish decimals: the whole part is "uno", not "una"/"un", before "coma", and the last
  figure of the fraction is "uno", not "un", before a unit ("cero coma cero uno segundos";
  NeMo: "cero un segundos").
- Spanish mixed numbers with a half as a native says them: "una milla y media por hora",
  "un metro y medio" (NeMo: "una y media milla", "uno y medio metro").
- French days listed with "/" or "-" are joined with "et": "les dix-sept et dix-huit
  juin" (NeMo: "les dix-sept dix-huit juin").
- German numbers below a million are one word, as German writes them ("drei und
  zwanzig" -> "dreiundzwanzig", "zwei tausend drei" -> "zweitausenddrei"); so are
  "Quadrat"/"Kubik" units ("Quadratkilometer") and "eineinhalb". Digits read one by one
  (after "Komma", telephone numbers) stay apart.
- German ordinals of a round hundred or thousand without "ein" ("hundertster",
  "tausendster"), and the weak ending after "dem" ("dem tausendsten"; NeMo:
  "tausendstem").
- German agreement NeMo gets wrong: "eine Stunde", "eine Million" (NeMo: "ein stunde",
  "eins million").

Left out as not a newsreader's conventions or as malformed input: for every language the
``electronic``, ``whitelist``, ``word`` and ``normalize_with_audio`` classes; Spanish
Roman numerals and currency or unit codes written in lower case ("siglo xix", "usd 2",
"-8° c"), time zones ("pst", "gmt-3", whose spoken forms are NeMo's own), a yen with
centavos, letters inside numbers ("1,2-a", "1-800-go-u-haul"), run-together durations
("12h02m00s"), and a lone "V" in the ordinal cases (NeMo: "quinto"; without its noun it
may as well be "uve", "cinco" or "quinta"); French "les 80s" (read in English) and "6°"
as an ordinal; German "0/0", "121tem", comma-separated lists ("1,2,3") and money with
other than two decimals ("$2,0001"; NeMo reads "$2,000" as two dollars).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "data" / "nemo_en.tsv"
CASES = "tests/nemo_text_processing/en/data_text_normalization"
CLASSES = [
    "cardinal", "date", "money", "measure", "time", "ordinal", "range", "address", "math",
    "decimal", "fraction", "roman", "telephone",
]  # fmt: skip

_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety)"
)
_SCALE = r"(hundred|thousand|million|billion|trillion)"
_AND_IN_NUMBER = re.compile(rf"\b{_SCALE} and (?={_NUMBER_WORD})")
_MINOR = re.compile(r"\b(dollars?|pounds?|euros?) (?!and )(?=(?:\w+ )*?(?:cents?|pence|penny)\b)")
_PER_PERIOD = re.compile(r"\b(dollars?|pounds?|euros?|cents?) per (hour|day|week|month|year)\b")
# Cases where NeMo's reading is not a newsreader's, with the reading used instead.
OVERRIDES = {
    "13000": "thirteen thousand",  # NeMo reads unseparated numbers over 4 digits as digits
    "123000": "one hundred twenty three thousand",
    "from 2-10": "from two to ten",  # a range is read with "to", never "dash"
    "2-5": "two to five",
    "170 - 45190": "one hundred seventy to forty five thousand one hundred ninety",
    "$250-$300": "two hundred fifty to three hundred dollars",
    "4.4x": "four point four times",  # a multiplier, as in "a 4.4x rise"
    "23:00": "twenty three hundred",  # US style for 24-hour clock times
    "10:00:00 p.m. e.s.t": "ten p m E S T",  # zero seconds on a clock are not read
    "3 cc/s": "three c c per second",  # units read in full
    "2+3 m2": "two plus three square meters",
    "Sam II": "Sam the second",  # a regnal number is read with "the"
    "Main St.": "Main Street.",  # "St." after a name is Street (NeMo leaves it as written)
    # A denominator over a hundred is read with "over", as in "one over two thousand seven".
    "1/2007": "one over two thousand seven",
    "12639/12640": "twelve thousand six hundred thirty nine over twelve thousand six hundred forty",
}
# Cases left out, each with the reason: malformed input, or a reading of NeMo's own that
# has no newsreader's answer.
EXCLUDED = {
    "1795 / 1805": "two years with a slash, read by NeMo as a fraction",
    "1-800-GO-U-HAUL": "a vanity number: its letters are keypad digits, not words",
    "1-800-GO-2-HAUL": "a vanity number",
    "978-0": 'an ISBN fragment; NeMo reads "nine hundred seventy eight - zero"',
    "45º&C": 'malformed degrees; NeMo reads "forty five degree and C"',
    "80 s": 'eighty seconds or the eighties; NeMo reads "eighty S"',
    "0.1 M": "a bare capital after a number: million, molar or mega (NeMo keeps the letter)",
    "0.1 B": "a bare capital after a number: billion or bytes (NeMo keeps the letter)",
    "0.1 K": "a bare capital after a number: thousand or kelvin (NeMo keeps the letter)",
    "1990 for the Ata ST": 'not a sentence; NeMo keeps "ST" as written',
    "(incorrect normalization) Nancy lived at 1428 Elm St. 4 doors down lived her best "
    "friend.": "NeMo's note that its own reading is wrong; 1428 Elm St. is in other cases",
}
# Initialisms NeMo writes as capitals; narrate spells them letter by letter.
_INITIALISM = re.compile(r"\b(IP|SSN|AD|US)\b")
_DIGIT_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine)"
# A number NeMo reads as a multiplication sign between two numbers ("two x eight").
_TIMES_X = re.compile(rf"\b({_NUMBER_WORD}) x (?={_NUMBER_WORD}\b)")
_MALFORMED_ORDINAL = re.compile(r"^[0-9]*(?:1th|2th|3th|4rd|11st|12nd|13rd|[02-9]1th)$")


def _oh_for_zero(spoken: str) -> str:
    """A three-figure house number read figure by figure says "oh" for its zero."""
    words = spoken.split(" ")
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and re.fullmatch(_DIGIT_WORD, words[j].rstrip(",")):
            j += 1
        run = words[i:j]
        if len(run) == 3 and run[0] != "zero" and run[1] == "zero":
            words[i + 1] = "oh"
        i = max(j, i + 1)
    return " ".join(words)


def convert(spoken: str, cls: str = "") -> str:
    """NeMo's spoken form in narrate's conventions."""
    spoken = _AND_IN_NUMBER.sub(r"\1 ", spoken)
    spoken = re.sub(r"\bAM\b", "a m", spoken)
    spoken = re.sub(r"\bPM\b", "p m", spoken)
    spoken = re.sub(r"\bEST\b", "E S T", spoken)
    spoken = _INITIALISM.sub(lambda m: " ".join(m.group(1)), spoken)
    # NeMo writes the currency's country in lower case ("us dollars"); it is an initialism.
    spoken = re.sub(r"\bus dollars\b", "U S dollars", spoken)
    spoken = re.sub(r"\bYoY\b", "year over year", spoken)
    spoken = re.sub(r"\bcovid- ", "covid ", spoken)  # NeMo keeps the hyphen of "covid-19"
    spoken = _TIMES_X.sub(r"\1 by ", spoken)
    if cls == "date":
        # a short year with a leading zero: "11/17/05" is "oh five"
        spoken = re.sub(rf"\bzero (?={_DIGIT_WORD}\b)", "oh ", spoken)
    if cls == "address":
        spoken = _oh_for_zero(spoken)
    spoken = _MINOR.sub(r"\1 and ", spoken)
    spoken = _PER_PERIOD.sub(
        lambda m: f"{m.group(1)} {'an' if m.group(2) == 'hour' else 'a'} {m.group(2)}", spoken
    )
    return " ".join(spoken.split())


# Other languages: the classes taken, and the spoken forms used instead of NeMo's.
CLASSES_OTHER = {
    "es": ["cardinal", "date", "decimal", "fraction", "measure", "money", "ordinal", "telephone",
           "time"],
    "fr": ["cardinal", "date", "decimal", "fraction", "ordinal"],
    "de": ["cardinal", "date", "decimal", "fraction", "measure", "money", "ordinal", "telephone",
           "time"],
}  # fmt: skip
OVERRIDES_OTHER = {
    "es": {
        "1,5332": "uno coma cincuenta y tres treinta y dos",  # NeMo's second reading
        "1,002": "uno coma cero cero dos",
        "1,25300": "uno coma veinticinco treinta cero",
        "123.123.0.40": "uno dos tres punto uno dos tres punto cero punto cuatro cero",
        "1 1/2 mph": "una milla y media por hora",
        "1 1/2 m": "un metro y medio",
        "2 h 30 min": "dos horas y treinta minutos",  # a duration, not a clock time
    },
    "fr": {},
    "de": {
        "1 h": "eine Stunde",
        "1 million mv": "eine Million Millivolt",
        "€1 million": "eine Million Euro",
        "dem 1000.": "dem tausendsten",
        "1000000.": "millionster",
        "1/2 ft": "ein halber Fuß",
    },
}
_ES_SKIP = {
    "date": re.compile(r"\b(?:siglo|año) [ivxlcdm]+\b"),  # lower-case Roman numerals
    "ordinal": re.compile(r"\b[ivxlcdm]+$"),
    # lower-case codes ("usd 2", "13hkd"), the yen with centavos
    "money": re.compile(
        r"(?<![$])\b(?!de\b|ptas\b|kr\b|us\$|r\$)[a-z]{2,3}(?:\b|\d)|¥|[0-9][a-z]|^q[0-9]"
    ),
    "measure": re.compile(r"[a-z]-[0-9]|-[a-z]|° ?[ck]\b"),  # letters in numbers, "-8° c"
}
_ES_NUMBER = re.compile(
    r"^(?:cero|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|"
    r"catorce|quince|dieci\w+|veint\w+|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|"
    r"noventa|y|ciento|\w+cientos|quinientos|mil)$"
)
_ZONES = re.compile(r"\b(?:est|pst|pyt|gmt|utc)\b")
_DE_NUMBER = re.compile(
    r"^(?:und|erst|dritt|null|eins?|eine[mnrs]?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|"
    r"[a-zäöüß]+zehn|[a-zäöüß]+zig|dreißig|hundert|tausend)[a-zäöüß]*$"
)
_JOINERS = ("und", "hundert", "tausend")


def _es_skip(written: str, cls: str) -> bool:
    if cls in _ES_SKIP and _ES_SKIP[cls].search(written):
        return True
    if cls == "time" and _ZONES.search(written):
        return True
    # "V" alone has no noun to say which reading it takes (uve, cinco, quinto or quinta)
    return written in ("12h02m00s", "1-800-go-u-haul", "0-800-hermano", "V")


def _skip(lang: str, cls: str, written: str) -> bool:
    """Malformed or non-newsreader inputs, listed in the docstring."""
    if lang == "es":
        return _es_skip(written, cls)
    if lang == "fr":
        return written == "les 80s" or "°" in written
    if lang == "de":
        if written in ("0/0", "121tem") or re.fullmatch(r"[0-9]+(?:,[0-9]+){2,}", written):
            return True
        money = re.fullmatch(r"[$€£][0-9]+,([0-9]+)", written)
        return bool(money and len(money.group(1)) != 2)
    return False


def _es_convert(spoken: str, written: str, cls: str) -> str:
    if cls == "time" and not re.search(r"\bhoras? \w+ minutos", spoken):
        spoken = re.sub(r"^(\w+) y cuarto\b", r"\1 quince", spoken)
        spoken = re.sub(r"^(\w+) y media\b", r"\1 treinta", spoken)
        one = "uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve"
        spoken = re.sub(rf"^(\w+) y ({one})\b(?! y)", r"\1 cero \2", spoken)
        spoken = re.sub(r"^(\w+) y ", r"\1 ", spoken)
        clock = re.fullmatch(r"0?([0-9]+)[.:][0-9]{2} h", written)
        if clock and clock.group(1) != "1":
            spoken += " horas"
    if " coma " in spoken:
        spoken = re.sub(r"\b(?:un|una)(?= coma\b)", "uno", spoken)
        head, _, tail = spoken.partition(" coma ")
        words = tail.split()
        for i, w in enumerate(words):
            if not _ES_NUMBER.match(w):
                break
            if w in ("un", "una"):
                words[i] = "uno"
        spoken = f"{head} coma {' '.join(words)}"
    return spoken


def _fr_convert(spoken: str, written: str) -> str:
    if re.match(r"les [0-9]+[/-][0-9]+", written):
        head, _, tail = spoken.partition("les ")
        words = tail.split()
        month = next(i for i, w in enumerate(words) if w in _FR_MONTHS)
        days, rest = words[:month], words[month:]
        listed = ", ".join(days[:-1]) + " et " + days[-1]
        spoken = " ".join([f"{head}les {listed}", *rest])
    return spoken


_FR_MONTHS = frozenset("janvier février mars avril mai juin juillet août septembre octobre "
                       "novembre décembre".split())  # fmt: skip


def _de_join(spoken: str) -> str:
    """German number words below a million written as one word."""
    out: list[str] = []
    for word in spoken.split():
        prev = out[-1] if out else ""
        if (
            prev
            and _DE_NUMBER.match(prev)
            and _DE_NUMBER.match(word)
            and (word.startswith(_JOINERS) or prev.endswith(_JOINERS))
        ):
            out[-1] = prev + word
        else:
            out.append(word)
    text = " ".join(out)
    text = re.sub(r"\b(quadrat|kubik) (\w)", r"\1\2", text)
    text = re.sub(r"\bein ein halb\b", "eineinhalb", text)
    return re.sub(r"\bein(hundertst|tausendst)", r"\1", text)


def convert_other(lang: str, cls: str, written: str, spoken: str) -> str:
    """NeMo's spoken form in narrate's conventions for Spanish, French or German."""
    if lang == "es":
        spoken = _es_convert(spoken, written, cls)
    elif lang == "fr":
        spoken = _fr_convert(spoken, written)
    elif lang == "de":
        spoken = _de_join(spoken)
    return " ".join(spoken.split())


def import_other(checkout: Path, lang: str) -> int:
    """Write bench/data/nemo_<lang>.tsv from a NeMo-text-processing checkout."""
    base = checkout / "tests" / "nemo_text_processing" / lang / "data_text_normalization"
    out = ROOT / "bench" / "data" / f"nemo_{lang}.tsv"
    rows = []
    seen: set[str] = set()
    for cls in CLASSES_OTHER[lang]:
        text = (base / f"test_cases_{cls}.txt").read_text(encoding="utf-8")
        for line in text.splitlines():
            parts = [p.strip() for p in line.split("~")]
            if len(parts) < 2 or "\t" in line:
                continue
            written, spoken = (parts[1], parts[0]) if lang == "de" else (parts[0], parts[1])
            if not written or written in seen or _skip(lang, cls, written):
                continue
            seen.add(written)
            spoken = OVERRIDES_OTHER[lang].get(written) or convert_other(lang, cls, written, spoken)
            rows.append(f"{written}\t{spoken}\t{lang}\tnemo-{lang}-{cls}")
    header = [
        f"# From NVIDIA/NeMo-text-processing (Apache-2.0), {lang} TN test cases,",
        "# converted by bench/normalise_import_nemo.py; see bench/data/README.md.",
    ]
    out.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    print(f"{out}: {len(rows)} rows")
    return 0


def main() -> int:
    """Write bench/data/nemo_en.tsv (or nemo_<lang>.tsv) from a NeMo-text-processing checkout."""
    args = sys.argv[1:]
    lang = "en"
    if len(args) == 3 and args[1] == "--lang" and args[2] in (*CLASSES_OTHER, "all"):
        lang = args.pop(2)
        args.pop(1)
    if len(args) != 1:
        usage = next(ln for ln in __doc__.splitlines() if "normalise_import_nemo.py" in ln)
        print(usage.strip(), file=sys.stderr)
        return 2
    if lang != "en":
        for code in CLASSES_OTHER if lang == "all" else [lang]:
            import_other(Path(args[0]), code)
        return 0
    base = Path(args[0]) / CASES
    rows = []
    for cls in CLASSES:
        path = base / f"test_cases_{cls}.txt"
        seen = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            written, sep, spoken = line.partition("~")
            if not sep or "\t" in line or written in seen or written in EXCLUDED:
                continue
            if cls == "ordinal" and _MALFORMED_ORDINAL.match(written):
                continue
            seen.add(written)
            spoken = OVERRIDES.get(written) or convert(spoken, cls)
            rows.append(f"{written}\t{spoken}\ten\tnemo-{cls}")
    header = [
        "# From NVIDIA/NeMo-text-processing (Apache-2.0), English TN test cases,",
        "# converted by bench/normalise_import_nemo.py; see bench/data/README.md.",
    ]
    OUT.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
