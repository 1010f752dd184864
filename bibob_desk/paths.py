"""Where things live: the database (platformdirs, --db, BIBOB_DESK_DB) and the shipped content."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bibob_desk import APP_NAME

DB_ENV = "BIBOB_DESK_DB"
DB_FILENAME = "bibob-desk.db"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / DB_FILENAME


def resolve_db_path(cli_value: str | None = None) -> Path:
    """--db wins, then BIBOB_DESK_DB, then the per-user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return default_db_path()


def content_root() -> Path:
    """The folder holding forms/ and resources/ (source tree, or the PyInstaller bundle)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return content_root() / "resources"


def demo_case_files() -> list[Path]:
    return sorted((resources_dir() / "demo").glob("*.json"))


def forms_dir() -> Path:
    return content_root() / "forms"
