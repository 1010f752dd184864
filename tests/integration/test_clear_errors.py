"""Foreseeable conditions get a Dutch message that says what to do, never "onverwachte fout"
(issue 17, part 4; reliability T15): a read-only database location, a backup to a full or read-only
disk, a key slot file from before a rotation (test_store_open), a decision without legal assessment.
Real tmpfs mounts (root, as in CI); without root these tests are skipped and say why."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bibob_desk.domain.errors import UserError
from tests.support.cli import run_cli

pytestmark = pytest.mark.slow


@pytest.fixture
def mount(tmp_path):
    mounted: list[Path] = []

    def make(name: str, size: str) -> Path:
        path = tmp_path / name
        path.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
        )
        if done.returncode != 0:
            pytest.skip("tmpfs kan hier niet worden aangekoppeld (geen root)")
        mounted.append(path)
        return path

    yield make
    for path in reversed(mounted):
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


def _read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True, capture_output=True)


def test_a_read_only_database_location_says_what_to_do(demo_app, db_path, mount):
    demo_app.close()
    place = mount("stick", "20m")
    for source in db_path.parent.iterdir():
        if not source.name.endswith(".lock"):
            shutil.copy2(source, place / source.name)
    _read_only(place)
    done = run_cli(place / db_path.name, "list")
    assert done.returncode != 0
    assert "alleen-lezen" in done.stderr and "schrijven" in done.stderr
    assert "onverwachte fout" not in done.stderr and "Traceback" not in done.stderr


def test_a_backup_to_a_full_or_read_only_disk_says_which_and_leaves_nothing(demo_app, mount):
    full = mount("vol", "64k")
    with pytest.raises(UserError, match="De schijf voor de back-up is vol"):
        demo_app.backups.backup(full / "backup.zip")
    assert list(full.iterdir()) == []
    locked = mount("alleen-lezen", "1m")
    _read_only(locked)
    with pytest.raises(UserError, match="kan niet worden geschreven"):
        demo_app.backups.backup(locked / "backup.zip")


def test_a_decision_without_legal_assessment_says_what_is_missing(demo_app, db_path):
    demo_app.close()
    done = run_cli(
        db_path,
        "memo",
        "H1",
        "--kind",
        "weigering",
        "-o",
        str(db_path.parent / "w.pdf"),
        "--purpose",
        "besluitvorming",
    )
    assert done.returncode != 0 and "leg eerst de juridische beoordeling vast" in done.stderr
    assert "onverwachte fout" not in done.stderr
