"""Schema versioning from the first release on."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import bibob_desk.store.rows  # noqa: F401 - registers the tables
from bibob_desk.store import migrations
from bibob_desk.store.errors import NewerSchema
from bibob_desk.store.store import Store
from tests.conftest import ADMIN, PASSWORD


def test_new_database_is_at_the_current_version(app):
    with app.store.engine.connect() as conn:
        assert migrations.schema_version(conn) == migrations.CURRENT_VERSION


def test_migrated_schema_matches_the_sqlmodel_tables(app):
    inspector = inspect(app.store.engine)
    for table in SQLModel.metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name


def test_pending_migrations_run_in_order_on_open(app, monkeypatch):
    path = app.store.path
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


def test_a_version_1_database_gets_every_later_table(app):
    """What a database of the first release looks like, opened by this release."""
    path = app.store.path
    with app.store.transaction() as tx:
        tx.session.exec(text("DROP TABLE approvals"))
        tx.session.exec(text("DROP TABLE attachments"))
        tx.session.exec(text("DROP TABLE assessments"))
        tx.session.exec(text("UPDATE meta SET value = '1' WHERE key = 'schema_version'"))
    app.close()
    with Store.open(path, username=ADMIN, password=PASSWORD) as store, store.engine.connect() as conn:
        assert migrations.schema_version(conn) == migrations.CURRENT_VERSION
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
        assert {"assessments", "attachments", "approvals"} <= tables


def test_a_database_from_a_newer_version_is_refused_untouched(app):
    path = app.store.path
    with app.store.transaction() as tx:
        tx.session.exec(text("UPDATE meta SET value = '999' WHERE key = 'schema_version'"))
    app.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchema):
        Store.open(path, username=ADMIN, password=PASSWORD)
    assert path.read_bytes() == before
