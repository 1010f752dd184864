"""Issue 20: readable at a glance. The list's headers are never clipped, a long cell is elided with
the whole text in its tooltip, and typing in the filter does not make the columns jump."""

from __future__ import annotations

from PySide6.QtCore import Qt

from bibob_desk.ui.widgets import HEADER_PADDING, MAX_COLUMN


def test_headers_whole_cells_with_tooltips_and_columns_that_stay_put(qtbot, unlocked_window):
    listing = unlocked_window.case_list
    table, model = listing.table, listing.model
    metrics = table.horizontalHeader().fontMetrics()
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        assert table.columnWidth(column) >= metrics.horizontalAdvance(title) + HEADER_PADDING - 1, title
        assert table.columnWidth(column) <= MAX_COLUMN
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()
    widths = [table.columnWidth(c) for c in range(model.columnCount())]
    for typed in ("V", "V3", "", "Amrani"):
        listing.filter.setText(typed)
        listing.apply_filter_now()
        assert [table.columnWidth(c) for c in range(model.columnCount())] == widths


def test_no_word_of_a_table_header_in_the_dossier_tab_is_broken(qtbot, unlocked_window):
    from PySide6.QtGui import QTextTable

    from tests.ui.conftest import open_case

    win = unlocked_window
    win.resize(1280, 800)
    open_case(win, "H2", qtbot)
    view = win.case_panel.view
    win.case_panel.tabs.setCurrentWidget(win.case_panel.tabs.widget(1))
    document = view.document()
    document.setTextWidth(view.viewport().width())
    broken, headers = [], 0
    for frame in document.rootFrame().childFrames():
        if not isinstance(frame, QTextTable):
            continue
        for column in range(frame.columns()):
            block = frame.cellAt(0, column).firstCursorPosition().block()
            if " " not in block.text():
                headers += 1
                if block.layout().lineCount() > 1:
                    broken.append(block.text())
    assert headers > 10 and broken == []


def _clipped_headers(root) -> list[str]:
    """Visible table headers narrower than their title."""
    from PySide6.QtWidgets import QTableView

    from bibob_desk.ui.widgets import header_width

    clipped = []
    for view in root.findChildren(QTableView):
        if not view.isVisibleTo(root) or view.model() is None:
            continue
        header = view.horizontalHeader()
        for column in range(view.model().columnCount()):
            stretched = header.stretchLastSection() and column == view.model().columnCount() - 1
            if not header.isSectionHidden(column) and not stretched:
                if view.columnWidth(column) < header_width(view, column) - 1:
                    clipped.append(str(view.model().headerData(column, Qt.Orientation.Horizontal)))
    return clipped


def test_no_table_header_is_clipped_on_any_tab_or_in_the_menus_dialogs(qtbot, unlocked_window):
    from tests.ui.conftest import inspect_dialog, open_case
    from tests.ui.test_accessibility import DIALOGS

    win = unlocked_window
    open_case(win, "H2", qtbot)
    clipped: dict[str, list[str]] = {}
    tabs = win.case_panel.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        if found := _clipped_headers(win):
            clipped[tabs.tabText(index)] = found
    for action in DIALOGS:
        seen = inspect_dialog(qtbot, win, action, _clipped_headers)
        if seen["seen"]:
            clipped[action] = seen["seen"]
    assert clipped == {}
