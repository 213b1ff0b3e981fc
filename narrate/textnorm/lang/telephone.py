"""Telephone numbers and dotted addresses, read figure by figure or in pairs."""

from __future__ import annotations

import re

from .priority import Entry, Fn, P
from .reader import Language


def build(lx: Language) -> list[Entry]:
    """The rules of this class for one language, each at its named priority."""
    r = lx.r
    spec = lx.spec
    currencies = lx.currencies
    out: list[Entry] = []

    def add(slot: P, entry: tuple[str, Fn]) -> None:
        out.append((slot, *entry))

    def not_a_telephone(m: re.Match[str], cc: str, area: str, body: str) -> bool:
        """ "2013-2014" is a range of years, "5000-8000 Euro" a range of amounts."""
        figures = re.sub(r"[^0-9]", "", (area or "") + body)
        years = re.fullmatch(r"(?:1[0-9]{3}|20[0-9]{2})-(?:1[0-9]{3}|20[0-9]{2})", body)
        if len(figures) < 7 or (years and not cc and not area):
            return True
        if cc or area or not re.fullmatch(r"[0-9]{4}-[0-9]{4}", body):
            return False
        # "1234-5678" alone is a number; "5000-8000 Euro", "1500-2000" a range.
        a, b = body.split("-")
        after = m.string[m.end() : m.end() + 12].lstrip(" ")
        counted = any(after.startswith(c) for c in currencies) or any(
            after.startswith(n) for names in currencies.values() for n in names
        )
        return (int(a) % 100 == 0 and int(b) % 100 == 0) or counted

    def phone(m: re.Match[str]) -> str:
        cc, area, body, ext = m.group("cc", "area", "body", "ext")
        if not_a_telephone(m, cc, area, body):
            return m.group()
        out = []
        if cc:
            code = cc[1:]
            out += [spec["plus"], r.words(int(code)) if len(code) <= 2 else r.digits(code)]
        groups = ((area or "") + " " + body).split()
        if spec.get("phone_pairs") and all(len(g) <= 2 for g in groups):
            out.append(pairs(groups))  # "+33 1 23 45 67 89": "un, vingt-trois, ..."
        else:
            out.append(r.digits(re.sub(r"[^0-9]", "", (area or "") + body)))
        if ext:
            out += [spec.get("extension", ""), r.digits(ext)]
        return " ".join(x for x in out if x)

    def pairs(groups: list[str]) -> str:
        return " ".join(
            f"{r.words(0)} {r.words(int(p[1]))}" if p[0] == "0" and len(p) == 2 else r.words(int(p))
            for p in groups
        )

    def address(m: re.Match[str]) -> str:
        return f" {spec['dot']} ".join(r.digits(g) for g in m.group().split("."))

    phone_before = spec.get("phone_before", ())
    if phone_before:
        # "llame al 91 123 45 67", "el teléfono 900 123 456": figure by figure after a word
        # that names a telephone; elsewhere "900 123 456" is a number grouped by spaces.
        told = re.compile(rf"(?:^|\W)(?:{'|'.join(map(re.escape, phone_before))}):? $", re.I)
        add(
            P.TELEPHONE_TOLD,
            (
                r"(?<![\w.,+])[0-9]{2,3}(?: [0-9]{2,3}){2,3}(?![\w]|[.,][0-9])",
                lambda m: (
                    r.digits(m.group())
                    if told.search(m.string, max(0, m.start() - 24), m.start())
                    else m.group()
                ),
            ),
        )
    if spec.get("phone_pairs"):
        # "01 23 45 67 89", "06.12.34.56.78": ten figures in pairs, each pair read as one
        # number ("zéro six, douze, trente-quatre").
        add(
            P.TELEPHONE_TOLD,
            (
                r"(?<![\w.,+])0[1-9](?P<s>[ .-])[0-9]{2}(?:(?P=s)[0-9]{2}){3}(?![\w]|[.,][0-9])",
                lambda m: pairs(re.split(r"[ .-]", m.group())),
            ),
        )
    if "plus" in spec:
        # Telephone numbers and dotted addresses are read figure by figure.
        add(
            P.TELEPHONE,
            (
                r"(?<![\w.,+/-])(?:(?P<cc>\+[0-9]{1,3})[ -]?)?(?:\((?P<area>[0-9]{2,5})\) ?)?"
                # An area code and the subscriber's number in one block ("+49 30 1234567",
                # "0171 2345678": a leading zero is no quantity's).
                r"(?P<body>(?(cc)(?:[0-9]{1,4}(?: [0-9]{2,4}){2,5}(?![0-9-])"
                r"|[0-9]{2,4}(?:[ -][0-9]{3,4}){1,2}"
                r"|[0-9]{7,12}|[0-9]{1,5}[ -][0-9]{5,8})"
                r"|(?(area)[0-9]{3,4}[ -][0-9]{4}"
                r"|(?:[0-9]{2,4}-[0-9]{2,4}-[0-9]{3,4}|[0-9]{4}-[0-9]{4}"
                r"|0[0-9]{2,4}[ /-][0-9]{5,8}))))"
                r"(?:(?: ext\.? |-(?=[0-9]{1,5}(?![\w-])))(?P<ext>[0-9]{1,5}))?(?![\w-])",
                phone,
            ),
        )
        add(
            P.TELEPHONE,
            (
                r"(?<![\w.,])(?![0-9]{1,3}(?:\.[0-9]{3}){3}(?![0-9]))"
                r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?![\w.]|\.[0-9])",
                address,
            ),
        )
    return out
