"""One table per class of hard English news: each reading as a US newsreader says it."""

# Each table row stays on one line so the tables read as tables.
# ruff: noqa: E501

from __future__ import annotations

import pytest

from narrate.textnorm import normalise

DECIMAL_POINTS = [
    (
        "Her lap of 1:19.456 led the field.",
        "Her lap of one nineteen point four five six led the field.",
    ),
    (
        "He won in 2:10:03.5 on the road.",
        "He won in two hours ten minutes and three point five seconds on the road.",
    ),
    ("Install version 4.0.2 now.", "Install version four point zero point two now."),
    ("The v12.1 update broke printing.", "The version twelve point one update broke printing."),
    ("Levels of PM2.5 doubled.", "Levels of P M two point five doubled."),
    (
        "The router at 10.0.0.1 rebooted.",
        "The router at one zero dot zero dot zero dot one rebooted.",
    ),
    ("Call 555.123.4567 today.", "Call five five five, one two three, four five six seven today."),
]

STRAY_PERIODS = [
    ("The storm left 7 in. of snow.", "The storm left seven inches of snow."),
    ("It weighs 9 lbs. and fits in a bag.", "It weighs nine pounds and fits in a bag."),
    ("It weighs 9 lbs. It fits in a bag.", "It weighs nine pounds. It fits in a bag."),
    ("They sold a 25 lb. sack of rice.", "They sold a twenty five pound sack of rice."),
    ("Fees are $20, incl. tax.", "Fees are twenty dollars, including tax."),
    ("Adm. Jo Park (Ret.) spoke.", "Admiral Jo Park, retired, spoke."),
    ("They met in Rm. 312 at noon.", "They met in Room three twelve at noon."),
    ("Tests found E. coli in the well.", "Tests found E coli in the well."),
]

SLASHES = [
    ("Australia were 231/6 at stumps.", "Australia were two hundred thirty one for six at stumps."),
    (
        "His blood pressure was 145/92.",
        "His blood pressure was one hundred forty five over ninety two.",
    ),
    (
        "A reading of 120/80 mmHg is normal.",
        "A reading of one hundred twenty over eighty millimeters of mercury is normal.",
    ),
    ("It airs at 9/8c.", "It airs at nine eight central."),
    ("Sales rose 4% y/y.", "Sales rose four percent year over year."),
    ("Output fell 1% q/q.", "Output fell one percent quarter over quarter."),
    ("Oil hit $90/barrel.", "Oil hit ninety dollars a barrel."),
    ("Beef cost $5/lb.", "Beef cost five dollars per pound."),
    ("Only 1/3 voted.", "Only one third voted."),
    ("It is open 24/7.", "It is open twenty four seven."),
]

SERIALS = [
    ("The court took No. 23-1122.", "The court took number twenty three eleven twenty two."),
    (
        "It filed No. 1:23-cv-04567.",
        "It filed number one twenty three C V zero four five six seven.",
    ),
    ("The 737-800 landed.", "The seven thirty seven eight hundred landed."),
    ("An Airbus 320-200 took off.", "An Airbus three twenty two hundred took off."),
    ("The A350-900 flew.", "The A three fifty nine hundred flew."),
    ("Between 300-400 people came.", "Between three hundred to four hundred people came."),
]

DIGIT_KINDS = [
    ("Call 311 for help.", "Call three one one for help."),
    ("The 988 line is busy.", "The nine eight eight line is busy."),
    ("Dial 911 now.", "Dial nine one one now."),
    ("He had 911 points.", "He had nine hundred eleven points."),
    ("The Porsche 911 sold out.", "The Porsche nine eleven sold out."),
    ("It drew 2.3M views.", "It drew two point three million views."),
    ("It has 450K users.", "It has four hundred fifty thousand users."),
    ("It raised $1.2B.", "It raised one point two billion dollars."),
    ("Shares of 3M fell.", "Shares of three M fell."),
    ("She ran the 5K race.", "She ran the five K race."),
]

SPORTS = [
    (
        "He had 30 pts, 11 reb and 7 ast.",
        "He had thirty points, eleven rebounds and seven assists.",
    ),
    ("They won in OT.", "They won in overtime."),
    ("They won in 2OT.", "They won in double overtime."),
    ("He hit 3 HR.", "He hit three home runs."),
    ("She had 1 stl and 2 blk.", "She had one steal and two blocks."),
]

ABBREVIATIONS = [
    ("It is at 12 Oak Hts.", "It is at twelve Oak Heights."),
    ("It is at 40 Elm Xing today.", "It is at forty Elm Crossing today."),
    ("It is on N Main St today.", "It is on North Main Street today."),
    ("Kipyegon (KEN) won.", "Kipyegon, Kenya, won."),
    ("Lyles (USA) and Thompson (JAM) ran.", "Lyles, United States, and Thompson, Jamaica, ran."),
    ("Prices are excl. fees.", "Prices are excluding fees."),
]

COMPASS = [
    (
        "It sank at 40.5°N, 70.2°W.",
        "It sank at forty point five degrees north, seventy point two degrees west.",
    ),
    (
        "The eye was near 22.1N 75.3W.",
        "The eye was near twenty two point one north seventy five point three west.",
    ),
    ("It struck 10 km SW of town.", "It struck ten kilometers southwest of town."),
    ("Winds came from the NE.", "Winds came from the northeast."),
    ("It lies 5 miles NNW of here.", "It lies five miles north northwest of here."),
]

SYMBOLS = [
    ("See §§ 3-5 of the act.", "See sections three to five of the act."),
    ("It cites § 1983.", "It cites section nineteen eighty three."),
    ("It cites § 230 again.", "It cites section two thirty again."),
    ("The pH was 6.5.", "The p H was six point five."),
    ('They sell a 50" TV.', "They sell a fifty inch T V."),
    ('Hail up to 2" fell.', "Hail up to two inches fell."),
    ('He said "it is 5" and left.', 'He said "it is five" and left.'),
]

COMPOUND_ADJECTIVES = [
    ("They make a 3nm chip.", "They make a three nanometer chip."),
    ("It has a 4TB drive.", "It has a four terabyte drive."),
    ("They sell a $1.99 burger.", "They sell a one dollar ninety nine cent burger."),
    ("They sell a $0.99 soda.", "They sell a ninety nine cent soda."),
    ("It costs $1.99 now.", "It costs one dollar and ninety nine cents now."),
    ("It has a 14in screen.", "It has a fourteen inch screen."),
]

ROMAN = [
    ("He served in WWII.", "He served in World War two."),
    ("WWI ended in 1918.", "World War one ended in nineteen eighteen."),
    ("Super Bowl LVIII was close.", "Super Bowl fifty eight was close."),
    ("APOLLO XI LANDS ON MOON", "APOLLO ELEVEN LANDS ON MOON"),
    ("Cases of clade IIb rose.", "Cases of clade two b rose."),
    ("The Type I error was rare.", "The Type one error was rare."),
    ("I said I would go.", "I said I would go."),
]

CAPITALS = [
    ("UPDATE: NTSB PROBES CRASH", "UPDATE: N T S B PROBES CRASH"),
    ("WHO: CASES RISE IN ASIA", "W H O: CASES RISE IN ASIA"),
    ("WHO WARNS OF HEAT WAVES", "W H O WARNS OF HEAT WAVES"),
    ("MAN WHO SAVED DOG HONORED", "MAN WHO SAVED DOG HONORED"),
    ("FAA GROUNDS JETS", "F A A GROUNDS JETS"),
    ("FED HOLDS RATES", "FED HOLDS RATES"),
    ("NASDAQ FALLS 2% ON WORRIES", "Nasdaq FALLS two percent ON WORRIES"),
]

CLASSES = {
    "decimal points": DECIMAL_POINTS,
    "stray full stops": STRAY_PERIODS,
    "slashes by domain": SLASHES,
    "dockets and variants": SERIALS,
    "digit strings by kind": DIGIT_KINDS,
    "sports statistics": SPORTS,
    "abbreviations": ABBREVIATIONS,
    "compass points": COMPASS,
    "symbols": SYMBOLS,
    "compound adjectives": COMPOUND_ADJECTIVES,
    "roman numerals": ROMAN,
    "capitals headlines": CAPITALS,
}
ROWS = [pytest.param(w, s, id=f"{name}: {w}") for name, rows in CLASSES.items() for w, s in rows]


@pytest.mark.parametrize(("written", "spoken"), ROWS)
def test_hard_news_classes(written: str, spoken: str) -> None:
    assert normalise(written) == spoken
