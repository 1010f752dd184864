"""T23: a secret on the clipboard carries the hints for clipboard managers, leaves after its time
only when it is still ours, and leaves at lock."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from bibob_desk.ui.clipboard import SECRET_HINTS, copy_secret

BSN = "111222333"


def test_a_copied_secret_is_marked_and_cleared_after_its_time(qtbot):
    clipboard = QGuiApplication.clipboard()
    copy_secret(BSN, seconds=0)
    data = clipboard.mimeData()
    assert data.text() == BSN
    for kind, value in SECRET_HINTS.items():
        assert bytes(data.data(kind)) == value
    qtbot.waitUntil(lambda: clipboard.text() != BSN, timeout=5_000)
    assert clipboard.text() == ""


def test_something_the_user_copied_afterwards_is_left_alone(qtbot):
    clipboard = QGuiApplication.clipboard()
    copy_secret(BSN, seconds=0)
    clipboard.setText("eigen aantekening")  # before the timer fires
    done = []
    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, lambda: done.append(1))  # queued after the clear timer
    qtbot.waitUntil(lambda: bool(done), timeout=5_000)
    assert clipboard.text() == "eigen aantekening"


def test_lock_clears_a_secret_that_is_still_ours(qtbot, unlocked_window):
    clipboard = QGuiApplication.clipboard()
    copy_secret(BSN, seconds=600)
    unlocked_window.session.lock()
    assert clipboard.text() != BSN


def test_copying_a_bsn_from_the_editor_goes_through_the_secret_clipboard(qtbot):
    from PySide6.QtCore import Qt

    from bibob_desk.presentation.editing import FieldSpec, Kind
    from bibob_desk.ui.case_editor import FieldEditor

    editor = FieldEditor(FieldSpec("bsn", "BSN", Kind.TEXT), ())
    qtbot.addWidget(editor)
    editor.widget.setText(BSN)
    editor.widget.selectAll()
    qtbot.keyClick(editor.widget, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == BSN and bytes(data.data("x-kde-passwordManagerHint")) == b"secret"
    plain = FieldEditor(FieldSpec("name", "Naam", Kind.TEXT), ())  # an ordinary field copies as usual
    qtbot.addWidget(plain)
    plain.widget.setText("Noor Lounge")
    plain.widget.selectAll()
    qtbot.keyClick(plain.widget, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert not QGuiApplication.clipboard().mimeData().hasFormat("x-kde-passwordManagerHint")
