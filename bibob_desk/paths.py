"""Where things live: the database (platformdirs, --db, BIBOB_DESK_DB) and the shipped content."""

from __future__ import annotations

import os
import re
import sys
import urllib.parse
from pathlib import Path

from bibob_desk import APP_NAME
from bibob_desk.domain.errors import UserError

DB_ENV = "BIBOB_DESK_DB"
DB_FILENAME = "bibob-desk.db"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / DB_FILENAME


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
TEAM_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


class UnsupportedAddress(UserError):
    """--db or BIBOB_DESK_DB holds an address that is not a database file (issue 19: a URL became a
    local folder named after it). The message names the scheme only: the rest of an address can
    hold a user name or a password."""


def resolve_db_path(cli_value: str | None = None) -> Path:
    """--db wins, then BIBOB_DESK_DB, then the per-user data folder. A file path or a file:// URL;
    any other address is refused with a Dutch message, before anything is created."""
    value = cli_value or os.environ.get(DB_ENV) or ""
    if not value:
        return default_db_path()
    found = _SCHEME.match(value)
    if found is None:
        return Path(value).expanduser()
    scheme = found.group(1).lower()
    if scheme == "file":
        parsed = urllib.parse.urlparse(value)
        if parsed.netloc not in ("", "localhost"):
            raise UnsupportedAddress(
                "Een bestand op een andere computer (file://server/…) kan niet; gebruik een pad."
            )
        return Path(urllib.parse.unquote(parsed.path)).expanduser()
    if scheme in TEAM_SCHEMES:
        raise UnsupportedAddress(
            "Een teamdatabase op PostgreSQL kan deze versie nog niet openen. "
            "Geef het pad van een databasebestand op."
        )
    raise UnsupportedAddress(
        f"'{scheme}://…' is geen databasebestand en geen adres dat bibob-desk kent. "
        "Geef het pad van een databasebestand op."
    )


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
