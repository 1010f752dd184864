"""The officer sees a doorstart alert and register signals when opening a case (issue 9)."""

from __future__ import annotations

from tests.integration.test_doorstart import _new_case, _refuse
from tests.integration.test_signals import _add as _add_signal
from tests.ui.conftest import open_case, unlocked_on


def test_opening_a_doorstart_case_shows_the_alert_and_the_signal(qtbot, demo_app):
    _refuse(demo_app, "H2")
    _new_case(demo_app, reference="2026-201", same_address=True, same_people=True)
    _add_signal(demo_app)
    win = unlocked_on(qtbot, demo_app)
    alert = win.case_panel.network_alert
    open_case(win, "2026-201")
    qtbot.waitUntil(alert.isVisible, timeout=10_000)
    assert "Doorstartwacht: dossier H2 (weigering 01-06-2025) — zelfde adres; dezelfde" in alert.text()
    assert "M. Karimi" in alert.text()
    assert "Signaal 1 (handhaving" in alert.text()
    if __import__("os").environ.get("BIBOB_SCREENSHOT_DIR"):
        win.grab().save(
            str(
                __import__("pathlib").Path(__import__("os").environ["BIBOB_SCREENSHOT_DIR"]) / "doorstart.png"
            )
        )
    open_case(win, "V1")  # elsewhere, other people: nothing to say
    qtbot.wait(800)  # the background check has had time to answer
    assert not alert.isVisible()


def test_tab_netwerk_lists_candidates_and_records_a_judgement(qtbot, demo_app, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    _new_case(demo_app, reference="2026-202", same_address=False, same_people=True)
    win = unlocked_on(qtbot, demo_app)
    open_case(win, "2026-202")
    panel = win.case_panel.network
    qtbot.waitUntil(lambda: panel.table.rowCount() > 0, timeout=10_000)
    column = {panel.table.horizontalHeaderItem(c).text(): c for c in range(panel.table.columnCount())}
    rows = {
        panel.table.item(r, column["Partij daar"]).text().strip("\u2068\u2069"): r
        for r in range(panel.table.rowCount())
    }
    karimi = rows["M. Karimi"]
    assert panel.table.item(karimi, column["Dossier"]).text() == "H2"
    assert "achternaam 100%" in panel.table.item(karimi, column["Waarom"]).text()
    assert panel.table.item(karimi, column["Oordeel"]).text() == "—"
    panel.table.selectRow(karimi)
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", lambda *a, **k: ("Zelfde persoon volgens BRP.", True)
    )
    panel.buttons["zelfde"].click()
    qtbot.waitUntil(
        lambda: (
            panel.table.rowCount() > 0
            and any(
                panel.table.item(r, column["Oordeel"]).text() == "zelfde"
                for r in range(panel.table.rowCount())
            )
        ),
        timeout=10_000,
    )
    if __import__("os").environ.get("BIBOB_SCREENSHOT_DIR"):
        win.case_panel.tabs.setCurrentWidget(panel)
        win.grab().save(
            str(__import__("pathlib").Path(__import__("os").environ["BIBOB_SCREENSHOT_DIR"]) / "netwerk.png")
        )
    win.session.lock()
    assert panel.table.rowCount() == 0 and not win.case_panel.network_alert.isVisible()


def test_relation_graph_opens_and_saves_an_audited_png(qtbot, demo_app, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    from sqlalchemy import text

    from bibob_desk.ui.graph_view import MIN_LABEL_PIXELS, label_pixels

    win = unlocked_on(qtbot, demo_app)
    open_case(win, "V3")
    win.case_panel.network.graph_button.click()
    dialog = win.case_actions.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert "V3" in dialog.windowTitle() and len(dialog.scene.items()) > 10
    # issue 20: fitted to the window once shown, never with labels below a readable size
    assert label_pixels(dialog.view) >= MIN_LABEL_PIXELS
    for _ in range(30):
        dialog.view.zoom(0.5)
    assert label_pixels(dialog.view) >= MIN_LABEL_PIXELS * 0.99
    dialog.view.fit()
    visible = dialog.view.mapToScene(dialog.view.viewport().rect()).boundingRect()
    fits = visible.contains(dialog.scene.itemsBoundingRect())
    assert fits or label_pixels(dialog.view) <= MIN_LABEL_PIXELS * 1.01  # whole, or as small as readable
    target = tmp_path / "graaf.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PNG (*.png)"))
    dialog.findChild(type(win.case_panel.network.graph_button), "savePng").click()
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 5000
    with win.session.context._store.engine.connect() as conn:
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_log"))]
    assert "export.relatiegraaf" in actions


def test_overview_start_screen_charts_and_click_through(qtbot, demo_app):
    _refuse(demo_app, "H2")
    _new_case(demo_app, reference="2026-203", same_address=True, same_people=False)
    demo_app.risk.score(demo_app.cases.id_of("H2"))
    _add_signal(demo_app, source="boa", reliability="onbekend", description="Overlast.")
    win = unlocked_on(qtbot, demo_app)
    overview = win.case_panel.overview
    assert win.case_panel.tabs.currentWidget() is overview
    charts = overview.charts
    assert sum(b.value for b in charts["stages"].bars) == 5
    assert [b.value for b in charts["bands"].bars if b.label == "ROOD"] == [1]
    assert [(b.label, b.value) for b in charts["signals"].bars] == [("2026-10", 1)]
    qtbot.waitUntil(lambda: bool(charts["doorstart"].bars), timeout=10_000)
    assert [(b.label, b.value) for b in charts["doorstart"].bars] == [("H2", 1)]
    assert sum(b.value for b in charts["deadlines"].bars) > 0
    if __import__("os").environ.get("BIBOB_SCREENSHOT_DIR"):
        win.grab().save(
            str(
                __import__("pathlib").Path(__import__("os").environ["BIBOB_SCREENSHOT_DIR"]) / "overzicht.png"
            )
        )
    # click through: the doorstart bar lists the new case; activating it opens the case
    charts["doorstart"].bar_clicked.emit(0)
    assert overview.cases.count() == 1 and overview.cases.item(0).text().startswith("2026-203")
    overview.cases.itemActivated.emit(overview.cases.item(0))
    assert win.case_view.current_reference == "2026-203"
    assert win.case_panel.tabs.currentWidget() is not overview
    charts["bands"].bar_clicked.emit(0)  # ROOD
    assert overview.cases.item(0).text().startswith("H2")


def test_signals_register_dialog_lists_refuses_in_dutch_and_records(qtbot, demo_app):
    from PySide6.QtCore import QDate

    win = unlocked_on(qtbot, demo_app)
    win.signals_action.trigger()
    dialog = win.admin_actions.dialog
    assert dialog.table.rowCount() == 0
    dialog.about.setCurrentIndex(dialog.about.findData("adres"))
    dialog.name.setText("Stationsweg 18")
    dialog.description.setPlainText("Overlast na sluitingstijd.")
    dialog.save.click()  # no postcode for an address
    assert "postcode en huisnummer" in dialog.message.text() and dialog.table.rowCount() == 0
    dialog.postcode.setText("1234 CD")
    dialog.house_number.setText("18")
    dialog.on.setDate(QDate(2026, 10, 1))
    dialog.save.click()
    assert dialog.message.text() == "Signaal 1 vastgelegd." and dialog.table.rowCount() == 1
    assert win.session.context.signals.linked_to(win.session.context.cases.id_of("H2"))
    # withdrawn with a reason: still listed, struck through, linked to no case any more
    dialog.table.setCurrentCell(0, 0)
    dialog.ask_reason = lambda _question: "ging over het pand ernaast"
    dialog.withdraw_button.click()
    assert dialog.message.text() == "Signaal 1 ingetrokken; het telt niet meer mee."
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).font().strikeOut()
    assert dialog.table.item(0, 6).text().startswith("ingetrokken door beheerder: ging over het pand ernaast")
    assert win.session.context.signals.linked_to(win.session.context.cases.id_of("H2")) == []


def test_scan_dialog_scores_and_writes_the_summary(qtbot, demo_app, tmp_path):
    import json

    from bibob_desk.paths import resources_dir

    win = unlocked_on(qtbot, demo_app)
    win.scan_action.trigger()
    dialog = win.admin_actions.dialog
    example = json.loads((resources_dir() / "weerbaarheid" / "voorbeeld-antwoorden.json").read_text("utf-8"))
    for key, value in example.items():
        field = dialog.fields[key]
        if hasattr(field, "findData"):
            field.setCurrentIndex(field.findData(value))
        else:
            field.setPlainText(value)
    dialog.save()
    assert dialog.result.text().startswith("Totaal 57%") and "Verbeterpunten: 11" in dialog.result.text()
    dialog.write_pdf(tmp_path / "scan.pdf")
    assert (tmp_path / "scan.pdf").read_bytes().startswith(b"%PDF-")
    win.scan_action.trigger()  # opened again: the answers of the last scan are filled in
    assert win.admin_actions.dialog.fields["bw_beeld"].currentData() == "ja"
