"""Smoke test of a built bundle, headless. Standard library only (runs with any Python 3.11).

    python3 packaging/smoke_test.py dist/bibob-desk/bibob-desk

1. the CLI of the frozen binary: create a store, import a sample case, score it, export a memo (PDF),
   list, matches, the weerbaarheidsscan with its PDF, check; each must exit 0;
2. `selftest`: content, SQLCipher, PDF page rendering, Excel and the window on QT_QPA_PLATFORM=offscreen;
3. the same window check on a real X server under Xvfb (the xcb plugin) when xvfb-run is installed;
4. the Qt platform plugins offscreen and xcb are inside the bundle.
Prints what it did and how long each step took; exit code 0 only when everything passed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "rooktest lamp fiets zeventien"  # noqa: S105 - a throwaway database in a temp folder


def run(binary: Path, args: list[str], env: dict[str, str], prefix: tuple[str, ...] = ()) -> str:
    start = time.perf_counter()
    command = [*prefix, str(binary), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180, check=False)
    took = time.perf_counter() - start
    shown = " ".join([*prefix[:1], *args[:3]])
    if done.returncode != 0:
        print(f"FOUT  {shown}: exit {done.returncode}\n{done.stdout}\n{done.stderr}")
        raise SystemExit(1)
    print(f"ok    {shown:<40} {took:5.2f} s")
    return done.stdout


def main() -> int:
    binary = Path(sys.argv[1]).resolve()
    if not binary.is_file():
        print(f"FOUT  geen programma gevonden: {binary}")
        return 1
    bundle = binary.parent
    plugins = {p.name for p in bundle.rglob("libq*.so")} | {p.name for p in bundle.rglob("q*.dll")}
    if not (binary.stat().st_size > 50_000_000):  # onedir: check the plugins on disk
        for wanted in ("libqoffscreen.so", "libqxcb.so"):
            if sys.platform.startswith("linux") and wanted not in plugins:
                print(f"FOUT  Qt-plugin ontbreekt in de bundel: {wanted}")
                return 1
        print("ok    Qt-plugins offscreen en xcb in de bundel")
    with tempfile.TemporaryDirectory(prefix="bibob-rooktest-") as tmp:
        folder = Path(tmp)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(folder),
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
            "BIBOB_DESK_DB": str(folder / "data" / "bibob.db"),
            "BIBOB_DESK_USER": "rooktest",
            "BIBOB_DESK_PASSWORD": PASSWORD,
            "BIBOB_DESK_NEW_PASSWORD": PASSWORD,
        }
        version = run(binary, ["--version"], env)
        run(binary, ["init"], env)
        run(binary, ["import", str(ROOT / "resources" / "demo" / "H2.json")], env)
        scored = run(binary, ["score", "H2"], env)
        memo = folder / "H2-advies.pdf"
        run(binary, ["memo", "H2", "--kind", "advies", "-o", str(memo)], env)
        if not memo.read_bytes().startswith(b"%PDF-"):
            print("FOUT  de memo is geen PDF")
            return 1
        listed = run(binary, ["list"], env)
        run(binary, ["matches", "H2", "--json"], env)  # rapidfuzz (compiled) inside the bundle
        scan = folder / "scan.pdf"
        answers = ROOT / "resources" / "weerbaarheid" / "voorbeeld-antwoorden.json"
        run(binary, ["scan", "--answers", str(answers), "--pdf", str(scan)], env)
        if not scan.read_bytes().startswith(b"%PDF-"):
            print("FOUT  de samenvatting van de scan is geen PDF")
            return 1
        run(binary, ["check"], env)
        run(binary, ["selftest"], env)
        xvfb = shutil.which("xvfb-run")
        if xvfb:
            shown = run(binary, ["selftest"], {**env, "QT_QPA_PLATFORM": "xcb"}, prefix=(xvfb, "-a"))
            if "platform xcb" not in shown:
                print(f"FOUT  het venster onder Xvfb gebruikte niet het xcb-platform:\n{shown}")
                return 1
        else:
            print("--    xvfb-run niet gevonden: venster onder X (xcb) niet getest")
        print(f"\n{version.strip()}; score: {scored.strip().splitlines()[0]}")
        print(f"memo {memo.stat().st_size // 1000} kB; lijst: {listed.strip().splitlines()[-1]}")
    print("Rooktest geslaagd.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
