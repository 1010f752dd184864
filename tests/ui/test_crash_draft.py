"""T12: the real GUI process killed (SIGKILL) while a new case is being typed: after the restart the
typed input is offered again, from the encrypted draft the window kept a few seconds after typing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import ADMIN, PASSWORD
from tests.ui.conftest import unlocked_on

ROOT = Path(__file__).resolve().parents[2]
TYPED = "Markeerbedrijf Tulp B.V."

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL")


def test_a_killed_window_offers_the_typed_new_case_again(qtbot, demo_app):
    path = demo_app._store.path
    demo_app.close()
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.support.gui_child", str(path), ADMIN, PASSWORD, TYPED],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    said: list[str] = []
    reader = threading.Thread(target=lambda: said.append(child.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=120)  # a safety net for a broken child, not a timing assertion
    try:
        assert said == ["concept-bewaard\n"], child.stderr.read() if child.poll() is not None else said
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    window = unlocked_on(qtbot, demo_app)  # the same database, after the kill (the stale lock is freed)
    dialog = window.files.new_case_dialog  # offered at unlock
    assert dialog.isVisible() and dialog.applicant.text() == TYPED
    assert "Hersteld concept" in dialog.error.text()
