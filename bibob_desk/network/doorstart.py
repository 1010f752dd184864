"""Doorstart watch: after a refusal or a withdrawal, the address and the people of that case are
watched. A new case at that address, or with one of those people or companies (by the matching
rules, or confirmed as the same by an officer), raises an alert; for scoring, the alert becomes a
location event of the new case, which HIS-03 (doorstart) reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from bibob_desk.domain.enums import DecisionKind, HistoryKind, ProvenanceKind, Stage, Tenure
from bibob_desk.domain.model import Address, Case, LocationEvent, Premises, Provenance
from bibob_desk.network.matching import PartyRef, compare, party_refs
from bibob_desk.network.names import address_key

WATCHED_DECISIONS = {
    DecisionKind.WEIGERING: HistoryKind.WEIGERING,
    DecisionKind.INTREKKING: HistoryKind.INTREKKING,
}


@dataclass(frozen=True)
class Watch:
    """A refused or withdrawn case: what is watched and since when."""

    case: Case
    kind: HistoryKind
    since: date


@dataclass(frozen=True)
class DoorstartAlert:
    watch: Watch
    ours: PartyRef  # the new case's party or location that matched
    theirs: PartyRef  # the watched case's party or location
    reasons: tuple[str, ...]


def _pair(a: PartyRef, b: PartyRef) -> tuple[str, str, str, str]:
    """The same key as MatchCandidate.key: judgements apply whichever side asks."""
    x, y = (a.case_id, a.party_key), (b.case_id, b.party_key)
    return (*min(x, y), *max(x, y))


def watch_of(case: Case) -> Watch | None:
    """The case is watched when a refusal or withdrawal was decided (or it is in stage intrekking)."""
    for event in sorted(case.active_events, key=lambda e: e.date, reverse=True):
        if event.decision in WATCHED_DECISIONS:
            return Watch(case, WATCHED_DECISIONS[event.decision], event.date)
    if case.stage == Stage.INTREKKING:
        moment = max((e.date for e in case.active_events), default=case.received_date)
        return Watch(case, HistoryKind.INTREKKING, moment)
    return None


def alerts(
    case: Case,
    watches: list[Watch],
    *,
    same: frozenset[tuple[str, str, str, str]] = frozenset(),
    not_same: frozenset[tuple[str, str, str, str]] = frozenset(),
) -> list[DoorstartAlert]:
    """Alerts for `case` against the watched cases decided before it was received. `same` and
    `not_same` are the officers' latest judgements of match pairs: a pair judged the same alerts
    even when the names differ; a pair judged not the same never alerts."""
    mine = party_refs(case)
    found = []
    for watch in watches:
        if watch.case.id == case.id or watch.since > case.received_date:
            continue
        for ours, theirs, reasons in links(mine, party_refs(watch.case), same=same, not_same=not_same):
            found.append(DoorstartAlert(watch, ours, theirs, reasons))
    return found


SAME_BY_OFFICER = ("door een ambtenaar als dezelfde beoordeeld",)


def links(
    mine: list[PartyRef],
    theirs_all: list[PartyRef],
    *,
    same: frozenset[tuple[str, str, str, str]] = frozenset(),
    not_same: frozenset[tuple[str, str, str, str]] = frozenset(),
) -> Iterator[tuple[PartyRef, PartyRef, tuple[str, ...]]]:
    """Every (ours, theirs, reasons) that makes an alert between two cases: the matching rules,
    overruled by the officers' judgements. The projection of doorstart hits (store/projections.py)
    runs this on the stored match keys, the alerts on the decoded cases: one rule for both."""
    for theirs in theirs_all:
        for ours in mine:
            pair = _pair(ours, theirs)
            if pair in not_same:
                continue
            hits = compare(ours, theirs)
            for hit in hits:
                yield ours, theirs, hit.reasons
            if not hits and pair in same:
                yield ours, theirs, SAME_BY_OFFICER


def as_location_events(case: Case, found: list[DoorstartAlert]) -> list[Premises]:
    """The alerts as history of the case's location (for scoring only; the case is not changed).
    A person or company match names the matching party of this case as the former operator, so
    HIS-03 sees the link; an address-only match leaves the operator open (the link is unknown)."""
    location_key = address_key(case.location.postcode, case.location.house_number)
    premises = [
        p for p in case.premises if address_key(p.address.postcode, p.address.house_number) == location_key
    ]
    target = premises[0] if premises else None
    events: list[LocationEvent] = []
    by_watch: dict[str, list[DoorstartAlert]] = {}
    for alert in found:
        by_watch.setdefault(alert.watch.case.id, []).append(alert)
    for group in by_watch.values():  # one event per watched case, naming what matched
        watch = group[0].watch
        people = [a for a in group if a.ours.party_key != "locatie"]
        operator = people[0].ours.party_key if people else None
        what = sorted({a.theirs.name for a in people}) or ["het adres"]
        events.append(
            LocationEvent(
                date=watch.since,
                kind=watch.kind,
                provenance=Provenance(
                    kind=ProvenanceKind.DERDE,
                    source=f"doorstartwacht: dossier {watch.case.reference} ({', '.join(what)})",
                    date=watch.since,
                ),
                operator=operator,
                description=f"doorstartwacht: dossier {watch.case.reference}",
            )
        )
    if not events:
        return []
    if target is None:
        return [
            Premises(
                id="doorstartwacht",
                address=Address(
                    street=case.location.street,
                    house_number=case.location.house_number,
                    postcode=case.location.postcode,
                    city=case.location.city,
                ),
                tenure=Tenure.OVERIG,
                provenance=Provenance(kind=ProvenanceKind.DERDE, source="doorstartwacht"),
                history=events,
            )
        ]
    return [Premises(**{**target.__dict__, "history": [*target.history, *events]})]
