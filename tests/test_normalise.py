"""Table tests for the normaliser: written form in, spoken form out (US English)."""

# Each table row stays on one line so the tables read as tables.
# ruff: noqa: E501

from __future__ import annotations

import re
from pathlib import Path

import pytest

from narrate.errors import ConfigError
from narrate.textnorm import Lexicon, language_code, normalise

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_8dea0efc4732bc9d.txt"


def case(*pairs: tuple[str, str]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize(("written", "spoken"), pairs)


def check(written: str, spoken: str, lang: str = "en") -> None:
    out = normalise(written, lang)
    assert out == spoken
    assert normalise(out, lang) == out


# --- the seed article's own sentences ----------------------------------------------------


@case(
    ("over 8,000 bodies", "over eight thousand bodies"),
    ("between June and October of 2017", "between June and October of twenty seventeen"),
    ("in the first place in 2013, 2014.", "in the first place in twenty thirteen, twenty fourteen."),
    ("as they did back in 2013-2014.", "as they did back in twenty thirteen to twenty fourteen."),
    ("after its 2003 invasion", "after its two thousand three invasion"),
    ("more than 2,500 people were buried", "more than two thousand five hundred people were buried"),
    ("where 1,500 of the bombing raids' victims", "where one thousand five hundred of the bombing raids' victims"),
    ("just two percent of the rubble", "just two percent of the rubble"),
    ("Stalingrad and Dresden in World War II.", "Stalingrad and Dresden in World War two."),
    ("perpetuating the CIA-orchestrated war", "perpetuating the C I A orchestrated war"),
    ("Iraq and Syria (ISIS) in Deir Ezzor", "Iraq and Syria, Isis, in Deir Ezzor"),
    ("the Syrian Kurdish YPG [People's Protection Units] militia", "the Syrian Kurdish Y P G, People's Protection Units, militia"),
    ("the president of the UN Security Council", "the president of the U N Security Council"),
    ("as US escalates offensive", "as U S escalates offensive"),
    ("killing at least 23 people", "killing at least twenty three people"),
    ("a family of 17 civilians", "a family of seventeen civilians"),
    ("since 2014, with continuous bombings", "since twenty fourteen, with continuous bombings"),
    ("Washington\u2019s confrontation", "Washington's confrontation"),
    ("munitions\u2014both banned by international treaties\u2014on civilian", "munitions, both banned by international treaties, on civilian"),
    ("the \u201cenduring defeat\u201d of ISIS", 'the "enduring defeat" of Isis'),
    ("the CIA\u2019s orchestration", "the C I A's orchestration"),
    ("the more than 2,000 US troops", "the more than two thousand U S troops"),
)  # fmt: skip
def test_seed_sentences(written: str, spoken: str) -> None:
    check(written, spoken)


def test_seed_article_has_no_digit_and_keeps_paragraphs() -> None:
    text = SEED.read_text(encoding="utf-8")
    out = normalise(text)
    assert not re.search(r"[0-9]", out)
    assert out.count("\n\n") == text.strip().count("\n\n")
    assert normalise(out) == out


# --- numbers -----------------------------------------------------------------------------


@case(
    ("8,000", "eight thousand"),
    ("2,500", "two thousand five hundred"),
    ("1,000,000", "one million"),
    ("12,345,678", "twelve million three hundred forty five thousand six hundred seventy eight"),
    ("101", "one hundred one"),
    ("0", "zero"),
    ("7", "seven"),
    ("3.14", "three point one four"),
    ("0.5", "zero point five"),
    ("a .5 chance", "a point five chance"),
    ("-5", "minus five"),
    ("fell to -12.5 overnight", "fell to minus twelve point five overnight"),
    ("1.2 million", "one point two million"),
    ("3 billion", "three billion"),
    ("a 5bn plan", "a five billion plan"),
    ("0042", "zero zero four two"),
    ("007", "double oh seven"),
)  # fmt: skip
def test_cardinals_and_decimals(written: str, spoken: str) -> None:
    check(written, spoken)


@case(
    ("21st", "twenty first"),
    ("103rd", "one hundred third"),
    ("the 1st and 2nd", "the first and second"),
    ("the 12th", "the twelfth"),
    ("her 90th birthday", "her ninetieth birthday"),
    ("the 1,000th visitor", "the one thousandth visitor"),
)  # fmt: skip
def test_ordinals(written: str, spoken: str) -> None:
    check(written, spoken)


@case(
    ("1/2", "one half"),
    ("3/4", "three quarters"),
    ("1/4", "one quarter"),
    ("2/3", "two thirds"),
    ("5/8", "five eighths"),
    ("½", "one half"),
    ("2½ hours", "two and a half hours"),
    ("1 1/2 cups", "one and a half cups"),
    ("\u00be of voters", "three quarters of voters"),
)  # fmt: skip
def test_fractions(written: str, spoken: str) -> None:
    check(written, spoken)


# --- years, decades, ranges ----------------------------------------------------------------


@case(
    ("in 2017", "in twenty seventeen"),
    ("in 1905", "in nineteen oh five"),
    ("in 2003", "in two thousand three"),
    ("in 2000", "in two thousand"),
    ("in 1900", "in nineteen hundred"),
    ("in 2010", "in twenty ten"),
    ("in 1066", "in ten sixty six"),
    ("1066 people", "one thousand sixty six people"),
    ("2017 was a hard year", "twenty seventeen was a hard year"),
    ("the 2016 elections", "the twenty sixteen elections"),
    ("mid-2017", "mid twenty seventeen"),
    ("June 2018", "June twenty eighteen"),
    ("3000 troops", "three thousand troops"),
    ("1500 soldiers", "one thousand five hundred soldiers"),
)  # fmt: skip
def test_years(written: str, spoken: str) -> None:
    check(written, spoken)


@case(
    ("the 1990s", "the nineteen nineties"),
    ("the '80s", "the eighties"),
    ("the 1800s", "the eighteen hundreds"),
    ("the 2000s", "the two thousands"),
    ("in her 20s", "in her twenties"),
    ("the 1960's", "the nineteen sixties"),
    ("the mid-1990s", "the mid-nineteen nineties"),
    ("the class of '98", "the class of ninety eight"),
    ("since '05", "since oh five"),
)  # fmt: skip
def test_decades(written: str, spoken: str) -> None:
    check(written, spoken)


@case(
    ("2013-2014", "twenty thirteen to twenty fourteen"),
    ("the 2013-14 season", "the twenty thirteen to fourteen season"),
    ("10-15 people", "ten to fifteen people"),
    ("won 4-3", "won four to three"),
    ("a 5-4 ruling", "a five to four ruling"),
    ("50-50", "fifty fifty"),
    ("pages 10\u201315", "pages ten to fifteen"),
    ("the 2019/20 season", "the twenty nineteen to twenty season"),
)  # fmt: skip
def test_ranges_and_scores(written: str, spoken: str) -> None:
    check(written, spoken)


# --- money, percentages, units --------------------------------------------------------------


@case(
    ("$1.5 billion", "one point five billion dollars"),
    ("$5.99", "five dollars and ninety nine cents"),
    ("$1", "one dollar"),
    ("$0.50", "fifty cents"),
    ("$100", "one hundred dollars"),
    ("$2,500", "two thousand five hundred dollars"),
    ("£20m", "twenty million pounds"),
    ("£1.50", "one pound and fifty pence"),
    ("€3.2bn", "three point two billion euros"),
    ("$2.5tn", "two point five trillion dollars"),
    ("$10-15 million", "ten to fifteen million dollars"),
    ("US$5 million", "five million dollars"),
    ("¥500", "five hundred yen"),
    ("500 USD", "five hundred dollars"),
)  # fmt: skip
def test_money(written: str, spoken: str) -> None:
    check(written, spoken)


@case(
    ("3.5%", "three point five percent"),
    ("100%", "one hundred percent"),
    ("10-15%", "ten to fifteen percent"),
    ("-2%", "minus two percent"),
    ("rose 7 percent", "rose seven percent"),
)  # fmt: skip
def test_percentages(written: str, spoken: str) -> None:
    check(written, spoken)


@case(
    ("5 km", "five kilometers"),
    ("1 km", "one kilometer"),
    ("2.5 kg", "two point five kilograms"),
    ("120 mph", "one hundred twenty miles per hour"),
    ("30°C", "thirty degrees Celsius"),
    ("-5°C", "minus five degrees Celsius"),
    ("45,000 km²", "forty five thousand square kilometers"),
    ("a 10-km race", "a ten kilometer race"),
    ("90 km/h", "ninety kilometers per hour"),
    ("500 MW", "five hundred megawatts"),
    ("64 GB", "sixty four gigabytes"),
    ("100m", "one hundred meters"),
    ("51.5°N", "fifty one point five degrees north"),
    ("30ºC", "thirty degrees Celsius"),
    ("50¢", "fifty cents"),
    ("a 3x rise", "a three times rise"),
)  # fmt: skip
def test_units(written: str, spoken: str) -> None:
    check(written, spoken)


@case(
    ("a 6-year-old boy", "a six year old boy"),
    ("a 10-minute walk", "a ten minute walk"),
    ("a 3-2 win", "a three to two win"),
    ("the 100-meter dash", "the one hundred meter dash"),
)  # fmt: skip
def test_compound_adjectives(written: str, spoken: str) -> None:
    check(written, spoken)


# --- dates and times ------------------------------------------------------------------------


@case(
    ("June 5, 2018", "June fifth, twenty eighteen"),
    ("5 June 2018", "the fifth of June twenty eighteen"),
    ("2018-06-05", "June fifth, twenty eighteen"),
    ("Jan. 15", "January fifteenth"),
    ("Mon., Nov. 26", "Monday, November twenty sixth"),
    ("on Sept. 11, 2001", "on September eleventh, two thousand one"),
    ("March 3rd", "March third"),
    ("the 4th of July", "the fourth of July"),
    ("on 12/25/2019", "on December twenty fifth, twenty nineteen"),
    ("on 25/12/2019", "on the twenty fifth of December twenty nineteen"),
    ("Tuesday, Oct. 2", "Tuesday, October second"),
)  # fmt: skip
def test_dates(written: str, spoken: str) -> None:
    check(written, spoken)


@case(
    ("3:30 p.m.", "three thirty p m."),
    ("at 3:30 p.m. on Friday", "at three thirty p m on Friday"),
    ("10am", "ten a m"),
    ("at 10 a.m. Monday", "at ten a m Monday"),
    ("14:30", "fourteen thirty"),
    ("at 9:05", "at nine oh five"),
    ("at 6 PM", "at six p m"),
    ("at 10:00", "at ten o'clock"),
    ("at 18:00", "at eighteen hundred"),
    ("a 3:1 ratio", "a three to one ratio"),
)  # fmt: skip
def test_times(written: str, spoken: str) -> None:
    check(written, spoken)


# --- Roman numerals -----------------------------------------------------------------------------


@case(
    ("Henry VIII", "Henry the eighth"),
    ("Queen Elizabeth II", "Queen Elizabeth the second"),
    ("Louis XIV", "Louis the fourteenth"),
    ("Pope John Paul II", "Pope John Paul the second"),
    ("World War II", "World War two"),
    ("World War I", "World War one"),
    ("Chapter IV", "Chapter four"),
    ("Super Bowl LII", "Super Bowl fifty two"),
    ("I said I would", "I said I would"),
    ("Richard M. Nixon", "Richard M. Nixon"),
)  # fmt: skip
def test_roman_numerals(written: str, spoken: str) -> None:
    check(written, spoken)


# --- abbreviations ---------------------------------------------------------------------------


@case(
    ("Dr. Smith", "Doctor Smith"),
    ("Mr. and Mrs. Jones", "Mister and Missus Jones"),
    ("Gen. Mattis", "General Mattis"),
    ("Sen. Warren", "Senator Warren"),
    ("Rep. Pelosi", "Representative Pelosi"),
    ("Gov. Brown", "Governor Brown"),
    ("St. Louis", "Saint Louis"),
    ("St. Paul's Cathedral", "Saint Paul's Cathedral"),
    ("on Main St. in Boston", "on Main Street in Boston"),
    ("lives on Elm St.", "lives on Elm Street."),
    ("No. 10", "number ten"),
    ("Downing St", "Downing St"),
    ("Ali vs. Frazier", "Ali versus Frazier"),
    ("fruit, e.g. apples", "fruit, for example apples"),
    ("one thing, i.e. this", "one thing, that is this"),
    ("pens, paper, etc.", "pens, paper, et cetera."),
    ("pens, etc. and more", "pens, et cetera and more"),
    ("Smith et al. found", "Smith and others found"),
    ("Acme Inc. said", "Acme Incorporated said"),
    ("Ford Motor Co. recalled", "Ford Motor Company recalled"),
    ("Martin Luther King Jr. said", "Martin Luther King Junior said"),
    ("in Jackson, Miss., today", "in Jackson, Mississippi, today"),
    ("Albany, N.Y.", "Albany, New York."),
)  # fmt: skip
def test_abbreviations(written: str, spoken: str) -> None:
    check(written, spoken)


# --- acronyms and initialisms -----------------------------------------------------------------


@case(
    ("the CIA", "the C I A"),
    ("the U.S. Army", "the U S Army"),
    ("in the U.S.", "in the U S."),
    ("NGOs", "N G Os"),
    ("MH17", "M H seventeen"),
    ("G7", "G seven"),
    ("F-35", "F thirty five"),
    ("F-35s", "F thirty fives"),
    ("COVID-19", "covid nineteen"),
    ("NATO", "Nato"),
    ("NASA", "Nasa"),
    ("ISIS", "Isis"),
    ("UNESCO", "Unesco"),
    ("the FBI's report", "the F B I's report"),
    ("YPG", "Y P G"),
    ("BBC", "B B C"),
    ("R&D", "R and D"),
    ("AT&T", "A T and T"),
    ("the NAACP", "the N A A C P"),
    ("UNHCR", "U N H C R"),
    ("5G", "five G"),
    ("3D", "three D"),
    ("x64", "x sixty four"),
    ("B-52", "B fifty two"),
    ("H1N1", "H one N one"),
    ("the OSCE and the ACLU", "the O S C E and the A C L U"),
    ("the WHO said", "the W H O said"),
    ("the CEOs", "the C E Os"),
)  # fmt: skip
def test_acronyms(written: str, spoken: str) -> None:
    check(written, spoken)


def test_headline_in_capitals_keeps_its_words() -> None:
    out = normalise("US ESCALATES OFFENSIVE IN SYRIA AS WHO WARNS")
    assert out == "U S ESCALATES OFFENSIVE IN SYRIA AS WHO WARNS"


def test_unknown_pronounceable_capitals_read_as_a_word() -> None:
    assert normalise("SANA reported") == "SANA reported"
    assert normalise("the OPCW said") == "the O P C W said"


# --- symbols and the web -----------------------------------------------------------------------


@case(
    ("Tom & Jerry", "Tom and Jerry"),
    ("#1 hit", "number one hit"),
    ("#MeToo", "hashtag MeToo"),
    ("5 + 3", "five plus three"),
    # An asterisk multiplies between numbers, is the key or sign alone, marks a footnote
    # attached to a word or opening a line.
    ("5 * 3 = 15", "five times three equals fifteen"),
    ("5*3", "five times three"),
    ("press * then 1", "press star then one"),
    ("the * key", "the star key"),
    ("from $20*", "from twenty dollars"),
    ("* Terms apply.", "Terms apply."),
    ("the f*** word", "the f word"),
    ("and/or", "and or"),
    ("he/she", "he or she"),
    ("@narrate", "at narrate"),
    ("www.example.com", "w w w dot example dot com"),
    ("https://example.org/news", "example dot org slash news"),
    ("visit bbc.co.uk.", "visit b b c dot co dot u k."),
    ("jane.doe@example.com", "jane dot doe at example dot com"),
    ("call 555-123-4567", "call five five five, one two three, four five six seven"),
    ("call (555) 123-4567", "call five five five, one two three, four five six seven"),
    ("+44 20 7946 0958", "plus four four, two zero, seven nine four six, zero nine five eight"),
    ("24/7", "twenty four seven"),
    ("9/11", "nine eleven"),
    ("dial 911", "dial nine one one"),
    ("call 1-800-555-0199", "call one, eight zero zero, five five five, zero one nine nine"),
    ("50-50", "fifty fifty"),
)  # fmt: skip
def test_symbols_and_web(written: str, spoken: str) -> None:
    check(written, spoken)


# --- Unicode and absurd input -------------------------------------------------------------------


@case(
    ("\u201cquoted\u201d", '"quoted"'),
    ("it\u2019s", "it's"),
    ("wait\u2026", "wait..."),
    ("a\u00a0b", "a b"),
    ("zero\u200bwidth", "zerowidth"),
    ("\ufb01nance", "finance"),
    ("x\u00b2", "x squared"),
    ("\ufeffHello", "Hello"),
    ("tab\tand\r\nline", "tab and\nline"),
    ("bell\x07", "bell"),
    ("\uff11\uff12", "twelve"),
)  # fmt: skip
def test_unicode(written: str, spoken: str) -> None:
    check(written, spoken)


def test_five_hundred_digits_read_one_by_one() -> None:
    out = normalise("1" * 500)
    assert out.split() == ["one"] * 500


def test_any_unicode_accepted() -> None:
    text = "日本語 ✓ 🎉 \U0010fffd \ud800 عربى"
    out = normalise(text)
    assert isinstance(out, str)
    assert "日本語" in out


# --- other languages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "spoken", "lang"),
    [
    ("En 2017 murieron 2.500 personas.", "En dos mil diecisiete murieron dos mil quinientas personas.", "es"),
    ("El 3,5% de los votos", "El tres coma cinco por ciento de los votos", "es"),
    # One word, as the Ortografía (2010) prefers for 13th to 29th.
    ("el 21º aniversario", "el vigesimoprimer aniversario", "es"),
    ("En 2017, 2 500 personnes", "En deux mille dix-sept, deux mille cinq cents personnes", "fr"),
    ("le 21e siècle", "le vingt et unième siècle", "fr"),
    ("12 %", "douze pour cent", "fr"),
    ("Im Jahr 1990 waren es 2.500 Menschen.", "Im Jahr neunzehnhundertneunzig waren es zweitausendfünfhundert Menschen.", "de"),
    ("3,5 % mehr", "drei Komma fünf Prozent mehr", "de"),
    ("der 3. Oktober", "der dritte Oktober", "de"),
    ("el 1.º de mayo", "el primero de mayo", "es"),
    ("3.5% e -5", "tre virgola cinque % e meno cinque", "it"),
    ("2013-2014", "zweitausenddreizehn bis zweitausendvierzehn", "de"),
    ],
)  # fmt: skip
def test_other_languages(written: str, spoken: str, lang: str) -> None:
    check(written, spoken, lang)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("English", "en"), ("english", "en"), ("en", "en"), ("en-US", "en"), ("EN_gb", "en"),
        ("Español", "es"), ("Spanish", "es"), ("español", "es"), ("Français", "fr"),
        ("French", "fr"), ("Deutsch", "de"), ("German", "de"), ("de-DE", "de"),
        ("Italiano", "it"), ("Klingon", ""), ("", ""), ("  English  ", "en"),
    ],
)  # fmt: skip
def test_language_code(name: str, code: str) -> None:
    assert language_code(name) == code


def test_language_names_accepted_by_normalise() -> None:
    assert normalise("2017", "Deutsch") == "zweitausendsiebzehn"
    assert normalise("in 2017", "English") == "in twenty seventeen"


# --- lexicon --------------------------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "lexicon.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_lexicon_load_and_apply(tmp_path: Path) -> None:
    lex = Lexicon.load(write(tmp_path, '[ignore_case]\nGuterres = "goo TEH resh"\n'))
    assert normalise("Antonio Guterres said", lexicon=lex) == "Antonio goo TEH resh said"
    assert normalise("GUTERRES said", lexicon=lex) == "goo TEH resh said"


def test_lexicon_case_sensitive(tmp_path: Path) -> None:
    lex = Lexicon.load(write(tmp_path, '[match_case]\nNice = "neess"\n'))
    assert normalise("in Nice today", lexicon=lex) == "in neess today"
    assert normalise("a nice day", lexicon=lex) == "a nice day"


def test_lexicon_phrase_and_whole_words_only(tmp_path: Path) -> None:
    lex = Lexicon.load(write(tmp_path, '[ignore_case]\n"Deir Ezzor" = "dare ez zor"\nMa = "mah"\n'))
    out = normalise("Deir Ezzor province and Ma Zhaoxu, a manager", lexicon=lex)
    assert out == "dare ez zor province and mah Zhaoxu, a manager"


def test_lexicon_wins_over_rules(tmp_path: Path) -> None:
    lex = Lexicon.load(
        write(
            tmp_path,
            '[match_case]\nUS = "us"\n"World War II" = "the second world war"\n'
            '"Dr." = "doc"\n[ignore_case]\n"2003" = "oh three"\n',
        )
    )
    out = normalise("US troops since World War II, Dr. Who in 2003", lexicon=lex)
    assert out == "us troops since the second world war, doc Who in oh three"
    assert normalise(out, lexicon=lex) == out


def test_lexicon_merge_and_load_many(tmp_path: Path) -> None:
    a = write(tmp_path, '[ignore_case]\nfoo = "one"\nbar = "bar"\n', "a.toml")
    b = write(tmp_path, '[ignore_case]\nfoo = "two"\n', "b.toml")
    lex = Lexicon.load_many([a, b])
    assert normalise("foo bar", lexicon=lex) == "two bar"
    assert Lexicon.load(a).merge(Lexicon.load(b)).fingerprint() == lex.fingerprint()


def test_lexicon_fingerprint_stable_and_distinct(tmp_path: Path) -> None:
    a = Lexicon.load(write(tmp_path, '[ignore_case]\nfoo = "one"\n', "a.toml"))
    a2 = Lexicon.load(write(tmp_path, '[ignore_case]\nfoo = "one"\n', "a2.toml"))
    b = Lexicon.load(write(tmp_path, '[ignore_case]\nfoo = "two"\n', "b.toml"))
    assert a.fingerprint() == a2.fingerprint() != b.fingerprint()
    assert re.fullmatch(r"[0-9a-f]{64}", a.fingerprint())
    assert hash(a) == hash(a2)
    assert Lexicon().fingerprint() == Lexicon().fingerprint()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[ignore_case\n", "not valid TOML"),
        ('[words]\nfoo = "bar"\n', "unknown table 'words'"),
        ("[ignore_case]\nfoo = 3\n", "'foo' must map to a string"),
        ('[ignore_case]\nfoo = ""\n', "'foo' maps to an empty string"),
        ('[ignore_case]\nfoo = "route 66"\n', "spell numbers out as words"),
        ('ignore_case = "x"\n', "[ignore_case] must be a table"),
    ],
)
def test_bad_lexicon_raises_config_error(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(ConfigError) as err:
        Lexicon.load(path)
    text = str(err.value)
    assert str(path) in text
    assert message in text
    assert "\n" not in text


def test_missing_lexicon_raises_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        Lexicon.load(tmp_path / "nope.toml")


def test_shipped_data_files_parse_and_every_language_builds_its_rules(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The normaliser never raises: a broken data file would silently fall back to bare
    # digits everywhere. So each file must parse, and each language must run its own rules.
    from narrate.textnorm import data

    for path in sorted(data.DATA_DIR.glob("*.toml")):
        data.load.__wrapped__(path.stem)
    for path in sorted(data.DATA_DIR.glob("*.txt")):
        assert data.words.__wrapped__(path.stem)
    with caplog.at_level("ERROR", logger="narrate.textnorm.core"):
        for lang in ("en", "es", "fr", "de"):
            assert normalise("Am 3. Mai, 14:30, 1.500 y 2,5 %; $5 on May 3, 2024.", lang)
    assert not [r for r in caplog.records if "normaliser failed" in r.getMessage()]
