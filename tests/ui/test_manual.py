"""Issue 20: Help → Handleiding shows docs/handleiding.md inside the app, its screenshots included; F1
opens it at the part about the screen in front."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from bibob_desk.ui.manual import SCREENS
from tests.ui.conftest import open_case


def _heading(window) -> str:
    manual = window.files.manual_window
    assert manual is not None and manual.isVisible()
    return manual.current_heading()


def test_f1_opens_the_manual_at_the_part_about_the_tab_in_front(qtbot, unlocked_window):
    win = unlocked_window
    action = win.registry.actions["manual"]
    assert action.shortcut().toString() == "F1" and action.isEnabled()
    action.trigger()
    assert _heading(win) == SCREENS["Lijst"]
    open_case(win, "H1", qtbot)
    tabs = win.case_panel.tabs
    for name in ("Termijnen", "Risico", "Bijlagen"):
        tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == name))
        action.trigger()
        assert _heading(win) == SCREENS[name]
    manual = win.files.manual_window
    picture = manual.browser.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl("img/team-inchecken.png")
    )
    assert picture is not None and not picture.isNull()  # the screenshots come along


def test_every_screen_has_a_part_in_the_manual(qtbot, unlocked_window):
    unlocked_window.registry.actions["manual"].trigger()
    manual = unlocked_window.files.manual_window
    missing = [screen for screen, heading in SCREENS.items() if not manual.show_section(heading)]
    assert missing == []
    assert not manual.show_section("Een hoofdstuk dat er niet is")


def test_the_manual_searches_and_says_when_nothing_is_found(qtbot, unlocked_window):
    unlocked_window.registry.actions["manual"].trigger()
    manual = unlocked_window.files.manual_window
    manual.search.setText("herstelsleutel")
    manual.find_next()
    assert manual.browser.textCursor().selectedText().lower() == "herstelsleutel"
    assert manual.not_found.text() == ""
    manual.search.setText("xylofoonquiz")
    manual.find_next()
    assert manual.not_found.text() == "niet gevonden"


def test_on_the_lock_screen_f1_explains_unlocking(qtbot, unlocked_window):
    unlocked_window.session.lock()
    qtbot.waitUntil(lambda: unlocked_window.pages.currentWidget() is unlocked_window.unlock_page)
    unlocked_window.registry.actions["manual"].trigger()
    assert _heading(unlocked_window) == "Ontgrendelen"
