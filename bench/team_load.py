"""Issue 19, deliverable 7: a load test of the team database on a throwaway local cluster.

N simulated officers and the coordinator, each a separate process signed in with his own login
role (as N PCs would be), work for S seconds on M generated cases: filter the list (blind index),
open a case, save a change (a new version, conflicts counted), ask for colleagues' changes. Per
operation p50 and p95, each beside a raw baseline measured in the same run by the same processes
on their own psycopg connection as the same person (row-level security applies to both): the
list's page of 200 rows, one case document, one UPDATE of a case row, the changed-since query.

    .venv/bin/python bench/team_load.py [--officers 8] [--cases 2000] [--seconds 20]

Needs the PostgreSQL server binaries (Debian: postgresql), like the team tests.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from case_base import vary
from score_bench import generate
from table import Row, render

OPS = ("filteren", "dossier openen", "wijziging opslaan", "wijzigingen van collega's")
WEIGHTS = (4, 3, 2, 1)
BASELINES = {
    "filteren": "pagina van 200 lijstregels, kale SQL",
    "dossier openen": "één dossierdocument, kale SQL",
    "wijziging opslaan": "één UPDATE van de dossierregel, kale SQL",
    "wijzigingen van collega's": "dezelfde vraag, kale SQL",
}


def _setup(officers: int, cases: int) -> tuple[object, str, list[str], list[str]]:
    import sqlalchemy
    from sqlalchemy import text

    from bibob_desk.domain.enums import Role
    from bibob_desk.store.keyslots import CHEAP_TEST_KDF
    from bibob_desk.store.team_store import TeamStore
    from tests.support.postgres import start_cluster
    from tests.support.team import OWN, PASSWORD, TEMPORARY, open_as

    cluster = start_cluster()
    admin = sqlalchemy.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text('CREATE DATABASE "belasting"'))
    admin.dispose()
    recovery, _ = TeamStore.initialise(
        cluster.url(database="belasting"),
        username="coordinator",
        display_name="Coördinator",
        password=PASSWORD,
        kdf=CHEAP_TEST_KDF,
    )
    del recovery
    address = cluster.url(database="belasting").replace("bibob_test@", "")
    names = [f"officier{i:02d}" for i in range(officers)]
    with open_as(address, "coordinator") as boss:
        for name in names:
            boss.add_user(name, name, Role.VERGUNNINGVERLENER, TEMPORARY, kdf=CHEAP_TEST_KDF)
    for name in names:
        TeamStore.open_team(
            address, username=name, password=TEMPORARY, new_password=OWN, kdf=CHEAP_TEST_KDF
        ).close()
    rng = random.Random(19)
    seen: list = []
    words: list[str] = []
    start = time.perf_counter()
    with open_as(address, "coordinator") as boss:
        done = 0
        while done < cases:
            batch = [vary(c, rng, seen) for c in generate(min(200, cases - done), seed=19 + done)]
            batch = [
                replace(c, id=f"last-{n:06d}", reference=f"L-{n:06d}", behandelaar=names[n % len(names)])
                for n, c in enumerate(batch, start=done)
            ]
            surnames = [p.name.split()[-1] for c in batch for p in c.parties]
            words += [s[:5].lower() for s in surnames if len(s) >= 5]  # what an officer types
            with boss.transaction() as tx:
                tx.cases.add_many(batch)
            done += len(batch)
    rate = cases / (time.perf_counter() - start)
    print(f"{cases} dossiers ingelezen: {rate:.0f}/s (versleuteld, met blinde index)", file=sys.stderr)
    return cluster, address, names, sorted(set(words))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _officer(args: tuple[str, str, list[str], float, int]) -> dict[str, list[float] | int]:
    address, name, words, seconds, seed = args
    import psycopg
    from sqlalchemy.engine import make_url

    from bibob_desk.bootstrap import AppContext, StaleCase
    from bibob_desk.store.team_store import login_secret
    from tests.support.team import OWN, PASSWORD, open_as

    rng = random.Random(seed)
    password = PASSWORD if name == "coordinator" else OWN
    store = open_as(address, name, password)
    ctx = AppContext.around(store)
    url = make_url(address)
    raw = psycopg.connect(
        host=url.host,
        port=url.port,
        dbname=url.database,
        user=name,
        password=login_secret(str(url.database), name, password),
        sslmode="verify-full",
        sslrootcert=url.query["sslrootcert"],
        autocommit=True,
    )
    mine = [s.id for s in ctx.cases.summaries("", limit=500)]  # the coordinator: any case
    times: dict[str, list[float] | int] = {op: [] for op in OPS} | {f"kaal {op}": [] for op in OPS}
    times["conflicten"] = 0
    ctx.colleagues.poll()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        op = rng.choices(OPS, WEIGHTS)[0]
        case_id = rng.choice(mine)
        t0 = time.perf_counter()
        if op == "filteren":
            ctx.cases.summaries(rng.choice(words), limit=200)
        elif op == "dossier openen":
            ctx.cases.open_case(case_id)
        elif op == "wijziging opslaan":
            version = ctx.revisions.version(case_id)
            t0 = time.perf_counter()
            try:
                change = [{"op": "replace", "path": "/title", "value": f"herzien {rng.random():.6f}"}]
                ctx.revisions.edit(case_id, change, "belastingproef", expected=version)
            except StaleCase:
                times["conflicten"] = int(times["conflicten"]) + 1  # type: ignore[call-overload]
        else:
            ctx.colleagues.poll()
        took = time.perf_counter() - t0
        times[op].append(took)  # type: ignore[union-attr]
        t1 = time.perf_counter()
        with raw.cursor() as cur:
            if op == "filteren":
                cur.execute(
                    "SELECT id, reference, permit_kinds, stage, received_date, location, party_names, "
                    "updated_at, behandelaar, result FROM cases ORDER BY received_date DESC LIMIT 200"
                )
                cur.fetchall()
            elif op == "dossier openen":
                cur.execute("SELECT payload FROM case_documents WHERE case_id = %s", (case_id,))
                cur.fetchall()
            elif op == "wijziging opslaan":
                cur.execute("UPDATE cases SET updated_at = updated_at WHERE id = %s", (case_id,))
            else:
                cur.execute("SELECT id, revision, updated_at FROM cases WHERE updated_at >= %s", ("2026",))
                cur.fetchall()
        times[f"kaal {op}"].append(time.perf_counter() - t1)  # type: ignore[union-attr]
    raw.close()
    store.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, default=8)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    from tests.support.postgres import remove

    cluster, address, names, words = _setup(args.officers, args.cases)
    try:
        people = [*names, "coordinator"]  # the coordinator sees every case: his saves can conflict
        jobs = [(address, name, words, args.seconds, i) for i, name in enumerate(people)]
        with multiprocessing.get_context("spawn").Pool(len(people)) as pool:
            results = pool.map(_officer, jobs)
    finally:
        remove(cluster)
    rows, total = [], 0
    for op in OPS:
        ours = [t for r in results for t in r[op]]  # type: ignore[union-attr]
        bare = [t for r in results for t in r[f"kaal {op}"]]  # type: ignore[union-attr]
        total += len(ours)
        for label, share in (("p50", 0.5), ("p95", 0.95)):
            rows.append(
                Row(
                    f"{op}, {label} ({len(ours)} keer)",
                    _percentile(ours, share) * 1000,
                    "ms",
                    _percentile(bare, share) * 1000,
                    BASELINES[op],
                )
            )
    conflicts = sum(int(r["conflicten"]) for r in results)  # type: ignore[arg-type]
    print(
        f"teamdatabase onder belasting: {args.officers} vergunningverleners en de coördinator tegelijk, "
        "elk een eigen proces en aanmelding, zonder denktijd, "
        f"{args.cases} dossiers, {args.seconds:.0f} s, PostgreSQL "
        f"{cluster.version()} lokaal, {multiprocessing.cpu_count()} kernen"
    )
    print(render(rows))
    print(
        f"{total} handelingen, {total / args.seconds:.0f} per seconde samen; {conflicts} opslagen geweigerd "
        f"als verouderd (gelijktijdig hetzelfde dossier); mediaan filteren "
        f"{statistics.median(t for r in results for t in r['filteren']) * 1000:.0f} ms"  # type: ignore[union-attr]
    )


if __name__ == "__main__":
    main()
