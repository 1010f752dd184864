"""Retention dates of cases: years after the published decision (per kind), or after receipt when
there is none. The periods are data (resources/retention/bewaartermijnen.yaml) and unverified."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bibob_desk.content.safe_yaml import ContentError, load_validated
from bibob_desk.domain.enums import CaseResult, DecisionKind, EventKind
from bibob_desk.domain.model import Case

ENV = "BIBOB_DESK_BEWAARTERMIJNEN"
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "verified", "na_besluit", "zonder_besluit"],
    "properties": {
        "version": {"type": "integer", "minimum": 1},
        "verified": {"type": "boolean"},
        "na_besluit": {
            "type": "object",
            "additionalProperties": False,
            "required": [k.value for k in DecisionKind],
            "properties": {k.value: {"type": "integer", "minimum": 1, "maximum": 100} for k in DecisionKind},
        },
        "zonder_besluit": {"type": "integer", "minimum": 1, "maximum": 100},
        "na_afsluiting": {
            "type": "object",
            "additionalProperties": False,
            "required": [r.value for r in CaseResult],
            "properties": {r.value: {"type": "integer", "minimum": 1, "maximum": 100} for r in CaseResult},
        },
    },
}


class RetentionError(ContentError):
    pass


@dataclass(frozen=True)
class RetentionRules:
    version: int
    verified: bool
    after_decision: dict[str, int]
    without_decision: int
    after_closure: dict[str, int] | None = None  # a file without it: closure counts as after decision


@dataclass(frozen=True)
class RetentionDate:
    until: date
    explanation: str


def load_rules(path: Path | None = None) -> RetentionRules:
    from bibob_desk.paths import resources_dir

    path = Path(path or os.environ.get(ENV) or resources_dir() / "retention" / "bewaartermijnen.yaml")
    data, _ = load_validated(path, SCHEMA, RetentionError)
    return RetentionRules(
        data["version"],
        data["verified"],
        data["na_besluit"],
        data["zonder_besluit"],
        data.get("na_afsluiting"),
    )


def _add_years(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def retention_date(case: Case, rules: RetentionRules) -> RetentionDate:
    note = "" if rules.verified else " (termijn niet geverifieerd)"
    if case.closure is not None:
        closure = case.closure
        years = (rules.after_closure or {}).get(closure.result.value) or max(rules.after_decision.values())
        return RetentionDate(
            _add_years(closure.closed_date, years),
            f"{years} jaar na afsluiting ({closure.result.value}) op {closure.closed_date:%d-%m-%Y}{note}",
        )
    decisions = [
        (e, e.decision) for e in case.events_of(EventKind.BESLUIT_BEKENDGEMAAKT) if e.decision is not None
    ]
    if decisions:
        last, decision = max(decisions, key=lambda pair: pair[0].date)
        years = rules.after_decision[decision.value]
        return RetentionDate(
            _add_years(last.date, years),
            f"{years} jaar na bekendmaking van het besluit ({decision.value}) op {last.date:%d-%m-%Y}{note}",
        )
    years = rules.without_decision
    return RetentionDate(
        _add_years(case.received_date, years),
        f"{years} jaar na ontvangst op {case.received_date:%d-%m-%Y}, geen besluit bekendgemaakt{note}",
    )
