"""Shared fixtures: real encrypted databases in a temp dir, one offscreen Qt platform."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from hypothesis import settings

from bibob_desk.bootstrap import AppContext, create_app
from bibob_desk.paths import demo_case_files
from bibob_desk.store.keyslots import CHEAP_TEST_KDF

settings.register_profile("ci", max_examples=200, deadline=500)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("nightly", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

PASSWORD = "blauwe tegel fiets moeras"
ADMIN = "beheerder"


@pytest.fixture(autouse=True)
def own_state_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own per-user state directory (the P4 anchors), never the real profile."""
    folder = tmp_path_factory.mktemp("staat")
    monkeypatch.setenv("BIBOB_DESK_STATE_DIR", str(folder))
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "zaken" / "bibob.db"


BACKEND_ENV = "BIBOB_TEST_BACKEND"  # "team": the service tests run on a team database (scripts/dev.sh test)
TEAM_ADDRESSES: dict[Path, str] = {}  # a team store's path (its local anchors) -> its address


def reopen(path: Path, **login):
    """open_app on the database of `path`: the file, or the team database a team store's path is of."""
    from bibob_desk.bootstrap import open_app
    from bibob_desk.paths import TeamAddress

    where = TeamAddress(TEAM_ADDRESSES[path]) if path in TEAM_ADDRESSES else path
    return open_app(where, kdf=CHEAP_TEST_KDF, **login)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the team backend, a test of the file itself (its bytes, the key file beside it, tampering
    with its audit table) has nothing to examine; the team's own versions are the test_team_* files."""
    if os.environ.get(BACKEND_ENV) != "team":
        return
    skip = pytest.mark.skip(reason="onderzoekt het databasebestand zelf (teamdatabase: tests test_team_*)")
    for item in items:
        if "bestand" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def app(request: pytest.FixtureRequest, db_path: Path) -> AppContext:
    """An empty database with its beheerder: the encrypted file, or with BIBOB_TEST_BACKEND=team a
    team database on the test cluster (its first beheerder, signed in with his own login role)."""
    if os.environ.get(BACKEND_ENV) == "team":
        from tests.support.team import open_as, team_on

        made = team_on(
            request.getfixturevalue("team_db"), request.getfixturevalue("postgres_cluster"), ADMIN, PASSWORD
        )
        team = made.__enter__()
        request.addfinalizer(lambda: made.__exit__(None, None, None))
        ctx = AppContext.around(open_as(team.address, ADMIN, PASSWORD))
        ctx._store.recovery_key = team.recovery
        TEAM_ADDRESSES[ctx._store.path] = team.address  # first_login(app._store.path, …) finds the server
    else:
        ctx = create_app(
            db_path, username=ADMIN, display_name="Beheerder", password=PASSWORD, kdf=CHEAP_TEST_KDF
        )
    yield ctx
    ctx.close()


@pytest.fixture
def demo_app(app: AppContext) -> AppContext:
    for file in demo_case_files():
        app.cases.import_file(file)
    return app


TEMPORARY = "tijdelijk wachtwoord van beheer 7"


def add_user(app: AppContext, username: str, display: str, role, password: str) -> None:
    """A colleague as the product makes one: the beheerder gives a temporary password; a jurist or
    beheerder account is confirmed with the recovery key (the only beheerder here); the user's
    first unlock (`first_login`, after the beheerder has locked) sets his own `password`."""
    from bibob_desk.domain.enums import Role

    app.users.add_user(username, display, role, TEMPORARY, kdf=CHEAP_TEST_KDF)
    if role in (Role.JURIST, Role.BEHEERDER):
        app.users.confirm_account(username, recovery_key=app._store.recovery_key)


def first_login(path: Path, username: str, password: str) -> None:
    reopen(path, username=username, password=TEMPORARY, new_password=password).close()


SECOND_ADMIN, SECOND_ADMIN_PASSWORD = "beheerder2", "tweede beheerder paars kanaal"


def four_eyes_off(app: AppContext) -> None:
    """Four eyes off as the product allows it: a second beheerder (confirmed with the recovery key
    while there is one) confirms the first one's proposal in his own session. `app` is then bound
    to a fresh session of the first beheerder (the test keeps its handle)."""
    from dataclasses import fields

    from bibob_desk.domain.enums import Role

    if not app.settings.four_eyes():
        return
    path, recovery = app._store.path, app._store.recovery_key
    add_user(app, SECOND_ADMIN, "Tweede Beheerder", Role.BEHEERDER, SECOND_ADMIN_PASSWORD)
    app.settings.set("vier_ogen_besluiten", "UIT")
    app.close()
    first_login(path, SECOND_ADMIN, SECOND_ADMIN_PASSWORD)
    second = reopen(path, username=SECOND_ADMIN, password=SECOND_ADMIN_PASSWORD)
    second.settings.confirm("vier_ogen_besluiten")
    second.close()
    fresh = reopen(path, username=ADMIN, password=PASSWORD)
    fresh._store.recovery_key = recovery
    for item in fields(fresh):
        setattr(app, item.name, getattr(fresh, item.name))


@pytest.fixture(scope="session")
def postgres_cluster():
    """A real PostgreSQL server for the team-mode tests (tests/support/postgres.py). Missing server
    binaries fail the run on CI (the test command installs them) and skip the tests elsewhere."""
    from tests.support import postgres

    try:
        cluster = postgres.start_cluster()
    except FileNotFoundError as missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; scripts/dev.sh test installeert het pakket postgresql")
        pytest.skip(f"{missing} (Debian: apt-get install postgresql)")
    try:
        yield cluster
    finally:
        postgres.remove(cluster)


@pytest.fixture
def team_db(postgres_cluster):
    """A fresh, empty database on the PostgreSQL cluster for one test (an engine for the superuser)."""
    import uuid

    import sqlalchemy
    from sqlalchemy import text

    name = f"proef_{uuid.uuid4().hex[:12]}"
    # pool_pre_ping: a test may restart the server; the teardown then takes a fresh connection
    admin = sqlalchemy.create_engine(postgres_cluster.url(), isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = sqlalchemy.create_engine(postgres_cluster.url(database=name), pool_pre_ping=True)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def team(team_db, postgres_cluster):
    """A team database with its first beheerder (tests/support/team.py: Team)."""
    from tests.support.team import team_on

    with team_on(team_db, postgres_cluster) as made:
        yield made
