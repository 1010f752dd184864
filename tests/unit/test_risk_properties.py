"""Properties of the risk engine (issue 16, part 8), over the public sample cases: moving every date
of a case by the same number of days changes no score or band; adding a party that has no relation
to anyone changes nothing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibob_desk.domain.codec import from_primitive, to_primitive
from bibob_desk.domain.enums import PartyKind, ProvenanceKind
from bibob_desk.domain.model import Case, Party, Provenance
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import demo_case_files, resources_dir
from bibob_desk.risk.catalogue import load_catalogue
from bibob_desk.risk.engine import assess

CATALOGUES = {
    v: load_catalogue(resources_dir() / "indicators" / f"bibob-indicatoren-v{v}.yaml") for v in (1, 2)
}
CASES = {p.stem: read_case_file(p).case for p in demo_case_files()}
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _shifted(value: Any, days: int) -> Any:
    if isinstance(value, dict):
        return {k: _shifted(v, days) for k, v in value.items()}
    if isinstance(value, list):
        return [_shifted(v, days) for v in value]
    if isinstance(value, str) and ISO_DATE.match(value):
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    return value


def _outcome(case: Case, version: int, now: datetime = NOW) -> tuple[Any, ...]:
    a = assess(case, CATALOGUES[version], assessed_by="test", now=now)
    fired = sorted((f.indicator, f.applied_weight) for f in a.findings)
    return (
        a.score,
        a.band,
        fired,
        a.knockouts,
        a.route,
        a.ground,
        sorted(n.indicator for n in a.not_assessable),
    )


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("reference", sorted(CASES))
@PROPERTY
@given(days=st.integers(min_value=-3000, max_value=3000))
def test_moving_every_date_by_the_same_days_changes_nothing(reference, version, days):
    case = CASES[reference]
    moved = from_primitive(Case, _shifted(to_primitive(case), days))
    assert moved.reference_date == case.reference_date + timedelta(days=days)
    assert _outcome(moved, version, NOW + timedelta(days=days)) == _outcome(case, version)


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("reference", sorted(CASES))
@PROPERTY
@given(
    name=st.text(alphabet=st.characters(categories=["L", "Zs"]), min_size=2, max_size=30).filter(str.strip),
    kind=st.sampled_from(list(PartyKind)),
)
def test_a_party_without_any_relation_changes_nothing(reference, version, name, kind):
    case = CASES[reference]
    data = to_primitive(case)
    extra = Party(
        id="p-extra",
        kind=kind,
        name=name,
        provenance=Provenance(kind=ProvenanceKind.ZELF_OPGEGEVEN, source="test", date=case.reference_date),
    )
    data["parties"] = [*data.get("parties", []), to_primitive(extra)]
    assert _outcome(from_primitive(Case, data), version) == _outcome(case, version)


LISTS = {
    "antecedent": "antecedents",
    "financing": "financing",
    "payment": "payments",
    "premises": "premises",
    "history": "history",
    "signal": "signals",
    "contradiction": "contradictions",
}


def _removable(findings) -> list[tuple[str, set[str]]]:
    """(indicator, its evidence objects) for findings that rest only on objects of a list of the case
    that no other finding's evidence names."""
    refs = {f.indicator: {r for e in f.evidence for r in e.ref.split(",") if r} for f in findings}
    out = []
    for indicator, own in refs.items():
        others = set().union(*(r for i, r in refs.items() if i != indicator))
        if own and all(r.split(":")[0] in LISTS for r in own) and not own & others:
            out.append((indicator, own))
    return out


@pytest.mark.parametrize("reference", sorted(CASES))
def test_removing_the_evidence_of_a_finding_removes_exactly_that_finding(reference):
    case = CASES[reference]
    before = assess(case, CATALOGUES[2], assessed_by="test", now=NOW)
    fired = {f.indicator for f in before.findings}
    checked = 0
    for indicator, own in _removable(before.findings):
        data = to_primitive(case)
        for ref in own:
            kind, id_ = ref.split(":", 1)
            data[LISTS[kind]] = [x for x in data.get(LISTS[kind], []) if x.get("id") != id_]
        after = assess(from_primitive(Case, data), CATALOGUES[2], assessed_by="test", now=NOW)
        assert {f.indicator for f in after.findings} == fired - {indicator}, (reference, indicator, own)
        checked += 1
    assert checked or not fired or reference == "H1"  # every case with findings has one to check
