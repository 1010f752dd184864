"""Generated look-alike people for the matching evaluation (issue 9): the same person written another
way (positives) and different people who look alike (hard negatives)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from bibob_desk.network.matching import PERSON, PartyRef

FIRST = (
    "Jan Pieter Johannes Cornelis Hendrik Willem Gerrit Dirk Kees Bram Daan Thijs Ruben Mohamed Ahmet "
    "Yusuf Mehmet Youssef Maria Johanna Anna Elisabeth Cornelia Sanne Lotte Eva Fatima Aicha Zeynep "
    "Ilse Noor Mila Sophie Emma Julia Lucas Sem Finn Levi Daniël Chloë Zoë Noël"
).split()
SURNAMES = (
    "Jansen Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Dijk Berg Vries "
    "Wit Graaf Leeuwen Kok Jacobs Schouten Willems Huisman Boer Veen Haan Kuijpers Wijnands Heijden "
    "Bruijn Yilmaz Kaya Öztürk Çelik Şahin Haddou Boukhari Amrani Tahiri Bouzid Ramdin Sewnandan "
    "Verhoeven Schipper Koster Prins Kramer Postma Hoekstra Dijkstra Bosman Vermeulen Maas Verbeek"
).split()
TUSSEN = ("", "", "", "van", "de", "van der", "van den", "ter", "van de")
SPELLING = (
    ("ij", "y"),
    ("y", "ij"),
    ("ui", "uy"),
    ("ou", "au"),
    ("ck", "k"),
    ("aa", "a"),
    ("ee", "e"),
    ("ph", "f"),
    ("c", "k"),
    ("s", "ss"),
    ("ë", "e"),
    ("ö", "o"),
    ("ç", "c"),
    ("ş", "s"),
)


@dataclass(frozen=True)
class Person:
    given: tuple[str, ...]
    tussen: str
    surname: str
    birth: date

    def name(self) -> str:
        return " ".join(p for p in (*self.given, self.tussen, self.surname) if p)


def people(count: int, rng: random.Random) -> list[Person]:
    out, seen = [], set()
    while len(out) < count:
        given = tuple(rng.sample(FIRST, rng.choice((1, 1, 2))))
        person = Person(
            given,
            rng.choice(TUSSEN),
            rng.choice(SURNAMES),
            date(1950, 1, 1) + timedelta(rng.randint(0, 20000)),
        )
        if (person.given, person.surname, person.tussen) not in seen:
            seen.add((person.given, person.surname, person.tussen))
            out.append(person)
    return out


def _respell(word: str, rng: random.Random) -> str:
    options = [(a, b) for a, b in SPELLING if a in word.lower()]
    if not options:
        return word
    a, b = rng.choice(options)
    i = word.lower().index(a)
    return word[:i] + b + word[i + len(a) :]


def variant(person: Person, rng: random.Random) -> str:
    """The same person, written another way (one or two changes at a time)."""
    given, tussen, surname = list(person.given), person.tussen, person.surname
    style = rng.choice(("spelling", "comma", "initials", "swap", "drop", "case", "vd", "spelling+comma"))
    if "spelling" in style:
        surname = _respell(surname, rng) if rng.random() < 0.7 else surname
        given = [_respell(g, rng) for g in given] if surname == person.surname else given
    if style == "swap" and len(given) == 2:
        given.reverse()
    if style == "drop" and len(given) == 2:
        given = given[:1]
    if style == "initials":
        return " ".join(p for p in ("".join(g[0] + "." for g in given), tussen, surname) if p)
    if style == "vd" and tussen in ("van der", "van den", "van de"):
        tussen = rng.choice(("v.d.", "v/d", "vd"))
    if style == "case":
        return " ".join(p for p in (*given, tussen, surname) if p).upper()
    if "comma" in style:
        return f"{surname}, {' '.join(given)}{' ' + tussen if tussen else ''}"
    return " ".join(p for p in (*given, tussen, surname) if p)


def ref(name: str, birth: date | None, case: str, key: str = "p1") -> PartyRef:
    return PartyRef(case, case, key, name, PERSON, birth_date=birth)


def pairs(count: int, seed: int = 9) -> list[tuple[PartyRef, PartyRef, bool]]:
    """(a, b, same person?) — positives: a variant of the same person (same birth date, or a missing
    one); hard negatives: the same or a one-letter-different name with another birth date, and a
    look-alike (one letter off, other first name) with the same birth date."""
    rng = random.Random(seed)
    base = people(count, rng)
    out: list[tuple[PartyRef, PartyRef, bool]] = []
    for i, person in enumerate(base):
        a = ref(person.name(), person.birth, f"A{i}")
        other_birth = person.birth + timedelta(days=rng.choice((-1, 1)) * rng.randint(1, 4000))
        out.append((a, ref(variant(person, rng), person.birth, f"B{i}"), True))
        out.append(
            (a, ref(variant(person, rng), None if rng.random() < 0.3 else person.birth, f"C{i}"), True)
        )
        out.append((a, ref(person.name(), other_birth, f"D{i}"), False))  # namesake, other birth date
        out.append((a, ref(variant(person, rng), other_birth, f"E{i}"), False))
        twin = Person(
            (rng.choice([f for f in FIRST if f not in person.given]),),
            person.tussen,
            _respell(person.surname, rng),
            person.birth,
        )
        out.append((a, ref(twin.name(), person.birth, f"F{i}"), False))  # look-alike, same birth date
    return out
