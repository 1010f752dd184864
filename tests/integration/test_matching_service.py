"""Cross-case matching on a real store: candidates with reasons, judgements stored, reversible and
audited (without names), the CLI; nothing is merged."""

from __future__ import annotations

import json
from copy import deepcopy

import pytest
from sqlalchemy import text

from bibob_desk.domain.errors import UserError
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import demo_case_files
from tests.support.cli import run_cli


def _look_alike_of_h2(app) -> str:
    """A new case at another address whose people are H2's, written differently."""
    h2 = next(read_case_file(p).case for p in demo_case_files() if p.stem == "H2")
    twin = deepcopy(h2)
    twin.id, twin.reference, twin.title = "lookalike-h2", "2026-050", "Nieuwe lounge"
    twin.location.street, twin.location.postcode, twin.location.house_number = "Dorpsstraat", "4321 XY", "9"
    for party in twin.parties:
        party.name = {"M. Karimi": "Karimi, M.", "Vastgoed Karimi B.V.": "VASTGOED KARIMI BV"}.get(
            party.name, party.name
        )
    with app._store.transaction() as tx:
        tx.cases.add(twin)
    return twin.reference


def test_candidates_judgements_and_their_history(demo_app):
    other = _look_alike_of_h2(demo_app)
    found = demo_app.matching.matches("H2")
    by_names = {(j.candidate.subject.name, j.candidate.other.name): j for j in found}
    karimi = by_names[("M. Karimi", "Karimi, M.")]
    assert karimi.candidate.other.reference == other and karimi.verdict is None
    assert any("achternaam 100%" in r for r in karimi.candidate.reasons)
    assert ("Vastgoed Karimi B.V.", "VASTGOED KARIMI BV") in by_names
    with demo_app._store.engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM cases")).scalar_one()

    demo_app.matching.judge(karimi.candidate, "zelfde", "Zelfde adres volgens BRP-uittreksel.")
    again = {(j.candidate.subject.name, j.candidate.other.name): j for j in demo_app.matching.matches("H2")}
    assert again[("M. Karimi", "Karimi, M.")].verdict == "zelfde"
    # seen from the other case, the same judgement
    other_side = demo_app.matching.matches(other)
    assert any(j.verdict == "zelfde" and j.candidate.other.name == "M. Karimi" for j in other_side)
    # reversible: a new judgement counts, the old one stays in the history
    demo_app.matching.judge(karimi.candidate, "niet_zelfde", "Andere voornaam na navraag.")
    latest = {(j.candidate.subject.name, j.candidate.other.name): j for j in demo_app.matching.matches("H2")}
    assert latest[("M. Karimi", "Karimi, M.")].verdict == "niet_zelfde"
    with demo_app._store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM match_judgements")).scalar_one() == 2
        assert conn.execute(text("SELECT count(*) FROM cases")).scalar_one() == before  # nothing merged
        actions = conn.execute(text("SELECT action, object FROM audit_log ORDER BY seq")).all()
    judged = [o for a, o in actions if a == "overeenkomst.beoordeeld"]
    assert len(judged) == 2 and all("Karimi" not in o for o in judged)
    assert any(a == "overeenkomsten.bekeken" for a, _ in actions)


@pytest.mark.parametrize(
    ("verdict", "reason", "message"), [("ja", "x", "Kies een oordeel"), ("zelfde", " ", "motivering")]
)
def test_a_judgement_needs_a_known_verdict_and_a_reason(demo_app, verdict, reason, message):
    _look_alike_of_h2(demo_app)
    candidate = demo_app.matching.matches("H2")[0].candidate
    with pytest.raises(UserError, match=message):
        demo_app.matching.judge(candidate, verdict, reason)


@pytest.mark.slow
def test_cli_matches_json_and_judge(demo_app, tmp_path):
    other = _look_alike_of_h2(demo_app)
    path = demo_app._store.path
    demo_app.close()

    def cli(*args):
        return run_cli(path, *args)

    done = cli("matches", "H2", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows and {"nr", "kind", "score", "reasons", "other_reference", "verdict"} <= set(rows[0])
    number = next(r["nr"] for r in rows if r["other_party"] == "Karimi, M." and r["other_reference"] == other)
    done = cli("matches", "H2", "--judge", str(number), "onzeker", "--reason", "Geboortedatum onbekend.")
    assert done.returncode == 0, done.stderr
    assert "[oordeel: onzeker" in done.stdout
    done = cli("matches", "H2", "--judge", "999", "zelfde", "--reason", "x")
    assert done.returncode == 1 and done.stderr.startswith("fout: Kies een kandidaat")
