"""The window refuses an address that is not a database file with a Dutch message (issue 19)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QMessageBox

from bibob_desk.ui import app as app_module


def test_the_window_names_the_problem_and_creates_nothing(qtbot, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own: undone after
    assert app_module.run_gui("mysql://jurist:geheim@db.gemeente.nl/bibob") == 2
    assert len(shown) == 1 and "'mysql://…' is geen databasebestand" in shown[0] and "geheim" not in shown[0]
    assert list(tmp_path.iterdir()) == []


def test_a_team_address_opens_the_unlock_page_naming_the_server_not_the_person(qtbot, tmp_path, monkeypatch):
    """Nothing is created locally; the page says which team database, never the user or password."""
    monkeypatch.chdir(tmp_path)
    window = app_module.create_main_window("postgresql://jurist:geheim@db.gemeente.nl/bibob")
    qtbot.addWidget(window)
    window.show()
    assert window.pages.currentWidget() is window.unlock_page
    shown = " ".join(label.text() for label in window.unlock_page.findChildren(QLabel))
    assert "teamdatabase bibob op db.gemeente.nl" in shown
    assert "geheim" not in shown and "jurist" not in shown
    assert list(tmp_path.iterdir()) == []
