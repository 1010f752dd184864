"""Doorstart watch (issue 9): refused or withdrawn cases are watched; a new case at the same address
or with the same people raises a visible alert and feeds HIS-03 when scored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bibob_desk.domain.model import Case
from bibob_desk.network.doorstart import DoorstartAlert, Watch, alerts, watch_of
from bibob_desk.store.store import Store


@dataclass
class AlertBatch:
    """What alerts_in reads per case, read once for a batch of cases (score --all)."""

    hits: dict[str, list[str]] = field(default_factory=dict)
    judged: set[str] = field(default_factory=set)
    decoded: dict[str, Case] = field(default_factory=dict)

    def load(self, tx: Any, case_ids: list[str]) -> AlertBatch:
        self.hits = tx.projections.hits_for(case_ids)
        self.judged = tx.projections.judged_among(case_ids)
        return self


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
            return self.alerts_in(tx, case)

    @staticmethod
    def alerts_in(tx: Any, case: Case, batch: AlertBatch | None = None) -> list[DoorstartAlert]:
        """The same inside the caller's transaction; `batch`: hits and judgements read for many
        cases at once, and the watched cases each decoded once (scoring a whole caseload)."""
        decoded = {} if batch is None else batch.decoded
        hits = tx.projections.hits_of(case.id) if batch is None else batch.hits.get(case.id, [])
        if not hits:
            return []
        for case_id in hits:
            if case_id not in decoded:
                decoded[case_id] = tx.cases.get(case_id)
        watched = [decoded[case_id] for case_id in hits]
        judged = batch is None or case.id in batch.judged
        same, not_same = tx.projections.judgements(case.id) if judged else (frozenset(), frozenset())
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
