"""Issue 17 in the window: the first unlock with a temporary password asks for the user's own, and an
older copy of the database is refused at the lock screen unless the user deliberately accepts it."""

from __future__ import annotations

import shutil

from bibob_desk.domain.enums import Role
from bibob_desk.ui.main_window import MainWindow
from bibob_desk.ui.session import AppSession
from tests.conftest import ADMIN, PASSWORD, TEMPORARY, add_user

OWN = "mijn eigen zin met een tulp"


def window_on(qtbot, path) -> MainWindow:
    win = MainWindow(AppSession(path))
    qtbot.addWidget(win)
    win.show()
    return win


def submit(qtbot, win, user, password, signal, *, own=""):
    page = win.unlock_page
    page.username.setText(user)
    page.password.setText(password)
    page.own.setText(own)
    page.repeat.setText(own)
    with qtbot.waitSignal(signal, timeout=15_000):
        page.button.click()


def test_a_temporary_password_asks_for_an_own_one_then_unlocks(qtbot, demo_app):
    path = demo_app._store.path
    add_user(demo_app, "vv", "Vergunning", Role.VERGUNNINGVERLENER, OWN)
    demo_app.close()
    win = window_on(qtbot, path)
    page = win.unlock_page
    assert page.form.isRowVisible(page.own) is False  # an ordinary unlock shows two fields
    submit(qtbot, win, "vv", TEMPORARY, win.session.own_password_needed)
    assert page.form.isRowVisible(page.own) and "tijdelijk wachtwoord" in page.message.text()
    assert page.password.text() == ""  # nothing typed is kept
    submit(qtbot, win, "vv", TEMPORARY, win.session.unlocked, own=OWN)
    assert win.session.context.users.current.username == "vv"
    win.session.lock()
    submit(qtbot, win, "vv", OWN, win.session.unlocked)  # his own password from now on


def test_an_older_copy_is_refused_at_the_lock_screen_unless_accepted(qtbot, demo_app, tmp_path):
    path = demo_app._store.path
    demo_app.close()
    saved = tmp_path / "kopie"
    shutil.copytree(path.parent, saved)
    win = window_on(qtbot, path)
    submit(qtbot, win, ADMIN, PASSWORD, win.session.unlocked)
    win.session.context.audit.verify()  # work after the copy was made: one more audit row
    win.session.lock()  # the user's anchor now names a later row than the copy has
    shutil.rmtree(path.parent)
    shutil.copytree(saved, path.parent)
    submit(qtbot, win, ADMIN, PASSWORD, win.session.older_copy_found)
    page = win.unlock_page
    assert "ouder dan bij uw vorige sessie" in page.message.text()
    assert page.form.isRowVisible(page.accept_older) and not page.accept_older.isChecked()
    page.accept_older.setChecked(True)
    submit(qtbot, win, ADMIN, PASSWORD, win.session.unlocked)
    entries = win.session.context.audit.entries(action="database.oudere_kopie")
    assert [e.action for e in entries][:2] == ["database.oudere_kopie_aanvaard", "database.oudere_kopie"]
