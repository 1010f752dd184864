"""Questionnaires on a real store: autosave applies binds, finishing needs a valid form, answers keep
their form version, and a changed definition never silently changes a case."""

from __future__ import annotations

import shutil

import pytest
import yaml

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.paths import forms_dir, resources_dir
from bibob_desk.services.permissions import NotAllowed
from bibob_desk.services.questionnaires import FormCatalog, QuestionnaireService
from tests.conftest import add_user, first_login, reopen
from tests.support.case_builder import new_h2_input
from tests.support.dossier_facts import dossier_facts


def new_h2(app) -> str:
    return app.cases.create(new_h2_input("H2-formulier")).cases[0]


def h2_answers() -> dict:
    return yaml.safe_load((resources_dir() / "demo" / "answers" / "H2.yaml").read_text(encoding="utf-8"))[
        "forms"
    ]


def test_forms_offered_follow_the_permit_kinds(demo_app):
    by_ref = {s.reference: s.id for s in demo_app.cases.summaries()}
    q = demo_app.questionnaires
    assert [f.id for f in q.forms_for(demo_app.cases.open_case(by_ref["H2"]))] == [
        "bibob-horeca",
        "eigen-onderzoek",
    ]
    assert [f.id for f in q.forms_for(demo_app.cases.open_case(by_ref["V1"]))] == [
        "bibob-vastgoed",
        "eigen-onderzoek",
    ]


def test_completing_the_forms_of_h2_gives_the_h2_dossier(demo_app):
    case_id = new_h2(demo_app)
    q = demo_app.questionnaires
    for form_id, answers in h2_answers().items():
        opened = q.open(case_id, form_id)
        assert opened.record is None and not opened.read_only
        q.save(case_id, opened.form, answers)  # autosave
        q.save(case_id, opened.form, answers, finish=True)
    filled = demo_app.cases.open_case(case_id)
    fixture = demo_app.cases.open_case(demo_app.cases.summaries("H2")[0].id)
    assert dossier_facts(filled) == dossier_facts(fixture)
    records = {a.form_id: a for a in filled.answers}
    assert set(records) == {"bibob-horeca", "eigen-onderzoek"}
    horeca = q.catalog.get("bibob-horeca")
    assert (records["bibob-horeca"].form_version, records["bibob-horeca"].form_sha256) == (1, horeca.sha256)
    assert records["bibob-horeca"].status == "afgerond"


def test_a_draft_may_be_incomplete_but_finishing_may_not(app):
    case_id = new_h2(app)
    q = app.questionnaires
    form = q.catalog.get("bibob-horeca")
    q.save(case_id, form, {"naam_aanvrager": "Noor Lounge B.V."})
    assert app.cases.open_case(case_id).answers_for("bibob-horeca").status == "concept"
    with pytest.raises(UserError, match="nog niet af"):
        q.save(case_id, form, {"naam_aanvrager": "Noor Lounge B.V."}, finish=True)
    reopened = q.open(case_id, "bibob-horeca")
    assert reopened.record.answers == {"naam_aanvrager": "Noor Lounge B.V."}  # the stored draft
    prefilled = {k: v for k, v in reopened.session.answers.items() if k != "naam_aanvrager"}
    assert set(prefilled) == set(reopened.prefilled)  # the rest is what the dossier already holds


def test_a_reader_cannot_save_answers(app):
    case_id = new_h2(app)
    add_user(app, "lezer", "Lezer", Role.LEZER, "rode lamp zeilboot kaas")
    path = app._store.path
    app.close()

    first_login(path, "lezer", "rode lamp zeilboot kaas")
    reader = reopen(path, username="lezer", password="rode lamp zeilboot kaas")
    try:
        form = reader.questionnaires.catalog.get("bibob-horeca")
        with pytest.raises(NotAllowed):
            reader.questionnaires.save(case_id, form, {"naam_aanvrager": "X"})
    finally:
        reader.close()


def test_a_changed_definition_never_silently_changes_an_existing_case(app, tmp_path):
    case_id = new_h2(app)
    q = app.questionnaires
    q.save(case_id, q.catalog.get("bibob-horeca"), h2_answers()["bibob-horeca"])
    changed_dir = tmp_path / "forms"
    shutil.copytree(forms_dir(), changed_dir)
    text = (changed_dir / "bibob-horeca.yaml").read_text(encoding="utf-8")
    text = text.replace("version: 1", "version: 2", 1).replace(
        'label: "Huur per maand (euro)"', 'label: "Maandhuur"'
    )
    text = text.replace("label: Huur per maand (euro)", "label: Maandhuur")
    (changed_dir / "bibob-horeca.yaml").write_text(text, encoding="utf-8")
    newer = QuestionnaireService(app._store, FormCatalog(changed_dir))
    opened = newer.open(case_id, "bibob-horeca")
    assert opened.read_only and "versie 1" in opened.notices[0]
    assert opened.session.answers == h2_answers()["bibob-horeca"]
    adopted = newer.open(case_id, "bibob-horeca", adopt_current=True)
    assert not adopted.read_only and adopted.form.version == 2
    newer.save(case_id, adopted.form, adopted.session.answers)
    assert app.cases.open_case(case_id).answers_for("bibob-horeca").form_version == 2


def test_answers_travel_in_the_exchange_format(app, tmp_path):
    case_id = new_h2(app)
    q = app.questionnaires
    q.save(case_id, q.catalog.get("bibob-horeca"), h2_answers()["bibob-horeca"])
    out = tmp_path / "h2.json"
    app.cases.export_file("H2-formulier", out, purpose="overdracht")
    from bibob_desk.exchange.case_format import dumps_case, read_case_file

    result = read_case_file(out)
    assert result.ok and result.case.answers_for("bibob-horeca").answers == h2_answers()["bibob-horeca"]
    assert dumps_case(result.case) == out.read_text(encoding="utf-8")
