"""A screenshot tour of every screen and dialog (issue 20), offscreen on the demo cases, at a chosen scale:
the lock screen, the list, every tab of a case, every section of the editor, every dialog the menus
open, the manual. Each picture is also read: English words of Qt, internal codes (tests/ui/test_no_codes)
and controls without an accessible name are listed beside its file name.

Run: .venv/bin/python scripts/tour.py [--schaal 2] [--map /tmp/rondgang]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Qt's own English (Open and Help are Dutch words too; the manual documents settings by their names)
ENGLISH = re.compile(r"\b(Cancel|Save|Look in|File name|Files of type|Yes|No|Close|Apply|Directory)\b")
DOCUMENTATION = ("dialoog-manual",)
DIALOGS = (
    "new_case", "deadlines", "assign", "close_case", "shield", "memo", "package", "workbook", "attach",
    "add_user", "confirm", "audit", "signals", "scan", "password", "approve", "backup", "restore",
    "import", "manual", "about",
)  # fmt: skip
PASSWORD = "oefendossier tulp fiets 2025"  # noqa: S105 - the documented demo password


class Tour:
    """The window on the demo database, and what each picture showed."""

    def __init__(self, out: Path) -> None:
        from PySide6.QtWidgets import QApplication

        from bibob_desk.bootstrap import CHEAP_TEST_KDF, create_app
        from bibob_desk.paths import demo_case_files
        from bibob_desk.ui.app import create_main_window, load_fonts

        self.out, self.report = out, []
        db = Path(tempfile.mkdtemp()) / "demo.db"
        ctx = create_app(db, username="demo", display_name="Demo", password=PASSWORD, kdf=CHEAP_TEST_KDF)
        for file in demo_case_files():
            ctx.cases.import_file(file)
        ctx.close()
        self.app = QApplication([])
        load_fonts(self.app)
        self.window = create_main_window(str(db))
        self.window.resize(1600, 900)
        self.window.show()

    def settle(self, condition: Callable[[], bool] = lambda: True, seconds: float = 15) -> None:
        deadline = time.time() + seconds
        while time.time() < deadline and (not condition() or self.window.session.runner.busy):
            self.app.processEvents()
            time.sleep(0.01)
        self.app.processEvents()

    def shoot(self, name: str, widget: object) -> None:
        from tests.ui.test_accessibility import _unnamed
        from tests.ui.test_no_codes import CODE, screen_texts

        widget.grab().save(str(self.out / f"{name}.png"))
        texts = screen_texts(widget)
        english = sorted({m for t in texts for m in ENGLISH.findall(t or "")})
        codes = [] if name in DOCUMENTATION else sorted({m for t in texts for m in CODE.findall(t or "")})
        unnamed = _unnamed(widget)
        parts = (
            f"Engels: {', '.join(english)}" if english else "",
            f"codes: {', '.join(codes)}" if codes else "",
            f"zonder naam: {len(unnamed)}" if unnamed else "",
        )
        self.report.append(f"{name}.png  {'; '.join(p for p in parts if p) or 'in orde'}")

    def screens(self) -> None:
        from bibob_desk.presentation import edit_sections

        window = self.window
        window.unlock_page.username.setText("demo")
        self.settle()
        self.shoot("vergrendeld", window)
        window.unlock_page.password.setText(PASSWORD)
        window.unlock_page.button.click()
        self.settle(lambda: window.session.is_open)
        self.shoot("lijst", window)
        model = window.case_list.model
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "H2")
        window.case_list._on_table_activated(model.index(row, 0))
        self.settle()
        window.case_actions.rescore()
        self.settle()
        tabs = window.case_panel.tabs
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            self.settle()
            self.shoot(f"tab-{tabs.tabText(index).lower()}", window)
        window.case_actions.edit()
        for section in edit_sections.SECTIONS:
            window.case_panel.editor.show_section(section.id)
            self.settle()
            self.shoot(f"bewerken-{section.id}", window)

    def dialog(self, action: str) -> None:
        """Trigger the menu action, picture the dialog it opens (modal or not), close it."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QDialog

        done: dict[str, bool] = {}

        def sweep() -> None:
            shown = [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible() and w is not self.window
            ]
            if not shown:
                if not done.get("gave_up"):
                    QTimer.singleShot(20, sweep)
                return
            self.app.processEvents()
            self.shoot(f"dialoog-{action}", shown[0])
            done["shot"] = True
            shown[0].reject()

        QTimer.singleShot(0, sweep)
        self.window.registry.actions[action].trigger()
        self.settle(lambda: done.get("shot", False), seconds=20)
        done["gave_up"] = True
        if not done.get("shot"):
            self.report.append(f"dialoog-{action}.png  niet verschenen")


def main() -> int:
    parser = argparse.ArgumentParser(description="schermrondgang van bibob-desk")
    parser.add_argument("--schaal", default="1", help="QT_SCALE_FACTOR, bijv. 2 voor 200 %%")
    parser.add_argument("--map", default=str(Path(tempfile.gettempdir()) / "bibob-rondgang"))
    args = parser.parse_args()
    os.environ["QT_SCALE_FACTOR"] = args.schaal
    out = Path(args.map) / f"schaal-{args.schaal}"
    out.mkdir(parents=True, exist_ok=True)
    tour = Tour(out)
    tour.screens()
    for action in DIALOGS:
        tour.dialog(action)
    tour.window.session.lock()
    (out / "rondgang.txt").write_text("\n".join(tour.report) + "\n", encoding="utf-8")
    print("\n".join(tour.report))
    print(f"{len(tour.report)} schermen in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
