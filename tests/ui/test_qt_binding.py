"""Guard against a Qt binding that mis-counts references to None/True/False.

PySide6 6.12.0 under Python 3.11 dropped one reference to None on every void call, so a GUI session
aborted ("deallocating None") after a few thousand calls. On Python 3.12+ these objects are immortal
and the count does not move at all.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidgetItem

CALLS = 500


def _none_and_bools() -> tuple[int, int, int]:
    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def test_void_calls_and_empty_variants_keep_reference_counts(qapp):
    label, combo, item = QLabel(), QComboBox(), QListWidgetItem("x")
    before = _none_and_bools()
    for _ in range(CALLS):
        label.setText("x")
        label.setVisible(False)
        combo.currentData()
        item.data(Qt.ItemDataRole.UserRole)
    after = _none_and_bools()
    lost = [b - a for b, a in zip(before, after, strict=True)]
    assert max(lost) < 50, f"references lost over {CALLS} calls: None/True/False = {lost}"
