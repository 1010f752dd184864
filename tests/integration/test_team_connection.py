"""The connection to a team database (issue 19): TLS with a checked certificate or nothing, the
server's errors in Dutch without the address or password, and a server restarted mid-session leaves
nothing half-written and the app reconnects."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from bibob_desk.store import migrations
from bibob_desk.store.errors import StoreError, WrongPassword
from bibob_desk.store.team_connection import TeamAddressRefused, team_engine, translate_team_error
from tests.support.postgres import certificates, login_roles


@pytest.mark.parametrize(
    "address",
    [
        "postgresql://jurist:geheim@db.gemeente.nl/bibob?sslmode=require",  # encrypted, but to whom?
        "postgresql://jurist:geheim@db.gemeente.nl/bibob?sslmode=disable",
        "mysql://jurist:geheim@db.gemeente.nl/bibob",
        "geen adres",
    ],
)
def test_addresses_without_a_checked_certificate_are_refused(address):
    with pytest.raises(TeamAddressRefused) as refused:
        team_engine(address)
    assert "geheim" not in str(refused.value) and "gemeente" not in str(refused.value)


def test_a_plain_address_gets_verify_full():
    engine = team_engine("postgresql://jurist@db.gemeente.nl/bibob")
    assert engine.url.query["sslmode"] == "verify-full" and engine.url.drivername == "postgresql+psycopg"
    engine.dispose()


def _connect_error(address: str) -> StoreError:
    engine = team_engine(address)
    try:
        with pytest.raises(Exception) as failed:
            engine.connect()
    finally:
        engine.dispose()
    return translate_team_error(failed.value)


def test_the_servers_refusals_come_back_in_dutch(team_db, postgres_cluster, tmp_path):
    people = {f"proef_{uuid.uuid4().hex[:8]}": ("bibob_lezer", "het goede wachtwoord 9")}
    with team_db.begin() as conn:
        migrations.initialise(conn, str(uuid.uuid4()))
    with login_roles(team_db, postgres_cluster, people):
        (name,) = people
        wrong = postgres_cluster.url(name, "verkeerd", team_db.url.database)
        assert isinstance(_connect_error(wrong), WrongPassword)
        stranger = tmp_path / "andere-ca.crt"
        stranger.write_bytes(certificates()[0])
        message = str(_connect_error(postgres_cluster.url(ca=stranger)))
        assert "certificaat" in message
        gone = postgres_cluster.url().replace(f":{postgres_cluster.port}/", ":1/")
        message = str(_connect_error(gone))
        assert "verbroken" in message and "127.0.0.1" not in message and "bibob_test" not in message


def test_a_server_restart_mid_transaction_leaves_nothing_half_written_and_the_app_reconnects(
    team_db, postgres_cluster
):
    with team_db.begin() as conn:
        migrations.initialise(conn, str(uuid.uuid4()))
    engine = team_engine(postgres_cluster.url(database=team_db.url.database))
    try:
        conn = engine.connect()
        transaction = conn.begin()
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('half', 'geschreven')"))
        postgres_cluster.crash_and_restart()
        with pytest.raises(Exception) as cut:
            conn.execute(text("INSERT INTO meta (key, value) VALUES ('tweede', 'helft')"))
            transaction.commit()
        message = str(translate_team_error(cut.value))
        assert "verbroken" in message and "niet opgeslagen" in message
        conn.invalidate()
        conn.close()
        with engine.connect() as again:  # a fresh connection from the pool, the server is back
            kept = again.execute(
                text("SELECT count(*) FROM meta WHERE key IN ('half', 'tweede')")
            ).scalar_one()
        assert kept == 0
    finally:
        engine.dispose()
