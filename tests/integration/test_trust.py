"""Issue 17: the trust model inside one file, attacked as an insider would.

Each attack runs through the project's own store code with the key of a user with a lower role: he
holds the database key (every user does), so he can write anything to the file, recompute the MAC
chain with the audit key derived from it and re-sign his own rows. What he cannot do is sign as
someone else or as the organisation. Each test passes because the attack is detected or refused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from bibob_desk.bootstrap import open_app
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.store import audit, trust
from bibob_desk.store.errors import AccountPending, OlderCopy, StoreError, TrustViolation
from bibob_desk.store.keyslots import CHEAP_TEST_KDF, KeySlotFile
from bibob_desk.store.rows import AuditRow, CaseRevisionRow
from bibob_desk.store.store import Store
from tests.conftest import ADMIN, PASSWORD, TEMPORARY, add_user, first_login

READER = "lezer"
READER_PASSWORD = "rode lamp zeilboot kaas"
JURIST = "jurist2"
JURIST_PASSWORD = "groene deur hamer wolk"
OTHER_ADMIN = "beheerder2"
OTHER_ADMIN_PASSWORD = "paarse fiets kano zee"


@pytest.fixture
def office(demo_app) -> Path:
    """A beheerder, a lezer and work by the beheerder before and after the lezer's first day."""
    path = demo_app._store.path
    add_user(demo_app, READER, "Lezer", Role.LEZER, READER_PASSWORD)
    demo_app.risk.score(demo_app.cases.id_of("H1"))
    demo_app.close()
    first_login(path, READER, READER_PASSWORD)
    app = open_app(path, username=ADMIN, password=PASSWORD)
    for reference in ("H2", "V1"):
        app.risk.score(app.cases.id_of(reference))
    case = app.cases.open_case(app.cases.id_of("H2"))
    case.location.description = "hoek"
    with app._store.transaction() as tx:
        tx.save_case(case, reason="adres aangevuld")
    app.close()
    return path


def insider(path: Path) -> Store:
    """The lezer, signed in with his own password, using the store directly."""
    return Store.open(path, username=READER, password=READER_PASSWORD)


def rechain(store: Store) -> None:
    """What the key holder can do to hide a change: renumber, recompute every MAC with the audit key,
    re-sign his own rows with his own key, and replace the anchor file beside the database."""
    with Session(store.engine) as session:
        rows = list(session.exec(text("SELECT * FROM audit_log ORDER BY seq")).mappings())
        previous = audit.GENESIS
        for number, item in enumerate(rows, start=1):
            row = AuditRow(**{**item, "seq": number, "mac": ""})
            row.mac = audit._mac(store.audit_key, previous, row)
            if row.actor == store.user.username:
                row.signature = trust.sign(
                    store.keys.sign, trust.audit_message(previous, audit.canonical(row))
                )
            session.exec(
                text("UPDATE audit_log SET seq = :n, mac = :m, signature = :s WHERE seq = :old").bindparams(
                    n=number, m=row.mac, s=row.signature, old=item["seq"]
                )
            )
            previous = row.mac
        session.commit()
    anchors = audit.anchor_path(store.path)
    anchors.unlink(missing_ok=True)
    seq, mac = store.audit_head()
    audit.write_anchor(store.path, store.audit_key, seq, mac)


def seq_of(path: Path, action: str, actor: str = ADMIN, *, newest: bool = False) -> int:
    app = open_app(path, username=ADMIN, password=PASSWORD)
    try:
        found = [e.seq for e in app.audit.entries(limit=1000, action=action) if e.actor == actor]
        return found[0] if newest else found[-1]
    finally:
        app.close()


def verdict(path: Path) -> audit.Verification:
    """The beheerder's unlock catches the older head first (P4); opened anyway, `audit verify`."""
    try:
        open_app(path, username=ADMIN, password=PASSWORD).close()
    except OlderCopy:
        pass
    app = open_app(path, username=ADMIN, password=PASSWORD, accept_older_copy=True)
    try:
        return app.audit.verify()
    finally:
        app.close()


def test_an_intact_office_verifies_with_every_row_signed(office):
    result = verdict(office)
    assert result.first_broken is None, result.reason
    assert result.signed_rows == result.rows and result.legacy_rows == 0
    assert len(result.org_fingerprint.split()) == 5


# -- P1: nothing attributed to someone else can be added, changed or removed ----------------------
def test_p1_removing_a_row_of_another_user_is_named(office):
    target = seq_of(office, "risico.beoordeeld", newest=True)  # more rows of the beheerder follow it
    store = insider(office)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = :s"), {"s": target})
    rechain(store)
    store.close()
    result = verdict(office)
    assert result.first_broken == target
    assert "handtekening" in result.reason


def test_p1_changing_a_row_of_another_user_is_named(office):
    target = seq_of(office, "risico.beoordeeld")
    store = insider(office)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET object = 'case:iets-anders' WHERE seq = :s"), {"s": target})
    rechain(store)
    store.close()
    result = verdict(office)
    assert result.first_broken == target and "handtekening" in result.reason


def test_p1_adding_a_row_in_another_users_name_is_named(office):
    store = insider(office)
    with Session(store.engine) as session:
        row = audit.append(
            session,
            store.audit_key,
            actor=ADMIN,
            action="gebruiker.toegevoegd",
            obj="rol:beheerder",
            result="ok",
            signer=store.keys.sign,  # the only key he has
        )
        session.commit()
        forged = row.seq
    store.close()
    result = verdict(office)
    assert result.first_broken == forged and "handtekening" in result.reason


def revision_through_the_store(path: Path, actor: str, number: int) -> None:
    """The lezer adds a case version through the store: his own signed row names the record."""
    store = insider(path)
    with store.engine.connect() as conn:
        case_id = conn.execute(text("SELECT id FROM cases LIMIT 1")).scalar_one()
    with store.transaction() as tx:
        tx.session.add(
            CaseRevisionRow(
                case_id=case_id,
                revision=number,
                actor=actor,
                at="2026-01-01",
                reason="",
                forward="[]",
                inverse="[]",
            )
        )
    store.close()


def test_p1_a_revision_in_another_users_name_is_named(office):
    revision_through_the_store(office, ADMIN, 99)
    result = verdict(office)
    assert result.first_broken is not None and "op naam van een ander" in result.reason


def test_a_revision_by_a_role_that_may_not_write_one_is_named(office):
    """His own name, his own signature, a neutral action name: a lezer still may not write a version."""
    revision_through_the_store(office, READER, 97)
    result = verdict(office)
    assert result.first_broken is not None and "niet de rol vergunningverlener" in result.reason


def test_p1_a_revision_without_a_signed_row_is_found(office):
    store = insider(office)
    with store.engine.begin() as conn:
        case_id = conn.execute(text("SELECT id FROM cases LIMIT 1")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO case_revisions (case_id, revision, actor, at, reason, forward, inverse) "
                "VALUES (:c, 98, :a, '2026-01-01', '', '[]', '[]')"
            ),
            {"c": case_id, "a": ADMIN},
        )
    store.close()
    result = verdict(office)
    assert result.first_broken is not None and "zonder ondertekende logregel" in result.reason


def test_p1_changing_or_removing_a_revision_is_named(office):
    store = insider(office)
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE case_revisions SET reason = 'iets anders' WHERE reason = 'adres aangevuld'")
        )
    store.close()
    changed = verdict(office)
    assert changed.first_broken is not None and "gewijzigd (case_revisions)" in changed.reason
    store = insider(office)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM case_revisions WHERE reason = 'iets anders'"))
    store.close()
    removed = verdict(office)
    assert removed.first_broken == changed.first_broken and "ontbreken (case_revisions)" in removed.reason


def test_p1_an_account_statement_not_signed_by_the_organisation_is_named(office):
    store = insider(office)
    own_org = trust.new_key()  # he can make an organisation key, but not the organisation's
    with store.transaction() as tx:
        tx.session.add(
            trust.make_statement(
                own_org,
                trust.ACCOUNT,
                "indringer",
                {"username": "indringer", "role": "beheerder", "public_key": store.keys.public, "by": READER},
                "2026-01-01",
            )
        )
    store.close()
    with pytest.raises(TrustViolation, match="organisatiesleutel"):
        open_app(office, username=ADMIN, password=PASSWORD)


# -- P2: no one raises his own role ----------------------------------------------------------------
def test_p2_raising_ones_own_role_in_the_users_table_is_refused_and_reported(office):
    store = insider(office)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE users SET role = 'beheerder' WHERE username = :u"), {"u": READER})
    store.close()
    with pytest.raises(TrustViolation, match=r"rol in de database \(beheerder\) wijkt af.*\(lezer\)"):
        insider(office)
    app = open_app(office, username=ADMIN, password=PASSWORD)
    try:
        refused = app.audit.entries(action="toegang.geweigerd", actor=READER)
        assert refused and refused[0].object == "vertrouwen" and refused[0].result == "geweigerd"
    finally:
        app.close()


def test_p2_a_statement_of_his_own_making_does_not_raise_his_role(office):
    store = insider(office)
    with store.transaction() as tx:
        tx.session.add(
            trust.make_statement(
                trust.new_key(),
                trust.ACCOUNT,
                READER,
                {"username": READER, "role": "beheerder", "public_key": store.keys.public, "by": READER},
                "2026-01-01",
            )
        )
    store.close()
    with pytest.raises(TrustViolation, match="niet door de organisatiesleutel"):
        insider(office)


def test_p2_removing_the_organisation_from_the_file_is_refused(office):
    store = insider(office)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM statements"))
        conn.execute(text("UPDATE audit_log SET record = '', signature = ''"))
    rechain(store)
    store.close()
    with pytest.raises(TrustViolation, match="organisatiesleutel ontbreekt"):
        open_app(office, username=ADMIN, password=PASSWORD)


def test_p2_a_replaced_organisation_key_is_found_by_everyone_whose_slot_predates_it(office):
    """He re-signs every statement with an organisation key of his own (and puts its fingerprint in
    his own slot): the beheerder's slot still names the real one."""
    store = insider(office)
    own_org = trust.new_key()
    with Session(store.engine) as session:
        for row in session.exec(text("SELECT id, kind, body FROM statements")).mappings():
            body = row["body"]
            if row["kind"] == trust.ORGANISATIE:
                body = body.replace(store.trust_state.org_public, trust.public_b64(own_org))
            session.exec(
                text("UPDATE statements SET body = :b, org_signature = :s WHERE id = :i").bindparams(
                    b=body, s=trust.sign(own_org, trust.statement_message(row["kind"], body)), i=row["id"]
                )
            )
        session.commit()
    store.close()
    with pytest.raises(TrustViolation):
        open_app(office, username=ADMIN, password=PASSWORD)


# -- P3: four eyes ----------------------------------------------------------------------------------
def test_p3_a_new_jurist_is_effective_only_after_a_second_beheerder(demo_app):
    path = demo_app._store.path
    demo_app.users.add_user(
        JURIST, "Tweede Jurist", Role.JURIST, "tijdelijk wachtwoord van beheer 7", kdf=CHEAP_TEST_KDF
    )
    assert [p[0] for p in demo_app.users.pending_accounts()] == [JURIST]
    with pytest.raises(StoreError, match="zelf uitgegeven"):
        demo_app.users.confirm_account(JURIST)  # not by the beheerder who issued it
    demo_app.close()
    with pytest.raises(AccountPending, match="tweede beheerder") as waiting:
        open_app(
            path,
            username=JURIST,
            password=TEMPORARY,
            new_password=JURIST_PASSWORD,
            kdf=CHEAP_TEST_KDF,
        )
    app = open_app(path, username=ADMIN, password=PASSWORD)
    try:
        with pytest.raises(StoreError, match="Herstelsleutel onjuist"):
            app.users.confirm_account(JURIST, recovery_key="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
        fingerprint = app.users.confirm_account(JURIST, recovery_key=demo_app._store.recovery_key)
    finally:
        app.close()
    assert fingerprint == waiting.value.fingerprint  # what the beheerder reads out is what the jurist sees
    jurist = open_app(path, username=JURIST, password=JURIST_PASSWORD)
    assert jurist.users.current.role is Role.JURIST
    jurist.close()


def test_p3_with_two_beheerders_the_recovery_key_does_not_confirm(demo_app):
    path = demo_app._store.path
    add_user(demo_app, OTHER_ADMIN, "Tweede Beheerder", Role.BEHEERDER, OTHER_ADMIN_PASSWORD)
    demo_app.users.add_user(
        JURIST, "Jurist", Role.JURIST, "tijdelijk wachtwoord van beheer 7", kdf=CHEAP_TEST_KDF
    )
    with pytest.raises(StoreError, match="één beheerder"):
        demo_app.users.confirm_account(JURIST, recovery_key=demo_app._store.recovery_key)
    demo_app.close()
    first_login(path, OTHER_ADMIN, OTHER_ADMIN_PASSWORD)
    second = open_app(path, username=OTHER_ADMIN, password=OTHER_ADMIN_PASSWORD)
    try:
        second.users.confirm_account(JURIST)
        assert second.users.pending_accounts() == []
    finally:
        second.close()
    assert verdict(path).first_broken is None


def approved_decision(demo_app, tmp_path) -> tuple[Path, str]:
    """H2 with a legal assessment; a second jurist exists and has signed in once."""
    path = demo_app._store.path
    add_user(demo_app, JURIST, "Tweede Jurist", Role.JURIST, JURIST_PASSWORD)
    h2 = demo_app.cases.id_of("H2")
    demo_app.risk.score(h2)
    demo_app.close()
    first_login(path, JURIST, JURIST_PASSWORD)
    return path, h2


def test_p3_the_jurist_who_wrote_the_legal_assessment_cannot_approve_it(demo_app, tmp_path):
    path, h2 = approved_decision(demo_app, tmp_path)
    jurist = open_app(path, username=JURIST, password=JURIST_PASSWORD)
    try:
        case = jurist.cases.open_case(h2)
        case.legal.motivation += " Aangevuld door de tweede jurist."
        with jurist._store.transaction() as tx:
            tx.save_case(case, reason="motivering")
        with pytest.raises(UserError, match="juridische beoordeling van dit besluit vastgelegd"):
            jurist.exports.approve(h2, "weigering")
    finally:
        jurist.close()


def test_p3_the_approval_shows_what_it_covers(demo_app, tmp_path):
    path, h2 = approved_decision(demo_app, tmp_path)
    jurist = open_app(path, username=JURIST, password=JURIST_PASSWORD)
    try:
        summary = jurist.exports.approval_summary(h2, "weigering")
        lines = "\n".join(summary.lines())
        assert "Dossier: H2" in lines and "Besluit:" in lines and "grond a" in lines
        assert "Voorschriften: " in lines and "Risicobeoordeling: score" in lines
        assert len(summary.fingerprint.replace(" ", "")) == 16
        jurist.exports.approve(h2, "weigering")
    finally:
        jurist.close()


def test_p3_four_eyes_off_needs_two_beheerders_and_the_decision_says_so(demo_app, tmp_path):
    from pypdf import PdfReader

    path = demo_app._store.path
    add_user(demo_app, OTHER_ADMIN, "Tweede Beheerder", Role.BEHEERDER, OTHER_ADMIN_PASSWORD)
    h2 = demo_app.cases.id_of("H2")
    demo_app.risk.score(h2)
    changes = demo_app.settings.set("vier_ogen_besluiten", "UIT")
    assert "tweede beheerder" in " ".join(changes.messages) and demo_app.settings.four_eyes()
    with pytest.raises(StoreError, match="zelf voorgesteld"):
        demo_app.settings.confirm("vier_ogen_besluiten")
    with demo_app._store.engine.begin() as conn:  # the settings table is not where it is decided
        conn.execute(text("DELETE FROM meta WHERE key = 'setting.vier_ogen_besluiten'"))
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('setting.vier_ogen_besluiten', 'UIT')"))
    assert demo_app.settings.four_eyes()
    with pytest.raises(UserError, match="tweede jurist"):
        demo_app.exports.memo(h2, "weigering", tmp_path / "weigering.pdf")
    demo_app.close()
    first_login(path, OTHER_ADMIN, OTHER_ADMIN_PASSWORD)
    second = open_app(path, username=OTHER_ADMIN, password=OTHER_ADMIN_PASSWORD)
    try:
        second.settings.confirm("vier_ogen_besluiten")
        assert not second.settings.four_eyes()
        out = tmp_path / "weigering.pdf"
        second.exports.memo(h2, "weigering", out)
        words = " ".join("".join(p.extract_text() for p in PdfReader(out).pages).split())
        assert "Vier ogen: niet toegepast" in words
        exported = second.audit.entries(action="export.memo")
        assert "vier_ogen:nee" in exported[0].object
        assert second.audit.verify().first_broken is None
    finally:
        second.close()


def test_p3_an_approval_in_another_jurists_name_is_named(demo_app, tmp_path):
    path, h2 = approved_decision(demo_app, tmp_path)
    admin = open_app(path, username=ADMIN, password=PASSWORD)
    try:
        with admin._store.transaction() as tx:  # a beheerder writes an approval as if by the jurist
            tx.approvals.add(h2, "weigering", "0" * 64, JURIST)
        result = admin.audit.verify()
        assert result.first_broken is not None and "op naam van een ander (approvals)" in result.reason
    finally:
        admin.close()


# -- P4: an older copy of the whole folder ----------------------------------------------------------
def test_p4_an_older_copy_of_the_whole_folder_is_recognised_at_the_next_unlock(office, tmp_path):
    saved = tmp_path / "kopie"
    shutil.copytree(office.parent, saved)  # database, key slots and anchor file together
    app = open_app(office, username=ADMIN, password=PASSWORD)
    app.risk.score(app.cases.id_of("V3"))
    app.close()
    shutil.rmtree(office.parent)
    shutil.copytree(saved, office.parent)
    with pytest.raises(OlderCopy, match="ouder dan bij uw vorige sessie"):
        open_app(office, username=ADMIN, password=PASSWORD)
    insider(office).close()  # the lezer's own anchor is older: he notices nothing, the beheerder does


def test_p4_the_audit_head_in_an_export_manifest_is_not_in_an_older_copy(office, tmp_path):
    """The LBB package carries the audit head; a copy of the folder from before it does not hold it."""
    import json
    import zipfile

    saved = tmp_path / "kopie"
    shutil.copytree(office.parent, saved)
    app = open_app(office, username=ADMIN, password=PASSWORD)
    try:
        package = app.exports.lbb_package(app.cases.id_of("H2"), tmp_path / "h2.zip")
        manifest = json.loads(zipfile.ZipFile(package.path).read("lbb-pakket/manifest.json"))
        head = manifest["audit_head"]
        assert app.audit.contains_head(head["seq"], head["mac"][:16]) is True
    finally:
        app.close()
    shutil.rmtree(office.parent)
    shutil.copytree(saved, office.parent)
    older = open_app(office, username=ADMIN, password=PASSWORD, accept_older_copy=True)
    try:
        assert older.audit.contains_head(head["seq"], head["mac"][:16]) is False
    finally:
        older.close()


def test_key_slot_sealed_part_changed_without_the_password_is_reported(office):
    slots = KeySlotFile.load(KeySlotFile.path_for(office))
    reader_slot = slots.find(READER)
    admin_slot = slots.find(ADMIN)
    admin_slot.sealed, admin_slot.sealed_nonce = reader_slot.sealed, reader_slot.sealed_nonce
    slots.save(KeySlotFile.path_for(office))
    with pytest.raises(StoreError, match="ondertekende deel van uw sleutelvak is gewijzigd"):
        open_app(office, username=ADMIN, password=PASSWORD)
