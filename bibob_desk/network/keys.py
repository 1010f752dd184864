"""Match keys (issue 18): what the store keeps per party so that matching and the doorstart watch
find their candidates without decoding every case.

A key is a PartyRef whose identifiers (BSN, KvK, RSIN, postcode + house number) are keyed hashes:
`compare()` only ever tests them for equality, so it gives the same answer on keys as on the
parties themselves. The blocking rules below are necessary conditions of the matching rules, so a
party they leave out can never be a candidate (recall is exactly that of comparing every pair):

- persons: the same BSN, or a surname whose similarity reaches SURNAME_CUTOFF. The person score is
  round(0.6 × surname + 0.4 × given) with given ≤ 100; reaching PERSON_WITH_BIRTH_DATE (85) needs a
  rounded surname score of at least 75, so a raw ratio of at least 74.5;
- companies: the same KvK number or RSIN, or a distinctive name reaching COMPANY_CUTOFF (the rule
  asks round(token_sort_ratio) ≥ COMPANY_NAME = 92, so a raw score of at least 91.5);
- every party and the location: the same postcode + house number.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from bibob_desk.domain.model import Case
from bibob_desk.network.doorstart import watch_of
from bibob_desk.network.matching import (
    COMPANY,
    COMPANY_NAME,
    PERSON,
    PERSON_WITH_BIRTH_DATE,
    PERSON_WITHOUT_BIRTH_DATE,
    PartyRef,
    party_refs,
)
from bibob_desk.network.names import company_name, person_name

# the lowest raw scores that can still pass (see above), a little lower against float rounding
SURNAME_CUTOFF = ((PERSON_WITH_BIRTH_DATE - 0.5 - 40) / 0.6 // 1) + 1 - 0.5 - 0.01  # 74.49
# one birth date missing: PERSON_WITHOUT_BIRTH_DATE (95) needs a rounded surname score of 91
SURNAME_CUTOFF_STRICT = ((PERSON_WITHOUT_BIRTH_DATE - 0.5 - 40) / 0.6 // 1) + 1 - 0.5 - 0.01  # 90.49
COMPANY_CUTOFF = COMPANY_NAME - 0.5 - 0.01  # 91.49


Hasher = Callable[[str, str], str]


def keyed_hasher(secret: bytes) -> Hasher:
    """HMAC-SHA256 of (kind, value) with the database's own secret: equal values give equal keys,
    and a copy of the key table does not give the BSNs back (a BSN has only ~10^8 valid values, so
    a plain hash would)."""

    def digest(kind: str, value: str) -> str:
        if not value:
            return ""
        return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]

    return digest


@dataclass(frozen=True)
class MatchKey:
    """One stored row: the party as a PartyRef with hashed identifiers, plus its blocking keys."""

    ref: PartyRef
    surname: str = ""  # persons: person_name().surname
    company: str = ""  # companies: company_name() with its words sorted (see sorted_words)
    received: str = ""  # the case's received date (a doorstart alert needs it on or after the watch)
    watched_since: str = ""  # the case's watch (a refusal or withdrawal), '' when not watched


def keys_of(case: Case, digest: Hasher) -> list[MatchKey]:
    watch = watch_of(case)
    since = watch.since.isoformat() if watch else ""
    out = []
    for ref in party_refs(case):
        hashed = replace(
            ref,
            bsn=digest("bsn", ref.bsn or "") or None,
            kvk=digest("kvk", ref.kvk or "") or None,
            rsin=digest("rsin", ref.rsin or "") or None,
            address=digest("adres", ref.address),
        )
        surname = person_name(ref.name).surname if ref.kind == PERSON else ""
        company = sorted_words(company_name(ref.name)) if ref.kind == COMPANY else ""
        out.append(MatchKey(hashed, surname, company, case.received_date.isoformat(), since))
    return out


def sorted_words(text: str) -> str:
    """token_sort_ratio(a, b) is ratio() of the words sorted and joined by one space: stored that way,
    a company name is compared with plain ratio, without sorting every name of the pool again."""
    return " ".join(sorted(text.split()))


def similar(
    query: str, choices: Iterable[str], *, companies: bool = False, strict: bool = False
) -> list[str]:
    """The blocking keys close enough to `query` to pass the rule (the same scorer as the rule);
    `strict`: for persons of whom one birth date is missing."""
    if not query:
        return []
    cutoff = COMPANY_CUTOFF if companies else (SURNAME_CUTOFF_STRICT if strict else SURNAME_CUTOFF)
    scorer = fuzz.ratio  # company keys are stored with sorted words: ratio = token_sort_ratio
    pool = choices if isinstance(choices, list) else list(choices)
    return [m[0] for m in process.extract(query, pool, scorer=scorer, score_cutoff=cutoff, limit=None)]


def lengths_within(length: int, *, companies: bool = False) -> range:
    """The name lengths that can reach the cutoff against a name of `length`: ratio() is
    100 × (1 − d / (a + b)) with the edit distance d ≥ |a − b|, so |a − b| ≤ (1 − c/100)(a + b)."""
    r = 1 - (COMPANY_CUTOFF if companies else SURNAME_CUTOFF) / 100
    return range(int(length * (1 - r) / (1 + r)), int(length * (1 + r) / (1 - r)) + 2)


def may_match(key: MatchKey, other: MatchKey) -> bool:
    """The blocking rule for two persons found by surname: two different birth dates never match,
    and with one of them missing the surname must be nearly the same."""
    a, b = key.ref.birth_date, other.ref.birth_date
    if a and b:
        return a == b
    return fuzz.ratio(key.surname, other.surname) >= SURNAME_CUTOFF_STRICT


@dataclass
class KeyIndex:
    """Match keys held in memory (the watched cases' for a full recomputation), looked up the way
    the store's indexed queries look them up."""

    by_hash: dict[tuple[str, str], list[MatchKey]] = field(default_factory=dict)
    by_surname: dict[str, dict[str, list[MatchKey]]] = field(default_factory=dict)  # surname → birth → keys
    by_company: dict[str, list[MatchKey]] = field(default_factory=dict)
    _near: dict[tuple[bool, str], list[str]] = field(default_factory=dict)

    def add(self, key: MatchKey) -> None:
        ref = key.ref
        for kind, value in (("bsn", ref.bsn), ("kvk", ref.kvk), ("rsin", ref.rsin), ("adres", ref.address)):
            if value:
                self.by_hash.setdefault((kind, value), []).append(key)
        if key.surname:
            born = ref.birth_date.isoformat() if ref.birth_date else ""
            self.by_surname.setdefault(key.surname, {}).setdefault(born, []).append(key)
        if key.company:
            self.by_company.setdefault(key.company, []).append(key)

    def _close(self, query: str, companies: bool) -> list[str]:
        cache = (companies, query)
        if cache not in self._near:
            pool = self.by_company if companies else self.by_surname
            self._near[cache] = similar(query, pool, companies=companies)
        return self._near[cache]

    def candidates(self, key: MatchKey) -> list[MatchKey]:
        """The stored keys that may be a candidate for this key (a superset; compare() decides)."""
        ref, found = key.ref, []
        for kind, value in (("bsn", ref.bsn), ("kvk", ref.kvk), ("rsin", ref.rsin), ("adres", ref.address)):
            if value:
                found += self.by_hash.get((kind, value), [])
        born = ref.birth_date.isoformat() if ref.birth_date else None
        for name in self._close(key.surname, False) if key.surname else []:
            per_birth = self.by_surname[name]
            pools = [per_birth.get(born, []), per_birth.get("", [])] if born else list(per_birth.values())
            found += [k for pool in pools for k in pool if may_match(key, k)]
        for name in self._close(key.company, True) if key.company else []:
            found += self.by_company[name]
        return found
