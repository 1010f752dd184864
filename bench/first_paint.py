"""The baseline of the start-up benchmark: a bare PySide6 window that prints the wall-clock time of
its first paint and quits. bench/run.py starts it the same way as the app (a fresh process, same
environment) and subtracts its own clock; the app reports its first paint through
BIBOB_DESK_STARTMETING (ui/main_window.py). Frozen with PyInstaller, it is the bundle's baseline.

    python bench/first_paint.py bare
"""

from __future__ import annotations

import sys
import time

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
    app = QApplication(sys.argv[:1])
    spy = FirstPaint()
    app.installEventFilter(spy)
    window = QWidget()
    window.setWindowTitle("bare")
    window.resize(900, 600)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
