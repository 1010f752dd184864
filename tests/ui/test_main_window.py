"""The GUI flow on real widgets and a real encrypted store: unlock -> list -> filter -> open -> lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from bibob_desk.ui.main_window import MainWindow
from bibob_desk.ui.new_case_dialog import NewCaseDialog
from bibob_desk.ui.session import AppSession
from tests.conftest import ADMIN, PASSWORD


@pytest.fixture
def demo_db(demo_app):
    path = demo_app._store.path
    demo_app.close()
    return path


@pytest.fixture
def window(qtbot, demo_db):
    win = MainWindow(AppSession(demo_db))
    qtbot.addWidget(win)
    win.show()
    return win


def unlock(qtbot, win, password=PASSWORD):
    win.unlock_page.username.clear()
    qtbot.keyClicks(win.unlock_page.username, ADMIN)
    qtbot.keyClicks(win.unlock_page.password, password)
    with qtbot.waitSignal(win.session.unlocked, timeout=15_000):
        qtbot.mouseClick(win.unlock_page.button, Qt.MouseButton.LeftButton)


def test_starts_locked_with_nothing_loaded(window):
    assert window.pages.currentWidget() is window.unlock_page
    assert window.case_list.model.rowCount() == 0
    assert not window.lock_action.isEnabled()


def test_unlock_list_filter_open_and_lock(qtbot, window):
    unlock(qtbot, window)
    assert window.pages.currentWidget() is window.work_page
    model = window.case_list.model
    assert model.rowCount() == 4
    assert window.case_list.count.text() == "4 dossiers"

    qtbot.keyClicks(window.case_list.filter, "karimi")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=3000)
    assert model.index(0, 0).data() == "H2"

    rect = window.case_list.table.visualRect(model.index(0, 0))
    qtbot.mouseClick(window.case_list.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    html = window.case_view.toPlainText()
    assert "Noor Lounge B.V." in html and "Vermogensverschaffer" in html and "€ 150.000" in html

    store = window.session.context._store
    with qtbot.waitSignal(window.session.locked, timeout=3000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.unlock_page
    assert model.rowCount() == 0
    assert window.case_list.filter.text() == ""
    assert window.case_view.current_case_id is None
    assert not store.is_open
    assert not any(store._key)


def test_wrong_password_says_so_and_stays_locked(qtbot, window):
    window.unlock_page.username.setText(ADMIN)
    qtbot.keyClicks(window.unlock_page.password, "dit is niet het wachtwoord")
    with qtbot.waitSignal(window.session.unlock_failed, timeout=15_000):
        qtbot.mouseClick(window.unlock_page.button, Qt.MouseButton.LeftButton)
    assert "Wachtwoord onjuist" in window.unlock_page.message.text()
    assert window.pages.currentWidget() is window.unlock_page
    assert window.unlock_page.password.text() == ""


def test_sorting_by_reference(qtbot, window):
    unlock(qtbot, window)
    window.case_list.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    model = window.case_list.model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["H1", "H2", "V1", "V3"]


def test_new_case_dialog_keeps_input_on_error_and_creates_the_case(qtbot, window):
    unlock(qtbot, window)
    dialog = NewCaseDialog(window.session.context.cases.create, window)
    qtbot.addWidget(dialog)
    dialog.applicant.setText("Lunchroom De Linde B.V.")
    dialog._on_buttons_accepted()
    assert "soort vergunning" in dialog.error.text().lower()
    assert dialog.applicant.text() == "Lunchroom De Linde B.V."
    dialog.reference.setText("2025-HOR-017")
    dialog.kinds[next(iter(dialog.kinds))].setChecked(True)
    dialog.postcode.setText("1234 AB")
    dialog._on_buttons_accepted()
    assert dialog.result() == QDialog.DialogCode.Accepted
    window.case_list.model.reload()
    assert window.case_list.model.total == 5


def test_idle_lock_wins_over_an_open_dialog(qtbot, window):
    unlock(qtbot, window)
    window.idle.set_interval_ms(300)
    window.idle.start()
    seen = {}

    def check_dialog_open():
        dialogs = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, NewCaseDialog) and w.isVisible()
        ]
        seen["dialog"] = bool(dialogs)

    QTimer.singleShot(100, check_dialog_open)
    with qtbot.waitSignal(window.session.locked, timeout=5000):
        window.new_case_action.trigger()
    assert seen["dialog"]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    assert window.pages.currentWidget() is window.unlock_page
    assert window.session.context is None


def test_lock_keeps_typed_input_as_an_encrypted_draft_offered_after_unlock(qtbot, window):
    unlock(qtbot, window)
    window.new_case_action.trigger()
    dialog = window.files.new_case_dialog
    dialog.reference.setText("2026-HOR-099")
    dialog.applicant.setText("Concept Horeca B.V.")
    next(iter(dialog.kinds.values())).setChecked(True)
    path = window.session.db_path
    window.session.lock()
    assert not dialog.isVisible()
    assert b"Concept Horeca" not in path.read_bytes()  # kept inside the encrypted database
    unlock(qtbot, window)
    restored = window.files.new_case_dialog
    assert restored is not dialog and restored.isVisible()
    assert restored.reference.text() == "2026-HOR-099" and restored.applicant.text() == "Concept Horeca B.V."
    assert next(iter(restored.kinds.values())).isChecked() and "concept" in restored.error.text()
    assert window.session.context.cases.take_draft("nieuw_dossier") is None  # offered once
    restored.confirm_discard = lambda: True
    restored.reject()


def test_first_run_creates_the_database_and_a_beheerder(qtbot, tmp_path):
    win = MainWindow(AppSession(tmp_path / "nieuw" / "bibob.db"))
    qtbot.addWidget(win)
    win.show()
    assert win.pages.currentWidget() is win.first_run_page
    page = win.first_run_page
    page.display_name.setText("Fleur Beheer")
    page.password.setText("zeven paarse olifanten dansen")
    page.repeat.setText("anders")
    page.button.click()
    assert "niet gelijk" in page.message.text()
    page.password.setText("kort")
    page.repeat.setText("kort")
    with qtbot.waitSignal(win.session.unlock_failed, timeout=15_000):
        page.button.click()
    assert "15 tekens" in page.message.text()
    assert not (tmp_path / "nieuw" / "bibob.db").exists()
    page.password.setText("zeven paarse olifanten dansen")
    page.repeat.setText("zeven paarse olifanten dansen")
    with qtbot.waitSignal(win.session.unlocked, timeout=15_000):
        page.button.click()
    assert win.session.context._store.user.role.value == "beheerder"
    assert win.case_list.model.rowCount() == 0
    shown = win.recovery_box.text()
    assert "Herstelsleutel" in shown and shown.count("-") >= 7  # the key, once
    assert win.session.context._store.recovery_key is None


def test_idle_interval_comes_from_the_setting(qtbot, demo_db):
    from bibob_desk.bootstrap import open_app

    ctx = open_app(demo_db, username=ADMIN, password=PASSWORD)
    ctx.settings.set("idle_lock_minutes", "12")
    ctx.close()
    win = MainWindow(AppSession(demo_db))
    qtbot.addWidget(win)
    win.show()
    unlock(qtbot, win)
    assert win.idle.interval_ms() == 12 * 60_000
    assert win.idle.active


def test_beheerder_adds_a_user_from_the_gui(qtbot, window):
    from bibob_desk.ui.user_dialog import AddUserDialog

    unlock(qtbot, window)
    assert window.add_user_action.isEnabled()
    ctx = window.session.context
    dialog = AddUserDialog(ctx.users.add_user, window)
    qtbot.addWidget(dialog)
    dialog.username.setText("p.jansen")
    dialog.display_name.setText("Petra Jansen")
    dialog.password.setText("te kort")
    dialog.repeat.setText("te kort")
    dialog._on_buttons_accepted()
    assert "15 tekens" in dialog.error.text()
    dialog.password.setText("oranje wolk boven zee")
    dialog.repeat.setText("oranje wolk boven zee")
    dialog._on_buttons_accepted()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ("p.jansen", "Petra Jansen") in [(u, n) for u, n, _ in ctx.users.list_users()]


def test_case_panel_opens_the_forms_of_the_case_and_lock_closes_the_wizard(qtbot, window):
    from PySide6.QtWidgets import QPushButton

    from bibob_desk.ui.wizard.window import FormWizard

    unlock(qtbot, window)
    model = window.case_list.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "V1")
    window.case_list._on_table_activated(model.index(row, 0))
    buttons = {b.objectName(): b for b in window.case_panel.forms.findChildren(QPushButton)}
    assert set(buttons) == {"form_bibob-vastgoed", "form_eigen-onderzoek"}
    assert "(leeg)" in buttons["form_bibob-vastgoed"].text()
    buttons["form_bibob-vastgoed"].click()
    wizard = window.case_actions.wizard
    assert isinstance(wizard, FormWizard) and wizard.isVisible()
    assert wizard.form.id == "bibob-vastgoed"
    with qtbot.waitSignal(window.session.locked, timeout=3000):
        window.session.lock()
    assert not wizard.isVisible()


def test_change_password_dialog_rewraps_the_own_slot(qtbot, unlocked_window):
    from bibob_desk.bootstrap import open_app
    from tests.conftest import ADMIN, PASSWORD

    win = unlocked_window
    win.password_action.trigger()
    dialog = win.files.dialog
    dialog.current.setText("niet het goede wachtwoord")
    dialog.password.setText("nieuwe lange zin voor vandaag")
    dialog.repeat.setText("nieuwe lange zin voor vandaag")
    dialog._on_buttons_accepted()
    assert "onjuist" in dialog.error.text().lower() and dialog.isVisible()
    dialog.current.setText(PASSWORD)
    dialog.password.setText("nieuwe lange zin voor vandaag")
    dialog.repeat.setText("nieuwe lange zin voor vandaag")
    dialog._on_buttons_accepted()
    assert not dialog.isVisible() and dialog.current.text() == ""
    path = win.session.db_path
    win.session.lock()
    open_app(path, username=ADMIN, password="nieuwe lange zin voor vandaag").close()


def test_deferred_start_paints_the_lock_screen_first_then_builds_the_work_area(qtbot, demo_db):
    """bibob-desk starts with defer_work=True: the lock screen comes first, the case list, panel,
    dialogs and shortcuts right after its first paint; unlocking works either way."""
    win = MainWindow(AppSession(demo_db), defer_work=True)
    qtbot.addWidget(win)
    assert not hasattr(win, "case_list")
    assert win.lock_action.shortcut().isEmpty()
    with qtbot.waitSignal(win.work_ready, timeout=5000):
        win.show()
    assert win.lock_action.shortcut().toString() == "Ctrl+L"
    unlock(qtbot, win)
    assert win.case_list.model.rowCount() == 4


def test_unlock_before_the_work_area_is_built(qtbot, demo_db):
    win = MainWindow(AppSession(demo_db), defer_work=True)
    qtbot.addWidget(win)
    win.session.unlock(ADMIN, PASSWORD)  # e.g. a password manager typing faster than the first paint
    qtbot.waitUntil(lambda: win.session.is_open, timeout=15_000)
    assert win.pages.currentWidget() is win.work_page
    assert win.case_list.model.rowCount() == 4


def test_a_large_database_is_checked_in_the_background_and_damage_locks(qtbot, window, monkeypatch):
    from bibob_desk.store import store as store_module
    from bibob_desk.store.errors import DatabaseDamaged

    monkeypatch.setattr(store_module, "CHECK_AT_OPEN_MAX_BYTES", 0)  # every file counts as large
    calls = []

    def damaged_check(self):
        calls.append(self.path)
        raise DatabaseDamaged("quick_check")

    monkeypatch.setattr(store_module.Store, "check_structure", damaged_check)
    with qtbot.waitSignal(window.session.damaged, timeout=15_000) as signal:
        unlock(qtbot, window)
    assert calls
    assert "beschadigd" in signal.args[0]
    assert not window.session.is_open
    assert window.pages.currentWidget() is window.unlock_page
    assert "beschadigd" in window.unlock_page.message.text()


def test_the_list_counts_a_filter_up_to_a_cap_and_still_fetches_everything(qtbot, window, monkeypatch):
    """A short filter matches nearly everything: the count stops at COUNT_CAP ("… of meer"), while
    scrolling still reaches every case (pages grow: 2, 2, 4 …)."""
    from bibob_desk.ui.case_list import CaseTableModel

    monkeypatch.setattr(CaseTableModel, "PAGE", 2)
    monkeypatch.setattr(CaseTableModel, "COUNT_CAP", 3)
    unlock(qtbot, window)
    widget, model = window.case_list, window.case_list.model
    assert model.rowCount() == 2 and model.total == 4  # unfiltered: the exact total
    assert widget.count.text() == "4 dossiers"
    widget.filter.setText("e")  # every demo case has an e
    widget.apply_filter_now()
    assert model.total == 3 and model.total_is_capped
    assert widget.count.text() == "3 of meer dossiers"
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 4
    widget.filter.setText("karimi")
    widget.apply_filter_now()
    assert model.rowCount() == 1 and not model.total_is_capped
    assert widget.count.text() == "1 dossier"
