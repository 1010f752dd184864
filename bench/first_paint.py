"""Child process for the start-up benchmark: start a window, print the wall-clock time of its first
paint event, quit.

    python bench/first_paint.py bare          a bare PySide6 QWidget (the baseline)
    python bench/first_paint.py app DB        the real app as `bibob-desk --db DB` starts it

Both are started the same way by bench/run.py (a fresh interpreter, same environment); the parent
subtracts its own clock before starting the child. Only the event filter is added to the app.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class FirstPaint(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self.seen
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            self.seen = True
            print(f"painted {time.time():.6f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    kind = sys.argv[1]
    app = QApplication(sys.argv[:1])
    spy = FirstPaint()
    app.installEventFilter(spy)
    if kind == "bare":
        window = QWidget()
        window.setWindowTitle("bare")
        window.resize(900, 600)
        window.show()
        return app.exec()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bibob_desk.cli import main as cli_main

    return cli_main(["--db", sys.argv[2]])


if __name__ == "__main__":
    raise SystemExit(main())
