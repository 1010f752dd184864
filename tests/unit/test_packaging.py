"""The packaging files agree with the project: what the bundle must carry, the Linux launcher, the
pinned build tools. (Building the bundle takes a minute and runs in packaging/build.sh, with its
smoke test; it is not part of the test command.)"""

from __future__ import annotations

import ast
import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def test_the_spec_carries_the_content_the_driver_and_the_icon():
    spec = (PACKAGING / "bibob-desk.spec").read_text(encoding="utf-8")
    ast.parse(spec)  # valid Python
    for needed in (
        '"forms"',
        '"resources"',
        'collect_data_files("bibob_desk")',
        '"sqlcipher3"',
        "bibob-desk.ico",
    ):
        assert needed in spec, needed
    for folder in ("forms", "resources", "resources/icons"):
        assert (ROOT / folder).is_dir()
    assert (ROOT / "resources" / "icons" / "bibob-desk.png").stat().st_size > 1000
    assert (ROOT / "resources" / "icons" / "bibob-desk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert "from bibob_desk.cli import main" in (PACKAGING / "entry.py").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_desktop_file_is_a_valid_launcher():
    path = PACKAGING / "linux" / "bibob-desk.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(path, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Icon"] == "bibob-desk"
    assert desktop["Exec"].endswith("/bibob-desk") and desktop["Terminal"] == "false"
    assert desktop["Categories"].endswith(";")
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_build_tools_are_pinned():
    pins = [
        line
        for line in (PACKAGING / "requirements-build.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert pins and all("==" in line for line in pins)
    assert any(line.startswith("pyinstaller==") for line in pins)
