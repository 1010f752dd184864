"""Linking entries of the signals register to a case: to its parties (by the matching rules) or to
its address (postcode + house number). A linked entry becomes a case signal for the SIG-* indicators,
with the register entry and the reason of the link as its evidence; the case itself is not changed."""

from __future__ import annotations

from dataclasses import dataclass

from bibob_desk.domain.enums import ProvenanceKind
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Address, Case, Provenance, RegisterSignal, Signal
from bibob_desk.network.matching import ADDRESS, COMPANY, PERSON, PartyRef, compare, party_refs
from bibob_desk.network.names import address_key

SUBJECT_KINDS = (PERSON, COMPANY, ADDRESS)


@dataclass(frozen=True)
class SignalLink:
    entry: RegisterSignal
    party: PartyRef  # the case's party or location the entry is about
    reasons: tuple[str, ...]
    score: int


def _as_ref(entry: RegisterSignal) -> PartyRef:
    return PartyRef(
        "signalenregister",
        f"signaal {entry.id}",
        f"signaal-{entry.id}",
        entry.subject_name,
        entry.subject_kind,
        birth_date=entry.birth_date,
        kvk=entry.kvk or None,
        address=address_key(entry.postcode, entry.house_number),
    )


def links(case: Case, register: list[RegisterSignal]) -> list[SignalLink]:
    """Every register entry about one of the case's parties or its address, with why."""
    mine = party_refs(case)
    found = []
    for entry in register:
        theirs = _as_ref(entry)
        best: SignalLink | None = None
        for ours in mine:
            for hit in compare(ours, theirs):
                if best is None or hit.score > best.score:
                    best = SignalLink(entry, ours, hit.reasons, hit.score)
        if best is not None:
            found.append(best)
    return found


def as_case_signals(found: list[SignalLink]) -> list[Signal]:
    """The linked entries as signals of the case (for scoring only; never stored in the case)."""
    out = []
    for link in found:
        e = link.entry
        on_location = link.party.party_key == "locatie"
        out.append(
            Signal(
                id=f"register-{e.id}",
                source=e.source,
                date=e.date,
                provenance=Provenance(
                    kind=ProvenanceKind.DERDE,
                    source=f"signalenregister nr. {e.id} ({label(e.source)}), door {e.recorded_by}",
                    date=e.date,
                ),
                party=None if on_location else link.party.party_key,
                address=Address(postcode=e.postcode, house_number=e.house_number) if on_location else None,
                reliability=e.reliability,
                description=f"{e.description} — gekoppeld: {'; '.join(link.reasons)}",
                retention_date=e.retention_date,
            )
        )
    return out
