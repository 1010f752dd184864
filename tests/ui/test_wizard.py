"""The questionnaire wizard on real widgets: two directors in a repeat group, a skip that clears an
answer, a validation error, autosaved draft, reopen, and Afronden."""

from __future__ import annotations

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from bibob_desk.paths import resources_dir
from bibob_desk.ui.wizard.window import FormWizard
from tests.support.case_builder import new_h2_input

ANSWERS = resources_dir() / "demo" / "answers" / "H2.yaml"
H2 = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))["forms"]["bibob-horeca"]


@pytest.fixture
def case_id(app) -> str:
    return app.cases.create(new_h2_input()).cases[0]


def open_wizard(qtbot, app, case_id) -> FormWizard:
    wizard = FormWizard(app.questionnaires, case_id, "bibob-horeca")
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def page(wizard, section_id):
    return next(p for p in wizard.section_pages if p.section.id == section_id)


def type_into(qtbot, line_edit, text):
    line_edit.setFocus()
    line_edit.clear()
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)  # editingFinished commits the field


def choose(combo, value):
    combo.setCurrentIndex(combo.findData(value))


def put(row, value):
    """Set an editor the way a user's commit does (editor value -> changed signal)."""
    row.editor.set_value(value)
    row.editor.changed.emit()


def stored(app, case_id):
    return app.cases.open_case(case_id).answers_for("bibob-horeca")


def test_fill_skip_validate_draft_reopen_finish(qtbot, app, case_id):
    wizard = open_wizard(qtbot, app, case_id)
    applicant = page(wizard, "aanvrager")

    # skip logic: KvK is only asked of a rechtspersoon; switching back clears it with a notice
    choose(applicant.rows["soort_aanvrager"].editor.combo, "rechtspersoon")
    assert not applicant.rows["kvk"].isHidden() and applicant.rows["bsn"].isHidden()
    type_into(qtbot, applicant.rows["kvk"].editor.edit, "1234")
    assert "8 cijfers" in applicant.rows["kvk"].message.text()  # validation error at the field
    assert "1 fout" in wizard.index.item(1).text()
    type_into(qtbot, applicant.rows["kvk"].editor.edit, "12345678")
    assert applicant.rows["kvk"].message.isHidden()
    choose(applicant.rows["soort_aanvrager"].editor.combo, "natuurlijk_persoon")
    assert applicant.rows["kvk"].isHidden() and not applicant.rows["bsn"].isHidden()
    assert "KvK-nummer" in wizard.banner.text() and "gewist" in wizard.banner.text()
    assert "kvk" not in stored(app, case_id).answers
    choose(applicant.rows["soort_aanvrager"].editor.combo, "rechtspersoon")

    # two directors in the repeat group
    directors = applicant.groups["bestuurders"]
    for name in ("R. Amrani", "K. de Boer"):
        qtbot.mouseClick(directors.add_button, Qt.MouseButton.LeftButton)
        type_into(qtbot, directors.rows["naam"].editor.edit, name)
    shown = [directors.items.item(i).text() for i in range(directors.items.count())]
    assert shown == ["1. R. Amrani", "2. K. de Boer"]

    # the draft was saved as we went; close and reopen
    record = stored(app, case_id)
    assert record.status == "concept"
    assert [d["naam"] for d in record.answers["bestuurders"]] == ["R. Amrani", "K. de Boer"]
    wizard.close()
    wizard = open_wizard(qtbot, app, case_id)
    directors = page(wizard, "aanvrager").groups["bestuurders"]
    assert directors.items.count() == 2
    assert directors.rows["naam"].editor.edit.text() == "R. Amrani"

    # Afronden refuses while things are missing, and says so
    qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    assert wizard.isVisible() and "nog niet af" in wizard.status.text()
    assert wizard.check_list.count() > 1

    # complete the rest through the editors, then finish
    fill_rest(qtbot, wizard)
    missing, invalid = wizard.session.problems()
    assert missing == [] and invalid == [], wizard.status.text()
    with qtbot.waitSignal(wizard.finished, timeout=3000):
        qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    assert wizard.result() == QDialog.DialogCode.Accepted
    record = stored(app, case_id)
    assert record.status == "afgerond" and record.form_version == 1
    case = app.cases.open_case(case_id)
    board = sorted(case.party(r.party).name for r in case.relations if r.role.value == "bestuurder")
    assert board == ["K. de Boer", "R. Amrani"]
    assert case.premises[0].rent_per_month == 6500


def fill_rest(qtbot, wizard):
    for section_page in wizard.section_pages:
        for question_id, row in section_page.rows.items():
            if question_id in H2 and row.editor.value() is None and question_id not in ("kvk",):
                put(row, H2[question_id])
        for group_id, editor in section_page.groups.items():
            if group_id == "bestuurders" or group_id not in H2:
                continue
            for values in H2[group_id]:
                qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
                for question_id, value in values.items():
                    put(editor.rows[question_id], value)


def test_keyboard_navigation_between_sections(qtbot, app, case_id):
    wizard = open_wizard(qtbot, app, case_id)
    assert wizard.index.currentRow() == 0
    qtbot.keyClick(wizard, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert wizard.index.currentRow() == 1
    qtbot.keyClick(wizard, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert wizard.index.currentRow() == 2
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.index.currentRow() == 1


def test_controle_jumps_to_the_field(qtbot, app, case_id):
    wizard = open_wizard(qtbot, app, case_id)
    qtbot.mouseClick(wizard.check_button, Qt.MouseButton.LeftButton)
    assert wizard.pages.currentIndex() == wizard.pages.count() - 1
    first = wizard.check_list.item(0)
    assert "verplicht" in first.text()
    wizard._on_check_list_item_activated(first)
    assert wizard.index.currentRow() == 0
