"""A generated case base for the list/filter benchmarks: N cases in a real encrypted store, plus a
plain SQLite copy of the same database (sqlcipher_export) as the baseline.

Cases are the four public sample cases with other names, addresses, dates, stages and amounts, so the
list shows realistic text and a filter such as "bakker" or "kerkstraat" matches a realistic share.
The base is kept under bench/.data/ and reused while count and generator version are the same.

    .venv/bin/python bench/case_base.py --cases 100000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from score_bench import generate

from bibob_desk.domain.enums import PartyKind, Stage
from bibob_desk.domain.model import Case, Party
from bibob_desk.store.repository import CaseRepository
from bibob_desk.store.store import Store

VERSION = 9  # change when the generated content changes: the cached base is rebuilt
DATA = Path(__file__).resolve().parent / ".data"
USER, PASSWORD = "bench", "bank vijver molen zeventien"

FIRST = (
    "Jan Piet Kees Fatima Mohamed Sanne Eva Daan Lotte Ahmet Anouk Bram Ilse Yusuf Noor Ruben Mila Thijs"
).split()
INFIX = ["", "", "", "van", "de", "van der", "van den", "ter", "van 't"]
LAST = (
    "Jansen Vries Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Dijk Berg "
    "Yilmaz Kaya Öztürk Haddou Boukhari Veen Groot Wit Leeuwen Kok Jacobs Schouten Willems Graaf"
).split()
# v9: some 300 surnames (v8 had 29: ten thousand namesakes per surname in 100,000 cases, where the
# Netherlands' most common surname covers half a percent of the population)
ROOTS = (
    "Bak Vis Smit Mei Mul Bos Jan Pet Hend Dek Brou Dijk Berg Veen Kok Wil Graa Leeuw Schout Hoek Kuip "
    "Ver Haar Molen Brink Zand Steen Wou"
).split()
ENDINGS = ["ker", "ser", "jer", "der", "sen", "stra", "man", "ing", "ink", "hof", "mans"]
LAST = LAST + [r + e for r in ROOTS for e in ENDINGS]
TRADE = "Horeca Vastgoed Exploitatie Beheer Holding Investments Trading Catering Lounge Hotel".split()
STREETS = (
    "Kerkstraat Dorpsstraat Molenweg Stationsplein Havenkade Marktplein Schoolstraat Nieuwstraat "
    "Beukenlaan Julianastraat Wilhelminaweg Oranjestraat Brink Lindelaan Singel"
).split()
TOWNS = (
    "Amsterdam Rotterdam Utrecht Eindhoven Tilburg Groningen Almere Breda Nijmegen Arnhem Zwolle Leiden"
).split()
STAGES = list(Stage)


class _Later:
    """Projections written after the whole base is in (Store.repair_projections)."""

    def put(self, case: Case, *, new: bool = False) -> None:
        pass

    def put_many(self, cases: list[Case], *, new: bool = False) -> None:
        pass


_LATER = _Later()


@dataclass(frozen=True)
class Base:
    encrypted: Path
    plain: Path
    count: int


def paths_for(count: int) -> Base:
    folder = DATA / f"v{VERSION}-{count}"
    return Base(folder / "bibob.db", folder / "plain.db", count)


def _person(rng: random.Random) -> str:
    infix = rng.choice(INFIX)
    return " ".join(p for p in (rng.choice(FIRST), infix, rng.choice(LAST)) if p)


def _company(rng: random.Random) -> str:
    """A trade word, a family or place name and a legal form: some 20,000 distinctive names (v6 had
    290, so one company name in 290 was another case's company, of whom 40 % had no KvK number)."""
    middle = rng.choice(LAST + TOWNS + STREETS + FIRST)
    extra = rng.choice(["", "", "", *LAST, *TOWNS])
    name = " ".join(p for p in (rng.choice(TRADE), middle, extra) if p)
    return f"{name} {rng.choice(['B.V.', 'V.O.F.', 'Holding B.V.'])}"


def _elfproef(rng: random.Random, weights: tuple[int, ...]) -> str:
    """A random nine-digit number that passes the eleven test (BSN: last weight -1; RSIN the same)."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        if digits[0] and sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 == 0:
            return "".join(map(str, digits))


BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
RSIN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
RETURNING = 0.02  # share of parties that appear again in a later case (the matches to find)


def _identify(party: Party, rng: random.Random) -> None:
    """Own identifiers per party: a sample case's BSN or KvK number in a quarter of all cases
    would make one person a party to 25,000 cases (version 4 did that; nothing real looks so)."""
    if party.kind == PartyKind.NATUURLIJK_PERSOON:
        party.name = _person(rng)
        party.bsn = _elfproef(rng, BSN_WEIGHTS) if party.bsn or rng.random() < 0.5 else None
        if party.birth_date or rng.random() < 0.95:  # the form asks it; BRP has it
            party.birth_date = date(1950, 1, 1) + timedelta(days=rng.randint(0, 18_000))
    else:
        party.name = _company(rng)
        party.kvk = f"{rng.randint(10_000_000, 99_999_999)}" if party.kvk or rng.random() < 0.6 else None
        party.rsin = _elfproef(rng, RSIN_WEIGHTS) if party.rsin else None
    if party.address is not None:
        party.address.postcode = _postcode(rng)
        party.address.house_number = str(rng.randint(1, 240))


def _postcode(rng: random.Random) -> str:
    letters = f"{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABEGHKLNPRSTZ')}"
    if letters in ("SA", "SD", "SS"):  # not given out in the Netherlands (and refused on import)
        letters = "T" + letters[1]
    return f"{rng.randint(1000, 9999)} {letters}"


def _returning(party: Party, seen: list[Party], rng: random.Random) -> None:
    """The same person or company as in an earlier case, written the way another officer would."""
    earlier = rng.choice([p for p in seen if p.kind == party.kind] or [party])
    party.name, party.bsn, party.birth_date = earlier.name, earlier.bsn, earlier.birth_date
    party.kvk, party.rsin = earlier.kvk, earlier.rsin
    if rng.random() < 0.5:
        party.name = party.name.upper()
    if party.is_person and rng.random() < 0.5:
        party.bsn = None  # known by name and birth date only in this case


def vary(case: Case, rng: random.Random, seen: list[Party] | None = None) -> Case:
    """Other names, identifiers, address and stage for one generated case (amounts and dates
    already vary); now and then a party of an earlier case comes back."""
    for party in case.parties:
        _identify(party, rng)
        if seen is not None:
            if seen and rng.random() < RETURNING:
                _returning(party, seen, rng)
            elif len(seen) < 5000:
                seen.append(party)
    case.location.street = rng.choice(STREETS)
    case.location.house_number = str(rng.randint(1, 240))
    case.location.postcode = _postcode(rng)
    case.location.city = rng.choice(TOWNS)
    case.title = f"{case.title.split(' — ')[0]} — {case.location.street}"
    case.stage = rng.choice(STAGES)
    return case


def build(count: int, *, batch: int = 2000, seed: int = 11) -> Base:
    """Create (or reuse) the encrypted base and its plain copy. Prints what it did."""
    base = paths_for(count)
    if base.encrypted.exists() and base.plain.exists():
        return base
    base.encrypted.parent.mkdir(parents=True, exist_ok=True)
    for leftover in base.encrypted.parent.iterdir():
        leftover.unlink()
    rng = random.Random(seed)
    seen: list[Party] = []
    start = time.perf_counter()
    store = Store.create(base.encrypted, username=USER, display_name="Benchmark", password=PASSWORD)
    try:
        done = 0
        while done < count:
            n = min(batch, count - done)
            cases = [vary(c, rng, seen) for c in generate(n, seed=seed + done)]
            for i, case in enumerate(cases):
                case.id, case.reference = f"gen-{done + i:06d}", f"G-{done + i:06d}"
            with store.transaction() as tx:
                repo = CaseRepository(tx.session, lambda: _LATER)
                for case in cases:
                    repo.add(case)
            done += n
            print(f"\r{done:,} dossiers", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        # the projections of all cases at once (the full recomputation of `check --herstel`); what a
        # save costs with its projections is measured by the import row of projection_bench.py
        built = time.perf_counter()
        store.repair_projections()
        print(f"projecties: {time.perf_counter() - built:.0f} s", file=sys.stderr)
        _plain_copy(store, base.plain)
    finally:
        store.close()
    size = base.encrypted.stat().st_size / 1e6
    print(
        f"basis gemaakt: {count:,} dossiers, {size:,.0f} MB, {time.perf_counter() - start:.0f} s",
        file=sys.stderr,
    )
    return base


def _plain_copy(store: Store, target: Path) -> None:
    """The same pages unencrypted: SQLCipher's own sqlcipher_export into a database with an empty key."""
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"ATTACH DATABASE '{target}' AS plaintext KEY ''")
        cursor.execute("SELECT sqlcipher_export('plaintext')")
        cursor.execute("DETACH DATABASE plaintext")
    finally:
        raw.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    base = build(args.cases)
    print(json.dumps({"encrypted": str(base.encrypted), "plain": str(base.plain), "count": base.count}))


if __name__ == "__main__":
    main()
