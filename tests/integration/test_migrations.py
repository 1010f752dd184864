"""Schema versioning from the first release on."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import bibob_desk.store.rows  # noqa: F401 - registers the tables
from bibob_desk.bootstrap import AppContext
from bibob_desk.domain.codec import to_primitive
from bibob_desk.domain.enums import DecisionKind, EventKind
from bibob_desk.domain.model import CaseEvent
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import demo_case_files
from bibob_desk.store import migrations
from bibob_desk.store.errors import NewerSchema
from bibob_desk.store.keyslots import CHEAP_TEST_KDF, KeySlotFile
from bibob_desk.store.repository import CaseRepository
from bibob_desk.store.store import Store
from tests.conftest import ADMIN, PASSWORD


def test_new_database_is_at_the_current_version(app):
    with app._store.engine.connect() as conn:
        assert migrations.schema_version(conn) == migrations.CURRENT_VERSION


def test_migrated_schema_matches_the_sqlmodel_tables(app):
    inspector = inspect(app._store.engine)
    for table in SQLModel.metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name


def test_pending_migrations_run_in_order_on_open(app, monkeypatch):
    path = app._store.path
    app.close()
    applied: list[int] = []
    probe = migrations.CURRENT_VERSION + 1

    def next_version(conn):
        conn.execute(text("CREATE TABLE probe_next (x INTEGER)"))
        applied.append(probe)

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (probe, "probe", next_version)])
    monkeypatch.setattr(migrations, "CURRENT_VERSION", probe)
    with Store.open(path, username=ADMIN, password=PASSWORD) as store, store.engine.connect() as conn:
        assert migrations.schema_version(conn) == probe
    assert applied == [probe]
    with Store.open(path, username=ADMIN, password=PASSWORD):
        pass
    assert applied == [probe]  # not twice


@pytest.mark.parametrize("first_release", [1, 4])
def test_an_older_database_gets_every_later_table_and_keeps_its_cases(db_path, monkeypatch, first_release):
    """A database made by an older release (its migrations only), with a case stored the old way
    (JSON in cases.payload), opened by this release: every later table, the case readable and found."""
    case = read_case_file(demo_case_files()[0]).case
    case.behandelaar = "beheerder"  # migration 11 reads it from the stored document
    case.events.append(
        CaseEvent(
            kind=EventKind.BESLUIT_BEKENDGEMAAKT,
            date=date(2025, 6, 2),
            recorded_by="x",
            decision=DecisionKind.WEIGERING,
        )
    )
    with monkeypatch.context() as old:
        old.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:first_release])
        old.setattr(migrations, "CURRENT_VERSION", first_release)
        store = Store.create(db_path, username=ADMIN, display_name="B", password=PASSWORD, kdf=CHEAP_TEST_KDF)
        with store.transaction() as tx:
            columns = CaseRepository._columns(case)
            for later in ("watched", "behandelaar", "jurist", "result"):  # columns of migrations 9 and 11
                columns.pop(later)
            row = {**columns, "payload": json.dumps(to_primitive(case))}
            names = ", ".join(row)
            values = ", ".join(f":{n}" for n in row)
            tx.session.exec(
                text(
                    f"INSERT INTO cases (id, {names}, created_at, updated_at, revision) "
                    f"VALUES (:id, {values}, 'x', 'x', 1)"
                ).bindparams(id=case.id, **row)
            )
        store.close()
    slots = KeySlotFile.load(KeySlotFile.path_for(db_path))  # an older release's slots: no signing keys
    for slot in slots.slots:
        slot.sealed = slot.sealed_nonce = ""
    slots.save(KeySlotFile.path_for(db_path))
    with Store.open(db_path, username=ADMIN, password=PASSWORD) as store, store.engine.connect() as conn:
        assert migrations.schema_version(conn) == migrations.CURRENT_VERSION
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
        assert {"assessments", "attachments", "approvals", "case_documents", "case_search"} <= tables
        columns = {r[1] for r in conn.execute(text("PRAGMA table_info(cases)"))}
        assert "payload" not in columns  # the document moved out of the list row
        cases = AppContext.around(store).cases
        assert cases.open_case(case.id) == case
        word = case.parties[0].name.split()[-1]
        assert [s.reference for s in cases.summaries(word)] == [case.reference]
        # migration 9 read the refusal from the stored document: the case is on the doorstart watch
        assert conn.execute(text("SELECT watched FROM cases")).scalar_one() == "weigering"
        assert conn.execute(text("SELECT behandelaar FROM cases")).scalar_one() == "beheerder"
        assert [w.case.reference for w in AppContext.around(store).doorstart.watches()] == [case.reference]
        # issue 17: the first beheerder to open it introduced signing; the older rows are counted apart
        verified = store.verify_audit()
        assert verified.first_broken is None, verified.reason
        assert verified.legacy_rows >= 1 and verified.signed_rows >= 1
        assert [e.action for e in store.audit_entries(action="ondertekening")] == ["ondertekening.ingevoerd"]
        # migrations 13 and 14 built the projections from the stored document (issue 18)
        assert store.check().projections == []
        terms = conn.execute(text("SELECT count(*) FROM case_terms")).scalar_one()
        keys = conn.execute(text("SELECT count(*) FROM match_keys WHERE case_id = :c"), {"c": case.id})
        assert terms > 0 and keys.scalar_one() == len(case.parties) + 1  # the parties and the location


def test_a_database_from_a_newer_version_is_refused_untouched(app):
    path = app._store.path
    with app._store.transaction() as tx:
        tx.session.exec(text("UPDATE meta SET value = '999' WHERE key = 'schema_version'"))
    app.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchema):
        Store.open(path, username=ADMIN, password=PASSWORD)
    assert path.read_bytes() == before
