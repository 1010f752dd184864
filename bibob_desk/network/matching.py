"""Match candidates across cases: the same person, company or address in another case.

Every candidate says why (which fields, what similarity). A candidate is a question for the officer,
never a conclusion: judgements are stored by the services and nothing is merged.

Rules (persons): same BSN → candidate (100). Different BSNs or different birth dates → never a
candidate, however alike the names (the conflict is the answer). Otherwise the name score (surname
60 %, given names 40 %, after normalisation: diacritics, tussenvoegsels, comma order, initials,
swapped first names) must reach PERSON_WITH_BIRTH_DATE when both birth dates agree, or the stricter
PERSON_WITHOUT_BIRTH_DATE when one is missing. Companies: same KvK or RSIN → 100; different KvK numbers
→ never; otherwise the distinctive name (legal form removed) must reach COMPANY_NAME. Addresses: the
same postcode + house number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from bibob_desk.domain.enums import PartyKind
from bibob_desk.domain.model import Case
from bibob_desk.network.names import PersonName, address_key, company_name, person_name

PERSON_WITH_BIRTH_DATE = 85
PERSON_WITHOUT_BIRTH_DATE = 95
COMPANY_NAME = 92

PERSON, COMPANY, ADDRESS = "persoon", "rechtspersoon", "adres"


@dataclass(frozen=True)
class PartyRef:
    """One party (or the case's location) as the matcher sees it."""

    case_id: str
    reference: str
    party_key: str  # the party id within its case; "locatie" for the case's address
    name: str
    kind: str  # PERSON, COMPANY or ADDRESS
    birth_date: date | None = None
    bsn: str | None = None
    kvk: str | None = None
    rsin: str | None = None
    address: str = ""  # address_key()


@dataclass(frozen=True)
class MatchCandidate:
    subject: PartyRef
    other: PartyRef
    kind: str
    score: int  # 0..100
    reasons: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Stable identity of the pair (for stored judgements), the same whichever side asks."""
        a = (self.subject.case_id, self.subject.party_key)
        b = (self.other.case_id, self.other.party_key)
        return (*min(a, b), *max(a, b))


def party_refs(case: Case) -> list[PartyRef]:
    refs = []
    for party in case.parties:
        person = party.kind == PartyKind.NATUURLIJK_PERSOON
        addr = party.address
        refs.append(
            PartyRef(
                case.id,
                case.reference,
                party.id,
                party.name,
                PERSON if person else COMPANY,
                birth_date=party.birth_date,
                bsn=party.bsn or None,
                kvk=party.kvk or None,
                rsin=party.rsin or None,
                address=address_key(addr.postcode, addr.house_number) if addr else "",
            )
        )
    location = address_key(case.location.postcode, case.location.house_number)
    if location:
        refs.append(
            PartyRef(case.id, case.reference, "locatie", case.location.one_line(), ADDRESS, address=location)
        )
    return refs


def _given_score(a: PersonName, b: PersonName) -> tuple[int, str]:
    if not a.given or not b.given:
        return 70, "voornaam ontbreekt aan één kant"
    if all(len(g) == 1 for g in a.given) or all(len(g) == 1 for g in b.given):
        short, long_ = sorted((a.initials, b.initials), key=len)
        ok = long_.startswith(short) or set(short) <= set(long_)
        return (90, f"voorletters passen ({a.initials.upper()} / {b.initials.upper()})") if ok else (0, "")
    score = round(fuzz.token_set_ratio(" ".join(a.given), " ".join(b.given)))
    return score, f"voornamen {score}% gelijk"


def compare_persons(a: PartyRef, b: PartyRef) -> MatchCandidate | None:
    if a.bsn and b.bsn:
        if a.bsn == b.bsn:
            return MatchCandidate(a, b, PERSON, 100, ("BSN gelijk",))
        return None  # two BSNs: two people
    if a.birth_date and b.birth_date and a.birth_date != b.birth_date:
        return None
    na, nb = person_name(a.name), person_name(b.name)
    if not na.surname or not nb.surname:
        return None
    surname = round(fuzz.ratio(na.surname, nb.surname))
    given, given_reason = _given_score(na, nb)
    score = round(0.6 * surname + 0.4 * given)
    both_dates = a.birth_date is not None and b.birth_date is not None
    if score < (PERSON_WITH_BIRTH_DATE if both_dates else PERSON_WITHOUT_BIRTH_DATE):
        return None
    reasons = [f"achternaam {surname}% gelijk ({na.surname} / {nb.surname})"]
    if given_reason:
        reasons.append(given_reason)
    if na.tussenvoegsel != nb.tussenvoegsel:
        reasons.append(f"tussenvoegsel anders geschreven ('{na.tussenvoegsel}' / '{nb.tussenvoegsel}')")
    reasons.append("geboortedatum gelijk" if both_dates else "geboortedatum ontbreekt aan één kant")
    if a.address and a.address == b.address:
        reasons.append("zelfde adres")
    return MatchCandidate(a, b, PERSON, score, tuple(reasons))


def compare_companies(a: PartyRef, b: PartyRef) -> MatchCandidate | None:
    if a.kvk and b.kvk:
        if a.kvk == b.kvk:
            return MatchCandidate(a, b, COMPANY, 100, (f"KvK-nummer gelijk ({a.kvk})",))
        return None  # two registrations: two companies, whatever their names
    if a.rsin and b.rsin and a.rsin == b.rsin:
        return MatchCandidate(a, b, COMPANY, 100, ("RSIN gelijk",))
    ca, cb = company_name(a.name), company_name(b.name)
    if not ca or not cb:
        return None
    score = round(fuzz.token_sort_ratio(ca, cb))
    if score < COMPANY_NAME:
        return None
    reasons = [f"naam {score}% gelijk zonder rechtsvorm ({ca} / {cb})"]
    if a.address and a.address == b.address:
        reasons.append("zelfde adres")
    return MatchCandidate(a, b, COMPANY, score, tuple(reasons))


def compare(a: PartyRef, b: PartyRef) -> list[MatchCandidate]:
    found: list[MatchCandidate] = []
    if a.kind == b.kind == PERSON:
        hit = compare_persons(a, b)
        found += [hit] if hit else []
    elif a.kind == b.kind == COMPANY:
        hit = compare_companies(a, b)
        found += [hit] if hit else []
    if a.address and a.address == b.address and not found:
        found.append(
            MatchCandidate(a, b, ADDRESS, 100, (f"zelfde adres (postcode en huisnummer {a.address})",))
        )
    return found


def find_matches(case: Case, others: Iterable[Case]) -> list[MatchCandidate]:
    """Candidates between this case's parties and location and those of the other cases, best first."""
    mine = party_refs(case)
    found = []
    for other in others:
        if other.id == case.id:
            continue
        for theirs in party_refs(other):
            for ours in mine:
                found += compare(ours, theirs)
    return sorted(found, key=lambda m: (-m.score, m.other.reference, m.subject.party_key, m.other.party_key))
