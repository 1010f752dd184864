"""Normalising Dutch person and company names for comparison.

- diacritics and case: "Öztürk" ~ "ozturk", "Ĳsselmeer" ~ "ijsselmeer"; 'ij' compares as 'y';
- tussenvoegsels are kept apart from the surname: "Jan van der Berg", "J. v.d. Berg" and
  "Berg, Jan van der" all give surname "berg", tussenvoegsel "van der";
- legal-form words are dropped from company names: "Noor Lounge B.V." ~ "Noor Lounge BV" ~
  "noor lounge besloten vennootschap".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

TUSSENVOEGSELS = frozenset(
    "van de der den het ten ter te in op onder aan bij uit 't t d' da das del della des di do dos du el "
    "la le les lo over s' uijt".split()
)
LEGAL_FORMS = (
    "besloten vennootschap met beperkte aansprakelijkheid",
    "besloten vennootschap",
    "naamloze vennootschap",
    "vennootschap onder firma",
    "commanditaire vennootschap",
    "cooperatie u a",
    "cooperatieve vereniging",
    "eenmanszaak",
    "stichting",
    "vereniging",
    "b v",
    "bv",
    "n v",
    "nv",
    "v o f",
    "vof",
    "c v",
    "cv",
    "ua",
    "u a",
    "gmbh",
    "ltd",
    "limited",
    "sarl",
    "bvba",
    "srl",
    "inc",
    "llc",
)
_PUNCT = re.compile(r"[^\w\s',/-]", re.UNICODE)
_VD = re.compile(r"(?i)(?<!\w)v\s*[./]?\s*d(?:[.]|(?=\s))")  # "v.d.", "v/d", "vd" before a surname
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, no diacritics, ĳ as ij, punctuation (but ' and -) as space, single spaces."""
    text = text.replace("ĳ", "ij").replace("Ĳ", "IJ")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _PUNCT.sub(" ", text.replace(".", " ").replace(",", " , "))
    text = text.replace(" ,", ",").replace(", ", ",").replace(",", ", ")
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class PersonName:
    given: tuple[str, ...]  # first names or initials, folded
    tussenvoegsel: str
    surname: str  # without tussenvoegsel, hyphenated parts joined with a space

    @property
    def initials(self) -> str:
        return "".join(g[0] for g in self.given if g)

    def key(self) -> str:
        return " ".join([*self.given, self.surname])


def _ij(text: str) -> str:
    """'ij' and 'y' are one sound in Dutch names (Dijk/Dyk, Meijer/Meyer, Kaya/Kaija)."""
    return text.replace("ij", "y")


_REMARK = re.compile(r"\([^)]*\)")  # "(vorige exploitant)", "(naam onbekend)": a remark, not a name


@lru_cache(maxsize=65536)  # pure, and the same names are compared again and again
def person_name(raw: str) -> PersonName:
    folded = _ij(fold(_VD.sub(" van der ", _REMARK.sub(" ", raw))))
    if "," in folded:  # "Berg, Jan van der"
        surname_part, _, given_part = folded.partition(",")
        given = given_part.split()
        tussen: list[str] = []
        while given and given[-1] in TUSSENVOEGSELS:
            tussen.insert(0, given.pop())
        sur = [t for t in surname_part.split() if t not in TUSSENVOEGSELS]
        tussen = [t for t in surname_part.split() if t in TUSSENVOEGSELS] + tussen
        return PersonName(tuple(given), " ".join(tussen), " ".join(sur).replace("-", " "))
    tokens = folded.replace(",", " ").split()
    if not tokens:
        return PersonName((), "", "")
    # the surname is the last word; tussenvoegsels right before it belong to it
    surname = [tokens.pop()]
    before: list[str] = []
    while tokens and tokens[-1] in TUSSENVOEGSELS:
        before.insert(0, tokens.pop())
    if not before and tokens and "-" in tokens[-1]:  # "Jansen-de Vries": a double surname
        surname.insert(0, tokens.pop())
    first = tuple(t for t in tokens if t not in TUSSENVOEGSELS)
    return PersonName(first, " ".join(before), " ".join(surname).replace("-", " "))


@lru_cache(maxsize=65536)
def company_name(raw: str) -> str:
    """The distinctive part of a company name: folded, legal-form words removed."""
    text = " " + _ij(fold(_REMARK.sub(" ", raw))).replace("-", " ").replace(",", " ") + " "
    text = _SPACES.sub(" ", text)
    for form in LEGAL_FORMS:
        text = text.replace(f" {form} ", " ")
    return text.strip()


def address_key(postcode: str, house_number: str) -> str:
    """Postcode + house number, the Dutch way to name an address: '1234 AB', '12-a' → '1234ab 12a'."""
    pc = re.sub(r"\s+", "", postcode or "").upper()
    number = re.sub(r"[\s-]+", "", house_number or "").lower()
    return f"{pc} {number}".strip() if pc and number else ""
