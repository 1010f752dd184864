"""Case and user repositories over one session (the unit of work's)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import jsonpatch
from sqlalchemy import func, literal, text
from sqlmodel import Session, col, delete, select

from bibob_desk.domain.assessment import Assessment
from bibob_desk.domain.attachments import AttachmentInfo
from bibob_desk.domain.codec import from_primitive, to_primitive
from bibob_desk.domain.enums import CaseResult, PermitKind, Reliability, Role, SignalSource, Stage
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import Case, CaseFilter, CaseSummary, RegisterSignal
from bibob_desk.domain.text import normalize_for_search
from bibob_desk.network.doorstart import watch_of
from bibob_desk.store import search
from bibob_desk.store.revision_repository import RevisionRepository, StaleCase
from bibob_desk.store.rows import (
    ApprovalRow,
    AssessmentRow,
    AttachmentRow,
    CaseDocumentRow,
    CasePartyRow,
    CaseRow,
    MatchJudgementRow,
    MetaRow,
    ResilienceScanRow,
    SignalRow,
    UserRow,
)

SORTABLE = {
    "reference": CaseRow.reference,
    "stage": CaseRow.stage,
    "received_date": CaseRow.received_date,
    "location": CaseRow.location,
    "permit_kinds": CaseRow.permit_kinds,
}


def _filtered(stmt: Any, view: CaseFilter | None) -> Any:
    """The caseload filters as WHERE clauses on the list columns (all indexed)."""
    if view is None:
        return stmt
    if view.stages:
        stmt = stmt.where(col(CaseRow.stage).in_([s.value for s in view.stages]))
    if view.permit_kind is not None:  # permit_kinds is 'a,b,c'
        stmt = stmt.where(
            (literal(",") + col(CaseRow.permit_kinds) + literal(",")).like(f"%,{view.permit_kind.value},%")
        )
    if view.behandelaar is not None:
        stmt = stmt.where(col(CaseRow.behandelaar) == view.behandelaar)
    if view.jurist is not None:
        stmt = stmt.where(col(CaseRow.jurist) == view.jurist)
    if view.ids is not None:
        stmt = stmt.where(col(CaseRow.id).in_(list(view.ids)))
    closed = (col(CaseRow.result) != "") | (col(CaseRow.stage) == Stage.GESLOTEN.value)
    if view.closed is True:
        stmt = stmt.where(closed)
    elif view.closed is False:
        stmt = stmt.where(~closed)
    return stmt


class DuplicateReference(UserError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"Er bestaat al een dossier met kenmerk {reference}.")


class UnknownCase(UserError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"Geen dossier gevonden met kenmerk {reference}.")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def search_text(case: Case) -> str:
    parts = [
        case.reference,
        case.title,
        case.location.one_line(),
        case.location.postcode.replace(" ", ""),
    ]
    parts += [p.name for p in case.parties]
    return normalize_for_search(" ".join(parts))


def _payload(case: Case) -> str:
    return json.dumps(to_primitive(case), ensure_ascii=False)


class CaseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, case: Case) -> None:
        if self._row_by_reference(case.reference) is not None:
            raise DuplicateReference(case.reference)
        now = _now()
        columns = self._columns(case)
        row = CaseRow(id=case.id, created_at=now, updated_at=now, revision=1, **columns)
        self.session.add(row)
        self.session.flush()  # the case row first: case_parties and case_documents refer to it
        document = CaseDocumentRow(case_id=case.id, payload=_payload(case))
        self.session.add(document)
        self.session.flush()
        assert document.doc is not None
        search.put(self.session, document.doc, case.id, str(columns["search_text"]))
        self._index_parties(case)

    def update(self, case: Case, *, actor: str, reason: str = "", expected: int | None = None) -> int | None:
        """Store the changed case as a new version with its revision (who, when, why, the patch
        forward and back). Returns the new version, or None when nothing changed. `expected`: the
        version the change was made on; another version refuses the save (StaleCase)."""
        row = self.session.get(CaseRow, case.id)
        if row is None:
            raise UnknownCase(case.reference)
        if expected is not None and expected != row.revision:
            raise StaleCase(row.reference, expected, row.revision)
        old, new = json.loads(self._document(case.id).payload), json.loads(_payload(case))
        forward = jsonpatch.make_patch(old, new).patch
        if not forward:
            return None
        inverse = jsonpatch.make_patch(new, old).patch
        columns = self._columns(case)
        for name, value in columns.items():
            setattr(row, name, value)
        row.updated_at, row.revision = _now(), row.revision + 1
        document = self._document(case.id)
        document.payload = _payload(case)
        self.session.add(document)
        assert document.doc is not None
        search.put(self.session, document.doc, case.id, str(columns["search_text"]))
        self.session.exec(delete(CasePartyRow).where(col(CasePartyRow.case_id) == case.id))
        self._index_parties(case)
        RevisionRepository(self.session).add(
            case.id, row.revision, actor, row.updated_at, reason, forward, inverse
        )
        return row.revision

    def version(self, case_id: str) -> int:
        return self._row(case_id).revision

    def created(self, case_id: str) -> str:
        return self._row(case_id).created_at

    def _row(self, case_id: str) -> CaseRow:
        row = self.session.get(CaseRow, case_id)
        if row is None:
            raise UnknownCase(case_id)
        return row

    def get(self, case_id: str) -> Case:
        return self.get_with_payload(case_id)[0]

    def get_with_payload(self, case_id: str) -> tuple[Case, str]:
        """The case and its stored JSON text (for hashing without encoding it again)."""
        payload = self._document(case_id).payload
        return from_primitive(Case, json.loads(payload)), payload

    def get_by_reference(self, reference: str) -> Case:
        row = self._row_by_reference(reference)
        if row is None:
            raise UnknownCase(reference)
        return self.get(row.id)

    def _document(self, case_id: str) -> CaseDocumentRow:
        document = self.session.exec(
            select(CaseDocumentRow).where(col(CaseDocumentRow.case_id) == case_id)
        ).first()
        if document is None:
            raise UnknownCase(case_id)
        return document

    def purge(self, case_id: str) -> None:
        """Remove the case and everything hanging off it (parties index, assessments, attachments,
        approvals: ON DELETE CASCADE). Secure delete is on, so the pages are overwritten."""
        document = self.session.exec(
            select(CaseDocumentRow).where(col(CaseDocumentRow.case_id) == case_id)
        ).first()
        if document is not None and document.doc is not None:
            search.remove(self.session, document.doc)  # the index is not a foreign key: by hand
        self.session.exec(delete(CaseDocumentRow).where(col(CaseDocumentRow.case_id) == case_id))
        self.session.exec(delete(CasePartyRow).where(col(CasePartyRow.case_id) == case_id))
        self.session.exec(delete(CaseRow).where(col(CaseRow.id) == case_id))

    def all_cases(self) -> list[Case]:
        return [
            from_primitive(Case, json.loads(p)) for p in self.session.exec(select(CaseDocumentRow.payload))
        ]

    def count_by_stage(self) -> dict[str, int]:
        rows = self.session.exec(select(CaseRow.stage, func.count()).group_by(CaseRow.stage))
        return {stage: int(n) for stage, n in rows}

    def ids_with_signal(self, source: str) -> list[str]:
        """The cases holding a signal of this source: one SQL pass over the stored documents (no
        decoding in Python); issue 18 turns it into a projection."""
        stmt = text(
            "SELECT d.case_id FROM case_documents d WHERE EXISTS (SELECT 1 FROM "
            "json_each(d.payload, '$.signals') s WHERE json_extract(s.value, '$.source') = :source)"
        )
        return [str(r[0]) for r in self.session.execute(stmt, {"source": source})]

    def ids_in_stage(self, stage: str) -> list[str]:
        return list(self.session.exec(select(CaseRow.id).where(col(CaseRow.stage) == stage)))

    def watched(self) -> list[Case]:
        """The cases on the doorstart watch (a refusal or withdrawal decided): few, read at once."""
        stmt = (
            select(CaseDocumentRow.payload)
            .join(CaseRow, col(CaseRow.id) == col(CaseDocumentRow.case_id))
            .where(col(CaseRow.watched) != "")
        )
        return [from_primitive(Case, json.loads(p)) for p in self.session.exec(stmt)]

    def cases_after(self, after_id: str, limit: int, *, except_stages: tuple[Stage, ...] = ()) -> list[Case]:
        """The next `limit` cases by id after `after_id`: callers walk all cases in short transactions
        (the writer lock is held per batch, not for the whole walk)."""
        stmt = (
            select(CaseDocumentRow.payload)
            .join(CaseRow, col(CaseRow.id) == col(CaseDocumentRow.case_id))
            .where(col(CaseRow.id) > after_id)
            .order_by(col(CaseRow.id))
            .limit(limit)
        )
        if except_stages:
            stmt = stmt.where(col(CaseRow.stage).not_in([s.value for s in except_stages]))
        return [from_primitive(Case, json.loads(p)) for p in self.session.exec(stmt)]

    def count(self, query: str = "", *, at_most: int | None = None, view: CaseFilter | None = None) -> int:
        """How many cases match; with at_most, counting stops there (a one-letter filter matches
        nearly everything, and an exact figure is not worth a full scan per keystroke)."""
        found = search.prepare(self.session, normalize_for_search(query).split())
        if found.hits is not None and (view is None or view == CaseFilter(closed=None)):
            return found.hits if at_most is None else min(found.hits, at_most)
        matching = found.apply(_filtered(select(CaseRow.id), view))
        if at_most is not None:
            matching = matching.limit(at_most)
        return int(self.session.exec(select(func.count()).select_from(matching.subquery())).one())

    def summaries(
        self,
        query: str = "",
        *,
        limit: int = 200,
        offset: int = 0,
        sort: str = "received_date",
        descending: bool = True,
        ids: list[str] | None = None,
        view: CaseFilter | None = None,
    ) -> list[CaseSummary]:
        """A page of the list; with `ids`, just those cases (the overview's click-through); `view`:
        the caseload filters (stage, permit kind, behandelaar, open or archived)."""
        column = SORTABLE.get(sort, CaseRow.received_date)
        order = col(column).desc() if descending else col(column).asc()
        stmt = select(
            CaseRow.id,
            CaseRow.reference,
            CaseRow.permit_kinds,
            CaseRow.stage,
            CaseRow.received_date,
            CaseRow.location,
            CaseRow.party_names,
            CaseRow.updated_at,
            CaseRow.behandelaar,
            CaseRow.result,
        )
        if ids is not None:
            stmt = stmt.where(col(CaseRow.id).in_(ids))
        stmt = _filtered(stmt, view)
        found = search.prepare(self.session, normalize_for_search(query).split())
        stmt = found.apply(stmt).order_by(order, col(CaseRow.reference)).limit(limit).offset(offset)
        return [
            CaseSummary(
                id=r[0],
                reference=r[1],
                permit_kinds=tuple(PermitKind(k) for k in r[2].split(",") if k),
                stage=Stage(r[3]),
                received_date=datetime.fromisoformat(r[4]).date(),
                location=r[5],
                party_names=tuple(n for n in r[6].split("\n") if n),
                updated_at=r[7],
                behandelaar=r[8],
                result=CaseResult(r[9]) if r[9] else None,
            )
            for r in self.session.exec(stmt)
        ]

    def references_starting(self, prefix: str) -> list[str]:
        """References that begin with `prefix` (for the next automatic case number)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = select(CaseRow.reference).where(col(CaseRow.reference).like(f"{escaped}%", escape="\\"))
        return list(self.session.exec(stmt))

    def _row_by_reference(self, reference: str) -> CaseRow | None:
        return self.session.exec(select(CaseRow).where(CaseRow.reference == reference)).first()

    @staticmethod
    def _columns(case: Case) -> dict[str, object]:
        return {
            "reference": case.reference,
            "permit_kinds": ",".join(k.value for k in case.permit_kinds),
            "stage": case.stage.value,
            "received_date": case.received_date.isoformat(),
            "location": case.location.one_line(),
            "party_names": "\n".join(p.name for p in case.parties),
            "search_text": search_text(case),
            "watched": watch.kind.value if (watch := watch_of(case)) else "",
            "behandelaar": case.behandelaar,
            "jurist": case.jurist,
            "result": case.closure.result.value if case.closure else "",
        }

    def _index_parties(self, case: Case) -> None:
        for party in case.parties:
            self.session.add(
                CasePartyRow(
                    case_id=case.id,
                    party_key=party.id,
                    kind=party.kind.value,
                    name=party.name,
                    name_norm=normalize_for_search(party.name),
                    kvk=party.kvk,
                    rsin=party.rsin,
                )
            )


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
        row = self.session.get(MetaRow, key)
        if row is None:
            self.session.add(MetaRow(key=key, value=payload))
        else:
            row.value = payload

    def take(self, user: str, name: str) -> str | None:
        row = self.session.get(MetaRow, f"{self.PREFIX}{user}.{name}")
        if row is None:
            return None
        value = row.value
        self.session.delete(row)
        return value


class AssessmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, assessment: Assessment) -> int:
        row = AssessmentRow(
            case_id=assessment.case_id,
            created_at=assessment.assessed_at,
            created_by=assessment.assessed_by,
            catalogue_id=assessment.catalogue_id,
            catalogue_version=assessment.catalogue_version,
            catalogue_sha256=assessment.catalogue_sha256,
            inputs_hash=assessment.inputs_hash,
            score=assessment.score,
            band=assessment.band,
            payload=json.dumps(to_primitive(assessment), ensure_ascii=False),
        )
        self.session.add(row)
        self.session.flush()
        return int(row.id or 0)

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

    def __init__(self, session: Session) -> None:
        self.session = session

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
