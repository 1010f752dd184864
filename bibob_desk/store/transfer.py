"""A file database moved into a team database (issue 19, deliverable 5: `migrate --to`).

Every case and what hangs off it is copied row by row through the same row classes, so on the
team database it is stored as ciphertext like anything saved there (sealing.py); the list's blind
index and the projections are then built there from the copied cases. Per table the rows are
counted and hashed (SHA-256 over the rows in key order, as the app reads them) on both sides: the
report shows that what arrived is what left.

Not copied, because they belong to one database and cannot be carried over honestly: the audit
log and the signed statements (both get their own row saying what was copied), the users and
their key slots (colleagues get a login on the server from the beheerder), and drafts.

`copy_cases` is the other direction for a check-out (services/checkout.py): selected cases of the
team database with their documents, parties, versions, assessments and attachments into a new file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, text
from sqlmodel import SQLModel, col, select

from bibob_desk.store import search
from bibob_desk.store.errors import StoreError
from bibob_desk.store.rows import (
    ApprovalRow,
    AssessmentRow,
    AttachmentRow,
    CaseDocumentRow,
    CasePartyRow,
    CaseRevisionRow,
    CaseRow,
    MatchJudgementRow,
    MetaRow,
    ResilienceScanRow,
    SignalRow,
)
from bibob_desk.store.store import Store

CASE_TABLES: tuple[type[SQLModel], ...] = (  # a case and what hangs off it, as a check-out takes it
    CaseRow,
    CaseDocumentRow,
    CasePartyRow,
    CaseRevisionRow,
    AssessmentRow,
    AttachmentRow,
)
TABLES: tuple[type[SQLModel], ...] = (  # all that `migrate` copies, in the order the foreign keys need
    *CASE_TABLES,
    ApprovalRow,
    MatchJudgementRow,
    SignalRow,
    ResilienceScanRow,
)
CHECKOUT = "uitcheck."  # meta rows of a checked-out file: its source and, per case, what it left as
BATCH = 500


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int
    sha256_source: str
    sha256_target: str

    @property
    def same(self) -> bool:
        return self.sha256_source == self.sha256_target


def _key(model: type[SQLModel]) -> Any:
    table = model.__table__  # type: ignore[attr-defined]
    return [table.c[c.name] for c in table.primary_key.columns]


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return hashlib.sha256(bytes(value)).hexdigest()
    return value if isinstance(value, int | float | str | bool | type(None)) else str(value)


def _rows(store: Store, model: type[SQLModel], *, settings: bool = False) -> list[dict[str, Any]]:
    with store.transaction() as tx:
        stmt = _settings() if settings else select(model).order_by(*_key(model))
        return [row.model_dump() for row in tx.session.exec(stmt)]


def _digest(rows: list[dict[str, Any]]) -> str:
    hasher = hashlib.sha256()
    for row in rows:
        hasher.update(json.dumps({k: _plain(v) for k, v in row.items()}, sort_keys=True).encode())
        hasher.update(b"\n")
    return hasher.hexdigest()


def _continue_numbering(target: Store, model: type[SQLModel]) -> None:
    """The copied rows kept their numbers; the server's counter continues after the highest."""
    keys = _key(model)
    if len(keys) != 1 or not str(keys[0].type).upper().startswith("INTEGER"):
        return
    table, column = str(model.__tablename__), keys[0].name
    with target.transaction() as tx:
        tx.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"(SELECT max({column}) FROM {table})) WHERE EXISTS (SELECT 1 FROM {table})"
            )
        )


def copy_into(
    source: Store, target: Store, progress: Callable[[str, int], None] | None = None
) -> list[TableCopy]:
    """Copy every table of TABLES (and the settings) from the file into the empty team database,
    one transaction per batch; then the blind index and the projections. Refuses a target with
    cases in it. Returns per table the rows and both hashes."""
    with target.transaction() as tx:
        if tx.session.connection().execute(text("SELECT count(*) FROM cases")).scalar_one():
            raise StoreError(
                "De teamdatabase bevat al dossiers; overzetten kan alleen naar een lege teamdatabase."
            )
    copies: list[TableCopy] = []
    for model in (*TABLES, MetaRow):
        settings = model is MetaRow
        rows = _rows(source, model, settings=settings)
        for start in range(0, len(rows), BATCH):
            with target.transaction() as tx:
                part = rows[start : start + BATCH]
                if settings:  # the file's settings replace the new database's defaults
                    tx.session.execute(delete(MetaRow).where(col(MetaRow.key).in_([r["key"] for r in part])))
                tx.session.execute(insert(model), part)
                if model is CaseRow:
                    search.put_new(tx.session, {r["id"]: r["search_text"] for r in part})
            if progress is not None:
                progress(str(model.__tablename__), min(start + BATCH, len(rows)))
        if not settings:
            _continue_numbering(target, model)
        name = "instellingen" if settings else str(model.__tablename__)
        after = _rows(target, model, settings=settings)
        copies.append(TableCopy(name, len(rows), _digest(rows), _digest(after)))
    target.repair_projections()
    return copies


def copy_cases(source: Store, target: Store, case_ids: list[str]) -> dict[str, int]:
    """Copy these cases and what hangs off them (CASE_TABLES) and the settings into an empty file,
    in one transaction; then its search index and projections. Rows per table."""
    with target.transaction() as tx:
        if tx.session.connection().execute(text("SELECT count(*) FROM cases")).scalar_one():
            raise StoreError("Uitchecken gaat naar een nieuw, leeg bestand; dit bestand bevat al dossiers.")
    read: dict[type[SQLModel], list[dict[str, Any]]] = {}
    with source.transaction() as tx:
        for model in CASE_TABLES:
            owner = model.id if model is CaseRow else model.case_id  # type: ignore[attr-defined]
            stmt = select(model).where(col(owner).in_(case_ids)).order_by(*_key(model))
            read[model] = [row.model_dump() for row in tx.session.exec(stmt)]
        settings = [r.model_dump() for r in tx.session.exec(_settings())]
    with target.transaction() as tx:
        for model, rows in read.items():
            if rows:
                tx.session.execute(insert(model), rows)
        tx.session.execute(delete(MetaRow).where(col(MetaRow.key).in_([r["key"] for r in settings])))
        if settings:
            tx.session.execute(insert(MetaRow), settings)
        search.put_new(tx.session, {r["id"]: r["search_text"] for r in read[CaseRow]})
    target.repair_projections()
    return {str(model.__tablename__): len(rows) for model, rows in read.items()}


def _settings() -> Any:
    return select(MetaRow).where(col(MetaRow.key).startswith("setting.")).order_by(col(MetaRow.key))


def mark_checked_out(tx: Any, values: dict[str, str]) -> None:
    """Write (or replace) the check-out rows of a file: `bron`, and `dossier.<id>` per case."""
    for name, value in values.items():
        row = tx.session.get(MetaRow, CHECKOUT + name)
        if row is None:
            tx.session.add(MetaRow(key=CHECKOUT + name, value=value))
        else:
            row.value = value


def checked_out(tx: Any) -> dict[str, str]:
    """The check-out rows of a file, without the prefix (empty for a file that was not checked out)."""
    stmt = select(MetaRow).where(col(MetaRow.key).startswith(CHECKOUT))
    return {row.key.removeprefix(CHECKOUT): row.value for row in tx.session.exec(stmt)}


def attachment_ids(tx: Any, case_ids: list[str]) -> dict[str, list[int]]:
    """Per case the ids of its attachments (what a check-out took along)."""
    found: dict[str, list[int]] = {}
    stmt = select(AttachmentRow.id, AttachmentRow.case_id).where(col(AttachmentRow.case_id).in_(case_ids))
    for attachment_id, case_id in tx.session.exec(stmt):
        found.setdefault(case_id, []).append(attachment_id)
    return found


def attachments_since(tx: Any, case_id: str, known: list[int]) -> list[dict[str, Any]]:
    """The attachments of this case other than `known` (added on the laptop), as rows."""
    stmt = select(AttachmentRow).where(col(AttachmentRow.case_id) == case_id).order_by(col(AttachmentRow.id))
    return [row.model_dump() for row in tx.session.exec(stmt) if row.id not in set(known)]


def add_attachments(tx: Any, rows: list[dict[str, Any]]) -> None:
    """These attachment rows in this database, numbered by it."""
    if rows:
        tx.session.execute(
            insert(AttachmentRow), [{k: v for k, v in row.items() if k != "id"} for row in rows]
        )


def remove_new_file(path: Path) -> None:
    """A check-out that failed: the file it had just created, and its key file, go again."""
    from bibob_desk.store.keyslots import KeySlotFile

    for made in (path, KeySlotFile.path_for(path)):
        made.unlink(missing_ok=True)
