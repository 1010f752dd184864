"""Workflow on a real store: events, stage changes with who/when/why/documents, the overview."""

from __future__ import annotations

from datetime import date

import pytest

from bibob_desk.domain.enums import DecisionKind, EventKind, Stage
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import CaseEvent


def case_id(app, reference):
    return app.cases.summaries(reference)[0].id


def test_timeline_of_h2_matches_the_brief(demo_app):
    _, timeline = demo_app.workflow.timeline(case_id(demo_app, "H2"))
    dates = {d.key: d.raw.isoformat() for d in timeline.deadlines}
    assert dates["beslistermijn:exploitatievergunning"] == "2025-06-26"
    demo_app.settings.set("lbb_opschorting", "fixed_period")
    _, fixed = demo_app.workflow.timeline(case_id(demo_app, "H2"))
    assert {d.key: d.raw.isoformat() for d in fixed.deadlines}[
        "beslistermijn:exploitatievergunning"
    ] == "2025-07-03"


def test_stage_change_records_who_when_why_and_documents(demo_app):
    cid = case_id(demo_app, "H2")
    with pytest.raises(UserError, match="niet naar"):
        demo_app.workflow.change_stage(cid, Stage.NAZORG, date(2025, 6, 20), "te vroeg")
    with pytest.raises(UserError, match="besluit"):
        demo_app.workflow.change_stage(cid, Stage.BESLUIT, date(2025, 6, 24), "besluit genomen")
    demo_app.workflow.change_stage(
        cid,
        Stage.VOORNEMEN,
        date(2025, 6, 2),
        "voornemen tot weigering",
        documents=("voornemen-2025-06-02.pdf",),
    )
    demo_app.workflow.change_stage(
        cid, Stage.BESLUIT, date(2025, 6, 24), "weigering beide vergunningen", decision=DecisionKind.WEIGERING
    )
    case = demo_app.cases.open_case(cid)
    assert case.stage is Stage.BESLUIT
    change = next(e for e in case.events if e.kind is EventKind.FASE_GEWIJZIGD)
    assert (change.stage_from, change.stage_to, change.recorded_by) == (
        Stage.ADVIES_ONTVANGEN,
        Stage.VOORNEMEN,
        "beheerder",
    )
    assert change.documents == ["voornemen-2025-06-02.pdf"] and change.note == "voornemen tot weigering"
    _, timeline = demo_app.workflow.timeline(cid)
    keys = {d.key: d for d in timeline.deadlines}
    assert keys["beslistermijn:alcoholvergunning"].done == date(2025, 6, 24)
    assert keys["bezwaar"].raw == date(2025, 8, 5) and "nazorg:doorstart_watch" in keys


def test_lbb_request_event_needs_the_informed_date(app):
    from bibob_desk.domain.enums import Bestuursorgaan, PartyKind, PermitKind, ProcedureKind
    from bibob_desk.services.cases import NewCaseInput

    cid = app.cases.create(
        NewCaseInput(
            reference="T-1",
            title="",
            permit_kinds=(PermitKind.ALCOHOLVERGUNNING,),
            procedure=ProcedureKind.AANVRAAG,
            bestuursorgaan=Bestuursorgaan.BURGEMEESTER,
            received_date=date(2025, 1, 6),
            applicant_name="X",
            applicant_kind=PartyKind.NATUURLIJK_PERSOON,
        )
    ).cases[0]
    request = CaseEvent(
        kind=EventKind.ADVIESAANVRAAG_VERZONDEN, date=date(2025, 2, 3), recorded_by="beheerder"
    )
    with pytest.raises(UserError, match="geïnformeerd"):
        app.workflow.record_event(cid, request)
    app.workflow.record_event(
        cid, CaseEvent(kind=EventKind.BETROKKENE_GEINFORMEERD, date=date(2025, 2, 3), recorded_by="beheerder")
    )
    app.workflow.record_event(cid, request)
    with pytest.raises(UserError, match="toekomst"):
        app.workflow.record_event(
            cid, CaseEvent(kind=EventKind.ADVIES_ONTVANGEN, date=date(2999, 1, 1), recorded_by="beheerder")
        )
    with pytest.raises(UserError, match="hoogstens 4 weken"):
        app.workflow.record_event(
            cid,
            CaseEvent(
                kind=EventKind.LBB_TERMIJN_VERLENGD, date=date(2025, 3, 3), weeks=6, recorded_by="beheerder"
            ),
        )


def test_overview_sorts_by_urgency_across_cases(demo_app):
    rows = demo_app.workflow.overview()
    assert rows and all(r.deadline.done is None for r in rows)
    assert [r.deadline.effective for r in rows] == sorted(r.deadline.effective for r in rows)
    assert {r.reference for r in rows} >= {"H1", "H2", "V1", "V3"}
    assert all(r.status == "verlopen" for r in rows)  # the sample cases are from 2025
    assert demo_app.workflow.overview(due_within=-10_000) == []


def test_overview_walks_the_cases_in_batches_and_skips_closed_ones(demo_app, monkeypatch):
    whole = demo_app.workflow.overview()
    monkeypatch.setattr(type(demo_app.workflow), "OVERVIEW_BATCH", 1)  # one case per transaction
    assert demo_app.workflow.overview() == whole
    reference = whole[0].reference
    case_id = demo_app.cases.id_of(reference)
    with demo_app._store.transaction() as tx:
        case = tx.cases.get(case_id)
        case.stage = Stage.GESLOTEN
        tx.save_case(case)
    after = demo_app.workflow.overview()
    assert reference not in {r.reference for r in after}
    assert after == [r for r in whole if r.reference != reference]
