"""The throwaway PostgreSQL server of the team-mode tests (issue 19) is a real one, run by an
unprivileged user, and asks every role but the test superuser for its password."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import text

from tests.support.postgres import MIN_VERSION, SUPERUSER


def test_the_server_is_real_and_does_not_run_as_root(postgres_cluster):
    engine = sqlalchemy.create_engine(postgres_cluster.url())
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version_num")).scalar_one()
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
            user = conn.execute(text("SELECT current_user")).scalar_one()
            # read while the connection (and so its server process) is alive
            status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    finally:
        engine.dispose()
    assert int(version) // 10000 >= MIN_VERSION and user == SUPERUSER
    uid = next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:"))
    assert int(uid) != 0


def test_a_role_signs_in_with_its_password_only(postgres_cluster):
    admin = sqlalchemy.create_engine(postgres_cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP ROLE IF EXISTS proef_lezer"))
        conn.execute(text("CREATE ROLE proef_lezer LOGIN PASSWORD 'juist wachtwoord 42'"))
    try:
        right = sqlalchemy.create_engine(postgres_cluster.url("proef_lezer", "juist wachtwoord 42"))
        with right.connect() as conn:
            assert conn.execute(text("SELECT current_user")).scalar_one() == "proef_lezer"
        right.dispose()
        wrong = sqlalchemy.create_engine(postgres_cluster.url("proef_lezer", "fout"))
        with pytest.raises(sqlalchemy.exc.OperationalError, match="password authentication failed"):
            wrong.connect()
        wrong.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text("DROP ROLE proef_lezer"))
        admin.dispose()


def test_the_server_takes_tls_only_and_the_client_checks_its_certificate(postgres_cluster, tmp_path):
    from tests.support.postgres import certificates

    engine = sqlalchemy.create_engine(postgres_cluster.url())
    with engine.connect() as conn:
        assert conn.execute(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).scalar_one()
    engine.dispose()
    plain = sqlalchemy.create_engine(
        f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{postgres_cluster.port}/postgres?sslmode=disable"
    )
    with pytest.raises(sqlalchemy.exc.OperationalError, match="no encryption"):
        plain.connect()
    plain.dispose()
    other_ca = tmp_path / "andere-ca.crt"
    other_ca.write_bytes(certificates()[0])  # a CA of the same name that did not sign it
    stranger = sqlalchemy.create_engine(postgres_cluster.url(ca=other_ca))
    with pytest.raises(sqlalchemy.exc.OperationalError, match="SSL error"):  # same name, other key
        stranger.connect()
    stranger.dispose()
