"""Score N generated cases with the real catalogue and engine; print cases per second.

Baseline in the same run: decoding the same cases from their stored JSON (what the store does before
scoring). Cases are generated from the four public sample cases with varied amounts, dates and rents.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from copy import deepcopy
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from table import Row, render

from bibob_desk.domain.codec import from_primitive, to_primitive
from bibob_desk.domain.model import Case
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import demo_case_files, resources_dir
from bibob_desk.risk.catalogue import load_catalogue
from bibob_desk.risk.engine import assess

GOAL = 2000


def generate(count: int, seed: int = 7) -> list[Case]:
    rng = random.Random(seed)
    samples = [read_case_file(p).case for p in demo_case_files()]
    cases = []
    for i in range(count):
        case = deepcopy(samples[i % len(samples)])
        case.id, case.reference = f"bench-{i}", f"B-{i:06d}"
        case.received_date += timedelta(days=rng.randint(-400, 400))
        for f in case.financing:
            f.amount = (f.amount * Decimal(rng.uniform(0.5, 1.5))).quantize(Decimal("1"))
        for p in case.premises:
            if p.rent_per_month:
                p.rent_per_month = (p.rent_per_month * Decimal(rng.uniform(0.6, 1.6))).quantize(Decimal("1"))
        cases.append(case)
    return cases


def measure(count: int) -> list[Row]:
    catalogue = load_catalogue(sorted((resources_dir() / "indicators").glob("*.yaml"))[-1])
    cases = generate(count)
    payloads = [json.dumps(to_primitive(c)) for c in cases]
    now = datetime.now(UTC)

    start = time.perf_counter()
    for text in payloads:
        from_primitive(Case, json.loads(text))
    decode = time.perf_counter() - start

    start = time.perf_counter()
    bands: dict[str, int] = {}
    for case, payload in zip(cases, payloads, strict=True):  # the store hands the engine its stored JSON too
        band = assess(case, catalogue, assessed_by="bench", now=now, payload=payload).band
        bands[band] = bands.get(band, 0) + 1
    scoring = time.perf_counter() - start

    rate, base_rate = count / scoring, count / decode
    spread = ", ".join(f"{k} {v}" for k, v in sorted(bands.items()))
    return [
        Row(
            f"risicoscore, {count:,} dossiers (tijd per 1.000)",
            1000 * scoring / count,
            "s",
            1000 * decode / count,
            "alleen JSON decoderen",
            f"≥ {GOAL:,} dossiers/s",
            rate >= GOAL,
            f"{rate:,.0f} dossiers/s (decoderen {base_rate:,.0f}/s); banden: {spread}",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args()
    print(render(measure(args.cases)))


if __name__ == "__main__":
    main()
