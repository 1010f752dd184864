"""Help → Handleiding (issue 20): docs/handleiding.md inside the app, with its screenshots and a search
field; F1 opens it at the part about the screen in front of the user."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPixmap, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.paths import docs_dir

MANUAL = "handleiding.md"
SCREENS = {  # a screen (the tab of the case panel, or a page) -> the heading of the manual about it
    "Ontgrendelen": "Ontgrendelen",
    "Lijst": "Dossiers zoeken en bekijken",
    "Overzicht": "Overzicht (startscherm)",
    "Dossier": "Dossiers zoeken en bekijken",
    "Bewerken": "Dossier bewerken",
    "Risico": "Risicobeoordeling",
    "Termijnen": "Termijnen",
    "Bijlagen": "Bijlagen",
    "Netwerk": "Dossieroverstijgend: overeenkomsten, signalen, doorstartwacht",
    "Geschiedenis": "Corrigeren en geschiedenis",
}


def screen_of(window: QWidget) -> str:
    """Which screen of the main window is in front: the lock page, the list, or a tab of the case."""
    pages, unlock = getattr(window, "pages", None), getattr(window, "unlock_page", None)
    if pages is not None and pages.currentWidget() is unlock:
        return "Ontgrendelen"
    panel, selection = getattr(window, "case_panel", None), getattr(window, "selection", None)
    if panel is None or selection is None or selection.case_id is None:
        return "Lijst"
    return str(panel.tabs.tabText(panel.tabs.currentIndex()))


class ManualWindow(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manual")
        self.setWindowTitle("Handleiding bibob-desk")
        self.browser = QTextBrowser()
        self.browser.setObjectName("manualText")
        self.browser.setAccessibleName("Handleiding")
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(docs_dir())])
        path = docs_dir() / MANUAL
        try:
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError:
            self.browser.setPlainText(
                f"De handleiding ({MANUAL}) ontbreekt in deze installatie; vraag de beheerder om een "
                "volledige installatie."
            )
        self.fit_images(820)
        self.search = QLineEdit()
        self.search.setObjectName("manualSearch")
        self.search.setPlaceholderText("Zoeken in de handleiding")
        self.search.setAccessibleName("Zoeken in de handleiding")
        self.search.returnPressed.connect(self.find_next)
        next_button = QPushButton("Volgende")
        next_button.setAccessibleName("Volgende vindplaats")
        next_button.clicked.connect(self.find_next)
        self.not_found = QLabel("")
        self.not_found.setObjectName("manualNotFound")
        bar = QHBoxLayout()
        label = QLabel("&Zoeken:")
        label.setBuddy(self.search)
        for widget in (label, self.search, next_button, self.not_found):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        self.resize(900, 700)

    def fit_images(self, width: int) -> None:
        """Screenshots at most `width` pixels wide (height in proportion), so the text never scrolls
        sideways."""
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                image = fragment.charFormat().toImageFormat()
                if image.isValid():
                    picture = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(image.name()))
                    natural = picture.width() if isinstance(picture, QImage | QPixmap) else 0
                    if natural > width:
                        image.setWidth(width)
                        image.setHeight(picture.height() * width / natural)
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(
                            fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                        )
                        cursor.setCharFormat(image)
                it += 1
            block = block.next()

    def show_section(self, heading: str) -> bool:
        """Scroll so that this heading is at the top; False when the manual has no such heading."""
        document = self.browser.document()
        found = document.find(heading, 0, QTextDocument.FindFlag.FindCaseSensitively)
        while not found.isNull() and found.block().blockFormat().headingLevel() == 0:
            found = document.find(heading, found, QTextDocument.FindFlag.FindCaseSensitively)
        if found.isNull():
            return False
        cursor = QTextCursor(found.block())  # at the heading, nothing selected
        self.browser.setTextCursor(cursor)
        top = document.documentLayout().blockBoundingRect(found.block()).top()
        self.browser.verticalScrollBar().setValue(int(top))  # the heading at the top of the view
        return True

    def current_heading(self) -> str:
        """The heading of the part shown at the top (tests, and the title bar)."""
        corner = self.browser.viewport().rect().topLeft()
        corner.setY(corner.y() + 4)
        top = self.browser.cursorForPosition(corner).block()
        while top.isValid() and top.blockFormat().headingLevel() == 0:
            top = top.previous()
        return top.text() if top.isValid() else ""

    def find_next(self) -> None:
        term = self.search.text().strip()
        if not term:
            return
        found = self.browser.find(term)
        if not found:  # from the top again
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            found = self.browser.find(term)
        self.not_found.setText("" if found else "niet gevonden")
