"""Timeline per case, the Termijnen overview across cases, reminders after unlock, stage changes."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog

from bibob_desk.domain.enums import DecisionKind, Stage
from bibob_desk.ui.timeline_panel import DeadlinesDialog, StageDialog
from tests.ui.conftest import open_case


@pytest.fixture
def window(unlocked_window):
    return unlocked_window


def cells(table, column):
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_reminder_banner_after_unlock(qtbot, window):
    qtbot.waitUntil(
        lambda: window.reminder_banner.isVisibleTo(window), timeout=10_000
    )  # computed off the GUI thread
    assert "verlopen" in window.reminder_banner.text() and "Ctrl+T" in window.reminder_banner.text()


def test_timeline_tab_shows_v3_raw_and_atw_dates_and_events(window):
    open_case(window, "V3")
    panel = window.case_panel.timeline
    labels = cells(panel.deadlines, 0)
    row = labels.index("Beslistermijn Huisvestingsvergunning")
    assert panel.deadlines.item(row, 1).text() == "01-01-2026"
    assert panel.deadlines.item(row, 2).text() == "02-01-2026 (niet toegepast)"
    assert "94 dagen" in panel.deadlines.item(row, 4).text()
    assert "advies LBB ontvangen" in cells(panel.events, 1)
    assert "tot het advies, hooguit de adviestermijn" in panel.header.text()
    assert "UNTIL_ADVICE" not in panel.header.text()  # issue 20: a label, never the code
    assert panel.next_step.text().startswith("Wat nu? Vergewis u")  # V3: advice received


def test_termijnen_overview_sorted_by_urgency_and_opens_the_case(qtbot, window):
    workflow = window.session.context.workflow
    rows = workflow.overview()
    listing = workflow.open_deadlines()
    assert listing.total == len(rows) > 0 and listing.overdue == sum(r.status == "verlopen" for r in rows)
    dialog = DeadlinesDialog(listing, workflow.today(), window)
    qtbot.addWidget(dialog)
    model = dialog.model
    while model.canFetchMore():
        model.fetchMore()
    assert [(r.case_id, r.deadline.key) for r in model.rows] == [(r.case_id, r.deadline.key) for r in rows]
    references = [model.index(i, 2).data() for i in range(model.rowCount())]
    assert f"{listing.total} openstaande termijn(en)" in dialog.summary.text()
    with qtbot.waitSignal(dialog.case_requested, timeout=1000) as blocker:
        dialog._on_table_activated(model.index(references.index("V3"), 0))
    assert blocker.args[0] == window.session.context.cases.summaries("V3")[0].id


def test_termijnen_overview_reads_page_by_page(qtbot, window):
    """The window shows the first page and reads on only when scrolled (issue 18)."""
    workflow = window.session.context.workflow
    everything = workflow.overview()
    assert len(everything) > 3
    listing = workflow.open_deadlines(page=2)
    dialog = DeadlinesDialog(listing, workflow.today(), window)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2 and dialog.model.canFetchMore()
    dialog.model.fetchMore()
    assert dialog.model.rowCount() == 4
    assert [r.reference for r in dialog.model.rows] == [r.reference for r in everything[:4]]


def test_stage_dialog_changes_the_stage_and_the_timeline_follows(qtbot, window):
    open_case(window, "H2")
    ctx, case_id = window.session.context, window.case_view.current_case_id
    calls = []

    def submit(to, on, reason, documents, decision):
        calls.append(to)
        ctx.workflow.change_stage(case_id, to, on, reason, documents=documents, decision=decision)

    dialog = StageDialog(Stage.ADVIES_ONTVANGEN, [Stage.BESLUIT, Stage.VOORNEMEN], submit, window)
    qtbot.addWidget(dialog)
    dialog.to.setCurrentIndex(dialog.to.findData(Stage.BESLUIT.value))
    dialog.date.setDate(date(2025, 6, 24))
    dialog.note.setText("weigering van beide vergunningen")
    dialog._on_buttons_accepted()
    assert "besluit" in dialog.error.text().lower()  # a besluit needs its kind
    dialog.decision.setCurrentIndex(dialog.decision.findData(DecisionKind.WEIGERING.value))
    dialog.documents.setText("besluit-2025-06-24.pdf")
    dialog._on_buttons_accepted()
    assert dialog.result() == QDialog.DialogCode.Accepted
    window.case_actions.open_case(case_id)
    labels = cells(window.case_panel.timeline.deadlines, 0)
    assert "Bezwaartermijn" in labels and any(label.startswith("Doorstartwacht") for label in labels)
    assert any("besluit-2025-06-24.pdf" in note for note in cells(window.case_panel.timeline.events, 3))
