"""Issue 20 (EN 301 549 / WCAG 2.1 AA): every control a user can reach has a name that a screen reader
reads (through Qt's accessibility interface, so a buddy label counts), is reachable with Tab, and text
on coloured backgrounds has a contrast of at least 4.5:1; colour is never the only signal."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QWidget

from bibob_desk.paths import resources_dir
from bibob_desk.presentation import edit_sections
from bibob_desk.presentation.contrast import AA, DARK, ratio, text_on
from bibob_desk.risk.catalogue import load_catalogue
from bibob_desk.ui.graph_view import FILL, TEXT
from bibob_desk.ui.timeline_panel import STATUS_COLOURS
from tests.ui.conftest import inspect_dialog, open_case

# the menu actions that open a dialog in a file database (the team-only ones are hidden there)
DIALOGS = (
    "new_case", "deadlines", "assign", "close_case", "shield", "memo", "package", "workbook", "attach",
    "add_user", "confirm", "audit", "signals", "scan", "password", "approve", "backup", "restore",
    "import", "manual", "about",
)  # fmt: skip


def _name(widget: QWidget) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name).strip() if face is not None else ""


def _controls(root: QWidget) -> list[QWidget]:
    """What a user can put the focus on (labels and Qt's own parts of a spin box left out)."""
    return [
        w
        for w in root.findChildren(QWidget)
        if w.isVisibleTo(root)
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not isinstance(w, QLabel)
        and not isinstance(w.parent(), QAbstractSpinBox)
    ]


def _unnamed(root: QWidget) -> list[str]:
    return [
        f"{type(w).__name__} {w.objectName()!r} in {type(w.parent()).__name__}"
        for w in _controls(root)
        if not _name(w)
    ]


def _untabbable(root: QWidget) -> list[str]:
    return [
        f"{type(w).__name__} {_name(w)!r}"
        for w in _controls(root)
        if not (w.focusPolicy() & Qt.FocusPolicy.TabFocus)
    ]


def test_every_control_of_every_tab_and_editor_section_has_a_name_and_takes_tab(qtbot, unlocked_window):
    win = unlocked_window
    open_case(win, "H2", qtbot)
    unnamed, untabbable = set(), set()
    tabs = win.case_panel.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        unnamed |= {f"{tabs.tabText(index)}: {w}" for w in _unnamed(win)}
        untabbable |= {f"{tabs.tabText(index)}: {w}" for w in _untabbable(win)}
    win.case_actions.edit()
    for section in edit_sections.SECTIONS:
        win.case_panel.editor.show_section(section.id)
        unnamed |= {f"Bewerken/{section.id}: {w}" for w in _unnamed(win)}
        untabbable |= {f"Bewerken/{section.id}: {w}" for w in _untabbable(win)}
    assert sorted(unnamed) == []
    assert sorted(untabbable) == []


@pytest.mark.parametrize("action", DIALOGS)
def test_every_control_of_the_menus_dialogs_has_a_name(qtbot, unlocked_window, action):
    open_case(unlocked_window, "H2", qtbot)
    found = inspect_dialog(qtbot, unlocked_window, action, lambda d: (_unnamed(d), _untabbable(d)))
    assert found["title"]
    assert found["seen"] == ([], []), found["title"]


def test_text_on_the_band_and_term_colours_has_aa_contrast():
    catalogue = load_catalogue(resources_dir() / "indicators" / "bibob-indicatoren-v1.yaml")
    colours = {b.name: b.colour for b in catalogue.bands}
    assert len(colours) == 4
    for band, colour in colours.items():
        assert ratio(text_on(colour), colour) >= AA, band
    for status, colour in STATUS_COLOURS.items():  # the Termijnen rows: dark text
        assert ratio(DARK, colour) >= AA, status
    for kind, colour in FILL.items():  # the relation graph's boxes
        assert ratio(TEXT.get(kind, DARK), colour) >= AA, kind


def test_colour_is_never_the_only_signal(qtbot, unlocked_window):
    """The band badge and the term rows say in words what their colour shows."""
    win = unlocked_window
    open_case(win, "H2", qtbot)
    win.case_panel.risk.rescore_requested.emit()
    qtbot.waitUntil(lambda: win.case_panel.risk.badge.text() != "—", timeout=20_000)
    risk = win.case_panel.risk
    band = risk.badge.text().split()[0]
    assert band in {"GROEN", "GEEL", "ORANJE", "ROOD"}
    background = risk.colours[band]
    assert f"color: {text_on(background)};" in risk.badge.styleSheet()  # the badge as drawn
    deadlines = win.case_panel.timeline.deadlines
    statuses = [deadlines.item(r, 3).text() for r in range(deadlines.rowCount())]
    assert statuses and all(s.strip() for s in statuses)
