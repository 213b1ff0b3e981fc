"""Spanish, French and German readings, class by class (see bench/data/nemo_*.tsv)."""

from __future__ import annotations

import re

import pytest

from narrate.normalise import normalise

CLASSES: dict[str, list[tuple[str, str, str]]] = {
    "clock times": [
        ("a las 21:00", "a las veintiuna", "es"),
        ("a la 1:00", "a la una", "es"),
        ("las 21:00 horas", "las veintiuna horas", "es"),
        ("a las 13.30", "a las trece treinta", "es"),
        ("a las 14.05 h", "a las catorce cero cinco horas", "es"),
        ("a la 1.05 h", "a la una cero cinco", "es"),
        ("a las 5:02 p.m.", "a las cinco cero dos de la tarde", "es"),
        ("a las 12.15 p.m.", "a las doce quince del mediodía", "es"),
        ("a las 01 h", "a las una", "es"),
        ("à 21 h", "à vingt et une heures", "fr"),
        ("um 9.30 Uhr", "um neun Uhr dreißig", "de"),
        ("um 21:00 Uhr", "um einundzwanzig Uhr", "de"),
        ("02:02:23 Uhr", "zwei Uhr zwei Minuten dreiundzwanzig Sekunden", "de"),
        ("01:01:01 Uhr", "ein Uhr eine Minute eine Sekunde", "de"),
    ],
    "German ordinals by the word before": [
        ("3. Oktober", "dritter Oktober", "de"),
        ("ab 1. Januar gilt", "ab erstem Januar gilt", "de"),
        ("in der 2. Runde", "in der zweiten Runde", "de"),
        ("der 2. Platz", "der zweite Platz", "de"),
        ("seit 1. Mai", "seit erstem Mai", "de"),
        ("bis 31. Dezember", "bis einunddreißigsten Dezember", "de"),
        ("vom 1. bis 3. Mai", "vom ersten bis dritten Mai", "de"),
        ("Der 3. Oktober ist ein Feiertag.", "Der dritte Oktober ist ein Feiertag.", "de"),
        ("die 2. Liga", "die zweite Liga", "de"),
        ("zum 5. Mal", "zum fünften Mal", "de"),
        ("Es war sein 5. Tor.", "Es war sein fünftes Tor.", "de"),
        ("Sie feiert ihren 100. Geburtstag.", "Sie feiert ihren hundertsten Geburtstag.", "de"),
        ("Er wurde ein 3. Mal gewählt.", "Er wurde ein drittes Mal gewählt.", "de"),
        ("Es ist seine 2. Amtszeit.", "Es ist seine zweite Amtszeit.", "de"),
        ("Wir treffen uns am 3.", "Wir treffen uns am dritten", "de"),
    ],
    "dates": [
        ("el 30/2/1990", "el treinta de febrero de mil novecientos noventa", "es"),
        ("1990-02-28", "veintiocho de febrero de mil novecientos noventa", "es"),
        ("el 1 enero", "el primero de enero", "es"),
        ("abril 30", "treinta de abril", "es"),
        ("abr. 22", "veintidós de abril", "es"),
        ("30 julio del 2020", "treinta de julio del dos mil veinte", "es"),
        ("le 02.03.2003", "le deux mars deux mille trois", "fr"),
        ("17.06", "dix-sept juin", "fr"),
        ("Am 02.03.2003", "Am zweiten März zweitausenddrei", "de"),
        ("2. Mär. 2003", "zweiter März zweitausenddrei", "de"),
        ("2003-03", "März zweitausenddrei", "de"),
        ("les 17/18 juin", "les dix-sept et dix-huit juin", "fr"),
        ("les 17-18-19 juin 2025",
         "les dix-sept, dix-huit et dix-neuf juin deux mille vingt-cinq", "fr"),
        ("hacia el 10.000 a. C.", "hacia el diez mil antes de Cristo", "es"),
        # A day and month after an article or weekday; a proper fraction before "de" stays one.
        ("La reunión es el 9/11.", "La reunión es el nueve de noviembre.", "es"),
        ("los atentados del 11/9", "los atentados del once de septiembre", "es"),
        ("desde el 1/4", "desde el primero de abril", "es"),
        ("el lunes 9/11", "el lunes nueve de noviembre", "es"),
        ("le 11/9", "le onze septembre", "fr"),
        ("Lo apoya 3/4 de la población.", "Lo apoya tres cuartos de la población.", "es"),
        ("9/11", "nueve onceavos", "es"),
        ("el 1/4 de final", "el cuarto de final", "es"),
        ("Pagó el 1/3 del total.", "Pagó el tercio del total.", "es"),
        ("le 1/8 de finale", "le huitième de finale", "fr"),
        ("Les 3/4 des habitants", "Les trois quarts des habitants", "fr"),
    ],
    "decimals with the comma": [
        ("33,32", "treinta y tres coma treinta y dos", "es"),
        ("5.002,132", "cinco mil dos coma ciento treinta y dos", "es"),
        ("3,1415", "tres coma catorce quince", "es"),
        ("0,05", "cero coma cero cinco", "es"),
        ("818,303", "huit cent dix-huit virgule trois cent trois", "fr"),
        ("818,303", "achthundertachtzehn Komma drei null drei", "de"),
        ("-8,52 %", "menos ocho coma cincuenta y dos por ciento", "es"),
        ("1 000 000", "un millón", "es"),
        ("1,53321 millones", "uno coma cincuenta y tres treinta y dos uno millones", "es"),
        ("ganó 2,1 millones de euros", "ganó dos coma uno millones de euros", "es"),
        ("21,1 toneladas", "veintiuno coma uno toneladas", "es"),
        ("21 toneladas", "veintiuna toneladas", "es"),
        ("21 millones de habitantes", "veintiún millones de habitantes", "es"),
    ],
    "money": [
        ("$1", "un dólar", "es"),
        ("€5,50", "cinco euros cincuenta céntimos", "es"),
        ("1 £", "una libra", "es"),
        ("£200.000.001", "doscientos millones una libras", "es"),
        ("0,55 $", "cincuenta y cinco centavos", "es"),
        ("€ 2 billones", "dos billones de euros", "es"),
        ("3.001 millones", "tres mil un millones", "es"),
        ("€2,20", "zwei Euro zwanzig Cent", "de"),
        ("€0,01", "ein Cent", "de"),
        ("£2,01", "zwei Pfund ein Penny", "de"),
        ("€1 Million", "eine Million Euro", "de"),
        ("€2,21 Millionen", "zwei Komma zwei eins Millionen Euro", "de"),
    ],
    "measures": [
        ("245 mph", "doscientas cuarenta y cinco millas por hora", "es"),
        ("1 h", "una hora", "es"),
        ("-2 km", "menos dos kilómetros", "es"),
        ("1 1/2 m", "un metro y medio", "es"),
        ("1/2 mm", "medio milímetro", "es"),
        ("3/5 mph", "tres quintos de milla por hora", "es"),
        ("1 h", "eine Stunde", "de"),
        ("65000 km²", "fünfundsechzigtausend Quadratkilometer", "de"),
        ("2km/h", "zwei Kilometer pro Stunde", "de"),
        ("90 Millionen g", "neunzig Millionen Gramm", "de"),
        ("-1 1/2 ft", "minus eineinhalb Fuß", "de"),
    ],
    "fractions": [
        ("2/3", "dos tercios", "es"),
        ("1/11", "un onceavo", "es"),
        ("1/31", "un treintaiunavo", "es"),
        ("1/200", "un ducentésimo", "es"),
        ("1/123", "uno sobre ciento veintitrés", "es"),
        ("3 2/100", "tres y dos centésimos", "es"),
        ("1 1/2", "un et demi", "fr"),
        ("-4 1/3", "moins quatre et un tiers", "fr"),
        ("2/9", "deux neuvièmes", "fr"),
        ("1/22", "ein zweiundzwanzigstel", "de"),
        ("4/2", "vier halbe", "de"),
        ("1 1/2", "eineinhalb", "de"),
    ],
    "ordinals": [
        ("13.º", "decimotercero", "es"),
        ("28º", "vigesimoctavo", "es"),
        ("21.ª", "vigesimoprimera", "es"),
        ("31.ᵉʳ", "trigésimo primer", "es"),
        ("40.º", "cuadragésimo", "es"),
        ("400.ª", "cuadringentésima", "es"),
        ("1.000.º", "milésimo", "es"),
        ("1ra", "primera", "es"),
        # The degree sign for the ordinal one, where an article or the noun says so.
        ("Celebran el 28° aniversario.", "Celebran el vigesimoctavo aniversario.", "es"),
        ("Quedó en 3° lugar.", "Quedó en tercer lugar.", "es"),
        ("Es su 5° edición.", "Es su quinta edición.", "es"),
        ("La temperatura llegó a 28°.", "La temperatura llegó a veintiocho grados.", "es"),
        ("superó los 40° a la sombra", "superó los cuarenta grados a la sombra", "es"),
        ("28°", "veintiocho grados", "es"),
    ],
    "telephone numbers and addresses": [
        ("llámame al 123-123-5678",
         "llámame al uno dos tres uno dos tres cinco seis siete ocho", "es"),
        ("+1 123-123-5678", "más uno uno dos tres uno dos tres cinco seis siete ocho", "es"),
        ("+593 123-123-5678",
         "más cinco nueve tres uno dos tres uno dos tres cinco seis siete ocho", "es"),
        ("123.123.0.40", "uno dos tres punto uno dos tres punto cero punto cuatro cero", "es"),
        ("(0411) 1234-1234",
         "null vier eins eins eins zwei drei vier eins zwei drei vier", "de"),
        ("+49 12341234", "plus neunundvierzig eins zwei drei vier eins zwei drei vier", "de"),
        ("2013-2014", "zweitausenddreizehn bis zweitausendvierzehn", "de"),
        ("1.000.000.000", "mil millones", "es"),
        ("6 492 000", "six millions quatre cent quatre-vingt-douze mille", "fr"),
        ("llame al (123) 123-5678",
         "llame al uno dos tres uno dos tres cinco seis siete ocho", "es"),
        ("+58 (123) 123-5678-12",
         "más cincuenta y ocho uno dos tres uno dos tres cinco seis siete ocho extensión uno dos",
         "es"),
        ("1234-5678", "uno dos tres cuatro cinco seis siete ocho", "es"),
        ("zwischen 5000-8000 Euro", "zwischen fünftausend bis achttausend Euro", "de"),
    ],
    "money before the currency's name, temperatures, grouped thousands": [
        ("Das kostet 2,99 Euro.", "Das kostet zwei Euro neunundneunzig Cent.", "de"),
        ("subió a 1,85 euros", "subió a un euro ochenta y cinco céntimos", "es"),
        ("Le prix est de 2,50 €.", "Le prix est de deux euros cinquante centimes.", "fr"),
        ("Alcanzó 42 °C.", "Alcanzó cuarenta y dos grados Celsius.", "es"),
        ("Es wurden 35 °C gemessen.", "Es wurden fünfunddreißig Grad Celsius gemessen.", "de"),
        ("Il fait 30 °C.", "Il fait trente degrés Celsius.", "fr"),
        ("Hier leben 10 000 Menschen.", "Hier leben zehntausend Menschen.", "de"),
    ],
    "arithmetic and durations": [
        ("2 + 2 - 1 = 3", "dos más dos menos uno es igual a tres", "es"),
        ("10-2=8", "dix moins deux égal huit", "fr"),
        ("5 - 3 = 2", "fünf minus drei gleich zwei", "de"),
        ("15 h 10 min 40 seg", "quince horas, diez minutos y cuarenta segundos", "es"),
        ("El vuelo dura 2 h 30 min.", "El vuelo dura dos horas y treinta minutos.", "es"),
        ("Tardó 3 min 20 s.", "Tardó tres minutos y veinte segundos.", "es"),
        ("21 h 1 min", "veintiuna horas y un minuto", "es"),
        ("La reunión duró 2 h.", "La reunión duró dos horas.", "es"),
        ("Llegó a las 15 h.", "Llegó a las quince horas.", "es"),
        ("en 2 h 05 min 30 s", "en deux heures cinq minutes trente secondes", "fr"),
        ("1 h 21 min", "une heure vingt et une minutes", "fr"),
        ("La pause dure 30 min.", "La pause dure trente minutes.", "fr"),
        ("Rendez-vous à 15 h 30.", "Rendez-vous à quinze heures trente.", "fr"),
    ],
    "Roman numerals after an article": [
        ("Matías fue el XI apóstol.", "Matías fue el undécimo apóstol.", "es"),
        ("La II República", "La segunda República", "es"),
        ("la XXV edición", "la vigesimoquinta edición", "es"),
        ("el III Congreso", "el tercer Congreso", "es"),
        ("su XV aniversario", "su decimoquinto aniversario", "es"),
        ("su II República", "su segunda República", "es"),
        ("las XX Jornadas", "las vigésimas Jornadas", "es"),
        ("el XLV aniversario", "el cuadragésimo quinto aniversario", "es"),
        # A team is counted by its players.
        ("El XI inicial del Madrid", "El once inicial del Madrid", "es"),
        ("repite el XI de gala", "repite el once de gala", "es"),
        ("Demain, le XV de France joue.", "Demain, le quinze de France joue.", "fr"),
        # Not a numeral, or no noun after it: left as written.
        ("la talla XL", "la talla XL", "es"),
        ("el XL aniversario", "el XL aniversario", "es"),
        ("Compró el CD ayer.", "Compró el CD ayer.", "es"),
        ("el MIX festival", "el MIX festival", "es"),
        ("La X de Elon Musk", "La X de Elon Musk", "es"),
        ("Ganó el XI.", "Ganó el XI.", "es"),
        ("la I+D", "la I más D", "es"),
        ("Felipe VI", "Felipe sexto", "es"),
        ("el siglo XIX", "el siglo diecinueve", "es"),
    ],
    "lower-case initialisms": [
        ("la dirección de ip es 10.0.0.1",
         "la dirección de i p es uno cero punto cero punto cero punto uno", "es"),
        ("Una prueba de adn lo confirmó.", "Una prueba de a d n lo confirmó.", "es"),
        ("L'adresse ip a changé.", "L'adresse i p a changé.", "fr"),
        # Words that begin with one, and addresses, are left.
        ("ipso facto", "ipso facto", "es"),
        ("www.ip.com", "www.ip.com", "es"),
    ],
}  # fmt: skip

ROWS = [
    pytest.param(w, s, lang, id=f"{name}: {w} ({lang})")
    for name, rows in CLASSES.items()
    for w, s, lang in rows
]


@pytest.mark.parametrize(("written", "spoken", "lang"), ROWS)
def test_language_classes(written: str, spoken: str, lang: str) -> None:
    assert normalise(written, lang) == spoken


@pytest.mark.parametrize(("written", "spoken", "lang"), ROWS)
def test_language_readings_are_stable_and_wordy(written: str, spoken: str, lang: str) -> None:
    once = normalise(written, lang)
    assert normalise(once, lang) == once
    assert not re.search(r"[0-9]", once)
