"""Issue 20: wherever a person reads, labels, never codes. Every tab of every sample case, the overview
dialogs and every export of the sample cases (workbook, memos and letters as PDF and Word) are read
back and searched for an internal code: an enum value or id in snake_case or SCREAMING_CASE, or a
UUID; on screen also for an ISO date (the UI writes DD-MM-JJJJ) and Qt's English. A code in a file
name, an address or the case exchange format is not in these texts."""

from __future__ import annotations

import re

import docx
import openpyxl
import pypdf
import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QListWidget,
    QTableView,
    QTableWidget,
    QTextBrowser,
    QTreeWidget,
    QWidget,
)

from bibob_desk.domain.errors import UserError
from tests.ui.conftest import inspect_dialog, open_case, wait_idle
from tests.ui.test_accessibility import DIALOGS

SAMPLES = ("H1", "H2", "V1", "V3")
CODE = re.compile(
    r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"  # a case or party id
    r"|\b[a-z]+(?:_[a-z0-9]+)+\b"  # mindere_mate, fiscale_boete
    r"|\b[A-Z]+(?:_[A-Z0-9]+)+\b"  # UNTIL_ADVICE
)


def _tree_texts(tree: QTreeWidget) -> list[str]:
    found: list[str] = []

    def walk(item) -> None:
        found.extend(item.text(c) for c in range(item.columnCount()))
        for i in range(item.childCount()):
            walk(item.child(i))

    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i))
    return found


def screen_texts(root: QWidget) -> list[str]:
    """The text of every visible label, button, list, table, tree and text view under `root`."""
    found: list[str] = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            found.append(w.text())
        elif isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            found += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, QTableWidget):
            found += [
                w.item(r, c).text()
                for r in range(w.rowCount())
                for c in range(w.columnCount())
                if w.item(r, c)
            ]
        elif isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            rows = min(model.rowCount(), 200)
            found += [
                str(model.index(r, c).data() or "") for r in range(rows) for c in range(model.columnCount())
            ]
        elif isinstance(w, QTreeWidget):
            found += _tree_texts(w)
        elif isinstance(w, QTextBrowser):
            found.append(w.toPlainText())
    return found


QT_ENGLISH = re.compile(r"\b(Cancel|Save|Look in|File name|Files of type|Yes|No|Close|Apply|Folder)\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")  # the UI writes DD-MM-JJJJ (ISO only in JSON)


def _codes(texts: list[str], where: str, into: dict[str, set[str]], *, dates: bool = False) -> None:
    for text in texts:
        on_screen = ISO_DATE.findall(text or "") + QT_ENGLISH.findall(text or "") if dates else []
        for code in CODE.findall(text or "") + on_screen:
            into.setdefault(code, set()).add(where)


def test_no_screen_of_a_sample_case_shows_a_code(qtbot, unlocked_window):
    win = unlocked_window
    found: dict[str, set[str]] = {}
    tabs = win.case_panel.tabs
    for reference in SAMPLES:
        open_case(win, reference, qtbot)
        win.case_panel.risk.rescore_requested.emit()
        wait_idle(qtbot, win)
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            wait_idle(qtbot, win)
            _codes(screen_texts(win), f"{reference}/{tabs.tabText(index)}", found, dates=True)
    for action in ("deadlines", "audit"):
        win.registry.actions[action].trigger()
        wait_idle(qtbot, win)
        dialog = win.files.dialog if action == "deadlines" else win.admin_actions.dialog
        _codes(screen_texts(dialog), action, found, dates=True)
        dialog.close()
    assert found == {}
    assert len(screen_texts(win)) > 20  # the probe reads something


def test_no_export_of_a_sample_case_shows_a_code(demo_app, tmp_path):
    found: dict[str, set[str]] = {}
    ids = {reference: demo_app.cases.id_of(reference) for reference in SAMPLES}
    for case_id in ids.values():
        demo_app.risk.score(case_id)
    book = tmp_path / "dossiers.xlsx"
    demo_app.exports.workbook(None, book, profile="volledig")
    for sheet in openpyxl.load_workbook(book).worksheets:
        cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
        _codes(cells, f"Excel/{sheet.title}", found)
    made = 0
    for reference, case_id in ids.items():
        for kind, _label in demo_app.exports.memo_kinds():
            pdf, word = tmp_path / f"{reference}-{kind}.pdf", tmp_path / f"{reference}-{kind}.docx"
            try:
                demo_app.exports.memo(case_id, kind, pdf)
                demo_app.exports.word(case_id, kind, word)
            except UserError:  # a document that does not fit this case's track (a Dutch refusal)
                continue
            made += 1
            text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
            _codes([text], f"PDF/{reference}/{kind}", found)
            letter = docx.Document(str(word))
            _codes([p.text for p in letter.paragraphs], f"Word/{reference}/{kind}", found)
    assert made >= len(SAMPLES)  # each sample case has documents of its own track
    assert found == {}


@pytest.mark.parametrize("action", [a for a in DIALOGS if a != "manual"])  # the manual names settings
def test_no_dialog_of_the_menus_shows_english_or_a_code(qtbot, unlocked_window, action):
    open_case(unlocked_window, "H2", qtbot)
    found: dict[str, set[str]] = {}
    seen = inspect_dialog(qtbot, unlocked_window, action, screen_texts)
    _codes(seen["seen"], action, found, dates=True)
    assert found == {}, seen["title"]
