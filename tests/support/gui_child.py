"""The real window in a child process, driven like a user (T12): unlock, 'Nieuw dossier', type, wait
until the draft timer kept the input, say so on stdout, then keep running until killed."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from bibob_desk.ui.main_window import MainWindow
    from bibob_desk.ui.session import AppSession

    path, user, password, typed = sys.argv[1:5]
    app = QApplication([])
    window = MainWindow(AppSession(Path(path)))
    window.show()
    unlocked: list[int] = []
    window.session.unlocked.connect(lambda: unlocked.append(1))
    window.unlock_page.username.setText(user)
    window.unlock_page.password.setText(password)
    window.unlock_page.button.click()
    while not unlocked:
        app.processEvents()
        time.sleep(0.01)
    window.files.new_case()
    QTest.keyClicks(window.files.new_case_dialog.applicant, typed)  # as typed: textEdited fires
    while window.files.drafts_kept == 0:
        app.processEvents()
        time.sleep(0.01)
    print("concept-bewaard", flush=True)
    while True:  # working on, until the parent kills this process
        app.processEvents()
        time.sleep(0.02)


if __name__ == "__main__":
    main()
