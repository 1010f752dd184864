"""Export speed: one memo, and the Excel dossier of N generated cases against a raw openpyxl
write-only workbook of the same rows, measured in the same run (goal ≤ 1.3× and under 15 s)."""

from __future__ import annotations

import argparse
import io
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from openpyxl import Workbook
from score_bench import generate
from table import Row, render

from bibob_desk.exports import BASIS
from bibob_desk.exports.memos import MemoContext, build_memo
from bibob_desk.exports.texts import load_texts
from bibob_desk.exports.workbook import build_workbook, sheet_layout, sheet_rows
from bibob_desk.paths import resources_dir
from bibob_desk.presentation.case_file import CaseFile
from bibob_desk.risk.catalogue import load_catalogue
from bibob_desk.risk.engine import assess
from bibob_desk.workflow.deadlines import compute
from bibob_desk.workflow.terms import load_terms


def measure(count: int) -> list[Row]:
    catalogue = load_catalogue(sorted((resources_dir() / "indicators").glob("*.yaml"))[-1])
    terms, today, now = load_terms(), date(2026, 1, 1), datetime.now(UTC)
    cases = generate(count)
    items = [(c, assess(c, catalogue, assessed_by="bench", now=now), compute(c, terms, today)) for c in cases]

    ctx = MemoContext(
        case_file=CaseFile(*items[1]),
        texts=load_texts(),
        anchor="bench",
        today=today,
    )
    build_memo("advies", ctx)  # fonts and templates warm
    start = time.perf_counter()
    for _ in range(5):
        build_memo("advies", ctx)
    memo_ms = (time.perf_counter() - start) / 5 * 1000

    start = time.perf_counter()
    data = build_workbook(items, BASIS)
    ours = time.perf_counter() - start

    # baseline: the very same rows (computed beforehand, not timed), appended as plain values to a
    # raw openpyxl write-only workbook: no row building, no styling, no date format, no text forcing
    rows = sheet_rows(items)
    start = time.perf_counter()
    wb = Workbook(write_only=True)
    for name in sheet_layout()[0]:
        ws = wb.create_sheet(name)
        for row in rows[name]:
            ws.append(row)
    wb.save(io.BytesIO())
    raw = time.perf_counter() - start

    tracemalloc.start()  # separate run: tracing slows Python down several times
    build_workbook(items, BASIS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    return [
        Row("memo (advies, PDF), gemiddeld van 5", memo_ms, "ms"),
        Row(
            f"Excel-export, {count:,} dossiers",
            ours,
            "s",
            raw,
            "kale openpyxl write-only, zelfde rijen",
            "≤ 1,3× en < 15 s",
            ours / raw <= 1.3 and ours < 15,
            f"piekgeheugen {peak / 1e6:.0f} MB (tracemalloc, aparte run); bestand {len(data) / 1e6:.1f} MB",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args()
    print(render(measure(args.cases)))


if __name__ == "__main__":
    main()
