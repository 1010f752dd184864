"""The start screen (issue 9): cases per stage and per risk band, deadlines due this week and next,
signals per month and doorstart alerts — each with the cases behind it, for clicking through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from bibob_desk.domain.enums import SignalSource, Stage
from bibob_desk.services.doorstart import DoorstartService
from bibob_desk.services.workflow import WorkflowService
from bibob_desk.store.store import Store

BANDS = ("ROOD", "ORANJE", "GEEL", "GROEN")


@dataclass
class Bar:
    label: str
    value: int
    case_ids: list[str] = field(default_factory=list)


@dataclass
class Overview:
    stages: list[Bar]
    bands: list[Bar]
    deadlines: list[Bar]  # verlopen, deze week, volgende week
    signals: list[Bar]  # per month
    doorstart: list[Bar]  # per watched case


class OverviewService:
    def __init__(
        self,
        store: Store,
        workflow: WorkflowService,
        doorstart: DoorstartService,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.store = store
        self.workflow, self.doorstart = workflow, doorstart
        self.today = today

    def counts(self) -> tuple[list[Bar], list[Bar], list[Bar]]:
        """The cheap part (SQL counts): stages, bands, signals per month."""
        with self.store.transaction() as tx:
            per_stage = tx.cases.count_by_stage()
            bands = tx.assessments.latest_bands()
            months = tx.signals.per_month(self.today())
        stages = [Bar(s.value, per_stage[s.value]) for s in Stage if per_stage.get(s.value)]
        by_band = [
            Bar(b, sum(1 for v in bands.values() if v == b), [c for c, v in bands.items() if v == b])
            for b in BANDS
        ]
        signals = [Bar(m, n) for m, n in list(months.items())[-12:]]
        return stages, by_band, signals

    def intimidation(self) -> int:
        """Active register signals of intimidation or threats against officials (staff protection)."""
        with self.store.transaction() as tx:
            entries = tx.signals.active(self.today())
        return sum(1 for e in entries if e.source is SignalSource.INTIMIDATIE)

    def threatened_cases(self) -> list[str]:
        """The cases with a signal of intimidation or threats against an official in the case itself."""
        with self.store.transaction() as tx:
            return tx.cases.ids_with_signal(SignalSource.INTIMIDATIE.value)

    def cases_in_stage(self, stage: str) -> list[str]:
        with self.store.transaction() as tx:
            return tx.cases.ids_in_stage(stage)

    def heavy(self) -> tuple[list[Bar], list[Bar]]:
        """Deadlines and doorstart alerts, from the projections (issue 18); still run in the
        background, since terms that moved with the calendar are computed again first."""
        today = self.today()
        monday = today - timedelta(days=today.weekday())
        due = self.workflow.due_cases((monday + timedelta(days=13) - today).days)
        buckets = {
            "verlopen": Bar("verlopen", 0),
            "deze week": Bar("deze week", 0),
            "volgende week": Bar("volgende week", 0),
        }
        seen: dict[str, set[str]] = {key: set() for key in buckets}
        for case_id, effective in due:
            key = (
                "verlopen"
                if effective < today
                else ("deze week" if effective < monday + timedelta(days=7) else "volgende week")
            )
            buckets[key].value += 1
            if case_id not in seen[key]:
                seen[key].add(case_id)
                buckets[key].case_ids.append(case_id)
        alerts = [
            Bar(reference, len(ids), ids) for (_id, reference), ids in self.doorstart.hits_per_watch().items()
        ]
        return list(buckets.values()), alerts
