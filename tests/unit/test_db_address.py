"""Which --db / BIBOB_DESK_DB values are database files (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibob_desk.paths import UnsupportedAddress, resolve_db_path


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bibob.db", Path("bibob.db")),
        ("/data/bibob desk/bibob.db", Path("/data/bibob desk/bibob.db")),
        ("file:///data/bibob%20desk/bibob.db", Path("/data/bibob desk/bibob.db")),
        ("file://localhost/data/bibob.db", Path("/data/bibob.db")),
        ("C:\\Users\\jurist\\bibob.db", Path("C:\\Users\\jurist\\bibob.db")),  # a drive letter, no URL
        ("map:met:dubbele:punten/bibob.db", Path("map:met:dubbele:punten/bibob.db")),
    ],
)
def test_paths_and_file_urls_are_database_files(value, expected):
    assert resolve_db_path(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "postgresql://jurist:geheim@db/bibob",
        "postgres://db/bibob",
        "POSTGRESQL+psycopg://db/bibob",
        "sqlite:///bibob.db",
        "smb://server/share/bibob.db",
        "file://server/share/bibob.db",
    ],
)
def test_other_addresses_are_refused_without_repeating_them(value, monkeypatch):
    monkeypatch.delenv("BIBOB_DESK_DB", raising=False)
    with pytest.raises(UnsupportedAddress) as refused:
        resolve_db_path(value)
    assert "geheim" not in str(refused.value) and "server" not in str(refused.value).replace(
        "file://server/…", ""
    )
    assert str(refused.value).endswith(".")


def test_the_environment_variable_is_checked_the_same_way(monkeypatch):
    monkeypatch.setenv("BIBOB_DESK_DB", "postgresql://db/bibob")
    with pytest.raises(UnsupportedAddress, match="teamdatabase"):
        resolve_db_path(None)
