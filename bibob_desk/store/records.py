"""The repositories beside the case: users, settings, drafts, assessments, attachments, approvals,
match judgements, the signals register and weerbaarheidsscans (one session, the unit of work's)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import func, insert
from sqlmodel import Session, col, delete, select

from bibob_desk.domain.assessment import Assessment
from bibob_desk.domain.attachments import AttachmentInfo
from bibob_desk.domain.codec import from_primitive, to_primitive
from bibob_desk.domain.enums import Reliability, Role, SignalSource
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import RegisterSignal
from bibob_desk.store import sealing
from bibob_desk.store.projections import Projections
from bibob_desk.store.rows import (
    ApprovalRow,
    AssessmentRow,
    AttachmentRow,
    MatchJudgementRow,
    MetaRow,
    ResilienceScanRow,
    SignalRow,
    UserRow,
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, username: str, display_name: str, role: Role) -> UserRow:
        if self.get(username) is not None:
            raise UserError("Deze gebruikersnaam bestaat al.")
        row = UserRow(
            username=username.casefold(),
            display_name=display_name,
            role=role.value,
            created_at=_now(),
        )
        self.session.add(row)
        return row

    def get(self, username: str) -> UserRow | None:
        stmt = select(UserRow).where(UserRow.username == username.casefold())
        return self.session.exec(stmt).first()

    def deactivate(self, username: str) -> bool:
        row = self.get(username)
        if row is None or not row.active:
            return False
        row.active = False
        self.session.add(row)
        return True

    def all(self) -> list[UserRow]:
        return list(self.session.exec(select(UserRow).order_by(col(UserRow.username))))


class SettingsRepository:
    """Installation-wide settings, stored as `setting.<name>` rows of the meta table."""

    PREFIX = "setting."

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, name: str) -> str | None:
        row = self.session.get(MetaRow, self.PREFIX + name)
        return None if row is None else row.value

    def set(self, name: str, value: str) -> None:
        row = self.session.get(MetaRow, self.PREFIX + name)
        if row is None:
            self.session.add(MetaRow(key=self.PREFIX + name, value=value))
        else:
            row.value = value


class DraftRepository:
    """Unsaved dialog input kept at lock, per user (inside the encrypted database)."""

    PREFIX = "concept."

    def __init__(self, session: Session) -> None:
        self.session = session

    def put(self, user: str, name: str, payload: str) -> None:
        key = f"{self.PREFIX}{user}.{name}"
        payload = sealing.seal_value(self.session, payload, "meta.concept")  # a team database: ciphertext
        row = self.session.get(MetaRow, key)
        if row is None:
            self.session.add(MetaRow(key=key, value=payload))
        else:
            row.value = payload

    def take(self, user: str, name: str) -> str | None:
        row = self.session.get(MetaRow, f"{self.PREFIX}{user}.{name}")
        if row is None:
            return None
        value = sealing.open_value(self.session, row.value, "meta.concept")
        self.session.delete(row)
        return value


def _assessment_row(assessment: Assessment) -> dict[str, object]:
    return {
        "case_id": assessment.case_id,
        "created_at": assessment.assessed_at,
        "created_by": assessment.assessed_by,
        "catalogue_id": assessment.catalogue_id,
        "catalogue_version": assessment.catalogue_version,
        "catalogue_sha256": assessment.catalogue_sha256,
        "inputs_hash": assessment.inputs_hash,
        "score": assessment.score,
        "band": assessment.band,
        "payload": json.dumps(to_primitive(assessment), ensure_ascii=False),
    }


class AssessmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, assessment: Assessment) -> int:
        """A Core insert (not a signed record); returns the new row's id."""
        inserted = self.session.execute(insert(AssessmentRow).values(**_assessment_row(assessment)))
        key = inserted.inserted_primary_key
        return int(key[0]) if key else 0

    def add_many(self, assessments: list[Assessment]) -> None:
        """One statement for a batch: `score --all` writes one per case (issue 18)."""
        if assessments:
            self.session.execute(insert(AssessmentRow), [_assessment_row(a) for a in assessments])

    def latest_bands(self) -> dict[str, str]:
        """case id -> band of its newest assessment (cases never scored are absent)."""
        newest = (
            select(AssessmentRow.case_id, func.max(AssessmentRow.id).label("newest"))
            .group_by(AssessmentRow.case_id)
            .subquery()
        )
        stmt = select(AssessmentRow.case_id, AssessmentRow.band).join(
            newest, col(AssessmentRow.id) == newest.c.newest
        )
        return {case_id: band for case_id, band in self.session.exec(stmt)}

    def latest(self, case_id: str) -> Assessment | None:
        stmt = (
            select(AssessmentRow)
            .where(AssessmentRow.case_id == case_id)
            .order_by(col(AssessmentRow.id).desc())
        )
        row = self.session.exec(stmt.limit(1)).first()
        return None if row is None else from_primitive(Assessment, json.loads(row.payload))

    def history(self, case_id: str) -> list[Assessment]:
        stmt = select(AssessmentRow).where(AssessmentRow.case_id == case_id).order_by(col(AssessmentRow.id))
        return [from_primitive(Assessment, json.loads(r.payload)) for r in self.session.exec(stmt)]


class AttachmentRepository:
    """Attachment metadata and bytes. Listing never loads the bytes."""

    _INFO = tuple(AttachmentInfo.__dataclass_fields__)

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, info: AttachmentInfo, content: bytes) -> int:
        fields = {k: getattr(info, k) for k in self._INFO if k != "id"}
        row = AttachmentRow(**fields, content=content)
        self.session.add(row)
        self.session.flush()
        return int(row.id or 0)

    def list(self, case_id: str) -> list[AttachmentInfo]:
        columns = [getattr(AttachmentRow, k) for k in self._INFO]
        stmt = select(*columns).where(AttachmentRow.case_id == case_id).order_by(col(AttachmentRow.id))
        return [AttachmentInfo(*row) for row in self.session.exec(stmt)]

    def content(self, attachment_id: int) -> bytes:
        row = self.session.get(AttachmentRow, attachment_id)
        if row is None:
            raise UserError("Deze bijlage bestaat niet (meer).")
        return bytes(row.content)

    def remove(self, attachment_id: int) -> None:
        self.session.exec(delete(AttachmentRow).where(col(AttachmentRow.id) == attachment_id))

    def withdraw(self, attachment_id: int, reason: str, by: str) -> None:
        row = self.session.get(AttachmentRow, attachment_id)
        if row is None:
            raise UserError("Deze bijlage bestaat niet (meer).")
        row.withdrawn_reason, row.withdrawn_by = reason, by
        self.session.add(row)


class ApprovalRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, case_id: str, kind: str, content_sha256: str, approved_by: str) -> None:
        self.session.add(
            ApprovalRow(
                case_id=case_id,
                kind=kind,
                content_sha256=content_sha256,
                approved_by=approved_by,
                approved_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
        )

    def approvers(self, case_id: str, kind: str, content_sha256: str) -> list[str]:
        """Who approved exactly this content of this decision."""
        stmt = select(ApprovalRow.approved_by).where(
            ApprovalRow.case_id == case_id,
            ApprovalRow.kind == kind,
            ApprovalRow.content_sha256 == content_sha256,
        )
        return list(self.session.exec(stmt))


class MatchJudgementRepository:
    """Judgements of match candidates; the latest per pair counts (a new row reverses an old one)."""

    def __init__(self, session: Session, projections: Callable[[], Projections] | None = None) -> None:
        self.session = session
        self._projections = projections

    def add(self, pair: tuple[str, str, str, str], verdict: str, motivation: str, judged_by: str) -> None:
        case_a, party_a, case_b, party_b = pair
        self.session.add(
            MatchJudgementRow(
                case_a=case_a,
                party_a=party_a,
                case_b=case_b,
                party_b=party_b,
                verdict=verdict,
                motivation=motivation,
                judged_by=judged_by,
                judged_at=_now(),
            )
        )
        if self._projections is not None:  # a judgement can make or break a doorstart alert
            self.session.flush()
            for case_id in sorted({case_a, case_b}):
                self._projections().refresh_hits(case_id)

    def latest_for_case(self, case_id: str) -> dict[tuple[str, str, str, str], MatchJudgementRow]:
        """The judgement that counts per pair (the newest), keyed like MatchCandidate.key."""
        return {(j.case_a, j.party_a, j.case_b, j.party_b): j for j in self.for_case(case_id)}

    def for_case(self, case_id: str) -> list[MatchJudgementRow]:
        """Every judgement touching the case, oldest first."""
        stmt = (
            select(MatchJudgementRow)
            .where((col(MatchJudgementRow.case_a) == case_id) | (col(MatchJudgementRow.case_b) == case_id))
            .order_by(col(MatchJudgementRow.id))
        )
        return list(self.session.exec(stmt))


class SignalRepository:
    """The signals register. Entries past their retention date are not returned (and are purged by
    `purge_expired`)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: RegisterSignal) -> int:
        row = SignalRow(
            source=entry.source.value,
            signal_date=entry.date.isoformat(),
            reliability=entry.reliability.value,
            subject_kind=entry.subject_kind,
            subject_name=entry.subject_name,
            birth_date=entry.birth_date.isoformat() if entry.birth_date else None,
            kvk=entry.kvk,
            postcode=entry.postcode,
            house_number=entry.house_number,
            description=entry.description,
            recorded_by=entry.recorded_by,
            recorded_at=_now(),
            retention_date=entry.retention_date.isoformat(),
        )
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        return row.id

    def active(self, today: date, *, withdrawn_too: bool = False) -> list[RegisterSignal]:
        """Entries within their retention; withdrawn ones only with `withdrawn_too` (the register's
        own list shows them struck through; nothing links a case to them)."""
        stmt = select(SignalRow).where(col(SignalRow.retention_date) >= today.isoformat())
        if not withdrawn_too:
            stmt = stmt.where(col(SignalRow.withdrawn_reason) == "")
        stmt = stmt.order_by(col(SignalRow.signal_date).desc(), col(SignalRow.id).desc())
        return [_signal(r) for r in self.session.exec(stmt)]

    def withdraw(self, number: int, reason: str, by: str) -> None:
        row = self.session.get(SignalRow, number)
        if row is None:
            raise UserError(f"Er is geen signaal {number}.")
        if row.withdrawn_reason:
            raise UserError(f"Signaal {number} is al ingetrokken.")
        row.withdrawn_reason, row.withdrawn_by = reason, by
        self.session.add(row)

    def per_month(self, today: date) -> dict[str, int]:
        """Active signals per month of their date ('2026-10' -> 3)."""
        month = func.substr(SignalRow.signal_date, 1, 7)
        stmt = (
            select(month, func.count())
            .where(col(SignalRow.retention_date) >= today.isoformat())
            .group_by(month)
            .order_by(month)
        )
        return {m: int(n) for m, n in self.session.exec(stmt)}

    def purge_expired(self, today: date) -> int:
        rows = list(
            self.session.exec(select(SignalRow).where(col(SignalRow.retention_date) < today.isoformat()))
        )
        for row in rows:
            self.session.delete(row)
        return len(rows)


def _signal(row: SignalRow) -> RegisterSignal:
    return RegisterSignal(
        id=row.id,
        source=SignalSource(row.source),
        date=date.fromisoformat(row.signal_date),
        reliability=Reliability(row.reliability),
        subject_kind=row.subject_kind,
        subject_name=row.subject_name,
        birth_date=date.fromisoformat(row.birth_date) if row.birth_date else None,
        kvk=row.kvk,
        postcode=row.postcode,
        house_number=row.house_number,
        description=row.description,
        recorded_by=row.recorded_by,
        retention_date=date.fromisoformat(row.retention_date),
        withdrawn_reason=row.withdrawn_reason,
        withdrawn_by=row.withdrawn_by,
    )


class ResilienceScanRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: ResilienceScanRow) -> int:
        row.completed_at = _now()
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        return row.id

    def latest(self) -> ResilienceScanRow | None:
        return self.session.exec(select(ResilienceScanRow).order_by(col(ResilienceScanRow.id).desc())).first()

    def history(self) -> list[ResilienceScanRow]:
        return list(self.session.exec(select(ResilienceScanRow).order_by(col(ResilienceScanRow.id))))
