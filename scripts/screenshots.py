"""Make the screenshots of docs/handleiding.md from the real app (offscreen, demo data).

Run: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from bibob_desk.bootstrap import create_app  # noqa: E402
from bibob_desk.paths import demo_case_files  # noqa: E402
from bibob_desk.store.keyslots import CHEAP_TEST_KDF  # noqa: E402
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
    app.processEvents()
    window.grab().save(str(OUT / "dossierlijst.png"))
    dialog = NewCaseDialog(lambda data: None, window)
    dialog.reference.setText("2025-HOR-017")
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(OUT / "nieuw-dossier.png"))
    dialog.close()
    window.session.lock()
    print(f"geschreven: {', '.join(p.name for p in sorted(OUT.glob('*.png')))}")


if __name__ == "__main__":
    main()
