"""Exports and attachments from the real window: memo with preview, LBB package, Excel of a
selection, the attachments tab and intake dialog; files are read back."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel

from tests.ui.conftest import open_case, wait_idle


def test_memo_dialog_previews_page_one_and_writes_the_pdf(qtbot, unlocked_window, tmp_path):
    win = unlocked_window
    open_case(win, "H2")
    win.memo_action.trigger()
    dialog = win.export_actions.dialog
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("voornemen"))
    assert dialog.path.text().endswith("H2-voornemen.pdf")
    dialog.show_preview()
    wait_idle(qtbot, win)
    picture = dialog.image.pixmap().toImage()
    assert picture.width() == 500 and picture.height() > 600
    dark = sum(
        1
        for x in range(0, picture.width(), 7)
        for y in range(0, picture.height(), 7)
        if picture.pixelColor(x, y).value() < 128
    )
    assert dark > 50  # text, not a blank page
    target = tmp_path / "H2-voornemen.pdf"
    dialog.path.setText(str(target))
    opened = []
    dialog.opener = opened.append
    dialog._accept()
    wait_idle(qtbot, win)
    text = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    assert "H2" in text and "zienswijze" in text.lower()
    done = dialog.done_box
    open_button = next(b for b in done.buttons() if b.text() == "Map openen")
    open_button.click()
    assert opened == [tmp_path]


def test_the_memo_dialog_makes_a_letter_for_a_derde_with_only_that_party(qtbot, unlocked_window, tmp_path):
    win = unlocked_window
    open_case(win, "H2")
    win.session.context.settings.set("vier_ogen_besluiten", "UIT")
    win.memo_action.trigger()
    dialog = win.export_actions.dialog
    qtbot.addWidget(dialog)
    assert not dialog.party.isVisibleTo(dialog)  # only for a derde
    dialog.recipient.setCurrentIndex(dialog.recipient.findData("derde"))
    assert dialog.party.isVisibleTo(dialog) and dialog.your_reference.isVisibleTo(dialog)
    dialog.party.setCurrentIndex(dialog.party.findText("M. Karimi"))
    dialog.your_reference.setText("UW-123")
    dialog.kind.setCurrentIndex(dialog.kind.findData("voornemen"))
    target = tmp_path / "brief.pdf"
    dialog.path.setText(str(target))
    dialog.opener = lambda _folder: None
    dialog._accept()
    wait_idle(qtbot, win)
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "M. Karimi" in text and "UW-123" in text and "Hoogachtend" in text
    assert "Noor Lounge" not in text and "R. Amrani" not in text  # nobody else's data (art. 28 lid 3)
    assert "Logboekanker" not in text and "pagina 1 van" in text


def test_package_dialog_refuses_h1_with_a_dutch_reason_and_builds_v3_encrypted(
    qtbot, unlocked_window, tmp_path
):
    win = unlocked_window
    open_case(win, "H1")
    win.package_action.trigger()
    dialog = win.export_actions.dialog
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "h1.zip"))
    dialog._accept()
    wait_idle(qtbot, win)
    assert "eigen onderzoek" in dialog.error.text() and not (tmp_path / "h1.zip").exists()
    dialog.reject()
    open_case(win, "V3")
    win.package_action.trigger()
    dialog = win.export_actions.dialog
    qtbot.addWidget(dialog)
    assert dialog.encrypt.isChecked()
    dialog.path.setText(str(tmp_path / "v3.zip"))
    dialog._accept()
    wait_idle(qtbot, win)
    assert dialog.result_info.password and dialog.result_info.password in dialog.done_box.text()
    assert zipfile.ZipFile(tmp_path / "v3.zip").namelist()  # readable directory, encrypted entries
    assert "7-Zip" in dialog.done_box.text()
    from PySide6.QtGui import QGuiApplication

    from bibob_desk.ui.clipboard import copy_secret

    copy = next(b for b in dialog.done_box.buttons() if b.text() == "Wachtwoord kopiëren")
    copy.click()
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == dialog.result_info.password and dialog.done_box.isVisible()
    copy_secret(dialog.result_info.password, seconds=0)  # the 30-second clean-up, without waiting
    qtbot.waitUntil(lambda: clipboard.text() != dialog.result_info.password, timeout=5000)


def test_workbook_of_a_selection(qtbot, unlocked_window, tmp_path):
    win = unlocked_window
    table, model = win.case_list.table, win.case_list.model
    selection = table.selectionModel()
    chosen = [r for r in range(model.rowCount()) if model.index(r, 0).data() in ("H2", "V1")]
    for row in chosen:
        selection.select(
            model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    assert len(win.case_list.selected_case_ids()) == 2
    win.workbook_action.trigger()
    dialog = win.export_actions.dialog
    qtbot.addWidget(dialog)
    assert dialog.profile.count() == 2  # beheerder may choose volledig
    target = tmp_path / "selectie.xlsx"
    dialog.path.setText(str(target))
    dialog._accept()
    wait_idle(qtbot, win)
    refs = [r[0] for r in openpyxl.load_workbook(target)["Dossiers"].iter_rows(min_row=2, values_only=True)]
    assert sorted(refs) == ["H2", "V1"]


def test_attachments_tab_and_intake_dialog(qtbot, unlocked_window, tmp_path):
    win = unlocked_window
    open_case(win, "V1")
    panel = win.case_panel.attachments
    assert "ontbreken" in panel.summary.text() and panel.checklist.rowCount() >= 5
    good = tmp_path / "koop.pdf"
    good.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    win.attach_action.trigger()
    dialog = win.export_actions.dialog
    qtbot.addWidget(dialog)
    dialog.path.setText(str(good))
    dialog.kind.setCurrentIndex(dialog.kind.findData("koopovereenkomst"))
    dialog._accept()
    wait_idle(qtbot, win)
    assert panel.files.rowCount() == 1 and panel.files.item(0, 4).text() == "geaccepteerd"
    statuses = [panel.checklist.item(r, 2).text() for r in range(panel.checklist.rowCount())]
    assert "1 ontvangen" in statuses
    bad = tmp_path / "akte.pdf.exe"
    bad.write_bytes(b"MZ" + b"\0" * 32)
    win.attach_action.trigger()
    dialog = win.export_actions.dialog
    qtbot.addWidget(dialog)
    dialog.path.setText(str(bad))
    dialog._accept()
    wait_idle(qtbot, win)
    assert dialog.isVisible() and "Geweigerd" in dialog.error.text()
    assert panel.files.rowCount() == 1
    manifest_case = win.session.context.attachments.attachments(win.case_view.current_case_id)
    assert json.dumps([a.status for a in manifest_case]) == '["geaccepteerd"]'


def test_backup_from_the_beheer_menu_and_its_age_in_the_status_bar(qtbot, unlocked_window, tmp_path):
    win = unlocked_window
    assert win.backup_age.text() == "Nog geen back-up gemaakt"
    target = tmp_path / "backup.zip"
    win.export_actions.ask_save_path = lambda suggestion: str(target)
    opened = []
    win.export_actions.opener = opened.append
    win.backup_action.trigger()
    wait_idle(qtbot, win)
    assert zipfile.ZipFile(target).namelist()
    assert win.backup_age.text() == "Laatste back-up: vandaag"
    next(b for b in win.export_actions.done_message.buttons() if b.text() == "Map openen").click()
    assert opened == [tmp_path]


def test_approve_action_records_an_approval_for_the_open_case(qtbot, unlocked_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    win = unlocked_window
    open_case(win, "V3")
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    win.export_actions.ask_decision = lambda: "voorschriften"
    seen = []
    win.export_actions.confirm_approval = lambda lines: seen.append(lines) or False  # first: Annuleren
    win.approve_action.trigger()
    assert not shown and not win.session.context.audit.entries(action="besluit.goedgekeurd")
    assert "Dossier: V3" in seen[0] and any(
        line.startswith("Vingerafdruk van deze inhoud:") for line in seen[0]
    )
    win.export_actions.confirm_approval = lambda lines: True
    win.approve_action.trigger()
    assert shown and "goedgekeurd" in shown[0]
    rows = win.session.context.audit.entries(action="besluit.goedgekeurd")
    assert [r.action for r in rows] == ["besluit.goedgekeurd.voorschriften"]


def test_audit_viewer_filters_verifies_and_exports_csv_without_formulas(qtbot, unlocked_window, tmp_path):
    import csv

    win = unlocked_window
    ctx = win.session.context
    ctx.exports.workbook(None, tmp_path / "x.xlsx")
    win.audit_action.trigger()
    dialog = win.admin_actions.dialog  # a child of the window: closed with it
    dialog.action.setText("export")
    dialog.reload()
    actions = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
    assert actions == ["export: excel basis"]  # the stored action, in words (its tooltip: as stored)
    dialog.verify()
    assert "intact" in dialog.status.text()
    dialog.action.setText("")
    dialog.export(tmp_path / "logboek.csv")
    with open(tmp_path / "logboek.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][0] == "volgnummer" and len(rows) > 5
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row[1:])
    assert "export.logboek.csv" in [e.action for e in ctx.audit.entries(action="export")]


def test_csv_safe_prefixes_formula_starters():
    from bibob_desk.services.exports import csv_safe

    assert [csv_safe(v) for v in ("=1+1", "+31", "-5", "@A", "\tx", "\rx", "gewoon")] == [
        "'=1+1",
        "'+31",
        "'-5",
        "'@A",
        "'\tx",
        "'\rx",
        "gewoon",
    ]


def test_attachments_open_inside_the_app_and_are_withdrawn_struck_through(qtbot, unlocked_window):
    from reportlab.pdfgen import canvas

    from bibob_desk.ui.attachment_viewer import AttachmentViewer

    win = unlocked_window
    open_case(win, "V1")
    ctx = win.session.context
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Koopovereenkomst")
    page.showPage()
    page.drawString(72, 720, "Bijlage 2")
    page.save()
    ctx.attachments.add(ctx.cases.id_of("V1"), "koop.pdf", buffer.getvalue(), type_id="koopovereenkomst")
    panel = win.case_panel.attachments
    assert panel.files.rowCount() == 1
    panel.files.setCurrentCell(0, 0)
    panel.open_button.click()
    wait_idle(qtbot, win)
    viewer = win.export_actions.dialog
    assert isinstance(viewer, AttachmentViewer) and len(viewer.pages) == 2
    assert not viewer.pages[0].pixmap().isNull()
    viewer.close()
    win.export_actions.ask_reason = lambda _question: "verkeerd dossier"
    panel.withdraw_button.click()
    assert panel.files.item(0, 4).text() == "ingetrokken" and panel.files.item(0, 0).font().strikeOut()
    assert panel.files.item(0, 5).text() == "ingetrokken door beheerder: verkeerd dossier"


def test_the_jurist_edits_the_texts_of_a_document_from_the_memo_dialog(qtbot, unlocked_window):
    win = unlocked_window
    open_case(win, "H2")
    win.memo_action.trigger()
    dialog = win.export_actions.dialog
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("weigering"))
    dialog.texts_button.click()
    texts = win.export_actions.texts_dialog
    qtbot.addWidget(texts)
    motivation = texts.editors["Motivering"]
    assert motivation.toPlainText().startswith("Conclusie over de mate van gevaar")  # from the assessment
    motivation.setPlainText("Eigen motivering van de jurist.")
    texts.reason.setText("motivering aangescherpt")
    texts._save()
    assert not texts.isVisible() and not texts.error.text()
    case = win.session.context.cases.open_case(win.selection.case_id)
    assert [(t.document, t.section, t.text) for t in case.document_texts] == [
        ("weigering", "Motivering", "Eigen motivering van de jurist.")
    ]


def test_the_memo_dialog_writes_the_letter_as_a_word_file(qtbot, unlocked_window, tmp_path):
    from docx import Document

    win = unlocked_window
    open_case(win, "H2")
    win.memo_action.trigger()
    dialog = win.export_actions.dialog
    qtbot.addWidget(dialog)
    dialog.recipient.setCurrentIndex(dialog.recipient.findData("betrokkene"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("voornemen"))
    dialog.word.setChecked(True)
    assert dialog.path.text().endswith("H2-voornemen.docx")
    target = tmp_path / "H2-voornemen.docx"
    dialog.path.setText(str(target))
    dialog.opener = lambda _folder: None
    dialog._accept()
    wait_idle(qtbot, win)
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "Voornemen tot weigering" in text and "Ons kenmerk: H2" in text and "zienswijze" in text.lower()
