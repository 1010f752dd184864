"""Draw the application icon (PNG 256 px and a multi-size ICO) with Qt; run once, commit the files.

QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath, QPen

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setBrush(QColor("#1f3a5f"))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    shield = QPainterPath()
    shield.moveTo(QPointF(128 * s, 36 * s))
    shield.lineTo(QPointF(204 * s, 64 * s))
    shield.cubicTo(QPointF(204 * s, 150 * s), QPointF(170 * s, 196 * s), QPointF(128 * s, 222 * s))
    shield.cubicTo(QPointF(86 * s, 196 * s), QPointF(52 * s, 150 * s), QPointF(52 * s, 64 * s))
    shield.closeSubpath()
    p.setPen(QPen(QColor("#f2c14e"), 12 * s))
    p.setBrush(QColor("#2d5a8c"))
    p.drawPath(shield)
    font = QFont("DejaVu Sans", max(1, int(84 * s)))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("#ffffff"))
    p.drawText(QRectF(52 * s, 60 * s, 152 * s, 130 * s), Qt.AlignmentFlag.AlignCenter, "B")
    p.end()
    return image


def main() -> None:
    QGuiApplication([])
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(OUT / "bibob-desk.png"))
    draw(256).save(str(OUT / "bibob-desk.ico"))
    print(f"geschreven: {OUT / 'bibob-desk.png'}, {OUT / 'bibob-desk.ico'}")


if __name__ == "__main__":
    main()
