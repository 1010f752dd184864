"""Run the real command line in a child process against a database (for integration tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ADMIN, PASSWORD


def run_cli(db: Path, *args: str, user: str = ADMIN, password: str = PASSWORD) -> subprocess.CompletedProcess:
    env = {"BIBOB_DESK_USER": user, "BIBOB_DESK_PASSWORD": password, "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "bibob_desk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
