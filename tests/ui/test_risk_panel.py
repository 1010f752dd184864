"""The risk panel in the case view: score, band badge, findings with evidence and legal ground,
missing data, re-scoring into history, and an override that needs a motivation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from bibob_desk.ui.risk_panel import OverrideDialog
from tests.ui.conftest import open_case as open_listed_case
from tests.ui.conftest import wait_idle

MOTIVATION = "Huurprijs verklaard door de hoeklocatie; taxatierapport ligt in het dossier."


@pytest.fixture
def window(unlocked_window):
    return unlocked_window


def open_case(window, reference):
    open_listed_case(window, reference)
    window.case_panel.tabs.setCurrentWidget(window.case_panel.risk)


def texts(item):
    out = [item.text(0)]
    for i in range(item.childCount()):
        out += texts(item.child(i))
    return out


def test_rescoring_shows_band_score_findings_evidence_and_missing_data(qtbot, window):
    open_case(window, "H2")
    panel = window.case_panel.risk
    assert "Nog niet beoordeeld" in panel.summary.text()
    qtbot.mouseClick(panel.rescore_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert panel.badge.text() == "ROOD\n25"
    assert "KO-3" in panel.knockouts.text() and "LBB" in panel.advice.text()
    everything = [t for i in range(panel.tree.topLevelItemCount()) for t in texts(panel.tree.topLevelItem(i))]
    assert any(t.startswith("PRI-02") for t in everything)
    assert any("Huur € 6.500 ligt 73 % boven" in t for t in everything)
    assert any(t.startswith("Grond: a-grond") for t in everything)
    assert any(t.startswith("Bewijs: huur per maand") for t in everything)
    assert any(t.startswith("Niet te beoordelen (11)") for t in everything)  # v2 judges INF-01 (herstel done)
    assert panel.history.count() == 1
    qtbot.mouseClick(panel.rescore_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert panel.history.count() == 2


def test_override_dialog_requires_a_motivation_and_the_panel_shows_it(qtbot, window):
    open_case(window, "H2")
    panel = window.case_panel.risk
    qtbot.mouseClick(panel.rescore_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    ctx, case_id = window.session.context, window.case_view.current_case_id
    calls = []

    def submit(action, motivation, weight):
        calls.append(action)
        ctx.risk.override(case_id, "PRI-02", action, motivation, weight)

    dialog = OverrideDialog("PRI-02", 3, submit, window)
    qtbot.addWidget(dialog)
    dialog.motivation.setPlainText("kort")
    dialog._on_buttons_accepted()
    assert "motivering" in dialog.error.text() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.reweigh.setChecked(True)
    dialog.weight.setValue(1)
    dialog.motivation.setPlainText(MOTIVATION)
    dialog._on_buttons_accepted()
    assert dialog.result() == QDialog.DialogCode.Accepted and calls == ["buiten_beschouwing", "gewicht"]
    panel.show_history(ctx.risk.history(case_id))
    assert panel.badge.text() == "ROOD\n23"
    everything = [t for i in range(panel.tree.topLevelItemCount()) for t in texts(panel.tree.topLevelItem(i))]
    assert any(MOTIVATION in t for t in everything)


def test_selecting_a_finding_enables_afwijken(qtbot, window):
    open_case(window, "V3")
    panel = window.case_panel.risk
    qtbot.mouseClick(panel.rescore_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert not panel.override_button.isEnabled()
    finding = panel.tree.topLevelItem(0).child(0)
    panel.tree.setCurrentItem(finding)
    assert panel.override_button.isEnabled()
    with qtbot.waitSignal(panel.override_requested, timeout=1000) as blocker:
        qtbot.mouseClick(panel.override_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] in {"FIN-03", "ANT-02", "VG-01"}
