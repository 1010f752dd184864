"""Doorstart watch (issue 9): refused or withdrawn cases are watched; a new case at the same address
or with the same people raises a visible alert and feeds HIS-03 when scored."""

from __future__ import annotations

from bibob_desk.domain.model import Case
from bibob_desk.network.doorstart import DoorstartAlert, Watch, alerts, watch_of
from bibob_desk.store.store import Store


class DoorstartService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def watches(self) -> list[Watch]:
        """Every refused or withdrawn case (one indexed query: cases.watched)."""
        with self.store.transaction() as tx:
            cases = tx.cases.watched()
        return [w for w in (watch_of(c) for c in cases) if w is not None]

    def alerts_for_case(self, case: Case) -> list[DoorstartAlert]:
        """The alerts of a stored case: the watched cases its doorstart hits name (a projection kept
        on every save and judgement, issue 18) are decoded, and the alerts drawn from them."""
        with self.store.transaction() as tx:
            judged = tx.judgements.latest_for_case(case.id)
            watched = [tx.cases.get(case_id) for case_id in tx.projections.hits_of(case.id)]
        same = frozenset(k for k, j in judged.items() if j.verdict == "zelfde")
        not_same = frozenset(k for k, j in judged.items() if j.verdict == "niet_zelfde")
        watches = [w for w in (watch_of(c) for c in watched) if w is not None]
        return alerts(case, watches, same=same, not_same=not_same)

    def hits_per_watch(self) -> dict[tuple[str, str], list[str]]:
        """Per watched case (id, reference) the cases, not themselves watched, that alert on it."""
        with self.store.transaction() as tx:
            return tx.projections.hits_per_watch()

    def alerts(self, reference: str) -> list[DoorstartAlert]:
        with self.store.transaction() as tx:
            case = tx.cases.get_by_reference(reference)
            tx.audit("doorstartwacht.bekeken", f"case:{case.id}")
        return self.alerts_for_case(case)
