"""UI fixtures: a main window unlocked on the demo cases."""

from __future__ import annotations

import pytest

from bibob_desk.ui.main_window import MainWindow
from bibob_desk.ui.session import AppSession
from tests.conftest import ADMIN, PASSWORD


def unlocked_on(qtbot, app) -> MainWindow:
    """Close the prepared AppContext and unlock a real main window on its database."""
    path = app._store.path
    app.close()
    win = MainWindow(AppSession(path))
    qtbot.addWidget(win)
    win.show()
    win.unlock_page.username.setText(ADMIN)
    win.unlock_page.password.setText(PASSWORD)
    with qtbot.waitSignal(win.session.unlocked, timeout=60_000):  # a safety net on a busy machine
        win.unlock_page.button.click()
    return win


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
