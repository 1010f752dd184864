"""Done-when of issue 3: completing the horeca or vastgoed form and the eigen-onderzoek form in the
wizard, for each sample case, gives a dossier with the facts of that case's fixture."""

from __future__ import annotations

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from bibob_desk.domain.enums import PartyKind, PermitKind
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import demo_case_files, resources_dir
from bibob_desk.services.cases import NewCaseInput
from bibob_desk.ui.wizard.window import FormWizard
from tests.support.dossier_facts import dossier_facts


def put(row, value):
    row.editor.set_value(value)
    row.editor.changed.emit()


def fill(qtbot, wizard, answers):
    """Enter the answers section by section, in form order, as an officer would."""
    for page in wizard.section_pages:
        wizard.index.setCurrentRow(wizard.section_pages.index(page))
        for item in page.section.items:
            if item.id in page.rows and item.id in answers:
                put(page.rows[item.id], answers[item.id])
            elif item.id in page.groups and item.id in answers:
                editor = page.groups[item.id]
                for values in answers[item.id]:
                    QApplication.processEvents()  # let the layout place what just became visible
                    page.ensureWidgetVisible(editor.add_button)  # scroll to it, as a user would
                    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
                    assert editor.items.count() == len(wizard.session.items(item.id)), item.id
                    for question in item.questions:
                        if question.id in values:
                            put(editor.rows[question.id], values[question.id])


@pytest.mark.parametrize("reference", [p.stem for p in demo_case_files()])
def test_completing_the_forms_in_the_wizard_gives_the_fixture(qtbot, app, reference):
    fixture = read_case_file(resources_dir() / "demo" / f"{reference}.json").case
    answers = yaml.safe_load(
        (resources_dir() / "demo" / "answers" / f"{reference}.yaml").read_text(encoding="utf-8")
    )
    applicant = fixture.applicants()[0]
    case_id = app.cases.create(
        NewCaseInput(
            reference=f"{reference}-gui",
            title=fixture.title,
            permit_kinds=(PermitKind.OVERIG,),
            procedure=fixture.procedure,
            bestuursorgaan=fixture.bestuursorgaan,
            received_date=fixture.received_date,
            applicant_name=applicant.name,
            applicant_kind=PartyKind(applicant.kind),
        )
    ).cases[0]
    for form_id, form_answers in answers["forms"].items():
        wizard = FormWizard(app.questionnaires, case_id, form_id)
        qtbot.addWidget(wizard)
        asked = []
        # the case was opened as "overig": at Afronden the officer takes the form's permit kinds
        wizard.choose_differences = lambda found, asked=asked: (
            asked.extend(d.question for d in found) or {d.question for d in found}
        )
        wizard.show()
        fill(qtbot, wizard, form_answers)
        typed = {k: v for k, v in wizard.session.answers.items() if k in form_answers}
        assert typed == form_answers, wizard.banner.text()
        assert set(wizard.session.answers) - set(form_answers) <= set(wizard.prefilled)  # from the dossier
        qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
        assert set(asked) <= {"vergunningen", "selectie"}, asked  # only the placeholder "overig" differs
        assert wizard.result() == QDialog.DialogCode.Accepted, wizard.status.text()
    case = app.cases.open_case(case_id)
    assert {a.form_id: a.status for a in case.answers} == {f: "afgerond" for f in answers["forms"]}
    expected = dossier_facts(fixture)
    actual = dossier_facts(case)
    assert actual == expected
