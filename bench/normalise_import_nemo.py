"""Convert NeMo text-processing's English TN test cases to narrate's development corpus.

NVIDIA's NeMo-text-processing (Apache-2.0) keeps its English text-normalisation test cases
as ``written~spoken`` lines in
``tests/nemo_text_processing/en/data_text_normalization/test_cases_<class>.txt``. This
script reads them from a checkout and writes ``bench/data/nemo_en.tsv`` with the spoken
side converted to narrate's US newsreader conventions where they differ:

- no "and" inside numbers ("one hundred and five" -> "one hundred five");
- "a m" / "p m" for AM and PM, time zones spelled ("E S T");
- "dollars and fifty cents", "pounds and twenty pence";
- money per period with "a": "twenty dollars a month" (NeMo: "per month");
- a few single cases listed in ``OVERRIDES`` (ranges with "to", 24-hour times).

- initialisms NeMo writes in capitals ("IP", "SSN") spelled letter by letter.

Classes whose conventions are not a newsreader's are left out: ``electronic`` (NeMo reads
"HTTP colon slash slash"), ``serial``, ``word`` and ``whitelist`` (symbol soup, casing
tests), malformed ordinals NeMo reads as written ("1th" -> "one th"), and the single cases
in ``EXCLUDED`` (vanity phone numbers, two years read as a fraction).

    .venv/bin/python bench/normalise_import_nemo.py PATH/TO/NeMo-text-processing
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
    # A denominator over a hundred is read with "over", as in "one over two thousand seven".
    "1/2007": "one over two thousand seven",
    "12639/12640": "twelve thousand six hundred thirty nine over twelve thousand six hundred forty",
}
# Cases left out: two years with a slash read by NeMo as a fraction, and vanity numbers
# ("1-800-GO-U-HAUL"), whose letters are keypad digits rather than words.
EXCLUDED = {"1795 / 1805", "1-800-GO-U-HAUL", "1-800-GO-2-HAUL"}
# Initialisms NeMo writes as capitals; narrate spells them letter by letter.
_INITIALISM = re.compile(r"\b(IP|SSN)\b")
_MALFORMED_ORDINAL = re.compile(r"^[0-9]*(?:1th|2th|3th|4rd|11st|12nd|13rd|[02-9]1th)$")


def convert(spoken: str) -> str:
    """NeMo's spoken form in narrate's conventions."""
    spoken = _AND_IN_NUMBER.sub(r"\1 ", spoken)
    spoken = re.sub(r"\bAM\b", "a m", spoken)
    spoken = re.sub(r"\bPM\b", "p m", spoken)
    spoken = re.sub(r"\bEST\b", "E S T", spoken)
    spoken = _INITIALISM.sub(lambda m: " ".join(m.group(1)), spoken)
    spoken = _MINOR.sub(r"\1 and ", spoken)
    spoken = _PER_PERIOD.sub(
        lambda m: f"{m.group(1)} {'an' if m.group(2) == 'hour' else 'a'} {m.group(2)}", spoken
    )
    return " ".join(spoken.split())


def main() -> int:
    """Write bench/data/nemo_en.tsv from a NeMo-text-processing checkout."""
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    base = Path(sys.argv[1]) / CASES
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
            spoken = OVERRIDES.get(written) or convert(spoken)
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
