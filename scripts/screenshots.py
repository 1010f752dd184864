"""Make the screenshots of docs/handleiding.md from the real app (offscreen, demo data).

Run: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from bibob_desk.bootstrap import CHEAP_TEST_KDF, create_app  # noqa: E402
from bibob_desk.domain.enums import Bestuursorgaan, PartyKind, PermitKind, ProcedureKind  # noqa: E402
from bibob_desk.paths import demo_case_files  # noqa: E402
from bibob_desk.ui.app import create_main_window, load_fonts  # noqa: E402
from bibob_desk.ui.new_case_dialog import NewCaseDialog  # noqa: E402

PASSWORD = "oefendossier tulp fiets 2025"  # noqa: S105 - the documented demo password
OUT = ROOT / "docs" / "img"


def wait(app: QApplication, condition: Callable[[], bool], seconds: float = 15) -> None:
    deadline = time.time() + seconds
    while not condition():
        if time.time() > deadline:
            raise SystemExit("timeout")
        app.processEvents()
        time.sleep(0.02)


def settle(app: QApplication, window: object) -> None:
    """Until the runner has delivered every result (work runs off the GUI thread)."""
    wait(app, lambda: not window.session.runner.busy)
    app.processEvents()


def shoot_progress(app: QApplication, window: object) -> None:
    """Beheer → Alle dossiers opnieuw beoordelen: progress and 'Annuleren' in the status bar."""
    shots: list[object] = []

    def grab(_op: object, done: int, _total: int) -> None:
        if not shots:  # the first report (a batch of 100 cases: the four demo cases are one)
            shots.append(window.grab())

    window.session.runner.progressed.connect(grab)
    window.score_all_action.trigger()
    settle(app, window)
    window.session.runner.progressed.disconnect(grab)
    picture = shots[0]
    picture.copy(0, picture.height() - 60, picture.width(), 60).save(str(OUT / "voortgang.png"))


def shoot_history(app: QApplication, window: object) -> None:
    """Tab Geschiedenis of H2 after a correction with a reason (bibob-desk case set does the same)."""
    ctx = window.session.context
    case_id = ctx.cases.id_of("H2")
    window.case_list.filter.setText("H2")
    window.case_list.apply_filter_now()
    window.case_actions.open_case(case_id)
    ctx.revisions.edit(
        case_id,
        [{"op": "replace", "path": "/parties/1/name", "value": "R. Amrani-Bakker"}],
        "naam verkeerd gespeld; zo staat hij in het KvK-uittreksel",
    )
    window.case_panel.tabs.setCurrentWidget(window.case_panel.history)
    settle(app, window)
    window.grab().save(str(OUT / "geschiedenis.png"))


def shoot_timeline(app: QApplication, window: object) -> None:
    """Tab Termijnen of V3 and the deadlines overview across cases."""
    window.case_list.filter.setText("V3")
    window.case_list.apply_filter_now()
    window.case_actions.open_case(window.session.context.cases.summaries("V3")[0].id)
    window.case_panel.tabs.setCurrentWidget(window.case_panel.timeline)
    settle(app, window)
    window.grab().save(str(OUT / "termijnen.png"))
    window.files.show_deadlines()
    settle(app, window)
    window.files.dialog.grab().save(str(OUT / "termijnen-overzicht.png"))
    window.files.dialog.close()


def shoot_dossier(app: QApplication, window: object) -> None:
    """The Dossier tab of each public sample case, top and bottom (every section of the case file)."""
    for reference in ("H1", "H2", "V1", "V3"):
        window.case_list.filter.setText(reference)
        window.case_list.apply_filter_now()
        window.case_actions.open_case(window.session.context.cases.id_of(reference))
        window.case_panel.tabs.setCurrentIndex(1)
        settle(app, window)
        view = window.case_view
        view.verticalScrollBar().setValue(0)
        app.processEvents()
        window.grab().save(str(OUT / f"dossier-{reference}.png"))
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
        app.processEvents()
        window.grab().save(str(OUT / f"dossier-{reference}-einde.png"))


EDITOR_SHOTS = (
    ("dossier", None),
    ("partijen", "R. Amrani"),
    ("relaties", None),
    ("financiering", None),
    ("panden", None),
    ("antecedenten", None),
    ("bronnen", None),
    ("lbb", None),
    ("zienswijzen", None),
    ("beoordeling", None),
    ("besluit", None),
    ("voorschriften", None),
)


def shoot_team(app: QApplication, window: object) -> None:
    """Issue 19: the unlock page of a team database (no server needed to show it) and the conflict
    dialog of a save that another session made stale (the same dialog as on a team database)."""
    from PySide6.QtCore import QTimer

    from bibob_desk.bootstrap import AppContext

    team = create_main_window("postgresql://bibob.gemeente.nl/zaandam")
    team.resize(1280, 780)
    team.show()
    team.unlock_page.username.setText("jjansen")
    app.processEvents()
    team.grab().save(str(OUT / "team-aanmelden.png"))
    team.close()
    ctx = window.session.context
    case_id = ctx.cases.id_of("H2")
    window.case_actions.open_case(case_id)
    window.case_actions.edit()
    editor = window.case_panel.editor
    editor.show_section("dossier")
    editor.editors["title"].widget.setText("Shishalounge, aanvraag exploitatievergunning")
    editor.reason.setText("omschrijving aangevuld")
    other = AppContext.around(ctx._store)  # a colleague's save, which this window has not seen
    change = [{"op": "replace", "path": "/title", "value": "Shishalounge met terras"}]
    other.revisions.edit(case_id, change, "terras toegevoegd")

    def grab() -> None:
        dialog = next((w for w in app.topLevelWidgets() if w.objectName() == "conflictDialog"), None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, grab)
            return
        app.processEvents()
        dialog.grab().save(str(OUT / "team-conflict.png"))
        dialog.back_button.click()

    QTimer.singleShot(0, grab)
    editor.save()
    editor.discard()


def shoot_editors(app: QApplication, window: object) -> None:
    """Tab Bewerken of H2: one picture per editor (bewerken-<onderdeel>.png), the party editor with
    an inline error, the list filters, assign and close, and the form compared with the dossier."""
    ctx = window.session.context
    window.case_list.filter.setText("H2")
    window.case_list.apply_filter_now()
    window.case_actions.open_case(ctx.cases.id_of("H2"))
    window.case_actions.edit()
    editor = window.case_panel.editor
    for section_id, row_text in EDITOR_SHOTS:
        editor.discard()
        editor.show_section(section_id)
        if row_text:
            rows = editor.items
            row = next(r for r in range(rows.rowCount()) if rows.item(r, 0).text().startswith(row_text))
            rows.setCurrentCell(row, 0)
            editor.editors["bsn"].widget.setText("123456780")
            editor.editors["bsn"].widget.setFocus()
        elif editor.section.many and editor.items.rowCount():
            editor.items.setCurrentCell(0, 0)
        settle(app, window)
        window.grab().save(str(OUT / f"bewerken-{section_id}.png"))
    editor.discard()
    window.case_list.filters.view.setCurrentIndex(window.case_list.filters.view.findData("alle"))
    settle(app, window)
    window.case_list.grab().save(str(OUT / "lijstfilters.png"))
    window.case_list.filters.view.setCurrentIndex(0)
    window.assign_action.trigger()
    app.processEvents()
    window.case_actions.dialog.grab().save(str(OUT / "toewijzen.png"))
    window.case_actions.dialog.close()
    window.close_case_action.trigger()
    app.processEvents()
    window.case_actions.dialog.grab().save(str(OUT / "afsluiten.png"))
    window.case_actions.dialog.close()


def shoot_letter(app: QApplication, window: object) -> None:
    """Page 1 of a weigering as the betrokkene gets it (brief-weigering.png), rendered from the PDF."""
    import pypdfium2 as pdfium

    from bibob_desk.domain.errors import UserError

    ctx = window.session.context
    target = Path(tempfile.mkdtemp()) / "brief.pdf"
    try:  # four eyes: off only with two beheerders, so the demo's one user may not be able to
        ctx.exports.memo(ctx.cases.id_of("H2"), "weigering", target, recipient="betrokkene")
    except UserError as error:
        print(f"brief-weigering.png overgeslagen: {error}")
        return
    pdf = pdfium.PdfDocument(str(target))
    pdf[0].render(scale=1.3).to_pil().save(str(OUT / "brief-weigering.png"))
    pdf.close()


def shoot_compare(app: QApplication, window: object) -> None:
    """The wizard on a new case: prefilled from the dossier, and one answer that differs."""
    from bibob_desk.services.cases import NewCaseInput
    from bibob_desk.ui.wizard.compare import CompareDialog
    from bibob_desk.ui.wizard.window import FormWizard

    ctx = window.session.context
    data = NewCaseInput(
        reference="",
        title="Lunchroom",
        permit_kinds=(PermitKind.EXPLOITATIEVERGUNNING,),
        procedure=ProcedureKind.AANVRAAG,
        bestuursorgaan=Bestuursorgaan.BURGEMEESTER,
        received_date=date(2026, 11, 20),
        applicant_name="Lunchroom De Linde B.V.",
        applicant_kind=PartyKind.RECHTSPERSOON,
        street="Kerkstraat",
        house_number="12",
        postcode="1234 AB",
        city="Zaandam",
    )
    case_id = ctx.cases.create(data).cases[0]
    wizard = FormWizard(ctx.questionnaires, case_id, "bibob-horeca", window)
    wizard.resize(1100, 760)
    wizard.index.setCurrentRow(1)
    wizard.show()
    app.processEvents()
    wizard.grab().save(str(OUT / "vragenformulier-voorgevuld.png"))
    wizard._on_change("naam_aanvrager", "Lunchroom De Linde Holding B.V.", "", None)
    dialog = CompareDialog(wizard.differences, wizard)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(OUT / "vergelijken.png"))
    dialog.close()
    wizard.close()


def shoot_wizard(app: QApplication, window: object) -> None:
    """The horeca form for a new case, half filled in with the H2 answers (two directors)."""
    import yaml

    from bibob_desk.domain.enums import Bestuursorgaan, PartyKind, PermitKind, ProcedureKind
    from bibob_desk.services.cases import NewCaseInput
    from bibob_desk.ui.wizard.window import FormWizard

    ctx = window.session.context
    case_id = ctx.cases.create(
        NewCaseInput(
            reference="2025-HOR-017",
            title="Shishalounge",
            permit_kinds=(PermitKind.EXPLOITATIEVERGUNNING,),
            procedure=ProcedureKind.AANVRAAG,
            bestuursorgaan=Bestuursorgaan.BURGEMEESTER,
            received_date=date(2025, 3, 3),
            applicant_name="Noor Lounge B.V.",
            applicant_kind=PartyKind.RECHTSPERSOON,
        )
    ).cases[0]
    answers = yaml.safe_load(
        (ROOT / "resources" / "demo" / "answers" / "H2.yaml").read_text(encoding="utf-8")
    )
    horeca = dict(answers["forms"]["bibob-horeca"])
    keep = (
        "vergunningen",
        "adres_zaak",
        "concept",
        "is_overname",
        "soort_aanvrager",
        "naam_aanvrager",
        "rechtsvorm",
        "land",
        "oprichting",
        "bestuurders",
        "aandeelhouders",
    )
    partial = {k: v for k, v in horeca.items() if k in keep}
    partial["bestuurders"] = [*horeca["bestuurders"], {"naam": "K. de Boer", "soort": "natuurlijk_persoon"}]
    ctx.questionnaires.save(case_id, ctx.questionnaires.catalog.get("bibob-horeca"), partial)
    wizard = FormWizard(ctx.questionnaires, case_id, "bibob-horeca", window)
    wizard.show()
    wizard.index.setCurrentRow(1)
    wizard._on_check_clicked()
    wizard.index.setCurrentRow(1)
    app.processEvents()
    wizard.grab().save(str(OUT / "vragenformulier.png"))
    wizard.close()
    shoot_team(app, window)  # last with the window open: it adds a version to H2


def shoot_exports(app: QApplication, window: object) -> None:
    """The Bijlagen tab of V3 with one accepted and one quarantined file; the memo dialog with preview."""
    ctx = window.session.context
    case_id = window.case_view.current_case_id
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
    ctx.attachments.add(case_id, "koopovereenkomst Wilgenlaan 12.pdf", pdf, type_id="koopovereenkomst")
    ctx.attachments.add(case_id, "taxatie.pdf", pdf.replace(b"/Catalog", b"/Catalog /OpenAction 2 0 R"))
    settle(app, window)
    window.case_panel.tabs.setCurrentWidget(window.case_panel.attachments)
    app.processEvents()
    window.grab().save(str(OUT / "bijlagen.png"))
    window.export_actions.export_memo()
    dialog = window.export_actions.dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("voorschriften"))
    dialog.show_preview()
    settle(app, window)
    dialog.grab().save(str(OUT / "memo-voorbeeld.png"))
    dialog.close()
    window.admin_actions.show_audit()
    window.admin_actions.dialog.verify()
    app.processEvents()
    window.admin_actions.dialog.grab().save(str(OUT / "logboek.png"))
    window.admin_actions.dialog.close()


def shoot_accounts(app: QApplication) -> None:
    """First unlock with a temporary password, a jurist waiting for a second beheerder, and the
    beheerder's Bevestigen dialog (eerste-aanmelding.png, wacht-op-bevestiging.png, bevestigen.png)."""
    from bibob_desk.domain.enums import Role
    from bibob_desk.ui.user_dialog import ConfirmDialog

    db = Path(tempfile.mkdtemp()) / "accounts.db"
    temporary, own = "tijdelijk wachtwoord voor jan 7", "jan zijn eigen zin met paraplu"
    ctx = create_app(
        db, username="demo", display_name="Demo Beheerder", password=PASSWORD, kdf=CHEAP_TEST_KDF
    )
    ctx.users.add_user("jan", "Jan de Jurist", Role.JURIST, temporary, kdf=CHEAP_TEST_KDF)
    ctx.close()
    window = create_main_window(str(db))
    window.resize(900, 560)
    window.show()
    page = window.unlock_page
    asked: list[str] = []
    window.session.own_password_needed.connect(asked.append)
    window.session.unlock_failed.connect(asked.append)
    page.username.setText("jan")
    page.password.setText(temporary)
    page.button.click()
    wait(app, lambda: bool(asked))
    window.grab().save(str(OUT / "eerste-aanmelding.png"))
    asked.clear()
    page.username.setText("jan")
    page.password.setText(temporary)
    page.own.setText(own)
    page.repeat.setText(own)
    page.button.click()
    wait(app, lambda: bool(asked))
    window.grab().save(str(OUT / "wacht-op-bevestiging.png"))
    page.username.setText("demo")
    page.password.setText(PASSWORD)
    page.button.click()
    wait(app, lambda: window.session.is_open)
    context = window.session.context
    dialog = ConfirmDialog(context.users, context.settings, window)
    dialog.resize(640, 300)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(OUT / "bevestigen.png"))
    dialog.close()
    window.session.lock()
    window.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    db = Path(tempfile.mkdtemp()) / "demo.db"
    ctx = create_app(
        db, username="demo", display_name="Demo Vergunningverlener", password=PASSWORD, kdf=CHEAP_TEST_KDF
    )
    for file in demo_case_files():
        ctx.cases.import_file(file)
    ctx.close()
    app = QApplication([])
    load_fonts(app)
    window = create_main_window(str(db))
    window.resize(1280, 780)
    window.show()
    window.unlock_page.username.setText("demo")
    app.processEvents()
    window.grab().save(str(OUT / "vergrendeld.png"))
    window.unlock_page.password.setText(PASSWORD)
    window.unlock_page.button.click()
    wait(app, lambda: window.session.is_open)
    window.case_list.filter.setText("karimi")
    window.case_list.apply_filter_now()
    window.case_list._on_table_activated(window.case_list.model.index(0, 0))
    settle(app, window)
    window.grab().save(str(OUT / "dossierlijst.png"))
    dialog = NewCaseDialog(lambda data: None, window)
    dialog.confirm_discard = lambda: True  # closing the example without the question
    dialog.reference.setText("2025-HOR-017")
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(OUT / "nieuw-dossier.png"))
    dialog.close()
    window.case_panel.tabs.setCurrentWidget(window.case_panel.risk)
    window.case_actions.rescore()
    settle(app, window)
    tree = window.case_panel.risk.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            if group.child(j).text(0).startswith(("PRI-02", "ANT-02")):
                group.child(j).setExpanded(True)
    app.processEvents()
    window.grab().save(str(OUT / "risico.png"))
    shoot_timeline(app, window)
    shoot_dossier(app, window)
    shoot_progress(app, window)
    shoot_exports(app, window)
    shoot_history(app, window)
    shoot_editors(app, window)
    shoot_compare(app, window)
    shoot_letter(app, window)
    window.case_panel.tabs.setCurrentIndex(0)
    shoot_wizard(app, window)
    window.session.lock()
    shoot_accounts(app)
    print(f"geschreven: {', '.join(p.name for p in sorted(OUT.glob('*.png')))}")


if __name__ == "__main__":
    main()
