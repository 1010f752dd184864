"""Where things live: the database (platformdirs, --db, BIBOB_DESK_DB) and the shipped content."""

from __future__ import annotations

import os
import re
import sys
import urllib.parse
from dataclasses import dataclass
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


@dataclass(frozen=True, repr=False)
class TeamAddress:
    """A team database on PostgreSQL (issue 19). `str()` and `repr()` show where, never who: the
    address may hold a user name or a password, which stay out of windows, logs and messages."""

    url: str

    def __str__(self) -> str:
        parsed = urllib.parse.urlsplit(self.url)
        host = parsed.hostname or "localhost"
        port = f":{parsed.port}" if parsed.port else ""
        return f"teamdatabase {parsed.path.lstrip('/')} op {host}{port}"

    __repr__ = __str__


def resolve_db(cli_value: str | None = None) -> Path | TeamAddress:
    """--db wins, then BIBOB_DESK_DB, then the per-user data folder. A file path, a file:// URL or a
    postgresql:// address; any other address is refused with a Dutch message, before anything is
    created."""
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
        return TeamAddress(value)
    raise UnsupportedAddress(
        f"'{scheme}://…' is geen databasebestand en geen adres dat bibob-desk kent. "
        "Geef het pad van een databasebestand of een postgresql://-adres op."
    )


def resolve_db_path(cli_value: str | None = None) -> Path:
    """As resolve_db, for what works on a database file only (a back-up, a key rotation, …)."""
    found = resolve_db(cli_value)
    if isinstance(found, TeamAddress):
        raise UnsupportedAddress(
            "Dit werkt alleen op een databasebestand, niet op een teamdatabase: die beheert de "
            "server (back-ups, herstel en sleutels, zie docs/schaal.md)."
        )
    return found


def content_root() -> Path:
    """The folder holding forms/ and resources/ (source tree, or the PyInstaller bundle)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return content_root() / "resources"


def docs_dir() -> Path:
    """The user documentation (docs/handleiding.md and its screenshots), shown by Help → Handleiding."""
    return content_root() / "docs"


def demo_case_files() -> list[Path]:
    return sorted((resources_dir() / "demo").glob("*.json"))


def forms_dir() -> Path:
    return content_root() / "forms"
