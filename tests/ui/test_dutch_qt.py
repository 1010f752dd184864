"""Issue 20: Qt's own dialogs speak Dutch: the standard buttons (the Cancel of the approval and judgement
dialogs), the file dialog's labels, dates in the Dutch notation."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QFileInfo, QLocale
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QFileIconProvider, QLabel, QMessageBox

from bibob_desk.paths import docs_dir
from bibob_desk.ui.app import load_dutch


def test_qts_standard_buttons_and_file_dialog_are_dutch(qapp, qtbot):
    assert load_dutch(qapp)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Save
        | QDialogButtonBox.StandardButton.Close
    )
    qtbot.addWidget(buttons)
    shown = {b.text().replace("&", "") for b in buttons.buttons()}
    assert shown == {"OK", "Annuleren", "Opslaan", "Sluiten"}
    box = QMessageBox(
        QMessageBox.Icon.Question, "x", "y", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
    qtbot.addWidget(box)
    assert {b.text().replace("&", "") for b in box.buttons()} == {"Ja", "Nee"}

    dialog = QFileDialog(None, "Opslaan als")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.text().replace("&", "") for label in dialog.findChildren(QLabel) if label.text()}
    assert "Zoeken in:" in labels and "Bestandsnaam:" in labels, labels
    assert not {"Look in:", "File name:", "Files of type:"} & labels
    assert QFileIconProvider().type(QFileInfo(str(docs_dir()))) == "Map"  # the Type column: not "Folder"


def test_dates_follow_the_dutch_notation(qapp):
    load_dutch(qapp)
    day = QDate(date(2026, 3, 9))
    assert QLocale().toString(day, QLocale.FormatType.LongFormat) == "maandag 9 maart 2026"
