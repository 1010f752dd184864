"""Which --db / BIBOB_DESK_DB values are database files (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibob_desk.paths import TeamAddress, UnsupportedAddress, resolve_db, resolve_db_path


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
    ("value", "shown"),
    [
        ("postgresql://jurist:geheim@db.gemeente.nl:5433/bibob", "teamdatabase bibob op db.gemeente.nl:5433"),
        ("postgres://db/bibob?sslmode=verify-full", "teamdatabase bibob op db"),
        ("POSTGRESQL+psycopg://jurist@db/bibob", "teamdatabase bibob op db"),
    ],
)
def test_a_postgresql_address_is_a_team_database_shown_without_who(value, shown):
    found = resolve_db(value)
    assert isinstance(found, TeamAddress) and found.url == value
    assert str(found) == repr(found) == shown  # no user name, no password: windows and logs show this
    with pytest.raises(UnsupportedAddress, match="niet op een teamdatabase") as refused:
        resolve_db_path(value)  # a back-up, a key rotation: file only
    assert "geheim" not in str(refused.value) and "jurist" not in str(refused.value)


@pytest.mark.parametrize(
    "value",
    [
        "mysql://root:geheim@db/bibob",
        "sqlite:///bibob.db",
        "smb://server/share/bibob.db",
        "file://server/share/bibob.db",
    ],
)
def test_other_addresses_are_refused_without_repeating_them(value, monkeypatch):
    monkeypatch.delenv("BIBOB_DESK_DB", raising=False)
    with pytest.raises(UnsupportedAddress) as refused:
        resolve_db(value)
    assert "geheim" not in str(refused.value) and "server" not in str(refused.value).replace(
        "file://server/…", ""
    )
    assert str(refused.value).endswith(".")


def test_the_environment_variable_is_read_the_same_way(monkeypatch):
    monkeypatch.setenv("BIBOB_DESK_DB", "postgresql://db/bibob")
    assert resolve_db(None) == TeamAddress("postgresql://db/bibob")
    with pytest.raises(UnsupportedAddress, match="teamdatabase"):
        resolve_db_path(None)
    monkeypatch.setenv("BIBOB_DESK_DB", "ftp://db/bibob")
    with pytest.raises(UnsupportedAddress, match="'ftp://…'"):
        resolve_db(None)
