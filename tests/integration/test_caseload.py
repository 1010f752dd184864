"""The caseload (issue 14, part 6): automatic case numbers, a behandelaar and a jurist per case,
"Mijn dossiers" and the list filters, closing a case with its result (the retention clock starts
there). Real SQLCipher files."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bibob_desk.domain.enums import CaseResult, PermitKind, Role, Stage
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import CaseFilter
from bibob_desk.workflow.retention import load_rules, retention_date
from tests.conftest import add_user
from tests.support.case_builder import new_h2_input
from tests.support.cli import run_cli

JURIST_PASSWORD = "groene wolk kano zeef"


def test_an_empty_reference_gets_the_next_case_number_of_the_pattern(app):
    first = app.cases.create(new_h2_input(reference=""))
    second = app.cases.create(new_h2_input(reference=" "))
    refs = [app.cases.open_case(c.cases[0]).reference for c in (first, second)]
    assert refs == ["BIBOB-2025-0001", "BIBOB-2025-0002"]  # the year of receipt
    assert "BIBOB-2025-0001" in first.messages[0]
    app.cases.create(new_h2_input(reference="BIBOB-2025-0041"))  # typed by hand: numbering goes on
    assert app.cases.next_reference(date(2025, 5, 1)) == "BIBOB-2025-0042"
    assert app.cases.next_reference(date(2026, 1, 2)) == "BIBOB-2026-0001"
    app.settings.set("dossiernummer_patroon", "HOR{jaar}-{volgnummer}")
    third = app.cases.create(new_h2_input(reference=""))
    assert app.cases.open_case(third.cases[0]).reference == "HOR2025-1"
    for bad in ("BIBOB-{jaar}", "{naam}-{volgnummer}", "A/{volgnummer}", "{volgnummer:x}"):
        with pytest.raises(UserError, match="Patroon van het dossiernummer"):
            app.settings.set("dossiernummer_patroon", bad)


def test_behandelaar_jurist_and_my_cases(demo_app):
    add_user(demo_app, "jurist2", "Jurist", Role.JURIST, JURIST_PASSWORD)
    mine = demo_app.cases.create(new_h2_input(reference="")).cases[0]
    assert demo_app.cases.open_case(mine).behandelaar == "beheerder"  # who creates it, handles it
    h2 = demo_app.cases.id_of("H2")
    demo_app.cases.assign(h2, behandelaar="beheerder", jurist="jurist2")
    case = demo_app.cases.open_case(h2)
    assert (case.behandelaar, case.jurist) == ("beheerder", "jurist2")
    _, revisions = demo_app.revisions.history(h2)
    assert revisions[-1].reason == "toegewezen: behandelaar beheerder, jurist jurist2"
    my_view = CaseFilter(behandelaar="beheerder", closed=None)
    assert {s.id for s in demo_app.cases.summaries(view=my_view)} == {mine, h2}
    assert demo_app.cases.count(view=my_view) == 2
    assert {s.reference for s in demo_app.cases.summaries(view=CaseFilter(jurist="jurist2"))} == {"H2"}
    with pytest.raises(UserError, match="geen actieve gebruiker 'onbekend'"):
        demo_app.cases.assign(h2, jurist="onbekend")
    with pytest.raises(UserError, match="al zo toegewezen"):
        demo_app.cases.assign(h2, jurist="jurist2")
    add_user(demo_app, "vv2", "Vv", Role.VERGUNNINGVERLENER, JURIST_PASSWORD)
    with pytest.raises(UserError, match="geen jurist"):
        demo_app.cases.assign(h2, jurist="vv2")
    demo_app.cases.assign(h2, behandelaar="")  # nobody: shows under "niet toegewezen"
    assert demo_app.cases.open_case(h2).behandelaar == ""
    unassigned = {s.reference for s in demo_app.cases.summaries(view=CaseFilter(behandelaar=""))}
    assert "H2" in unassigned and "BIBOB-2025-0001" not in unassigned


def test_list_filters_on_stage_permit_kind_and_archive(demo_app):
    everything = {s.reference for s in demo_app.cases.summaries(view=CaseFilter(closed=None))}
    assert everything == {s.reference for s in demo_app.cases.summaries()}
    by_kind = {
        s.reference
        for s in demo_app.cases.summaries(view=CaseFilter(permit_kind=PermitKind.VASTGOEDTRANSACTIE))
    }
    assert by_kind and all(
        PermitKind.VASTGOEDTRANSACTIE in demo_app.cases.open_case(demo_app.cases.id_of(r)).permit_kinds
        for r in by_kind
    )
    assert by_kind < everything
    stage = demo_app.cases.open_case(demo_app.cases.id_of("H2")).stage
    in_stage = {s.reference for s in demo_app.cases.summaries(view=CaseFilter(stages=(stage,)))}
    assert "H2" in in_stage and all(
        demo_app.cases.open_case(demo_app.cases.id_of(r)).stage is stage for r in in_stage
    )
    assert demo_app.cases.count(view=CaseFilter(stages=(stage,))) == len(in_stage)


def _decided(app, reference: str = "") -> str:
    case_id = app.cases.create(new_h2_input(reference=reference)).cases[0]
    app.workflow.change_stage(case_id, Stage.EIGEN_ONDERZOEK, date(2025, 3, 10), "onderzoek")
    return case_id


def test_closing_sets_the_result_and_starts_the_retention_clock(app):
    case_id = _decided(app)
    with pytest.raises(UserError, match="Afsluiten kan nog niet"):
        app.workflow.close(case_id, CaseResult.VERLEEND, date(2025, 4, 1))
    from bibob_desk.domain.enums import DecisionKind

    app.workflow.change_stage(
        case_id, Stage.BESLUIT, date(2025, 4, 1), "besluit", decision=DecisionKind.VERLENING
    )
    changes = app.workflow.close(case_id, CaseResult.VERLEEND, date(2025, 4, 15), "vergunning verleend")
    assert changes.messages == ("Afgesloten: Verleend",)
    case = app.cases.open_case(case_id)
    assert case.stage is Stage.GESLOTEN and case.closure is not None
    assert (case.closure.result, case.closure.closed_date, case.closure.closed_by) == (
        CaseResult.VERLEEND,
        date(2025, 4, 15),
        "beheerder",
    )
    kept = retention_date(case, load_rules())
    assert kept.until == date(2030, 4, 15) and "afsluiting" in kept.explanation  # not from the decision
    with pytest.raises(UserError, match="al afgesloten op 15-04-2025"):
        app.workflow.close(case_id, CaseResult.GEWEIGERD, date(2025, 4, 16))
    open_refs = {s.id for s in app.cases.summaries(view=CaseFilter())}  # the default view: open cases
    archive = {s.id for s in app.cases.summaries(view=CaseFilter(closed=True))}
    assert case_id in archive and case_id not in open_refs
    (row,) = app.cases.summaries(view=CaseFilter(closed=True))
    assert row.result is CaseResult.VERLEEND
    with pytest.raises(UserError, match="toekomst"):
        app.workflow.close(_decided(app), CaseResult.GEWEIGERD, date(2999, 1, 1))


def test_closure_and_assignment_are_not_plain_edits(app):
    case_id = app.cases.create(new_h2_input(reference="")).cases[0]
    for path in ("/behandelaar", "/jurist", "/closure"):
        with pytest.raises(UserError, match="eigen handeling"):
            app.revisions.edit(case_id, [{"op": "add", "path": path, "value": "x"}], "")


@pytest.mark.slow
def test_cli_assign_and_close_answer_in_json(demo_app, db_path):
    demo_app.close()
    out = run_cli(db_path, "assign", "H2", "--behandelaar", "beheerder", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {
        "ok": True,
        "melding": "Dossier H2: behandelaar beheerder, jurist (niemand).",
        "behandelaar": "beheerder",
        "jurist": "",
    }
    out = run_cli(db_path, "close", "H2", "--result", "verleend", "--json")
    assert out.returncode == 1 and out.stderr.startswith("fout: Afsluiten kan nog niet")
    out = run_cli(db_path, "close", "H2", "--result", "gewonnen")
    assert out.returncode == 1 and "Onbekende uitkomst 'gewonnen'; kies uit: verleend" in out.stderr
    out = run_cli(db_path, "stage", "H2", "aanvraag_ingetrokken", "--reason", "aanvrager trekt in", "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["stage"] == "aanvraag_ingetrokken", out.stderr
    out = run_cli(db_path, "close", "H2", "--result", "aanvraag_ingetrokken", "--json")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["result"] == "aanvraag_ingetrokken" and answer["retention_until"] > "2030"
