"""The benchmark table of issue 8, in one command:

    .venv/bin/python bench/run.py              100,000 cases (the base is generated once, ~5 min)
    .venv/bin/python bench/run.py --quick      10,000 cases, fewer start-up rounds

Every row: the figure, the baseline measured in the same run, the ratio and the goal. Nothing here is a
test: the suite has no timed assertions. Start-up is measured from the parent's clock before starting a
fresh process to the first paint the process reports (BIBOB_DESK_STARTMETING for the app, an event
filter in bench/first_paint.py for the bare window).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from table import Row, render  # noqa: E402


def _first_paint(command: list[str], env: dict[str, str]) -> float:
    start = time.time()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    for line in done.stdout.splitlines():
        if line.startswith(("eerste-venster ", "painted ")):
            return float(line.split()[1]) - start
    raise RuntimeError(f"geen eerste venster gemeld door {command[0]}: {done.stderr[-400:]}")


def _frozen_bare() -> Path | None:
    """The bare window frozen the same way as the bundle (PyInstaller onedir), built once with the
    build venv of packaging/build.sh: the fair baseline for the bundle's start-up."""
    target = HERE / ".data" / "frozen-bare" / "bare" / "bare"
    pyinstaller = ROOT / "build" / "venv" / "bin" / "pyinstaller"
    if target.exists() or not pyinstaller.exists():
        return target if target.exists() else None
    work = HERE / ".data" / "frozen-bare"
    subprocess.run(
        [
            str(pyinstaller),
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--onedir",
            "--name",
            "bare",
            "--distpath",
            str(work),
            "--workpath",
            str(work / "build"),
            "--specpath",
            str(work),
            str(HERE / "first_paint.py"),
        ],
        check=True,
        capture_output=True,
    )
    return target


def startup(rounds: int) -> list[Row]:
    from case_base import build

    db = build(1000).encrypted  # a real database: the lock screen shows its name
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    script = Path(sys.executable).parent / "bibob-desk"
    app = [str(script)] if script.exists() else [sys.executable, "-m", "bibob_desk"]
    bare = [sys.executable, str(HERE / "first_paint.py"), "bare"]
    frozen = ROOT / "dist" / "bibob-desk" / "bibob-desk"
    frozen_bare = _frozen_bare() if frozen.exists() else None
    runs: dict[str, list[float]] = {"bare": [], "app": [], "frozen": [], "frozen_bare": []}
    probe = {**env, "BIBOB_DESK_STARTMETING": "1"}
    for _ in range(rounds):
        runs["bare"].append(_first_paint(bare, env))
        runs["app"].append(_first_paint([*app, "--db", str(db)], probe))
        if frozen_bare is not None:
            runs["frozen_bare"].append(_first_paint([str(frozen_bare), "bare"], env))
            runs["frozen"].append(_first_paint([str(frozen), "--db", str(db)], probe))
    rows = []
    for name, base, label, base_label in (
        ("app", "bare", "Python-omgeving (.venv)", "kaal PySide6-venster, zelfde Python"),
        ("frozen", "frozen_bare", "gebundeld (dist/, onedir)", "kaal PySide6-venster, zo gebundeld"),
    ):
        if not runs[name]:
            continue
        ms = statistics.median(runs[name]) * 1000
        bare_ms = statistics.median(runs[base]) * 1000
        spread = f"min {min(runs[name]) * 1000:.0f}, max {max(runs[name]) * 1000:.0f} ms"
        rows.append(
            Row(
                f"eerste getekende venster, {label}",
                ms,
                "ms",
                bare_ms,
                base_label,
                "≤ 1,5×",
                ms <= 1.5 * bare_ms,
                f"mediaan van {rounds} starts ({spread}); slotscherm; database en werkblad laden daarna",
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10.000 dossiers, 5 starts")
    args = parser.parse_args()
    cases = 10_000 if args.quick else args.cases
    rows: list[Row] = []
    rows += startup(5 if args.quick else 11)
    listed = subprocess.run(
        [sys.executable, str(HERE / "list_bench.py"), "--cases", str(cases), "--json"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    rows += [Row(**r) for r in json.loads(listed.stdout.strip().splitlines()[-1])]
    from export_bench import measure as export_measure
    from score_bench import measure as score_measure

    rows += score_measure(10_000)
    rows += export_measure(10_000)
    for size in sorted({10_000, cases}):  # issue 18: the cross-case views, each in its own process
        done = subprocess.run(
            [sys.executable, str(HERE / "projection_bench.py"), "--cases", str(size), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        rows += [Row(**r) for r in json.loads(done.stdout.strip().splitlines()[-1])]
    print(f"bibob-desk benchmarks, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores")
    print(render(rows))


if __name__ == "__main__":
    main()
