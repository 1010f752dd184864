"""`bibob-desk` and `bibob-desk --db F` start the window without loading the command modules."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bibob_desk.cli import gui_database


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["--db", "/tmp/x.db"], (True, "/tmp/x.db")),
        (["--db=/tmp/x.db"], (True, "/tmp/x.db")),
        (["--db"], (False, None)),
        (["--db", "--version"], (False, None)),
        (["--db="], (False, None)),
        (["list"], (False, None)),
        (["--db", "x.db", "list"], (False, None)),
        (["--version"], (False, None)),
    ],
)
def test_only_a_bare_start_goes_straight_to_the_window(args, expected):
    assert gui_database(args) == expected


@pytest.mark.slow
def test_the_gui_path_imports_neither_the_commands_nor_the_store():
    code = (
        "import sys, bibob_desk.cli, bibob_desk.ui.main_window; "
        "bad = [m for m in sys.modules if m.startswith(('bibob_desk.cli.', 'bibob_desk.store', "
        "'bibob_desk.services.exports', 'sqlalchemy', 'reportlab', 'openpyxl'))]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
