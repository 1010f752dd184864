"""An attachment shown inside the app: PDF pages (rendered by the page renderer of the exports) or
an image, from memory. Nothing is written to disk; other kinds show their facts only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget


class AttachmentViewer(QDialog):
    def __init__(self, view: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        info = view.info
        self.setWindowTitle(f"Bijlage #{info.id}")
        self.resize(900, 800)
        facts = QLabel(
            f"{info.original_name} · {info.file_type} · {info.size:,} bytes · ontvangen "
            f"{info.received_date:%d-%m-%Y} van {info.source}".replace(",", ".")
        )
        facts.setTextFormat(Qt.TextFormat.PlainText)
        facts.setWordWrap(True)
        self.pages: list[QLabel] = []
        host = QWidget()
        column = QVBoxLayout(host)
        for page in view.pages:
            image = QImage(page.rgb, page.width, page.height, page.stride, QImage.Format.Format_RGB888).copy()
            self.pages.append(self._picture(QPixmap.fromImage(image)))
        if view.image is not None:
            image = QImage.fromData(view.image)
            if image.isNull():
                self.pages.append(QLabel("Deze afbeelding kan niet worden getoond (onbekend of beschadigd)."))
            else:
                self.pages.append(self._picture(QPixmap.fromImage(image)))
        for label in self.pages:
            column.addWidget(label)
        if not view.pages and view.image is None:
            column.addWidget(
                QLabel("Dit soort bestand wordt niet binnen bibob-desk getoond. Neem het op in een export.")
            )
        if view.total_pages > len(view.pages):
            column.addWidget(
                QLabel(f"De eerste {len(view.pages)} van {view.total_pages} pagina's worden getoond.")
            )
        if info.withdrawn:
            facts.setText(facts.text() + f"\nIngetrokken door {info.withdrawn_by}: {info.withdrawn_reason}")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(host)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(facts)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    @staticmethod
    def _picture(pixmap: QPixmap) -> QLabel:
        label = QLabel()
        label.setPixmap(
            pixmap.scaledToWidth(min(pixmap.width(), 820), Qt.TransformationMode.SmoothTransformation)
        )
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        return label
