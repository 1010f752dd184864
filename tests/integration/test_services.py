"""Services on a real store: cases, users and roles, the audit chain."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text

from bibob_desk.bootstrap import open_app
from bibob_desk.domain.enums import Bestuursorgaan, PartyKind, PermitKind, ProcedureKind, Role
from bibob_desk.domain.errors import UserError
from bibob_desk.paths import demo_case_files
from bibob_desk.services.cases import ImportRefused, NewCaseInput
from bibob_desk.services.permissions import NotAllowed
from bibob_desk.store.keyslots import CHEAP_TEST_KDF, KeySlotFile
from tests.conftest import PASSWORD, add_user, first_login

READER_PASSWORD = "rode lamp zeilboot kaas"


def _new_case(reference: str = "2025-001", **overrides) -> NewCaseInput:
    data = dict(
        reference=reference,
        title="Nieuwe lunchroom",
        permit_kinds=(PermitKind.EXPLOITATIEVERGUNNING,),
        procedure=ProcedureKind.AANVRAAG,
        bestuursorgaan=Bestuursorgaan.BURGEMEESTER,
        received_date=date(2025, 5, 1),
        applicant_name="Lunchroom De Linde B.V.",
        applicant_kind=PartyKind.RECHTSPERSOON,
        street="Lindelaan",
        house_number="4",
        postcode="1234ab",
        city="Voorbeeldstad",
    )
    data.update(overrides)
    return NewCaseInput(**data)


def test_demo_cases_are_listed_and_searchable(demo_app):
    assert demo_app.cases.count() == 4
    assert [s.reference for s in demo_app.cases.summaries("karimi")] == ["H2"]
    assert [s.reference for s in demo_app.cases.summaries("KERKSTRAAT")] == ["V3"]
    assert [s.reference for s in demo_app.cases.summaries("verbeek marktstraat")] == ["H1"]
    assert demo_app.cases.summaries("100%_") == []  # LIKE wildcards are literal
    ordered = [s.reference for s in demo_app.cases.summaries(sort="reference", descending=False)]
    assert ordered == ["H1", "H2", "V1", "V3"]


def test_paging(demo_app):
    first = demo_app.cases.summaries(limit=3, sort="reference", descending=False)
    rest = demo_app.cases.summaries(limit=3, offset=3, sort="reference", descending=False)
    assert [s.reference for s in first + rest] == ["H1", "H2", "V1", "V3"]


def test_create_case_from_the_dialog_input(app):
    changes = app.cases.create(_new_case())
    case = app.cases.open_case(changes.cases[0])
    assert case.location.postcode == "1234 AB"
    assert case.applicants()[0].name == "Lunchroom De Linde B.V."


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reference": "K" * 61}, "kenmerk"),  # empty: the next automatic number (test_caseload)
        ({"applicant_name": "  "}, "aanvrager"),
        ({"permit_kinds": ()}, "minstens één"),
        ({"postcode": "0000 XX"}, "postcode"),
        ({"applicant_name": "A\x00B"}, "stuurtekens"),
    ],
)
def test_create_case_refuses_bad_input_in_dutch(app, overrides, message):
    with pytest.raises(UserError) as caught:
        app.cases.create(_new_case(**overrides))
    assert message in str(caught.value).lower()
    assert app.cases.count() == 0


def test_duplicate_reference_is_refused(app):
    app.cases.create(_new_case())
    with pytest.raises(UserError, match="bestaat al"):
        app.cases.create(_new_case())


def test_import_refuses_invalid_files_and_writes_nothing(app, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "bibob-desk/case@1", "case": {"reference": "X"}}), encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        app.cases.import_file(bad)
    assert caught.value.errors and all(e.path.startswith("$") for e in caught.value.errors)
    assert app.cases.count() == 0


def test_export_then_import_elsewhere_is_identical(demo_app, tmp_path):
    out = tmp_path / "export.json"
    demo_app.cases.export_file("V3", out, purpose="overdracht")
    original = next(p for p in demo_case_files() if p.stem == "V3")
    assert out.read_bytes() == original.read_bytes()


@pytest.mark.bestand
def test_beheerder_adds_users_with_their_own_slot_and_role(app):
    add_user(app, "j.devries", "Jan de Vries", Role.LEZER, READER_PASSWORD)
    slots = KeySlotFile.load(KeySlotFile.path_for(app._store.path))
    assert sorted(s.user for s in slots.slots) == ["*herstel*", "beheerder", "j.devries"]  # + recovery
    assert len({s.salt for s in slots.slots}) == 3
    path = app._store.path
    app.close()
    first_login(path, "j.devries", READER_PASSWORD)
    reader = open_app(path, username="j.devries", password=READER_PASSWORD)
    try:
        assert reader._store.user.role is Role.LEZER
        with pytest.raises(NotAllowed, match="vergunningverlener"):
            reader.cases.create(_new_case())
        with pytest.raises(NotAllowed, match="beheerder"):
            reader.users.add_user("x.y", "X", Role.JURIST, READER_PASSWORD, kdf=CHEAP_TEST_KDF)
    finally:
        reader.close()


def test_weak_or_malformed_new_accounts_are_refused(app):
    with pytest.raises(UserError, match="15 tekens"):
        app.users.add_user("kees", "Kees", Role.JURIST, "te kort", kdf=CHEAP_TEST_KDF)
    with pytest.raises(UserError, match="gebruikersnaam"):
        app.users.add_user("k ees/..", "Kees", Role.JURIST, READER_PASSWORD, kdf=CHEAP_TEST_KDF)
    with pytest.raises(UserError, match="bestaat al"):
        app.users.add_user("beheerder", "Nog een", Role.JURIST, READER_PASSWORD, kdf=CHEAP_TEST_KDF)


def test_actions_are_audited_without_personal_data(demo_app):
    case_id = demo_app.cases.summaries("H2")[0].id
    demo_app.cases.open_case(case_id)
    with demo_app._store.engine.connect() as conn:
        rows = conn.execute(text("SELECT action, object, result FROM audit_log ORDER BY seq")).fetchall()
    actions = [r[0] for r in rows]
    assert actions[0] == "database.aangemaakt"
    assert actions.count("dossier.import") == 4
    assert ("dossier.ingezien", f"case:{case_id}", "ok") in [tuple(r) for r in rows]
    dump = json.dumps([list(r) for r in rows])
    for secret in ("Karimi", "Amrani", "Verbeek", PASSWORD):
        assert secret not in dump


@pytest.mark.bestand
@pytest.mark.parametrize("tamper", ["edit", "delete", "swap"])
def test_audit_chain_names_the_first_broken_sequence_number(demo_app, tamper):
    statements = {
        "edit": ["UPDATE audit_log SET result = 'geweigerd' WHERE seq = 3"],
        "delete": ["DELETE FROM audit_log WHERE seq = 3"],
        "swap": [
            "UPDATE audit_log SET seq = -1 WHERE seq = 3",
            "UPDATE audit_log SET seq = 3 WHERE seq = 4",
            "UPDATE audit_log SET seq = 4 WHERE seq = -1",
        ],
    }[tamper]
    assert demo_app._store.check().audit_first_broken is None
    with demo_app._store.transaction() as tx:
        for statement in statements:
            tx.session.exec(text(statement))
    assert demo_app._store.check().audit_first_broken == 3


def test_idle_lock_setting_defaults_validates_and_is_audited(app):
    assert app.settings.idle_lock_minutes() == 5
    app.settings.set("idle_lock_minutes", "10")
    assert app.settings.idle_lock_minutes() == 10
    for bad in ("0", "16", "vijf"):
        with pytest.raises(UserError, match="Automatisch vergrendelen"):
            app.settings.set("idle_lock_minutes", bad)
    with pytest.raises(UserError, match="Onbekende instelling"):
        app.settings.set("kleur", "1")
    with app._store.engine.connect() as conn:
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_log"))]
    assert actions.count("instelling.gewijzigd") == 1


@pytest.mark.bestand
def test_only_a_beheerder_changes_settings(app):
    add_user(app, "lees", "Lezer", Role.LEZER, READER_PASSWORD)
    path = app._store.path
    app.close()
    first_login(path, "lees", READER_PASSWORD)
    reader = open_app(path, username="lees", password=READER_PASSWORD)
    try:
        assert reader.settings.idle_lock_minutes() == 5
        with pytest.raises(NotAllowed):
            reader.settings.set("idle_lock_minutes", "15")
    finally:
        reader.close()
