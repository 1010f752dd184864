"""UI fixtures: a main window unlocked on the demo cases."""

from __future__ import annotations

import pytest

from bibob_desk.ui.main_window import MainWindow
from bibob_desk.ui.session import AppSession
from tests.conftest import ADMIN, PASSWORD


@pytest.fixture(autouse=True, scope="session")
def dutch_qt(qapp):
    """Qt's own words in Dutch, as `bibob-desk` installs them at start-up (ui/app.load_fonts)."""
    from bibob_desk.ui.app import load_dutch

    load_dutch(qapp)


def signed_in(qtbot, where, username: str, password: str) -> MainWindow:
    """A real main window on `where` (a file path or a TeamAddress), unlocked through its page."""
    win = MainWindow(AppSession(where))
    qtbot.addWidget(win)
    win.show()
    win.unlock_page.username.setText(username)
    win.unlock_page.password.setText(password)
    with qtbot.waitSignal(win.session.unlocked, timeout=60_000):  # a safety net on a busy machine
        win.unlock_page.button.click()
    return win


def unlocked_on(qtbot, app) -> MainWindow:
    """Close the prepared AppContext and unlock a real main window on its database."""
    path = app._store.path
    app.close()
    return signed_in(qtbot, path, ADMIN, PASSWORD)


@pytest.fixture
def unlocked_window(qtbot, demo_app):
    return unlocked_on(qtbot, demo_app)


def wait_idle(qtbot, window, timeout=15_000):
    """Until the runner has delivered every result (work runs off the GUI thread)."""
    qtbot.waitUntil(lambda: not window.session.runner.busy, timeout=timeout)


def open_case(window, reference, qtbot=None):
    model = window.case_list.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == reference)
    window.case_list._on_table_activated(model.index(row, 0))
    if qtbot is not None:
        wait_idle(qtbot, window)


def answer_conflict(button: str) -> dict:
    """Click `button` (keepMine, keepTheirs, backToInput) in the conflict dialog the next save opens;
    the returned dict then holds what the dialog showed (its field rows and the colleague's lines)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QPushButton

    seen: dict = {}

    def click() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if w.objectName() == "conflictDialog"]
        dialog = next((d for d in dialogs if d.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, click)  # exec() has not shown it yet
            return
        fields, theirs = dialog.fields, dialog.theirs
        seen["title"] = dialog.windowTitle()
        seen["fields"] = [
            [fields.topLevelItem(r).text(c) for c in range(4)] for r in range(fields.topLevelItemCount())
        ]
        seen["bold"] = [fields.topLevelItem(r).font(0).bold() for r in range(fields.topLevelItemCount())]
        seen["theirs"] = [theirs.topLevelItem(r).text(0) for r in range(theirs.topLevelItemCount())]
        dialog.findChild(QPushButton, button).click()

    QTimer.singleShot(0, click)
    return seen


def inspect_dialog(qtbot, window, action: str, look) -> dict:
    """Trigger the menu action, call `look(dialog)` on the dialog it opens (modal or not) and close
    it; returns {'title': …, 'seen': what look returned}."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    seen: dict = {}

    def sweep() -> None:
        if seen.get("stop"):
            return
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible() and w is not window
        ]
        if not shown:  # exec() or the runner has not shown it yet
            QTimer.singleShot(20, sweep)
            return
        dialog = shown[0]
        seen.update(title=dialog.windowTitle(), seen=look(dialog))
        dialog.reject()

    QTimer.singleShot(0, sweep)
    window.registry.actions[action].trigger()
    try:
        qtbot.waitUntil(lambda: "title" in seen, timeout=20_000)
    finally:
        seen["stop"] = True
    return seen
