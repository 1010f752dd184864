"""Risk use cases: score (a stored snapshot each time), history, and the officer's overrides.

The app suggests; it never states a legal conclusion. Every snapshot records the catalogue id,
version and hash, the reference date and a hash of its inputs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from bibob_desk.content.safe_yaml import ContentError
from bibob_desk.domain.assessment import Assessment
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import Case, Override
from bibob_desk.network.doorstart import as_location_events
from bibob_desk.network.signals import as_case_signals, links
from bibob_desk.paths import resources_dir
from bibob_desk.risk.catalogue import Catalogue, load_catalogue
from bibob_desk.risk.engine import REWEIGH, SET_ASIDE, assess
from bibob_desk.services.changes import Reports, Topic
from bibob_desk.services.doorstart import AlertBatch, DoorstartService
from bibob_desk.services.permissions import require
from bibob_desk.services.shielding import assessment_seen_by, user_of
from bibob_desk.store.store import Store

CATALOGUE_ENV = "BIBOB_DESK_CATALOGUE"
MIN_MOTIVATION = 20


def default_catalogue_path() -> Path:
    """A municipality's own copy (BIBOB_DESK_CATALOGUE), else the newest shipped catalogue."""
    if os.environ.get(CATALOGUE_ENV):
        return Path(os.environ[CATALOGUE_ENV])
    return sorted((resources_dir() / "indicators").glob("*.yaml"))[-1]


class RiskService(Reports):
    SCORE_BATCH = 100  # cases per transaction in score_all

    def __init__(
        self,
        store: Store,
        catalogue_path: Path | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        doorstart: DoorstartService | None = None,
    ) -> None:
        self.store = store
        self.catalogue_path = catalogue_path or default_catalogue_path()
        self.now = now
        self.doorstart = doorstart

    @cached_property
    def catalogue(self) -> Catalogue:
        try:
            return load_catalogue(self.catalogue_path)
        except ContentError as error:
            raise UserError(f"De indicatorencatalogus is onbruikbaar en is niet gebruikt: {error}") from None

    def band_colours(self) -> dict[str, str]:
        """Band name -> colour, from the catalogue (the only place colours are defined)."""
        return {b.name: b.colour for b in self.catalogue.bands}

    def score(self, case_id: str) -> Assessment:
        require(self.store, Role.VERGUNNINGVERLENER)
        catalogue = self.catalogue
        with self.store.transaction() as tx:
            assessment = self._score_in(tx, case_id, tx.signals.active(self.now().date()), catalogue)
        self.report(case_id, topics=(Topic.RISK,))
        return assessment

    def _score_in(
        self, tx: Any, case_id: str, active: list, catalogue: Catalogue, batch: AlertBatch | None = None
    ) -> Assessment:
        """Score one case inside the caller's transaction: its register signals, its doorstart
        alerts (from the stored hits) and the catalogue; the assessment and its audit row."""
        case, payload = tx.cases.get_with_payload(case_id)
        assessment = self._assess(tx, case, payload, active=active, catalogue=catalogue, batch=batch)
        tx.assessments.add(assessment)
        return assessment

    def _assess(
        self, tx: Any, case: Case, payload: str | None, *, active: list, catalogue: Catalogue, batch: Any
    ) -> Assessment:
        linked = as_case_signals(links(case, active))
        alerts = self.doorstart.alerts_in(tx, case, batch) if self.doorstart else []
        doorstart = as_location_events(case, alerts)
        if linked:  # register signals about its parties or address count as the case's signals
            case.signals = [*case.signals, *linked]
        if doorstart:  # a watched refusal or withdrawal: history of this location (HIS-03)
            replaced = {p.id for p in doorstart}
            case.premises = [*(p for p in case.premises if p.id not in replaced), *doorstart]
        if linked or doorstart:
            payload = None  # the inputs differ from the stored case: hash them anew
        assessment = assess(
            case, catalogue, assessed_by=self.store.user.username, now=self.now(), payload=payload
        )
        tx.audit("risico.beoordeeld", f"case:{case.id};catalogus:{catalogue.id}@{catalogue.version}")
        return assessment

    def score_reference(self, reference: str) -> Assessment:
        with self.store.transaction() as tx:
            case_id = tx.cases.get_by_reference(reference).id
        return self.score(case_id)

    def withdraw_override(self, case_id: str, indicator: str, reason: str) -> Assessment:
        """Withdraw the officer's override of `indicator` with a reason: it stays in the case and
        its history, no longer applies, and the new assessment names it under 'niet meegeteld'."""
        require(self.store, Role.VERGUNNINGVERLENER)
        reason = reason.strip()
        if len(reason) < MIN_MOTIVATION:
            raise UserError(f"Geef een reden van minstens {MIN_MOTIVATION} tekens.")
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            active = [o for o in case.overrides if o.indicator == indicator and not o.withdrawn]
            if not active:
                raise UserError(f"Er is geen geldende afwijking van {indicator}.")
            for override in active:
                override.withdrawn_reason, override.withdrawn_by = reason, self.store.user.username
            tx.save_case(case, reason=f"afwijking {indicator} ingetrokken: {reason}")
            tx.audit("risico.afwijking_ingetrokken", f"case:{case_id};indicator:{indicator}")
        return self.score(case_id)

    def score_all(
        self, progress: Callable[[int, int], None] | None = None, *, ids: list[str] | None = None
    ) -> int:
        """Score every case (or `ids`), SCORE_BATCH cases per transaction, with the register signals
        read once; the doorstart alerts come from the stored hits (issue 18)."""
        require(self.store, Role.VERGUNNINGVERLENER)
        catalogue = self.catalogue
        if ids is None:
            with self.store.transaction() as tx:
                ids = [s.id for s in tx.cases.summaries(limit=10_000_000)]
        with self.store.transaction() as tx:
            active = tx.signals.active(self.now().date())
        alerts = AlertBatch()  # the watched cases, each decoded once for the whole run
        for start in range(0, len(ids), self.SCORE_BATCH):
            batch = ids[start : start + self.SCORE_BATCH]
            with self.store.transaction() as tx:
                alerts.load(tx, batch)
                tx.assessments.add_many(
                    [
                        self._assess(tx, case, payload, active=active, catalogue=catalogue, batch=alerts)
                        for case, payload in tx.cases.get_many_with_payload(batch)
                    ]
                )
            if progress:
                progress(start + len(batch), len(ids))
        self.report(*ids, topics=(Topic.RISK,))
        return len(ids)

    def latest(self, case_id: str) -> Assessment | None:
        with self.store.transaction() as tx:
            tx.audit("risico.ingezien", f"case:{case_id}")
        with self.store.transaction() as tx:
            latest, case = tx.assessments.latest(case_id), tx.cases.get(case_id)
        return assessment_seen_by(latest, case, *user_of(self.store)) if latest else None

    def history(self, case_id: str) -> list[Assessment]:
        with self.store.transaction() as tx:
            found, case = tx.assessments.history(case_id), tx.cases.get(case_id)
        return [assessment_seen_by(a, case, *user_of(self.store)) for a in found]

    def override(
        self, case_id: str, indicator: str, action: str, motivation: str, weight: int | None = None
    ) -> Assessment:
        """Set a finding aside or change its weight, with a written motivation; then re-score."""
        require(self.store, Role.VERGUNNINGVERLENER)
        motivation = motivation.strip()
        if len(motivation) < MIN_MOTIVATION:
            raise UserError(f"Geef een motivering van minstens {MIN_MOTIVATION} tekens.")
        if action not in (SET_ASIDE, REWEIGH):
            raise UserError("Kies 'buiten beschouwing' of 'ander gewicht'.")
        if action == REWEIGH and (weight is None or not 0 <= weight <= 20):
            raise UserError("Geef een gewicht van 0 tot en met 20.")
        latest = self.latest(case_id) or self.score(case_id)
        finding = latest.finding(indicator)
        if finding is None:
            raise UserError(f"Indicator {indicator} is bij de laatste beoordeling niet aangeslagen.")
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            case.overrides.append(
                Override(
                    indicator=indicator,
                    action=action,
                    motivation=motivation,
                    author=self.store.user.username,
                    created_at=self.now().isoformat(timespec="seconds"),
                    evidence_hash=finding.evidence_hash,
                    weight=weight if action == REWEIGH else None,
                )
            )
            tx.save_case(case, reason=f"afwijking {indicator}: {motivation}")
            tx.audit("risico.afwijking", f"case:{case_id};indicator:{indicator};actie:{action}")
        return self.score(case_id)
