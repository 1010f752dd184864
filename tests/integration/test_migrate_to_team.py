"""Issue 19, deliverable 5: `migrate --to postgresql://…` moves a file database into an empty team
database, counts and hashes every table on both sides, and leaves the file as it was; the team
database then lists, searches and checks the same cases, as ciphertext."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from bibob_desk.bootstrap import AppContext, migrate_file, open_app
from bibob_desk.domain.errors import UserError
from bibob_desk.paths import TeamAddress
from bibob_desk.store.keyslots import CHEAP_TEST_KDF
from tests.conftest import ADMIN, PASSWORD
from tests.integration.test_at_rest import _pdf_with
from tests.support.team import PASSWORD as TEAM_PASSWORD
from tests.support.team import open_as


def _listing(ctx: AppContext) -> list[tuple]:
    return [(s.reference, s.stage, s.location, s.party_names) for s in ctx.cases.summaries("", limit=500)]


def test_a_file_moves_into_the_team_database_counted_hashed_and_unchanged(demo_app, team):
    ctx = demo_app
    h1 = ctx.cases.id_of("H1")
    ctx.revisions.edit(h1, [{"op": "replace", "path": "/title", "value": "Café De Hoek, herzien"}], "titel")
    ctx.attachments.add(h1, "verklaring.pdf", _pdf_with("verklaring"))
    ctx.signals.add(
        source="politie",
        on=date(2026, 11, 2),
        reliability="bevestigd",
        about="persoon",
        name="K. Karimi",
        description="melding",
        postcode="1011AB",
        house_number="12",
    )
    before = _listing(ctx)
    path = ctx._store.path
    ctx.close()
    stamp = path.stat().st_mtime_ns

    report = migrate_file(
        path,
        TeamAddress(team.address),
        file_login=(ADMIN, PASSWORD),
        team_login=(team.founder, TEAM_PASSWORD),
        kdf=CHEAP_TEST_KDF,
    )
    counts = {t.table: t.rows for t in report.tables}
    assert report.intact and counts["cases"] == 4 and counts["case_revisions"] == 1
    assert counts["attachments"] == 1 and counts["signal_register"] == 1 and counts["instellingen"] >= 0
    assert report.accounts == ((ADMIN, "beheerder"),)

    with open_as(team.address, team.founder) as store:
        moved = AppContext.around(store)
        assert _listing(moved) == before
        assert [s.reference for s in moved.cases.summaries("karimi")] == ["H2"]  # the blind index is built
        assert moved.maintenance.check().projections == []
        assert moved.attachments.attachments(moved.cases.id_of("H1"))[0].original_name == "verklaring.pdf"
        entries = moved.audit.entries(action="database.overgezet_uit_bestand")
        assert len(entries) == 1 and report.fingerprint[:32] in entries[0].object
        with pytest.raises(UserError, match="al dossiers"):
            migrate_file(
                path,
                TeamAddress(team.address),
                file_login=(ADMIN, PASSWORD),
                team_login=(team.founder, TEAM_PASSWORD),
                kdf=CHEAP_TEST_KDF,
            )
    again = open_app(path, username=ADMIN, password=PASSWORD, kdf=CHEAP_TEST_KDF)
    try:
        assert _listing(again) == before  # the file still holds everything
        assert again.audit.entries(action="database.overgezet_naar_team")
    finally:
        again.close()
    assert path.stat().st_mtime_ns >= stamp


def test_the_command_line_reports_every_table_in_dutch(demo_app, team, tmp_path):
    path = demo_app._store.path
    demo_app.close()
    env = {
        **os.environ,
        "BIBOB_DESK_USER": ADMIN,
        "BIBOB_DESK_PASSWORD": PASSWORD,
        "BIBOB_DESK_TEAM_USER": team.founder,
        "BIBOB_DESK_TEAM_PASSWORD": TEAM_PASSWORD,
    }
    done = subprocess.run(
        [sys.executable, "-m", "bibob_desk", "--db", str(path), "migrate", "--to", team.address],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "cases                       4" in done.stdout and "gelijk" in done.stdout
    assert "Het bestand is ongewijzigd" in done.stdout and "Traceback" not in done.stderr
    assert TEAM_PASSWORD not in done.stdout + done.stderr
