"""Retention: when each case may be destroyed, and destruction with four eyes. After a purge only
the fact remains in the audit log (case id, who requested, who confirmed), nothing of the content."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bibob_desk.content.safe_yaml import ContentError
from bibob_desk.domain.codec import to_primitive
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.services.permissions import require
from bibob_desk.store.store import Store
from bibob_desk.workflow.retention import RetentionDate, RetentionRules, load_rules, retention_date

PURGE = "vernietiging"


@dataclass(frozen=True)
class RetentionRow:
    case_id: str
    reference: str
    retention: RetentionDate
    due: bool


def _fingerprint(case: object) -> str:
    """A request covers the case as it was: any change afterwards needs a new request."""
    return hashlib.sha256(json.dumps(to_primitive(case), sort_keys=True, default=str).encode()).hexdigest()


class RetentionService:
    def __init__(self, store: Store, today: Callable[[], date] = date.today) -> None:
        self.store, self.today = store, today

    def rules(self) -> RetentionRules:
        try:
            return load_rules()
        except ContentError as error:
            raise UserError(f"De bewaartermijnen zijn onbruikbaar: {error}") from None

    def until(self, case_id: str) -> date:
        """Until when this case is kept (for the officer who closes it)."""
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
        return retention_date(case, self.rules()).until

    def overview(self) -> list[RetentionRow]:
        """Every case with its retention date, the ones past it first."""
        require(self.store, Role.BEHEERDER)
        rules, today = self.rules(), self.today()
        with self.store.transaction() as tx:
            cases = tx.cases.all_cases()
            tx.audit("bewaartermijnen.ingezien", f"dossiers:{len(cases)}")
        rows = []
        for case in cases:
            kept = retention_date(case, rules)
            rows.append(RetentionRow(case.id, case.reference, kept, kept.until <= today))
        return sorted(rows, key=lambda r: (r.retention.until, r.reference))

    def purge(self, case_id: str) -> str:
        """First call (a beheerder): the request. A call by a second user (beheerder or jurist):
        the case is destroyed. Returns 'aangevraagd' or 'vernietigd'."""
        require(self.store, Role.JURIST)
        me = self.store.user.username
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            kept = retention_date(case, self.rules())
            if kept.until > self.today():
                raise UserError(f"De bewaartermijn loopt nog tot {kept.until:%d-%m-%Y}: {kept.explanation}.")
            requested = [u for u in tx.approvals.approvers(case_id, PURGE, _fingerprint(case)) if u != me]
            if not requested:
                if self.store.user.role is not Role.BEHEERDER:
                    raise UserError("Vernietiging wordt aangevraagd door een beheerder.")
                tx.approvals.add(case_id, PURGE, _fingerprint(case), me)
                tx.audit("dossier.vernietiging_aangevraagd", f"case:{case_id}")
                return "aangevraagd"
            tx.cases.purge(case_id)
            tx.audit("dossier.vernietigd", f"case:{case_id};aangevraagd:{requested[0]};bevestigd:{me}")
        return "vernietigd"
