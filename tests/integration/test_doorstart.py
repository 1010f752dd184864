"""Doorstart watch on a real store (issue 9): a refused case is watched; a later case at that address
or with the same person raises an alert and feeds HIS-03; an officer's 'not the same' silences it."""

from __future__ import annotations

from copy import deepcopy
from datetime import date

from bibob_desk.domain.enums import DecisionKind, EventKind
from bibob_desk.domain.model import CaseEvent
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import demo_case_files


def _refuse(app, reference: str, on: date = date(2025, 6, 1)) -> None:
    case_id = app.cases.id_of(reference)
    with app._store.transaction() as tx:
        case = tx.cases.get(case_id)
        case.events.append(
            CaseEvent(
                kind=EventKind.BESLUIT_BEKENDGEMAAKT,
                date=on,
                recorded_by="test",
                decision=DecisionKind.WEIGERING,
            )
        )
        tx.save_case(case)


def _new_case(app, *, reference: str, same_address: bool, same_people: bool) -> str:
    h2 = next(read_case_file(p).case for p in demo_case_files() if p.stem == "H2")
    new = deepcopy(h2)
    new.id, new.reference, new.received_date = f"doorstart-{reference}", reference, date(2026, 3, 1)
    new.events = []
    for p in new.premises:
        p.history = []  # only the watch may speak about this location's past
    if not same_address:
        new.location.street, new.location.postcode, new.location.house_number = "Dorpsstraat", "4321 XY", "9"
        for p in new.premises:
            p.address.postcode, p.address.house_number = "4321 XY", "9"
    if not same_people:
        for i, party in enumerate(new.parties):
            party.name = f"Onbekende Partij {i} B.V."
            party.kvk = None
    with app._store.transaction() as tx:
        tx.cases.add(new)
    return reference


def _his03(app, reference):
    assessment = app.risk.score(app.cases.id_of(reference))
    return next((f for f in assessment.findings if f.indicator == "HIS-03"), None), assessment


def test_a_new_case_at_a_refused_address_raises_an_alert(demo_app):
    _refuse(demo_app, "H2")
    _new_case(demo_app, reference="2026-101", same_address=True, same_people=False)
    found = demo_app.doorstart.alerts("2026-101")
    assert found and all(a.watch.case.reference == "H2" for a in found)
    assert any("zelfde adres" in " ".join(a.reasons) for a in found)
    finding, assessment = _his03(demo_app, "2026-101")
    # the address alone: the refusal is on the location's history, the link with an operator unknown
    assert finding is None or finding.applied_weight == 0
    assert "HIS-03" in {n.indicator for n in assessment.not_assessable}  # the officer must look into it


def test_the_same_people_elsewhere_feed_his_03_with_the_watch_as_evidence(demo_app):
    _refuse(demo_app, "H2")
    _new_case(demo_app, reference="2026-102", same_address=False, same_people=True)
    assert any(a.theirs.name == "M. Karimi" for a in demo_app.doorstart.alerts("2026-102"))
    finding, _ = _his03(demo_app, "2026-102")
    assert finding is not None and finding.applied_weight > 0
    assert any("doorstartwacht: dossier H2" in e.source for e in finding.evidence)


def test_no_alert_without_a_refusal_or_for_earlier_cases(demo_app):
    _new_case(demo_app, reference="2026-103", same_address=True, same_people=True)
    assert demo_app.doorstart.alerts("2026-103") == []  # H2 was never refused
    _refuse(demo_app, "H2", on=date(2026, 6, 1))  # refused after 2026-103 was received
    assert demo_app.doorstart.alerts("2026-103") == []


def test_an_officers_not_the_same_silences_the_person_alert(demo_app):
    _refuse(demo_app, "H2")
    _new_case(demo_app, reference="2026-104", same_address=False, same_people=True)
    for judged in demo_app.matching.matches("2026-104"):
        if judged.candidate.other.reference == "H2":
            demo_app.matching.judge(
                judged.candidate, "niet_zelfde", "Naamgenoten; andere geboortedatum volgens BRP."
            )
    assert demo_app.doorstart.alerts("2026-104") == []
