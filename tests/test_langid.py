"""Language identification: text without a declared language read with its own rules."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from narrate.langid import choose, identify
from narrate.pipeline import speak
from narrate.reader import read_article

PAGES = {
    "de": (
        "Bundesregierung beschließt neues Klimapaket",
        "Die Bundesregierung hat am 3. Oktober 2024 ein neues Klimapaket beschlossen. "
        "Nach Angaben des Ministeriums sollen bis 2030 rund 25 Mrd. Euro in den Ausbau "
        "der Netze fließen.",
    ),
    "es": (
        "El Gobierno aprueba el nuevo plan de vivienda",
        "El Consejo de Ministros aprobó el 12 de marzo de 2024 un plan de vivienda que "
        "costará 200 millones de euros. Según el ministerio, beneficiará a 300 familias "
        "de cada provincia.",
    ),
    "fr": (
        "Le gouvernement présente son budget",
        "Le gouvernement a présenté le 1er mars 2024 un budget de 21 milliards d'euros. "
        "Selon le ministère, la mesure concernera 31 communes et environ 2 000 habitants.",
    ),
}
# What each page's numbers become under its own language's rules (and not English's).
SPOKEN = {
    "de": ["dritten Oktober zweitausendvierundzwanzig", "fünfundzwanzig Milliarden Euro"],
    "es": ["doce de marzo de dos mil veinticuatro", "trescientas familias"],
    "fr": ["premier mars deux mille vingt-quatre", "vingt et un milliards d'euros"],
}


def _page(tmp_path: Path, lang: str, declared: str = "") -> Path:
    title, body = PAGES[lang]
    attr = f' lang="{declared}"' if declared else ""
    html = (
        f"<!doctype html><html{attr}><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )
    path = tmp_path / f"{lang}.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_page_without_lang_is_read_with_its_own_rules(tmp_path: Path, lang: str) -> None:
    edition = speak(read_article(_page(tmp_path, lang)))
    assert edition.language == lang
    spoken = " ".join(s.spoken for s in edition.segments)
    for words in SPOKEN[lang]:
        assert words in spoken


def test_a_text_file_without_a_language_line_is_identified(tmp_path: Path) -> None:
    path = tmp_path / "nota.txt"
    path.write_text("Nota de prensa\n\n" + PAGES["es"][1] + "\n", encoding="utf-8")
    assert read_article(path).language == "es"


def test_a_declared_language_is_kept(tmp_path: Path) -> None:
    assert read_article(_page(tmp_path, "de", declared="de-AT")).language == "de"


def test_a_contradicted_declaration_is_warned_about_in_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="narrate.langid"):
        edition = read_article(_page(tmp_path, "de", declared="en"))
    assert edition.language == "en"  # the author's declaration stands
    [record] = caplog.records
    message = record.getMessage()
    assert "\n" not in message
    assert "de.html" in message and "English" in message and "German" in message


def test_an_agreeing_declaration_is_not_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="narrate.langid"):
        read_article(_page(tmp_path, "fr", declared="fr"))
    assert not caplog.records


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The council voted on Tuesday to raise the budget for schools and roads.", "en"),
        ("Der Stadtrat hat am Dienstag beschlossen, den Haushalt zu erhöhen.", "de"),
        ("El ayuntamiento votó el martes a favor de aumentar el presupuesto.", "es"),
        ("Le conseil municipal a voté mardi pour augmenter le budget des écoles.", "fr"),
    ],
)
def test_identify_chooses_among_the_languages_with_rules(text: str, lang: str) -> None:
    code, probability = identify(text)
    assert code == lang and probability > 0.9


def test_too_little_text_is_read_as_declared_or_english() -> None:
    assert identify("Hola") == ("", 0.0)
    assert choose("", "Hola") == "en"
    assert choose("fr", "Hola") == "fr"


def test_another_language_is_never_chosen_by_the_identifier() -> None:
    # Italian: no rules, so never a guess of it; a declared Italian stays Italian.
    text = "Il consiglio comunale ha approvato martedì il bilancio delle scuole e delle strade."
    assert choose("", text) in ("en", "es", "fr", "de")
    assert choose("it", text) == "it"
