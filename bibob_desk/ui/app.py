"""GUI entry point. Imports only Qt and light modules; the store loads while the lock screen waits."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from bibob_desk.domain.errors import UserError
from bibob_desk.paths import resolve_db, resources_dir

if TYPE_CHECKING:
    from bibob_desk.ui.main_window import MainWindow


_TRANSLATORS: list[QTranslator] = []  # kept alive: Qt does not own an installed translator
MISSING_IN_QTBASE_NL = {  # Qt's own strings that qtbase_nl.qm (Qt 6) has without their accelerator
    ("QFileDialog", "&Look in:"): "&Zoeken in:",
    ("QFileDialog", "Files of &type:"): "Bestands&type:",
    ("QFileDialog", "File &name:"): "Bestands&naam:",
    ("QAbstractFileIconProvider", "Folder"): "Map",  # the Type column of the file dialog
    ("QAbstractFileIconProvider", "File Folder"): "Bestandsmap",
    ("QAbstractFileIconProvider", "Drive"): "Station",
    ("QAbstractFileIconProvider", "File"): "Bestand",
    ("QAbstractFileIconProvider", "Unknown"): "Onbekend",
    ("QAbstractFileIconProvider", "%1 File"): "%1-bestand",
}


class _Supplement(QTranslator):
    """The few words qtbase_nl.qm lacks (searched before it: installed after it)."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return MISSING_IN_QTBASE_NL.get((context, source))

    def isEmpty(self) -> bool:  # Qt skips an empty translator
        return False


def load_dutch(app: QApplication) -> bool:
    """Qt's own words in Dutch (issue 20): the buttons of its dialogs (Annuleren, Opslaan), the file
    dialog (Zoeken in, Bestandsnaam), the context menus; dates and numbers in the Dutch notation.
    False when PySide6's translations are missing (the words then stay English)."""
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    if _TRANSLATORS:
        return True
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load(QLocale(QLocale.Language.Dutch), "qtbase", "_", folder):
        return False
    supplement = _Supplement(app)
    for installed in (translator, supplement):
        app.installTranslator(installed)
        _TRANSLATORS.append(installed)
    return True


def load_fonts(app: QApplication) -> None:
    """Ship DejaVu Sans: without fonts Qt draws boxes and says nothing. Qt's words in Dutch too."""
    load_dutch(app)
    family = None
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / name))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else None)
    if family:
        app.setFont(QFont(family, 10))


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Never a traceback in front of a user; only the error type is mentioned."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(
        None,
        "bibob-desk",
        f"Er ging iets onverwachts mis ({kind.__name__}). Uw gegevens zijn niet gewijzigd. "
        "Vergrendel en ontgrendel de app, of meld dit bij de beheerder.",
    )


def create_main_window(db_arg: str | None = None, *, defer_work: bool = False) -> MainWindow:
    from bibob_desk.ui.main_window import MainWindow
    from bibob_desk.ui.session import AppSession

    return MainWindow(AppSession(resolve_db(db_arg)), defer_work=defer_work)


def run_gui(db_arg: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("bibob-desk")
    load_fonts(app)
    sys.excepthook = _excepthook
    try:
        window = create_main_window(db_arg, defer_work=True)  # the work area and the store load after
    except UserError as error:  # an address that is not a database file (--db, BIBOB_DESK_DB)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "bibob-desk", str(error))
        return 2
    window.show()  # the first paint (MainWindow.event), while the user types the password
    return app.exec()


def selftest_window(db_path: Path) -> str:
    """For `bibob-desk selftest`: build and paint the first window (first-run page of a database that
    does not exist yet) on the current Qt platform; returns what was drawn."""
    from PySide6.QtGui import QGuiApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    load_fonts(app)
    window = create_main_window(str(db_path))
    window.show()
    app.processEvents()
    picture = window.grab()
    window.session.lock()
    window.close()
    if picture.isNull() or picture.width() < 100:
        raise RuntimeError("venster niet getekend")
    return f"platform {QGuiApplication.platformName()}, venster {picture.width()}×{picture.height()}"
