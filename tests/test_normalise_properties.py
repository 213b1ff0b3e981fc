"""Properties of the normaliser that hold for any input."""

from __future__ import annotations

import re

import pytest
from hostile import ADVERSARIAL, LONG_LINE, growth
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrate.textnorm import normalise

# Fragments that exercise the rules, glued together in random orders by the strategies.
FRAGMENTS = [
    "8,000", "2,500", "3.14", "-5", "1.2 million", "21st", "103rd", "1/2", "3/4", "½", "2½",
    "2017", "1905", "2003", "in 1066", "1066 people", "1990s", "'80s", "1800s", "2013-2014",
    "2013-14", "10-15", "4-3", "$1.5 billion", "$5.99", "£20m", "€3.2bn", "$2.5tn", "3.5%",
    "5 km", "2.5 kg", "120 mph", "30°C", "-5°C", "45,000 km²", "6-year-old", "June 5, 2018",
    "5 June 2018", "2018-06-05", "Jan. 15", "Mon., Nov. 26", "3:30 p.m.", "10am", "14:30",
    "Henry VIII", "World War II", "Chapter IV", "I", "Dr.", "Mr.", "St.", "No. 10", "vs.",
    "e.g.", "i.e.", "etc.", "CIA", "U.S.", "NGOs", "MH17", "G7", "F-35", "COVID-19", "NATO",
    "&", "#1", "%", "+", "/", "@", "www.example.com", "a@b.co", "555-123-4567", "24/7",
    "9/11", "50-50", "\u201c", "\u2019", "\u2014", "\u2013", "\u2026", "\u00a0", "\u200b",
    "\ufb01", "\u00b2", "\u00b3", "\x00", "\x07", "\ue000", "\ue100", "\ue001", "(", ")", "[",
    "]", ".", ",", "-", "--", " ", "\n", "\n\n", "'", '"', "?", "!", ":", ";", "0", "00", "1",
    "12", "123", "1234", "12345", "1.", ".5", "1,", ",1", "A", "B", "C", "M", "X", "V", "L",
    "St", "The", "the", "of", "War", "Louis", "km", "m", "s", "th", "a.m.", "PM", "x", "$",
    "£", "€", "°", "Jan", "May", "of",
    # The classes of issue 16.
    "a", "the", "mg", "dose", "$1.5 billion deal", "$20/mo", "GB/s", "people/km²", "/", "a.m.-",
    "2pm-5pm", "4.25%-4.5%", "1960s-80s", "$171-million", "Boeing", "787", "737 MAX", "A320",
    "747s", "401(k)", "ZIP code 90210", "192.168.1.1", "Malcolm X", "Sam II", "CHAPTER II",
    "10.30pm", "2:01:09", "4.4x", "2x8", "12KG", "10^6", "10²³", "10⁻³", "50bp", "40C",
    "LOS ANGELES —", "PANIC AT THE", "(AP) —", "Sun.", "(D-Calif.)", "(R-TX)", ", CA 95051",
    "Rs 5 crore", "708 N 1st St", "p.m. EST",
]  # fmt: skip

news_like = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
        st.text(max_size=6),
    ),
    max_size=25,
).flatmap(lambda parts: st.sampled_from(["", " "]).map(lambda sep: sep.join(parts)))

any_text = st.one_of(st.text(max_size=200), news_like)

PROPERTY_SETTINGS = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(any_text)
def test_no_ascii_digit_survives(text: str) -> None:
    assert not re.search(r"[0-9]", normalise(text))


@PROPERTY_SETTINGS
@given(any_text)
def test_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@PROPERTY_SETTINGS
@given(any_text, st.sampled_from(["en", "es", "fr", "de", "English", "xx", "", "it"]))
def test_never_raises_and_returns_str(text: str, lang: str) -> None:
    out = normalise(text, lang)
    assert isinstance(out, str)
    assert not re.search(r"[0-9]", out)


OTHER_FRAGMENTS = [
    "14:30", "horas", "Uhr", "18 h 30", "18h", "2:1", "Felipe VI", "Louis XIV", "XXIe",
    "siècle", "siglo XXI", "Ludwig XIV.", "1.500", "personas", "Am 3.", "Oktober", "1.ª",
    "1.er", "1re", "5 Mio.", "Euro", "2,5 Mrd. €", "5 Md€", "21", "años", "personnes", " ",
    # Dates, fractions, units, money with cents, telephone numbers, German ordinal endings.
    "21:00", "13.30", "p.m.", "01 h", "30/2/1990", "1990-02-30", "02.03.2003", "17.06", "abr.",
    "enero", "Mär.", "2003-03", "1/3", "1 1/2", "-4 1/3", "3/5 mph", "km/h", "65000 km²", "h",
    "€5,50", "£2,01", "$0,1", "€ 2 billones", "Millionen", "+49 1234-1234", "(0411)",
    "123-123-5678", "123.123.0.40", "ext. 12", "seit 1.", "bis 31.", "am 3.", "sein", "Mal",
    "3,1415", "1 000 000", "28º", "1.000.º", "1ra", "17/18", "juin", "a. C.", "02:02:23 Uhr",
]  # fmt: skip
other_like = st.lists(st.sampled_from(OTHER_FRAGMENTS), max_size=12).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=120), other_like), st.sampled_from(["es", "fr", "de"]))
def test_other_languages_idempotent(text: str, lang: str) -> None:
    once = normalise(text, lang)
    assert normalise(once, lang) == once


def _assert_linear(unit: str, size: int = 4000) -> None:
    """Work for 4n copies must stay near four times the work for n copies."""
    n = max(1, size // max(1, len(unit)))
    small, large = growth(normalise, unit * n, unit * (4 * n))
    # Quadratic growth would give a ratio near 16; a fixed cost per call (loading the
    # rules) makes small inputs cheaper than linear, never dearer.
    assert large < 6 * small + 1000, (unit[:40], small, large)


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_linear_work_adversarial(unit: str) -> None:
    _assert_linear(unit)


@pytest.mark.slow  # 120,000 characters counted step by step
@pytest.mark.parametrize("unit", LONG_LINE)
def test_linear_work_on_one_long_line(unit: str) -> None:
    _assert_linear(unit, size=30000)


@pytest.mark.slow  # 25 random inputs counted step by step
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(news_like.filter(lambda s: len(s) > 0))
def test_linear_work_random(unit: str) -> None:
    _assert_linear(unit)


def test_the_work_count_sees_quadratic_work() -> None:
    # Guards the measure: a rescan from the start at every word grows sixteenfold.
    def rescanning(text: str) -> None:
        words = text.split()
        for end in range(len(words)):
            for _ in words[:end]:
                pass

    small, large = growth(rescanning, "a " * 100, "a " * 400)
    assert large > 12 * small


def test_huge_number_read_digit_by_digit() -> None:
    out = normalise("x " + "7" * 500 + " y")
    assert out == "x " + " ".join(["seven"] * 500) + " y"


def test_control_characters_dropped() -> None:
    assert normalise("a\x00b\x07c\x1bd") == "abcd"
