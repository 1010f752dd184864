"""The stored versions of a case (migration 10): who, when, why and the RFC 6902 patch forward from
the previous version and back (for "terugzetten naar deze versie")."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select

from bibob_desk.domain.errors import UserError
from bibob_desk.domain.revisions import FieldChange, Revision
from bibob_desk.store.rows import CaseRevisionRow


class StaleCase(UserError):
    """A save against a version that is no longer the latest (another window or process saved)."""

    def __init__(self, reference: str, expected: int, current: int) -> None:
        super().__init__(
            f"Dossier {reference} is intussen gewijzigd: uw wijziging ging uit van versie {expected}, "
            f"het dossier is nu versie {current}. Er is niets opgeslagen; open het dossier opnieuw."
        )
        self.expected, self.current = expected, current


def _revision(row: CaseRevisionRow) -> Revision:
    forward, inverse = json.loads(row.forward), json.loads(row.inverse)
    before = {op["path"]: op.get("value") for op in inverse if op["op"] in ("replace", "add")}
    changes = tuple(
        FieldChange(op["op"], op["path"], before.get(op["path"]), op.get("value")) for op in forward
    )
    return Revision(row.case_id, row.revision, row.actor, row.at, row.reason, changes)


class RevisionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(  # noqa: PLR0917 - one row, its columns
        self,
        case_id: str,
        revision: int,
        actor: str,
        at: str,
        reason: str,
        forward: list[dict[str, Any]],
        inverse: list[dict[str, Any]],
    ) -> None:
        self.session.add(
            CaseRevisionRow(
                case_id=case_id,
                revision=revision,
                actor=actor,
                at=at,
                reason=reason,
                forward=json.dumps(forward, ensure_ascii=False),
                inverse=json.dumps(inverse, ensure_ascii=False),
            )
        )

    def revisions(self, case_id: str) -> list[Revision]:
        """Every stored change of the case, oldest first."""
        stmt = (
            select(CaseRevisionRow)
            .where(col(CaseRevisionRow.case_id) == case_id)
            .order_by(col(CaseRevisionRow.revision))
        )
        return [_revision(r) for r in self.session.exec(stmt)]

    def inverse_patches(self, case_id: str, after: int) -> list[list[dict[str, Any]]]:
        """The way back from the current version to version `after`, newest first."""
        stmt = (
            select(CaseRevisionRow)
            .where(col(CaseRevisionRow.case_id) == case_id, col(CaseRevisionRow.revision) > after)
            .order_by(col(CaseRevisionRow.revision).desc())
        )
        return [json.loads(r.inverse) for r in self.session.exec(stmt)]
