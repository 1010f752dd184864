"""Issue 19, deliverable 5: a laptop checks cases out of the team database into its own encrypted
file, works on them offline, and checks them in again: merged per field, a conflict shown with both
values and nothing written for that case until a choice is made, nothing lost on either side."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import text

from bibob_desk.bootstrap import AppContext, check_in_file, check_out_file
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.paths import TeamAddress
from bibob_desk.store.keyslots import CHEAP_TEST_KDF
from bibob_desk.store.store import Store
from tests.integration.test_attachments import pdf
from tests.integration.test_team_store_postgres import _demo_case
from tests.support.team import OWN, open_as

NOTE = {"date": "2026-12-01", "author": "ann", "text": "{}"}


def _note(app: AppContext, case_id: str, text_: str) -> list[dict]:
    """A note added (the first one makes the list: an empty list is left out of the document)."""
    note = {**NOTE, "text": text_}
    if app.cases.open_case(case_id).notes:
        return [{"op": "add", "path": "/notes/-", "value": note}]
    return [{"op": "add", "path": "/notes", "value": [note]}]


def _street(street: str) -> list[dict]:
    return [{"op": "replace", "path": "/location/street", "value": street}]


@pytest.fixture
def checked_out(team, tmp_path):
    """A team with three cases of Ann's; H1 and H2 checked out to her laptop."""
    ann = team.colleague(Role.VERGUNNINGVERLENER, "ann")
    with open_as(team.address, team.founder) as boss, boss.transaction() as tx:
        tx.cases.add_many([_demo_case(r, ann) for r in ("H1", "H2", "V1")])
    laptop = tmp_path / "laptop.db"
    result = check_out_file(
        TeamAddress(team.address), laptop, ["H1", "H2"], login=(ann, OWN), kdf=CHEAP_TEST_KDF
    )
    return team, ann, laptop, result


def _on(store: Store) -> AppContext:
    return AppContext.around(store)


def test_check_out_takes_only_the_chosen_cases_into_a_new_file_with_their_versions(checked_out):
    team, ann, laptop, result = checked_out
    assert [(c.reference, c.version) for c in result.cases] == [("H1", 1), ("H2", 1)]
    assert result.recovery_key and result.fingerprint
    local = _on(Store.open(laptop, username=ann, password=OWN, kdf=CHEAP_TEST_KDF))
    try:
        assert sorted(s.reference for s in local.cases.listing()) == ["H1", "H2"]
        assert local.cases.open_case(local.cases.id_of("H1")).location.street  # readable, decrypted locally
        assert local.cases.count("H2") == 1  # the local search index was built
    finally:
        local.close()
    with open_as(team.address, team.founder) as boss:
        uitgecheckt = [e for e in boss.audit_entries(action="dossier.uitgecheckt")]
        assert len(uitgecheckt) == 2 and all(ann == e.actor for e in uitgecheckt)
        assert boss.verify_audit().first_broken is None


def test_check_in_merges_per_field_and_refuses_a_conflicting_case_until_a_choice_is_made(checked_out):
    team, ann, laptop, _result = checked_out
    local = _on(Store.open(laptop, username=ann, password=OWN, kdf=CHEAP_TEST_KDF))
    try:
        h1, h2 = local.cases.id_of("H1"), local.cases.id_of("H2")
        local.revisions.edit(h1, _street("Laptopstraat"), "adres ter plaatse nagegaan")
        local.revisions.edit(h1, _note(local, h1, "gesprek op locatie"), "gespreksverslag")
        added = local.attachments.add(h1, "verklaring.pdf", pdf("Verklaring"), type_id="svh")
        assert added.attachment_id
        local.revisions.edit(
            h2, [{"op": "replace", "path": "/title", "value": "Titel van de laptop"}], "titel verbeterd"
        )
    finally:
        local.close()
    office = _on(open_as(team.address, team.founder))
    try:  # meanwhile, in the office
        office.revisions.edit(
            h1, [{"op": "replace", "path": "/location/city", "value": "Zeist"}], "plaats verbeterd"
        )
        office.revisions.edit(h1, _note(office, h1, "telefoon met de politie"), "telefoonnotitie")
        office.revisions.edit(
            h2, [{"op": "replace", "path": "/title", "value": "Titel van het team"}], "titel aangepast"
        )
        h2_version = office.revisions.version(h2)
    finally:
        office.close()

    results = {r.reference: r for r in check_in_file(laptop, TeamAddress(team.address), login=(ann, OWN))}
    assert results["H1"].status == "ingecheckt" and results["H1"].attachments == 1
    assert sorted(results["H1"].taken) == ["/location/street", "/notes/-"]
    clash = results["H2"]
    assert clash.status == "conflict"
    ((path, base, mine, theirs),) = [(c.path, c.base, c.mine, c.theirs) for c in clash.conflicts]
    assert (path, mine, theirs) == ("/title", "Titel van de laptop", "Titel van het team") and base != mine

    office = _on(open_as(team.address, team.founder))
    try:
        merged = office.cases.open_case(h1)
        assert (merged.location.street, merged.location.city) == ("Laptopstraat", "Zeist")
        assert [n.text for n in merged.notes][-2:] == ["telefoon met de politie", "gesprek op locatie"]
        _created, history = office.revisions.history(h1)
        assert (
            "adres ter plaatse nagegaan" in history[-1].reason
            and "uitgecheckt op versie 1" in history[-1].reason
        )
        assert [a.original_name for a in office.attachments.attachments(h1)] == ["verklaring.pdf"]
        assert office.cases.open_case(h2).title == "Titel van het team"  # nothing of the refused case
        assert office.revisions.version(h2) == h2_version
    finally:
        office.close()

    again = {
        r.reference: r
        for r in check_in_file(
            laptop, TeamAddress(team.address), login=(ann, OWN), choices={"H2:/title": "eigen"}
        )
    }
    assert again["H1"].status == "al_ingecheckt" and again["H2"].status == "ingecheckt"
    with open_as(team.address, team.founder) as boss:
        with boss.transaction() as tx:
            assert tx.cases.get(h2).title == "Titel van de laptop"
            assert tx.cases.version(h2) == h2_version + 1
        assert len(boss.audit_entries(action="dossier.ingecheckt")) == 2
        assert boss.verify_audit().first_broken is None
    local = _on(Store.open(laptop, username=ann, password=OWN, kdf=CHEAP_TEST_KDF))
    try:  # the laptop keeps its own versions
        assert local.cases.open_case(h2).title == "Titel van de laptop"
        assert len(local.revisions.history(h1)[1]) >= 2
    finally:
        local.close()


def test_a_file_from_elsewhere_is_refused_in_dutch(checked_out, tmp_path, team_db, postgres_cluster):
    team, ann, laptop, _result = checked_out
    plain = tmp_path / "gewoon.db"
    Store.create(plain, username=ann, display_name="Ann", password=OWN, kdf=CHEAP_TEST_KDF).close()
    with pytest.raises(UserError, match="niet uitgecheckt"):
        check_in_file(plain, TeamAddress(team.address), login=(ann, OWN), kdf=CHEAP_TEST_KDF)
    with pytest.raises(UserError, match="staat al een database"):
        check_out_file(TeamAddress(team.address), laptop, ["V1"], login=(ann, OWN), kdf=CHEAP_TEST_KDF)
    assert laptop.exists()  # the earlier check-out is untouched
    with pytest.raises(UserError, match="V9"):
        check_out_file(
            TeamAddress(team.address), tmp_path / "nieuw.db", ["V9"], login=(ann, OWN), kdf=CHEAP_TEST_KDF
        )
    assert not (tmp_path / "nieuw.db").exists()  # a failed check-out leaves no file behind
    with team_db.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM cases")).scalar_one() == 3


def _cli(team, ann, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BIBOB_DESK_USER": ann, "BIBOB_DESK_PASSWORD": OWN}
    return subprocess.run(
        [sys.executable, "-m", "bibob_desk", "--db", team.address, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def _retitle(app: AppContext, reference: str, title: str) -> None:
    app.revisions.edit(
        app.cases.id_of(reference), [{"op": "replace", "path": "/title", "value": title}], "titel"
    )


def test_the_command_line_checks_out_shows_a_conflict_per_field_and_checks_in_a_choice(team, tmp_path):
    ann = team.colleague(Role.VERGUNNINGVERLENER, "ann")
    with open_as(team.address, team.founder) as boss, boss.transaction() as tx:
        tx.cases.add_many([_demo_case("H1", ann)])
    laptop = tmp_path / "laptop.db"
    out = _cli(team, ann, "uitchecken", "H1", "--naar", str(laptop))
    assert out.returncode == 0, out.stderr
    assert "Uitgecheckt: H1 (versie 1)" in out.stdout and "HERSTELSLEUTEL" in out.stdout
    local = _on(Store.open(laptop, username=ann, password=OWN))
    try:
        _retitle(local, "H1", "Terras aan de Markt")
    finally:
        local.close()
    office = _on(open_as(team.address, team.founder))
    try:
        _retitle(office, "H1", "Terras aan het Plein")
    finally:
        office.close()

    refused = _cli(team, ann, "inchecken", "--van", str(laptop))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "Conflict: H1: niets ingecheckt" in refused.stdout and "  /title" in refused.stdout
    assert '"Terras aan de Markt"' in refused.stdout and '"Terras aan het Plein"' in refused.stdout
    assert "kies per veld met --kies" in refused.stderr and OWN not in refused.stdout + refused.stderr
    wrong = _cli(team, ann, "inchecken", "--van", str(laptop), "--kies", "H1:/title=misschien")
    assert wrong.returncode == 1 and "Kies per veld 'eigen' of 'team'" in wrong.stderr
    done = _cli(team, ann, "inchecken", "--van", str(laptop), "--kies", "H1:/title=eigen")
    assert done.returncode == 0, done.stderr
    assert "Ingecheckt: H1 -> versie 3 (1 veld van de laptop, 0 nieuwe bijlagen)" in done.stdout
    with open_as(team.address, team.founder) as boss, boss.transaction() as tx:
        assert tx.cases.get_by_reference("H1").title == "Terras aan de Markt"
