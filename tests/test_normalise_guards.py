"""Rule guards: a rule skipped because its guard says no could not have matched."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from test_normalise_properties import FRAGMENTS, news_like

from narrate.textnorm import core, data, english, normalise
from narrate.textnorm.text import Cue, Frozen, clean, tidy

ROOT = Path(__file__).resolve().parent.parent


def _strings_of(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


# Each way a rule with a Cue can match ("St" before a name, "et al.", each kind of address).
CUED = [
    "Visit St Paul's and St. Louis", "Smith et al. found it", "(Jones et al.)", "the U.S.A. team",
    "Mail a.b+c@d.co.uk now", "at https://x.org/a?b=1 or FTP://f.net.", "WWW.EXAMPLE.COM",
    "see(www.a.io)", "user@host", "MH17, F-35, 6-year-old, x64, 1990s-era, G7.",
]  # fmt: skip


def _corpus() -> list[str]:
    """Every written sentence of the accuracy corpus, every string of the normaliser's
    tables, and every key of the data tables the guarded rules are built from."""
    texts = set(FRAGMENTS) | set(CUED)
    for tsv in sorted((ROOT / "bench" / "data").glob("*.tsv")):
        for line in tsv.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts.update(line.split("\t")[:2])
    for test in sorted(Path(__file__).parent.glob("test_normalise*.py")):
        texts.update(_strings_of(test))
    texts.update(f"{key} 12" for key in data.load("abbreviations")["before_number"])  # "No. 12"
    texts.update(data.load("special")["fixed"])
    texts.update(f"{cur}5" for cur in data.load("currencies")["prefix"])
    texts.add((ROOT / "seeds" / "000_8dea0efc4732bc9d.txt").read_text(encoding="utf-8"))
    return sorted(texts)


CORPUS = _corpus()


def _check_guards(text: str) -> None:
    """Run the English rules one by one, none skipped, and check every guard at every match."""
    for _ in range(2):
        frozen = Frozen()
        text = clean(text)
        for pattern, rule, guard in english.build_rules(frozen):
            for m in pattern.finditer(text) if guard is not None else ():
                # What the guard looks for is in the match or just after it (a look-ahead),
                # not merely somewhere else in the text.
                near = text[m.start() : m.end() + 2]
                assert guard(near), (pattern.pattern[:60], near, text[:200])
                if isinstance(guard, Cue):
                    assert m.start() in set(guard.starts(text)), (pattern.pattern[:60], near)
            text = pattern.sub(rule, text)
        text = tidy(frozen.thaw(text))


def test_some_rules_are_guarded() -> None:
    guarded = [g for _, _, g in english.build_rules(Frozen()) if g is not None]
    assert len(guarded) > 30


def test_guards_hold_on_the_corpus() -> None:
    assert len(CORPUS) > 1000
    for text in CORPUS:
        _check_guards(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(news_like)
def test_guards_hold_on_random_text(text: str) -> None:
    _check_guards(text)


_RULES_FOR = core._rules_for


def _unguarded(lang: str, frozen: Frozen):  # type: ignore[no-untyped-def]
    return [(p, r, None) for p, r, *_ in _RULES_FOR(lang, frozen)]


def test_guards_change_no_output(monkeypatch: pytest.MonkeyPatch) -> None:
    skipped = [not english.has_digit(t) for t in CORPUS]
    assert any(skipped) and not all(skipped)
    with_guards = [normalise(t) for t in CORPUS]
    monkeypatch.setattr(core, "_rules_for", _unguarded)
    assert [normalise(t) for t in CORPUS] == with_guards


def test_every_date_name_starts_with_a_listed_letter() -> None:
    names = [*english.MONTHS, *english.WEEKDAYS]
    forms = {
        f(n[:k]) for n in names for k in range(2, len(n) + 1) for f in (str, str.upper, str.lower)
    }
    matched = [f for f in forms if re.fullmatch(f"{english.MONTH_RE}|{english.WEEKDAY_RE}", f)]
    assert len(matched) > 50
    assert all(f[0] in english._DATE_FIRST for f in matched)
