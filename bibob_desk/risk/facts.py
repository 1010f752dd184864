"""Facts over the case file that the catalogue's conditions read. Each fact carries its evidence
(which object, value, source, date, who recorded it). `None` means unknown: the engine then says
"niet te beoordelen" instead of scoring 0. Thresholds live in the catalogue, not here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from bibob_desk.domain.assessment import Evidence
from bibob_desk.domain.enums import FinancingKind, PartyKind, RoleKind
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case, Party, Premises, Provenance

LEIDING = {RoleKind.BESTUURDER, RoleKind.FEITELIJK_LEIDINGGEVENDE, RoleKind.LEIDINGGEVENDE}
ZEGGENSCHAP = {RoleKind.AANDEELHOUDER, RoleKind.CERTIFICAATHOUDER, RoleKind.UBO}
CONTROL = LEIDING | ZEGGENSCHAP
LID4 = CONTROL | {
    RoleKind.VERMOGENSVERSCHAFFER,
    RoleKind.ZAKELIJK_SAMENWERKINGSVERBAND,
    RoleKind.HYPOTHEEKHOUDER,
}
LOAN_KINDS = {
    FinancingKind.LENING,
    FinancingKind.HYPOTHEEK,
    FinancingKind.VERKOPERSKREDIET,
    FinancingKind.REKENING_COURANT,
}
THIRD_PARTY_KINDS = LOAN_KINDS | {FinancingKind.PARTICIPATIE}


@dataclass(frozen=True)
class Fact:
    value: Any  # None = unknown
    evidence: tuple[Evidence, ...] = ()
    kind: str = "text"  # eur | pct | num | date | bool | text


@dataclass
class Item:
    ref: str
    label: str
    facts: dict[str, Fact] = field(default_factory=dict)


def evidence(fact: str, value: str, provenance: Provenance | None, ref: str) -> Evidence:
    p = provenance
    return Evidence(
        fact=fact,
        value=value,
        source=p.source if p else "",
        date=p.date.isoformat() if p and p.date else "",
        recorded_by=p.recorded_by if p else "",
        provenance=p.kind.value if p else "",
        ref=ref,
    )


def years_between(earlier: date, later: date) -> float:
    return round((later - earlier).days / 365.25, 2)


def months_between(earlier: date, later: date) -> float:
    return round((later - earlier).days / 30.4375, 1)


def deviation(actual: Decimal, reference: Decimal) -> Decimal | None:
    return None if not reference else abs(actual - reference) / reference


def price_reference(premises: Premises) -> tuple[Decimal | None, str]:
    """Brief §6.1 deviation rule: independent taxatie, then WOZ, then the midpoint of a market band."""
    if premises.appraisal_value:
        return premises.appraisal_value, "taxatie"
    if premises.woz_value:
        return premises.woz_value, "WOZ-waarde"
    band = premises.market_band
    if band and "huur" not in band.basis.lower():
        return band.midpoint, "midden van de marktband"
    return None, ""


def rent_reference(premises: Premises) -> tuple[Decimal | None, str]:
    band = premises.market_band
    if band and ("huur" in band.basis.lower() or not band.basis):
        return band.midpoint, "marktreferentie (midden van de marktband)"
    return None, ""


class FactBook:
    """All facts of one case at one reference date (cached; the case is not changed)."""

    def __init__(self, case: Case, today: date | None = None) -> None:
        self.case = case
        self.reference = case.reference_date
        self.today = today or date.today()  # terms that expired (non-cooperation) count up to here
        self.parties = {p.id: p for p in case.parties}
        self.applicant_ids = {p.id for p in case.applicants()}
        self.checks = {c.source.value for c in case.source_checks}

    # -- helpers ---------------------------------------------------------------------------
    def name(self, party_id: str | None) -> str:
        party = self.parties.get(party_id or "")
        return party.name if party else "onbekend"

    @cached_property
    def applicant(self) -> Party | None:
        return next((p for p in self.case.parties if p.id in self.applicant_ids), None)

    @cached_property
    def direct_links(self) -> dict[str, list[str]]:
        """party id -> art. 3 lid 4 roles it holds toward the applicant (or the case)."""
        links: dict[str, list[str]] = {}
        for r in self.case.relations:
            toward_applicant = r.counterparty is None or r.counterparty in self.applicant_ids
            if r.role in LID4 and toward_applicant and r.party not in self.applicant_ids:
                links.setdefault(r.party, []).append(label(r.role).lower())
        return links

    @cached_property
    def lid4_links(self) -> dict[str, str]:
        """party id -> how it relates (directly, or as leiding/zeggenschap of a related party)."""
        out = {pid: " + ".join(roles) for pid, roles in self.direct_links.items()}
        for r in self.case.relations:
            via = r.counterparty
            if (
                r.role in CONTROL
                and via in self.direct_links
                and r.party not in out
                and r.party not in self.applicant_ids
            ):
                out[r.party] = f"{label(r.role).lower()} van {self.name(via)} ({out[via]})"
        return out

    def relation_ended(self, party_id: str) -> date | None:
        """When the last art. 3 lid 4 relation of this party (toward the applicant, or toward a
        related party) ended before the reference date; None while one still runs (or for the
        applicant itself)."""
        if party_id in self.applicant_ids:
            return None
        linked = set(self.direct_links) | self.applicant_ids
        relations = [
            r
            for r in self.case.relations
            if r.party == party_id and r.role in LID4 and (r.counterparty is None or r.counterparty in linked)
        ]
        if not relations or any(r.end_date is None or r.end_date >= self.reference for r in relations):
            return None
        return max(r.end_date for r in relations if r.end_date is not None)

    def controllers(self) -> list[Party]:
        """Natural persons with leiding or zeggenschap over the applicant (or the applicant itself)."""
        if self.applicant is not None and self.applicant.kind is PartyKind.NATUURLIJK_PERSOON:
            return [self.applicant]
        ids = {
            r.party for r in self.case.relations if r.role in CONTROL and r.counterparty in self.applicant_ids
        }
        return [self.parties[i] for i in sorted(ids) if self.parties[i].kind is PartyKind.NATUURLIJK_PERSOON]

    # -- case-level facts ------------------------------------------------------------------
    def case_fact(self, name: str) -> Fact:
        if name not in self._cache:
            method = CASE_FACTS.get(name)
            self._cache[name] = method(self) if method else Fact(None)
        return self._cache[name]

    @cached_property
    def _cache(self) -> dict[str, Fact]:
        return {}

    def collection(self, name: str) -> list[Item]:
        if name not in self._collections:
            self._collections[name] = COLLECTIONS[name](self)
        return self._collections[name]

    @cached_property
    def _collections(self) -> dict[str, list[Item]]:
        return {}


CASE_FACTS: dict[str, Callable[[FactBook], Fact]] = {}
COLLECTIONS: dict[str, Callable[[FactBook], list[Item]]] = {}
ATTRS: dict[str, dict[str, str]] = {}  # collection -> attribute -> Dutch label
LABELS: dict[str, str] = {}  # fact name -> Dutch label (for "what is missing")


def case_fact(name: str, dutch: str) -> Callable[[Callable[[FactBook], Fact]], Callable[[FactBook], Fact]]:
    def register(fn: Callable[[FactBook], Fact]) -> Callable[[FactBook], Fact]:
        CASE_FACTS[name] = fn
        LABELS[name] = dutch
        return fn

    return register


def collection(
    name: str, attrs: dict[str, str]
) -> Callable[[Callable[[FactBook], list[Item]]], Callable[[FactBook], list[Item]]]:
    def register(fn: Callable[[FactBook], list[Item]]) -> Callable[[FactBook], list[Item]]:
        COLLECTIONS[name] = fn
        ATTRS[name] = attrs
        LABELS.update(attrs)
        return fn

    return register
