"""Case and user repositories over one session (the unit of work's)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, NoReturn

import jsonpatch
from sqlalchemy import bindparam, func, insert, literal
from sqlmodel import Session, col, delete, select

from bibob_desk.domain.codec import from_primitive, to_primitive
from bibob_desk.domain.enums import CaseResult, PermitKind, Stage
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import Case, CaseFilter, CaseSummary
from bibob_desk.domain.text import normalize_for_search
from bibob_desk.network.doorstart import watch_of
from bibob_desk.store import sealing, search
from bibob_desk.store.projections import Projections
from bibob_desk.store.revision_repository import RevisionRepository, StaleCase
from bibob_desk.store.rows import (
    CaseDocumentRow,
    CasePartyRow,
    CaseRow,
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
    """No such case — or, on a team database, none this person may see (the server does not say
    which). Given an internal id, the message does not show it: it means nothing to the user."""

    def __init__(self, reference: str, *, by_id: bool = False) -> None:
        super().__init__(
            "Geen dossier gevonden: het bestaat niet (meer), of het hoort niet bij uw dossiers."
            if by_id
            else f"Geen dossier gevonden met kenmerk {reference}."
        )


class ReadAlongCase(UserError):
    """A team database: a case one reads along as second jurist (four eyes), of another team."""

    def __init__(self, reference: str, what: str = "wijzigen") -> None:
        super().__init__(
            f"Dossier {reference} kunt u alleen meelezen als tweede jurist (vier ogen): {what} doen de "
            "behandelaar of de jurist van het dossier, of een beheerder."
        )


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


# built once: a statement object per read cost more than the read on a bulk score (issue 18)
_PAYLOAD = select(CaseDocumentRow.payload).where(col(CaseDocumentRow.case_id) == bindparam("case_id"))


def _payload(case: Case) -> str:
    return json.dumps(to_primitive(case), ensure_ascii=False)


class CaseRepository:
    def __init__(self, session: Session, projections: Callable[[], Projections] | None = None) -> None:
        self.session = session
        self._projections = projections

    @property
    def projections(self) -> Projections:
        """The derived tables, written in this session's transaction (issue 18)."""
        if self._projections is None:
            return Projections(self.session.connection(), date.today())
        return self._projections()

    def add(self, case: Case) -> None:
        self.add_many([case])

    def add_many(self, cases: list[Case]) -> None:
        """New cases, one statement per table for the lot (a bulk import writes 200 at a time).
        Core inserts: the rows are not signed records, and an ORM object and a flush per row cost
        more than the rows themselves (issue 18)."""
        taken = self.existing_references([c.reference for c in cases])
        if taken or len({c.reference for c in cases}) < len(cases):
            raise DuplicateReference(min(taken) if taken else _first_repeated([c.reference for c in cases]))
        now = _now()
        columns = [self._columns(case) for case in cases]
        self.session.execute(
            insert(CaseRow),
            [
                {"id": case.id, "created_at": now, "updated_at": now, "revision": 1, **fields}
                for case, fields in zip(cases, columns, strict=True)
            ],
        )
        self.session.execute(
            insert(CaseDocumentRow), [{"case_id": case.id, "payload": _payload(case)} for case in cases]
        )
        search.put_new(
            self.session, {case.id: str(f["search_text"]) for case, f in zip(cases, columns, strict=True)}
        )
        self._index_parties(cases)
        self.projections.put_many(cases, new=True)

    def update(self, case: Case, *, actor: str, reason: str = "", expected: int | None = None) -> int | None:
        """Store the changed case as a new version with its revision (who, when, why, the patch
        forward and back). Returns the new version, or None when nothing changed. `expected`: the
        version the change was made on; another version refuses the save (StaleCase)."""
        # FOR UPDATE (team database): a colleague's save of this case waits for this one to commit and
        # then reads its version, so the second save of the same version is refused, never lost
        row = self.session.get(CaseRow, case.id, with_for_update=True, populate_existing=True)
        if row is None:
            self._refuse_write(case.id, case.reference, "wijzigen")
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
        self._index_parties([case])
        self.session.flush()
        self.projections.put(case)
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
            raise UnknownCase(case_id, by_id=True)
        return row

    def get(self, case_id: str) -> Case:
        return self.get_with_payload(case_id)[0]

    def get_with_payload(self, case_id: str) -> tuple[Case, str]:
        """The case and its stored JSON text (for hashing without encoding it again)."""
        payload = self.session.execute(_PAYLOAD, {"case_id": case_id}).scalar()
        if payload is None:
            raise UnknownCase(case_id, by_id=True)
        return from_primitive(Case, json.loads(payload)), payload

    def get_many_with_payload(self, case_ids: list[str]) -> list[tuple[Case, str]]:
        """The cases and their stored JSON in the order asked, read with one query (a bulk score)."""
        stmt = select(CaseDocumentRow.case_id, CaseDocumentRow.payload).where(
            col(CaseDocumentRow.case_id).in_(case_ids)
        )
        found = {str(c): str(p) for c, p in self.session.execute(stmt)}
        missing = [c for c in case_ids if c not in found]
        if missing:
            raise UnknownCase(missing[0], by_id=True)
        return [(from_primitive(Case, json.loads(found[c])), found[c]) for c in case_ids]

    def changed_since(self, moment: str) -> list[tuple[str, int, str]]:
        """(id, version, when) of the cases written at or after `moment` (an updated_at value), oldest
        first: what a client reloads after a colleague's save. On the team database only the
        cases this user may see (row-level security)."""
        stmt = (
            select(CaseRow.id, CaseRow.revision, CaseRow.updated_at)
            .where(col(CaseRow.updated_at) >= moment)
            .order_by(col(CaseRow.updated_at), col(CaseRow.id))
        )
        return [(str(i), int(r), str(u)) for i, r, u in self.session.execute(stmt)]

    def ids_naming(self, name_norm: str) -> list[str]:
        """The cases with a party of this (normalised) name (an inzageverzoek, T30)."""
        stmt = select(CasePartyRow.case_id).where(CasePartyRow.name_norm == name_norm).distinct()
        return list(self.session.exec(stmt))

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
            raise UnknownCase(case_id, by_id=True)
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
        self.projections.remove(case_id)
        removed = self.session.exec(delete(CaseRow).where(col(CaseRow.id) == case_id))
        if not removed.rowcount:  # the server let nothing go (read along): the transaction rolls back
            self._refuse_write(case_id, case_id, "vernietigen")

    def _refuse_write(self, case_id: str, reference: str, what: str) -> NoReturn:
        """A case not written: unknown, or (team database) one the server shows but lets not change."""
        shown = self.session.exec(select(CaseRow.reference).where(col(CaseRow.id) == case_id)).first()
        if shown is None:
            raise UnknownCase(reference, by_id=reference == case_id)
        raise ReadAlongCase(shown, what)

    def all_cases(self) -> list[Case]:
        return [
            from_primitive(Case, json.loads(p)) for p in self.session.exec(select(CaseDocumentRow.payload))
        ]

    def count_by_stage(self) -> dict[str, int]:
        rows = self.session.exec(select(CaseRow.stage, func.count()).group_by(CaseRow.stage))
        return {stage: int(n) for stage, n in rows}

    def ids_with_signal(self, source: str) -> list[str]:
        """The cases holding a signal of this source: from the projection (issue 18)."""
        return self.projections.with_signal(source)

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
        if view is None or view == CaseFilter(closed=None):
            if found.hits is not None:
                return found.hits if at_most is None else min(found.hits, at_most)
            if found.dense and at_most is not None and at_most <= search.DENSE:
                return at_most  # more than DENSE cases match: the cap is reached
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
        if sort == "location" and sealing.cipher_of(self.session) is not None:
            column = CaseRow.reference  # ciphertext has no order: a team database sorts by number
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

    def existing_references(self, references: list[str]) -> set[str]:
        stmt = select(CaseRow.reference).where(col(CaseRow.reference).in_(references))
        return set(self.session.exec(stmt)) if references else set()

    def existing_ids(self, ids: list[str]) -> set[str]:
        stmt = select(CaseRow.id).where(col(CaseRow.id).in_(ids))
        return set(self.session.exec(stmt)) if ids else set()

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

    def _index_parties(self, cases: list[Case]) -> None:
        """One INSERT for all parties of these cases (Core: an ORM object per party cost more than
        the row)."""
        rows = [
            {
                "case_id": case.id,
                "party_key": party.id,
                "kind": party.kind.value,
                "name": party.name,
                "name_norm": normalize_for_search(party.name),
                "kvk": party.kvk,
                "rsin": party.rsin,
            }
            for case in cases
            for party in case.parties
        ]
        if rows:
            self.session.execute(insert(CasePartyRow), rows)


def _first_repeated(values: list[str]) -> str:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return ""


# the repositories beside the case live in records.py; imported here for the store and the tests
from bibob_desk.store.records import (  # noqa: E402, F401
    ApprovalRepository,
    AssessmentRepository,
    AttachmentRepository,
    DraftRepository,
    MatchJudgementRepository,
    ResilienceScanRepository,
    SettingsRepository,
    SignalRepository,
    UserRepository,
)
