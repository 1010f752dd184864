"""T26: tamper evidence of the audit log, including truncation and an older copy of the database,
detected against the anchors written outside the database at lock and export."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import text

from bibob_desk.bootstrap import open_app
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.services.permissions import NotAllowed
from bibob_desk.store.audit import anchor_path
from bibob_desk.store.errors import OlderCopy
from tests.conftest import ADMIN, PASSWORD, add_user, first_login


def reopen(path):
    return open_app(path, username=ADMIN, password=PASSWORD)


def head(app) -> int:
    return app._store.audit_head()[0]


def test_lock_and_export_write_anchors_and_an_intact_log_verifies(demo_app, tmp_path):
    path = demo_app._store.path
    demo_app.exports.workbook(None, tmp_path / "a.xlsx")
    assert len(anchor_path(path).read_text().splitlines()) == 1
    demo_app.close()
    assert len(anchor_path(path).read_text().splitlines()) == 2
    assert "karimi" not in anchor_path(path).read_text().lower()
    app = reopen(path)
    try:
        result = app.audit.verify()
        assert result.first_broken is None and result.anchors == 2 and result.rows >= 5
    finally:
        app.close()


def test_truncating_the_tail_is_caught_by_the_anchor(demo_app):
    path = demo_app._store.path
    anchored = head(demo_app)
    demo_app.close()
    app = reopen(path)
    try:
        with app._store.transaction() as tx:
            tx.session.exec(text(f"DELETE FROM audit_log WHERE seq >= {anchored - 1}"))
        assert app._store.check().audit_first_broken == anchored - 1  # every link still valid
        result = app.audit.verify()
        assert result.first_broken == anchored - 1 and "afgekapt" in result.reason
    finally:
        app.close()


def test_an_older_copy_of_the_database_is_caught(demo_app, tmp_path):
    path = demo_app._store.path
    demo_app.close()
    saved = tmp_path / "oud"
    saved.mkdir()
    for file in (path, path.with_name(path.name + ".keys")):
        shutil.copy2(file, saved / file.name)
    app = reopen(path)
    for reference in ("H1", "H2", "V1", "V3"):
        app.risk.score(app.cases.id_of(reference))
    newest = head(app)
    app.close()
    for file in saved.iterdir():
        shutil.copy2(file, path.parent / file.name)  # put the older copy back, anchors stay
    with pytest.raises(OlderCopy, match="ouder dan bij uw vorige sessie"):  # P4: the user's own anchor
        reopen(path)
    app = open_app(path, username=ADMIN, password=PASSWORD, accept_older_copy=True)
    try:
        accepted = app.audit.entries(action="database.oudere_kopie")
        assert [e.action for e in accepted][:2] == ["database.oudere_kopie_aanvaard", "database.oudere_kopie"]
        result = app.audit.verify()
        assert result.first_broken is not None and result.first_broken <= newest
        assert "oudere kopie" in result.reason
    finally:
        app.close()


@pytest.mark.parametrize("tamper", ["edit", "delete", "swap"])
def test_edits_in_the_middle_are_named_even_with_anchors(demo_app, tamper):
    path = demo_app._store.path
    demo_app.close()
    app = reopen(path)
    statements = {
        "edit": ["UPDATE audit_log SET actor = 'iemand' WHERE seq = 5"],
        "delete": ["DELETE FROM audit_log WHERE seq = 5"],
        "swap": [
            "UPDATE audit_log SET seq = -1 WHERE seq = 5",
            "UPDATE audit_log SET seq = 5 WHERE seq = 6",
            "UPDATE audit_log SET seq = 6 WHERE seq = -1",
        ],
    }[tamper]
    try:
        with app._store.transaction() as tx:
            for statement in statements:
                tx.session.exec(text(statement))
        assert app.audit.verify().first_broken == 5
    finally:
        app.close()


def test_a_torn_anchor_line_is_reported_and_a_forged_one_breaks_the_check(demo_app):
    path = demo_app._store.path
    existing = anchor_path(path)
    lines = len(existing.read_text().splitlines()) if existing.exists() else 0
    with anchor_path(path).open("a") as handle:
        handle.write('{"seq": 12, "mac": "ab')  # a write cut off (power loss): no newline, no tag
    result = demo_app.audit.verify()
    assert result.first_broken is None  # the chain itself is fine…
    assert len(result.warnings) == 1 and f"regel {lines + 1} van het ankerbestand" in result.warnings[0]
    with anchor_path(path).open("a") as handle:
        handle.write('\n{"seq": 3, "mac": "00", "tag": "00"}\n')  # a line made up by someone
    forged = demo_app.audit.verify()
    assert forged.first_broken == 3 and f"regel {lines + 2} van het ankerbestand" in forged.reason
    assert "vervalst" in forged.reason


def test_audit_entries_are_for_the_beheerder(demo_app):
    path = demo_app._store.path
    exports = demo_app.audit.entries(action="logboek")
    assert exports and all(e.action.startswith("logboek") for e in exports)
    add_user(demo_app, "lezer", "Lezer", Role.LEZER, "rode lamp zeilboot kaas")
    demo_app.close()
    first_login(path, "lezer", "rode lamp zeilboot kaas")
    app = open_app(path, username="lezer", password="rode lamp zeilboot kaas")
    try:
        with pytest.raises(NotAllowed):
            app.audit.entries()
        assert app.audit.verify().first_broken is None
    finally:
        app.close()


def test_failed_unlocks_wait_longer_and_reach_the_audit_log_at_the_next_unlock(demo_app):
    from bibob_desk.store import failed_unlocks
    from bibob_desk.store.errors import WrongPassword

    path = demo_app._store.path
    demo_app.close()
    for _ in range(2):
        with pytest.raises(WrongPassword):
            reopen_with(path, "dit is niet het wachtwoord")
    assert failed_unlocks.count(path) == 2
    assert [failed_unlocks.delay_seconds(n) for n in (0, 1, 2, 3, 9)] == [0, 1, 2, 4, 30]
    noted = failed_unlocks.path_for(path).read_text()
    assert ADMIN not in noted and "wachtwoord" not in noted
    app = reopen(path)
    try:
        rows = app.audit.entries(action="aanmelden.mislukt")
        assert len(rows) == 2 and all(r.result == "geweigerd" for r in rows)
        assert not failed_unlocks.path_for(path).exists()
        assert app.audit.verify().first_broken is None
    finally:
        app.close()


def reopen_with(path, password):
    return open_app(path, username=ADMIN, password=password)


def test_bulk_reads_are_audited_with_counts_and_without_names(demo_app):
    rows = demo_app.cases.listing()
    demo_app.attachments.attachments(demo_app.cases.id_of("H2"), bulk=True)
    (listed,) = demo_app.audit.entries(action="dossierlijst.opgevraagd")
    assert listed.object == f"aantal:{len(rows)}" and len(rows) == 4
    (attachments,) = demo_app.audit.entries(action="bijlagen.opgevraagd")
    assert attachments.object.startswith("case:") and attachments.object.endswith(";aantal:0")
    everything = " ".join(e.object for e in demo_app.audit.entries(limit=1000))
    assert "Noor" not in everything and "Karimi" not in everything


def test_export_case_needs_a_purpose_is_audited_with_it_and_is_closed_to_the_lowest_role(demo_app, tmp_path):
    out = tmp_path / "v3.json"
    with pytest.raises(UserError, match="Kies een doel"):
        demo_app.cases.export_file("V3", out)
    assert not out.exists()
    demo_app.cases.export_file("V3", out, recipient="bezwaar", purpose="bezwaar")
    (entry,) = demo_app.audit.entries(action="dossier.export")
    assert "ontvanger:bezwaar;doel:bezwaar" in entry.object and entry.result == "formaat:bibob-desk/case@7"
    add_user(demo_app, "lezer2", "Lezer", Role.LEZER, "rode lamp zeilboot kaas")
    path = demo_app._store.path
    demo_app.close()
    first_login(path, "lezer2", "rode lamp zeilboot kaas")
    app = open_app(path, username="lezer2", password="rode lamp zeilboot kaas")
    try:
        with pytest.raises(NotAllowed):
            app.cases.export_file("V3", tmp_path / "lezer.json", purpose="overdracht")
        with pytest.raises(NotAllowed):
            app.settings.set("vier_ogen_besluiten", "UIT")
    finally:
        app.close()
    assert not (tmp_path / "lezer.json").exists()
    admin = open_app(path, username=ADMIN, password=PASSWORD)
    try:  # every refused attempt is in the log: who, which action, which role it needed
        refused = admin.audit.entries(action="toegang.geweigerd")
        assert [(e.actor, e.object, e.result) for e in reversed(refused)] == [
            ("lezer2", "handeling:export_file;nodig:vergunningverlener", "geweigerd"),
            ("lezer2", "handeling:set;nodig:beheerder", "geweigerd"),
        ]
    finally:
        admin.close()
