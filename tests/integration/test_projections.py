"""Projections (issue 18) on a real store: what the cross-case views read from the derived tables is
exactly what walking every case gives — deadlines, match candidates, doorstart alerts — after saves,
judgements, a changed setting and days passing; `check` finds a tampered projection and repairs it."""

from __future__ import annotations

import random
from copy import deepcopy
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from bibob_desk.domain.enums import DecisionKind, EventKind, PartyKind, Stage
from bibob_desk.domain.model import Case, CaseEvent
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.network.doorstart import alerts, watch_of
from bibob_desk.network.matching import compare_persons, find_matches
from bibob_desk.paths import demo_case_files
from bibob_desk.services.workflow import WorkflowService
from bibob_desk.store import projections
from bibob_desk.workflow.deadlines import compute
from tests.support.lookalikes import pairs

TODAY = date(2025, 9, 1)


def _demo() -> list[Case]:
    return [read_case_file(p).case for p in demo_case_files()]


def _elf(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
        if digits[0] and sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 == 0:
            return "".join(map(str, digits))


def _generated(count: int, seed: int = 5) -> tuple[list[Case], list[tuple]]:
    """Demo cases with other parties: the first person of every case is one side of a look-alike
    pair (tests/support/lookalikes.py), the others get names and identifiers of their own; now and
    then a company, an address or a BSN comes back, and some cases are refused or withdrawn."""
    rng = random.Random(seed)
    samples, out, used = _demo(), [], []
    placed: dict[int, list[str]] = {}
    looks = pairs(count // 10 + 1, seed=seed)
    for i in range(count):
        case = deepcopy(samples[i % len(samples)])
        case.id, case.reference = f"gen-{i:04d}", f"G-{i:04d}"
        case.received_date = TODAY - timedelta(days=rng.randint(0, 500))
        case.location.postcode, case.location.house_number = f"{1000 + i} AB", str(1 + i % 7)
        if rng.random() < 0.05 and out:  # the same address as an earlier case
            earlier = rng.choice(out)
            case.location.postcode, case.location.house_number = (
                earlier.location.postcode,
                earlier.location.house_number,
            )
        persons = [p for p in case.parties if p.kind is PartyKind.NATUURLIJK_PERSOON]
        for n, party in enumerate(case.parties):
            if party.kind is PartyKind.NATUURLIJK_PERSOON:
                party.name, party.bsn = f"Persoon{i}x{n} Achternaam{i}x{n}", _elf(rng)
                party.birth_date = date(1960, 1, 1) + timedelta(days=rng.randint(0, 12000))
            else:
                party.name, party.kvk = f"Bedrijf{i}x{n} Holding B.V.", f"{10_000_000 + i * 10 + n}"
                party.rsin = None
                if rng.random() < 0.1 and used:  # an earlier company, with or without its KvK number
                    party.name, party.kvk = rng.choice(used)
                    party.name = party.name.upper() if rng.random() < 0.5 else party.name
                if rng.random() < 0.3:
                    party.kvk = None  # known by name only: a name candidate of companies with a KvK
                used.append((party.name, party.kvk))
            if party.address is not None:
                party.address.postcode, party.address.house_number = f"{5000 + i} CD", str(n + 1)
        if persons and i // 2 < len(looks):
            a, b, _same = looks[i // 2]
            ref = a if i % 2 == 0 else b
            persons[0].name, persons[0].birth_date, persons[0].bsn = ref.name, ref.birth_date, ref.bsn
            placed.setdefault(i // 2, []).append(case.id)
        if i % 9 == 0:
            decision = DecisionKind.WEIGERING if i % 2 else DecisionKind.INTREKKING
            day = case.received_date + timedelta(days=30)
            case.events.append(
                CaseEvent(kind=EventKind.BESLUIT_BEKENDGEMAAKT, date=day, recorded_by="t", decision=decision)
            )
        if i % 11 == 0:
            case.stage = Stage.GESLOTEN
        out.append(case)
    both = [(looks[n], ids) for n, ids in placed.items() if len(ids) == 2]
    return out, both


@pytest.fixture
def generated(app):
    cases, looks = _generated(160)
    with app._store.transaction() as tx:
        for case in cases:
            tx.cases.add(case)
    return app, cases, looks


def _walk_deadlines(app, workflow: WorkflowService) -> list[tuple]:
    """What the overview gave before issue 18: compute() over every open case."""
    today, terms = workflow.today(), workflow.terms()
    with app._store.transaction() as tx:
        cases = tx.cases.all_cases()
    rows = []
    for case in cases:
        if case.stage is Stage.GESLOTEN:
            continue
        for d in compute(case, terms, today).deadlines:
            if d.done is None:
                rows.append(
                    (d.effective, case.reference, case.id, d.key, d.label, d.explanation, d.status(today))
                )
    return sorted(rows)


def _projected_deadlines(workflow: WorkflowService) -> list[tuple]:
    return sorted(
        (
            r.deadline.effective,
            r.reference,
            r.case_id,
            r.deadline.key,
            r.deadline.label,
            r.deadline.explanation,
            r.status,
        )
        for r in workflow.overview()
    )


def test_the_deadline_overview_reads_the_projection_and_equals_the_walk(generated):
    app, _cases, _ = generated
    workflow = WorkflowService(app._store, app.settings, today=lambda: TODAY)
    walked = _walk_deadlines(app, workflow)
    assert len(walked) > 100
    assert _projected_deadlines(workflow) == walked
    # due within a week: the same rows, cut at the date, most urgent first
    week = workflow.overview(due_within=7)
    assert [r.deadline.effective for r in week] == sorted(r.deadline.effective for r in week)
    assert len(week) == sum(1 for row in walked if row[0] <= TODAY + timedelta(days=7))
    # the banner's counts and the start screen's (case, date) rows: the same terms, counted in SQL
    overdue = sum(1 for row in walked if row[0] < TODAY)
    soon = sum(1 for row in walked if TODAY <= row[0] <= TODAY + timedelta(days=7))
    assert workflow.due_counts(7) == (overdue, soon) and overdue and soon
    assert sorted(workflow.due_cases(14)) == sorted(
        (row[2], row[0]) for row in walked if row[0] <= TODAY + timedelta(days=14)
    )
    # streamed page by page: the pages join up to the whole list, nothing twice
    pages = list(workflow.overview_pages(page=37))
    assert len(pages) > 3 and sum(len(p) for p in pages) == len(walked)


def test_days_passing_and_a_changed_setting_recompute_only_what_no_longer_holds(generated):
    app, cases, _ = generated
    open_question = next(
        c for c in cases if c.stage is not Stage.GESLOTEN and c.procedure.value == "aanvraag"
    )
    with app._store.transaction() as tx:
        case = tx.cases.get(open_question.id)
        case.events += [
            CaseEvent(
                kind=EventKind.BETROKKENE_GEINFORMEERD, date=TODAY - timedelta(days=40), recorded_by="t"
            ),
            CaseEvent(
                kind=EventKind.ADVIESAANVRAAG_VERZONDEN, date=TODAY - timedelta(days=30), recorded_by="t"
            ),
            CaseEvent(kind=EventKind.LBB_VRAGEN_GESTELD, date=TODAY - timedelta(days=10), recorded_by="t"),
        ]
        tx.save_case(case)
    day = {"today": TODAY}
    workflow = WorkflowService(app._store, app.settings, today=lambda: day["today"])
    assert _projected_deadlines(workflow) == _walk_deadlines(app, workflow)
    for later in (1, 9, 40):  # the open LBB questions move the terms every day; statuses change
        day["today"] = TODAY + timedelta(days=later)
        assert _projected_deadlines(workflow) == _walk_deadlines(app, workflow)
        assert workflow.refresh_terms() == 0  # all current after the overview
    app.settings.set("lbb_opschorting", "FIXED_PERIOD")
    workflow = WorkflowService(app._store, app.settings, today=lambda: day["today"])
    assert workflow.refresh_terms() == len(cases)  # another fingerprint: every case once
    assert _projected_deadlines(workflow) == _walk_deadlines(app, workflow)


def _walk_alerts(app, case: Case, everything: list[Case] | None = None) -> list[tuple]:
    """The doorstart alerts before issue 18: the case against every watched case."""
    with app._store.transaction() as tx:
        everything = everything or tx.cases.all_cases()
        judged = tx.judgements.latest_for_case(case.id)
    watches = [w for w in (watch_of(c) for c in everything) if w is not None]
    same = frozenset(k for k, j in judged.items() if j.verdict == "zelfde")
    not_same = frozenset(k for k, j in judged.items() if j.verdict == "niet_zelfde")
    return sorted(_alert_key(a) for a in alerts(case, watches, same=same, not_same=not_same))


def _alert_key(a) -> tuple:
    return (a.watch.case.id, a.ours.party_key, a.theirs.party_key, a.reasons)


def _match_key(m) -> tuple:
    return (m.subject.party_key, m.other.case_id, m.other.party_key, m.kind, m.score, m.reasons)


def test_matches_and_doorstart_from_the_keys_equal_comparing_every_case(generated):
    app, _cases, looks = generated
    with app._store.transaction() as tx:
        stored = {c.id: c for c in tx.cases.all_cases()}
    watched = [c for c in stored.values() if watch_of(c)]
    assert len(watched) > 10
    found_any = 0
    for case in list(stored.values())[::4]:
        expected = sorted(_match_key(m) for m in find_matches(case, stored.values()))
        got = sorted(_match_key(j.candidate) for j in app.matching.matches(case.reference))
        assert got == expected, case.reference
        found_any += bool(expected)
        assert sorted(_alert_key(a) for a in app.doorstart.alerts_for_case(case)) == _walk_alerts(app, case)
    assert found_any > 5
    # precision and recall on the look-alike pairs are those of the rule itself (nothing lost)
    positives = 0
    for (a, b, _same), (first, other) in looks:
        candidates = {j.candidate.other.case_id for j in app.matching.matches(stored[first].reference)}
        if compare_persons(a, b) is not None:
            positives += 1
            assert other in candidates, (a.name, b.name)
    assert positives > 10


def test_judgements_and_new_watches_keep_the_doorstart_hits_current(generated):
    app, _cases, _ = generated
    with app._store.transaction() as tx:
        stored = {c.id: c for c in tx.cases.all_cases()}
    # a judgement 'zelfde' links two cases whatever their names; 'niet zelfde' silences a link
    with_alerts = [c for c in list(stored.values())[:40] if app.doorstart.alerts_for_case(c)]
    assert with_alerts
    silenced = with_alerts[0]
    for alert in app.doorstart.alerts_for_case(silenced):
        pair = (alert.ours.case_id, alert.ours.party_key, alert.theirs.case_id, alert.theirs.party_key)
        key = (*min(pair[:2], pair[2:]), *max(pair[:2], pair[2:]))
        with app._store.transaction() as tx:
            tx.judgements.add(key, "niet_zelfde", "ander persoon", "test")
    assert app.doorstart.alerts_for_case(silenced) == [] == _walk_alerts(app, silenced)
    watch = next(c for c in stored.values() if watch_of(c))
    everything = list(stored.values())
    candidates = [
        c
        for c in stored.values()
        if c.id != watch.id
        and c.received_date >= watch_of(watch).since
        and not _walk_alerts(app, c, everything)
    ]
    joined = candidates[0]
    key = tuple(sorted([(joined.id, joined.parties[0].id), (watch.id, watch.parties[0].id)]))
    with app._store.transaction() as tx:
        tx.judgements.add((*key[0], *key[1]), "zelfde", "zelfde persoon volgens KvK-uittreksel", "test")
    assert sorted(_alert_key(a) for a in app.doorstart.alerts_for_case(joined)) == _walk_alerts(app, joined)
    assert app.doorstart.alerts_for_case(joined)
    # a case that becomes watched: the cases received after its decision alert on it
    fresh = next(c for c in stored.values() if not watch_of(c) and c.stage is not Stage.GESLOTEN)
    with app._store.transaction() as tx:
        case = tx.cases.get(fresh.id)
        case.events.append(
            CaseEvent(
                kind=EventKind.BESLUIT_BEKENDGEMAAKT,
                date=case.received_date,
                recorded_by="t",
                decision=DecisionKind.WEIGERING,
            )
        )
        tx.save_case(case)
        everything = tx.cases.all_cases()
    walked = {other.id: _walk_alerts(app, other, everything) for other in everything}
    for other in everything:
        assert sorted(_alert_key(a) for a in app.doorstart.alerts_for_case(other)) == walked[other.id]
    bars = {b.label: set(b.case_ids) for b in app.overview.heavy()[1]}
    expected: dict[str, set[str]] = {}
    for other in everything:
        if watch_of(other):
            continue
        for alert in walked[other.id]:
            expected.setdefault(next(c.reference for c in everything if c.id == alert[0]), set()).add(
                other.id
            )
    assert bars == expected
    assert app.maintenance.check().projections == []


def test_check_names_a_tampered_projection_and_repair_writes_it_again(generated):
    app, _cases, _ = generated
    assert app.maintenance.check().projections == []
    with app._store.engine.begin() as conn:
        conn.execute(text("DELETE FROM match_keys WHERE id = (SELECT min(id) FROM match_keys)"))
        conn.execute(
            text("UPDATE case_terms SET effective = '2000-01-01' WHERE id = (SELECT max(id) FROM case_terms)")
        )
        conn.execute(text("DELETE FROM doorstart_hits WHERE rowid = (SELECT min(rowid) FROM doorstart_hits)"))
        assert conn.execute(text("SELECT count(*) FROM watch_keys")).scalar_one() > 0
        conn.execute(  # another case than the key deleted above: both lists must still differ
            text(
                "DELETE FROM watch_keys WHERE rowid = (SELECT max(rowid) FROM watch_keys WHERE case_id != "
                "(SELECT case_id FROM match_keys ORDER BY id LIMIT 1))"
            )
        )
    problems = app.maintenance.check().projections
    assert "sleutels van gevolgde dossiers wijken af van de overeenkomstsleutels" in problems
    assert any("overeenkomstsleutels" in p for p in problems)
    assert any("termijnen" in p for p in problems)
    assert any("doorstartwacht: 1 treffer(s) ontbreken" in p for p in problems)
    assert app.maintenance.repair_projections() == 160
    assert app.maintenance.check().projections == []


def test_identifiers_are_stored_as_keyed_hashes_only(generated):
    app, cases, _ = generated
    bsns = {p.bsn for c in cases for p in c.parties if p.bsn}
    kvks = {p.kvk for c in cases for p in c.parties if p.kvk}
    with app._store.engine.connect() as conn:
        stored = {
            v for row in conn.execute(text("SELECT bsn, kvk, rsin, address FROM match_keys")) for v in row
        }
        secret = projections.secret(conn)
    assert stored and not (bsns | kvks) & stored
    assert all(len(v) in (0, 32) for v in stored)
    assert len(secret) == 32
