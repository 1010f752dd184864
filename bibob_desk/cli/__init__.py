"""Command line. Never imports Qt unless the GUI is started (no command given).

Exit codes: 0 success, 1 a user error (one Dutch line on stderr), 2 a usage error.
Passwords come from a prompt, or from BIBOB_DESK_USER / BIBOB_DESK_PASSWORD for scripts.

This module stays small: `bibob-desk` and `bibob-desk --db F` start the window without loading the
parser and the command modules (start-up time, issue 8); anything else goes to cli.commands.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def _harden_process() -> None:
    """No core dumps: a dump would hold the database key (T39)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass


def gui_database(args: Sequence[str]) -> tuple[bool, str | None]:
    """(True, db) when the arguments only start the window: none, `--db F` or `--db=F`."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db" and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > 5:
        return True, args[0][5:]
    return False, None


def main(argv: Sequence[str] | None = None) -> int:
    _harden_process()
    args = list(sys.argv[1:] if argv is None else argv)
    only_gui, db = gui_database(args)
    if only_gui:
        from bibob_desk.ui.app import run_gui

        return run_gui(db)
    from bibob_desk.cli.commands import main as run_command

    return run_command(args)
