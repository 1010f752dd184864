"""The window refuses an address that is not a database file with a Dutch message (issue 19)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox

from bibob_desk.ui import app as app_module


def test_the_window_names_the_problem_and_creates_nothing(qtbot, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own: undone after
    assert app_module.run_gui("postgresql://jurist:geheim@db.gemeente.nl/bibob") == 2
    assert len(shown) == 1 and "teamdatabase op PostgreSQL" in shown[0] and "geheim" not in shown[0]
    assert list(tmp_path.iterdir()) == []
