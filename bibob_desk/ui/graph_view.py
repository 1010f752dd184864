"""The relation graph of a case in a window: zoom with the wheel, drag to pan, save as PNG (the PNG
goes through the audited export service)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from bibob_desk.domain.errors import UserError
from bibob_desk.network.graph import ADDRESS, CASE, COMPANY, NODE_H, NODE_W, OTHER_CASE, PERSON, Graph, layout

FILL = {
    CASE: "#1f3a5f",
    PERSON: "#e3f2fd",
    COMPANY: "#fff3e0",
    ADDRESS: "#ede7f6",
    OTHER_CASE: "#fde2e4",
}
TEXT = {CASE: "#ffffff"}
WIDTH, HEIGHT = NODE_W, NODE_H
LABEL_POINTS = 9  # the labels' size in the scene
MIN_LABEL_PIXELS = 11  # on screen at least this (issue 20): a larger graph scrolls instead of shrinking


def build_scene(g: Graph) -> QGraphicsScene:
    scene = QGraphicsScene()
    pos = layout(g)
    font = QFont()
    font.setPointSize(LABEL_POINTS)
    for e in g.edges:
        (x1, y1), (x2, y2) = pos[e.a], pos[e.b]
        pen = QPen(QColor("#9e9e9e" if e.dashed else "#546e7a"), 1.2)
        if e.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        scene.addLine(x1, y1, x2, y2, pen)
        text = scene.addSimpleText(e.label, font)
        text.setBrush(QBrush(QColor("#37474f")))
        box = text.boundingRect()
        text.setPos((x1 + x2) / 2 - box.width() / 2, (y1 + y2) / 2 - box.height() / 2)
    for node in g.nodes:
        x, y = pos[node.id]
        rect = QRectF(x - WIDTH / 2, y - HEIGHT / 2, WIDTH, HEIGHT)
        path = QPainterPath()
        if node.kind == PERSON:
            path.addEllipse(rect)
        else:
            path.addRoundedRect(rect, 6, 6)
        scene.addPath(path, QPen(QColor("#37474f"), 1), QBrush(QColor(FILL.get(node.kind, "#ffffff"))))
        text = scene.addSimpleText(node.label.split("\n")[0][:40], font)
        text.setBrush(QBrush(QColor(TEXT.get(node.kind, "#000000"))))
        box = text.boundingRect()
        text.setPos(QPointF(x - box.width() / 2, y - box.height() / 2))
    scene.setSceneRect(scene.itemsBoundingRect().adjusted(-30, -30, 30, 30))
    return scene


def scene_png(scene: QGraphicsScene, scale: float = 1.5) -> bytes:
    rect = scene.sceneRect()
    image = QImage(int(rect.width() * scale), int(rect.height() * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def label_pixels(view: QGraphicsView) -> float:
    """How tall a label is on screen at the view's zoom."""
    return QFontMetricsF(_label_font()).height() * view.transform().m11()


def _label_font() -> QFont:
    font = QFont()
    font.setPointSize(LABEL_POINTS)
    return font


class _View(QGraphicsView):
    def wheelEvent(self, event) -> None:  # zoom around the mouse
        self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)

    def zoom(self, factor: float) -> None:
        """Zoom, never so far out that a label gets smaller than MIN_LABEL_PIXELS."""
        smallest = MIN_LABEL_PIXELS / max(label_pixels(self), 0.01)
        self.scale(max(factor, smallest), max(factor, smallest))

    def fit(self) -> None:
        """The whole graph in the window when its labels stay readable; else as large as that allows
        (the rest by scrolling or dragging)."""
        self.resetTransform()
        rect, port = self.sceneRect(), self.viewport().rect()
        if rect.isEmpty() or port.isEmpty():
            return
        fits = min(port.width() / rect.width(), port.height() / rect.height())
        readable = MIN_LABEL_PIXELS / max(label_pixels(self), 0.01)
        scale = min(max(fits, readable), 2.0)
        self.scale(scale, scale)
        self.centerOn(rect.center())


class GraphDialog(QDialog):
    def __init__(self, reference: str, g: Graph, save: Callable[[bytes, str], object], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Relatiegraaf — {reference}")
        self.resize(1000, 720)
        self.scene = build_scene(g)
        self.view = _View(self.scene)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setAccessibleName(f"Relatiegraaf van {reference}")
        self._fitted = False
        self._save, self._reference = save, reference
        legend = QLabel(
            f"{len(g.nodes)} knopen, {len(g.edges)} verbindingen. Ovaal: persoon; rechthoek: rechtspersoon; "
            "donker: dit dossier; roze: ander dossier (door een ambtenaar als dezelfde beoordeeld); "
            "stippellijn: buiten het dossier. Scroll of Ctrl+plus/min om te zoomen, sleep om te verschuiven."
        )
        legend.setWordWrap(True)
        save_button = QPushButton("Opslaan als PNG…")
        save_button.setObjectName("savePng")
        save_button.clicked.connect(self._ask_and_save)
        close = QPushButton("Sluiten")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for text, key, act in (
            ("Inzoomen", "Ctrl++", lambda: self.view.zoom(1.25)),
            ("Uitzoomen", "Ctrl+-", lambda: self.view.zoom(0.8)),
            ("Passend", "Ctrl+0", self.view.fit),
        ):
            button = QPushButton(text)
            button.setShortcut(QKeySequence(key))
            button.setToolTip(f"{text} ({key})")
            button.clicked.connect(act)
            buttons.addWidget(button)
        buttons.addWidget(save_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout_ = QVBoxLayout(self)
        layout_.addWidget(legend)
        layout_.addWidget(self.view, 1)
        layout_.addLayout(buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted:  # the first time the window has its size: fit then
            self._fitted = True
            self.view.fit()

    def png(self) -> bytes:
        return scene_png(self.scene)

    def _ask_and_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Relatiegraaf opslaan", "relatiegraaf.png", "PNG (*.png)")
        if not path:
            return
        try:
            self._save(self.png(), path)
        except UserError as error:
            QMessageBox.warning(self, "bibob-desk", str(error))
