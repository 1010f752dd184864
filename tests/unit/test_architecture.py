"""Layer rules (import-linter contracts in pyproject.toml) and start-up import hygiene."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.mark.slow
def test_import_linter_contracts_hold():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; "
            "sys.argv=['lint-imports']; lint_imports_command()",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.split("Contracts:")[-1].lower() or "0 broken" in result.stdout


@pytest.mark.slow
def test_cli_never_imports_qt():
    result = _run_python(
        "import sys, bibob_desk.cli, bibob_desk.bootstrap; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]; print(bad); "
        "sys.exit(1 if bad else 0)"
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_first_window_does_not_wait_for_database_or_export_libraries():
    result = _run_python(
        "import sys, bibob_desk.ui.app; "
        "heavy = ('sqlalchemy', 'sqlmodel', 'sqlcipher3', 'reportlab', 'openpyxl', 'argon2', 'jsonschema'); "
        "bad = [m for m in sys.modules if m.split('.')[0] in heavy]; print(bad); sys.exit(1 if bad else 0)"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _python_files(*packages: str) -> list[Path]:
    return [f for p in packages for f in sorted((ROOT / "bibob_desk" / p).rglob("*.py"))]


def test_ui_and_cli_never_reach_for_the_store_behind_the_services():
    """The typed AppContext keeps the store private; an attribute access would bypass the contract."""
    import ast

    found = []
    for file in _python_files("ui", "cli"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"_store", "store", "engine", "transaction"}:
                found.append(f"{file.relative_to(ROOT)}:{node.lineno} .{node.attr}")
    assert found == []


@pytest.mark.slow
def test_the_presentation_of_the_case_file_is_pure():
    """Screen, PDF and workbook share it: it loads no Qt, PDF, Excel or database library."""
    result = _run_python(
        "import sys, bibob_desk.presentation.case_file; "
        "heavy = ('PySide6', 'reportlab', 'openpyxl', 'sqlalchemy', 'sqlcipher3'); "
        "bad = [m for m in sys.modules if m.split('.')[0] in heavy]; print(bad); sys.exit(1 if bad else 0)"
    )
    assert result.returncode == 0, result.stdout + result.stderr
