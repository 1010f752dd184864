"""The case list: one row per case (without loading the dossier) and a view of the caseload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bibob_desk.domain.enums import CaseResult, PermitKind, Stage


@dataclass(frozen=True, kw_only=True, slots=True)  # 100,000 of them in a scrolled list
class CaseSummary:
    """One row of the case list: what the list shows, without loading the dossier."""

    id: str
    reference: str
    permit_kinds: tuple[PermitKind, ...]
    stage: Stage
    received_date: date
    location: str
    party_names: tuple[str, ...]
    updated_at: str = ""
    behandelaar: str = ""
    result: CaseResult | None = None


@dataclass(frozen=True, kw_only=True)
class CaseFilter:
    """A view of the caseload. `closed`: False open cases only, True the archive, None both. `ids`:
    only these (what the band and deadline filters resolve to)."""

    stages: tuple[Stage, ...] = ()
    permit_kind: PermitKind | None = None
    behandelaar: str | None = None  # a username; "" = not assigned
    jurist: str | None = None
    closed: bool | None = False
    ids: tuple[str, ...] | None = None
