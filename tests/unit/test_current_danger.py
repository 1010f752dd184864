"""Current danger in catalogue v2 (issue 16, part 4): the proof level weighs, facts decay with age,
a relation that ended before the reference date counts less or not at all — each factor named in the
explanation — and a knock-out never rests on a suspicion or on a fact weighed down to nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bibob_desk.domain.enums import OffenceCategory, ProofLevel, RoleKind
from bibob_desk.domain.model import Antecedent, Party, Relation
from bibob_desk.paths import resources_dir
from bibob_desk.risk.catalogue import load_catalogue
from bibob_desk.risk.engine import assess
from tests.support.case_builder import REFERENCE, P, clean_case, days_before

V1 = load_catalogue(resources_dir() / "indicators" / "bibob-indicatoren-v1.yaml")
V2 = load_catalogue(resources_dir() / "indicators" / "bibob-indicatoren-v2.yaml")
NOW = datetime(2025, 6, 2, tzinfo=UTC)


def _with(party: str, days: int, proof: ProofLevel, prison: bool = False):
    case = clean_case()
    case.antecedents.append(
        Antecedent(
            id="a1",
            party=party,
            date=days_before(days),
            category=OffenceCategory.WITWASSEN,
            proof_level=proof,
            unconditional_prison=prison,
            provenance=P,
        )
    )
    return case


def _run(case, catalogue=V2):
    return assess(case, catalogue, assessed_by="test", now=NOW)


@pytest.mark.parametrize(
    ("proof", "weight"),
    [
        (ProofLevel.VEROORDELING, 3),
        (ProofLevel.STRAFBESCHIKKING, 3),
        (ProofLevel.LOPEND_ONDERZOEK, 2),  # 3 x 0.75 = 2.25
        (ProofLevel.VERDENKING, 2),  # 3 x 0.5 = 1.5, rounded half up
        (ProofLevel.POLITIEREGISTRATIE, 2),
    ],
)
def test_the_proof_level_of_a_relations_antecedent_weighs(proof, weight):
    a = _run(_with("p2", 200, proof))
    finding = a.finding("ANT-02")
    assert finding.applied_weight == weight
    assert _run(_with("p2", 200, proof), V1).finding("ANT-02").applied_weight == 3  # v1: all the same
    if weight < 3:
        assert "bewijsniveau" in finding.explanation


def test_a_suspicion_of_the_betrokkene_himself_is_no_knock_out():
    firm = _run(_with("p1", 200, ProofLevel.VEROORDELING))
    assert any(k.startswith("KO-1") for k in firm.knockouts) and firm.band == "ROOD"
    soft = _run(_with("p1", 200, ProofLevel.VERDENKING))
    assert soft.finding("ANT-01").applied_weight == 2 and not soft.knockouts


def test_an_old_fact_decays():
    recent, old = (
        _run(_with("p2", 400, ProofLevel.VEROORDELING)),
        _run(_with("p2", 4 * 365, ProofLevel.VEROORDELING)),
    )
    assert recent.finding("ANT-02").applied_weight == 3
    assert old.finding("ANT-02").applied_weight == 2
    assert old.finding("ANT-02").adjustments == ["× 0,67: feit ouder dan 3 jaar (tijdsverloop)"]


def _former_financier(ended_days_before: int):
    case = _with("p9", 200, ProofLevel.VEROORDELING)
    case.parties.append(Party(id="p9", kind=clean_case().parties[1].kind, name="Oud-financier", provenance=P))
    case.relations.append(
        Relation(
            id="r9",
            role=RoleKind.VERMOGENSVERSCHAFFER,
            party="p9",
            counterparty="p1",
            start_date=days_before(2000),
            end_date=REFERENCE - timedelta(days=ended_days_before),
            provenance=P,
        )
    )
    return case


def test_a_relation_that_ended_long_before_counts_for_nothing_and_shortly_before_for_half():
    long_ago = _run(_former_financier(500)).finding("ANT-02")
    assert long_ago.applied_weight == 0 and "beëindigd" in long_ago.explanation
    shortly = _run(_former_financier(100)).finding("ANT-02")
    assert shortly.applied_weight == 2 and "in het jaar vóór de peildatum beëindigd" in shortly.explanation
    evidence = " ".join(e.value for e in shortly.evidence)
    assert "beëindigd op" in evidence  # the end date is part of what the officer sees and judges
    running = _former_financier(-10)  # ends after the reference date: still running then
    assert _run(running).finding("ANT-02").applied_weight == 3
    assert _run(_former_financier(500), V1).finding("ANT-02").applied_weight == 3  # v1 counted it in full
