"""T30: the right of access (AVG art. 15): everything the store holds about one person, for an
inzageverzoek, within the limits of art. 28 Wet Bibob.

The overview is a draft for the jurist: it is marked for legal review before anything is given
(restrictions under art. 28 Wet Bibob and art. 41 UAVG). It holds what the cases say about this
person only: his own party record, his roles (another party is "een andere partij"), his
antecedents and case signals, the register signals about him, and who looked at those cases when —
by role, never by the official's name. Generating it is audited, with counts and without the name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bibob_desk.domain.codec import to_primitive
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import Case, Party
from bibob_desk.domain.text import normalize_for_search
from bibob_desk.services.permissions import require
from bibob_desk.store import audit
from bibob_desk.store.keyslots import atomic_write
from bibob_desk.store.store import Store

REVIEW = (
    "CONCEPT – juridische toets vereist vóór verstrekking. Beperkingen: art. 28 Wet Bibob "
    "(geheimhouding, ook tegenover de betrokkene voor gegevens over derden en bronnen) en art. 41 UAVG. "
    "Niet ongezien verstrekken."
)


@dataclass(frozen=True)
class CaseAbout:
    reference: str
    party: dict[str, Any]  # his own record as the case holds it
    roles: list[str]  # "bestuurder van een andere partij", "aanvrager"
    antecedents: list[dict[str, Any]]
    signals: list[dict[str, Any]]
    access: list[tuple[str, str, str]]  # (time UTC, action, role of the official)


@dataclass(frozen=True)
class SubjectAccess:
    subject: str
    review: str
    cases: list[CaseAbout] = field(default_factory=list)
    register: list[dict[str, Any]] = field(default_factory=list)


def _is_him(party: Party, name: str, birth: date | None, bsn: str | None) -> bool:
    if bsn and party.bsn:
        return party.bsn == bsn
    if normalize_for_search(party.name) != normalize_for_search(name):
        return False
    return birth is None or party.birth_date is None or party.birth_date == birth


class AccessService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def overview(self, name: str, *, birth_date: date | None = None, bsn: str | None = None) -> SubjectAccess:
        """Everything about this person (a natural person: name, and birth date or BSN to tell
        namesakes apart). Jurist or beheerder; audited as 'inzage.overzicht' with counts only."""
        require(self.store, Role.JURIST)
        if not name.strip():
            raise UserError("Geef de naam van de betrokkene.")
        key = normalize_for_search(name)
        with self.store.transaction() as tx:
            cases = [tx.cases.get(i) for i in tx.cases.ids_naming(key)]
            roles = {u.username: u.role for u in tx.users.all()}
            found = [self._about(tx, case, (name, birth_date, bsn), roles) for case in cases]
            register = [
                to_primitive(s)
                for s in tx.signals.active(date.min, withdrawn_too=True)
                if normalize_for_search(s.subject_name) == key
                and (birth_date is None or s.birth_date is None or s.birth_date == birth_date)
            ]
            about = [c for c in found if c is not None]
            tx.audit("inzage.overzicht", f"dossiers:{len(about)};signalen:{len(register)}")
        for entry in register:  # who recorded it is an official: not in the overview
            entry.pop("recorded_by", None)
        return SubjectAccess(name.strip(), REVIEW, about, register)

    def _about(
        self, tx: Any, case: Case, who: tuple[str, date | None, str | None], roles: dict[str, str]
    ) -> CaseAbout | None:
        him = next((p for p in case.parties if _is_him(p, *who)), None)
        if him is None:
            return None
        own_roles = []
        for relation in case.relations:
            if relation.party != him.id:
                continue
            toward = " van een andere partij" if relation.counterparty else ""
            own_roles.append(f"{relation.role.value}{toward}")
        access = [
            (e.ts_utc, e.action, roles.get(e.actor, "onbekend"))
            for e in audit.entries_about(tx.session, case.id)
        ]
        party = to_primitive(him)
        return CaseAbout(
            reference=case.reference,
            party=party,
            roles=own_roles,
            antecedents=[to_primitive(a) for a in case.antecedents if a.party == him.id],
            signals=[to_primitive(s) for s in case.signals if s.party == him.id],
            access=access,
        )

    def write(self, overview: SubjectAccess, target: Path) -> None:
        """The overview as JSON (atomic, owner-only), audited without the name."""
        import dataclasses
        import json

        data = json.dumps(dataclasses.asdict(overview), ensure_ascii=False, indent=2, default=str)
        with self.store.transaction() as tx:  # audited before the file exists
            tx.audit("inzage.opgeslagen", f"dossiers:{len(overview.cases)}")
        atomic_write(target, data.encode("utf-8"))
        target.chmod(0o600)
