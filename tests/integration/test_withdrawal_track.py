"""The withdrawal track of an existing permit (issue 16, parts 1 and 2): the art. 7a investigation has
its own clock and none of the application terms; questions left unanswered after the term and the
reminder make INF-01 fire with the knock-out and the route art. 4 lid 1 Wet Bibob, and the
withdrawal decision cites art. 4. Non-cooperation follows the track: art. 4 lid 2 for the LBB's
questions, art. 4:5 Awb for an application. Real SQLCipher files, real PDFs read back."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from bibob_desk.domain.enums import (
    AnswerState,
    Bestuursorgaan,
    DecisionKind,
    EventKind,
    LegalGround,
    PartyKind,
    PermitKind,
    ProcedureKind,
    Stage,
)
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import CaseEvent
from bibob_desk.services.cases import NewCaseInput
from tests.conftest import four_eyes_off

TODAY = date.today()


def _new(app, procedure: ProcedureKind, reference: str) -> str:
    app.cases.create(
        NewCaseInput(
            reference=reference,
            title="",
            permit_kinds=(PermitKind.EXPLOITATIEVERGUNNING,),
            procedure=procedure,
            bestuursorgaan=Bestuursorgaan.BURGEMEESTER,
            received_date=TODAY - timedelta(days=90),
            applicant_name="Café De Hoek B.V.",
            applicant_kind=PartyKind.RECHTSPERSOON,
            street="Markt",
            house_number="3",
            postcode="1234 AB",
            city="Voorbeeld",
        )
    )
    return app.cases.id_of(reference)


def _event(app, case_id: str, kind: EventKind, days_ago: int, **extra) -> None:
    app.workflow.record_event(
        case_id, CaseEvent(kind=kind, date=TODAY - timedelta(days=days_ago), recorded_by="beheerder", **extra)
    )


def _until(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


@pytest.fixture
def permit_case(app):
    case_id = _new(app, ProcedureKind.BESTAANDE_VERGUNNING, "INT-1")
    app.revisions.edit(
        case_id,
        [
            {"op": "add", "path": "/permit/number", "value": "EXP-2019-044"},
            {"op": "add", "path": "/permit/granted", "value": "2019-05-01"},
        ],
        "vergunninggegevens uit het zaaksysteem",
    )
    return case_id


def _unanswered(app, case_id: str) -> None:
    _event(app, case_id, EventKind.ART7A_VRAGEN_VERZONDEN, 60, until=_until(32))
    _event(app, case_id, EventKind.ART7A_HERINNERING, 30, until=_until(16))


def test_an_existing_permit_starts_its_own_track_with_its_holder(app, permit_case):
    case = app.cases.open_case(permit_case)
    assert case.stage is Stage.ONDERZOEK_LOOPTIJD and case.investigation_start == TODAY - timedelta(days=90)
    assert case.permit.holder == "p1" and case.permit.number == "EXP-2019-044"
    assert [p.name for p in case.applicants()] == ["Café De Hoek B.V."]  # the holder is the betrokkene
    _, timeline = app.workflow.timeline(permit_case)
    assert not [d for d in timeline.deadlines if d.key.startswith(("beslistermijn", "herstel", "buiten"))]


def test_unanswered_art7a_questions_and_reminder_give_inf01_the_knockout_and_art4_lid1(app, permit_case):
    _unanswered(app, permit_case)
    _, timeline = app.workflow.timeline(permit_case)
    keys = [d.key for d in timeline.deadlines]
    assert keys == ["art7a_vragen", "art7a_herinnering"]  # the withdrawal clock, no application terms
    assert all(d.status(TODAY) == "verlopen" for d in timeline.deadlines)
    assert any("Niet meegewerkt" in w and "art. 4 lid 1 Wet Bibob" in w for w in timeline.warnings)

    a = app.risk.score(permit_case)
    finding = a.finding("INF-01")
    assert finding is not None and "niet beantwoord" in finding.explanation
    assert any(k.startswith("KO-4") for k in a.knockouts) and a.band == "ROOD"
    assert a.route == "PROCEDUREEL" and a.ground == "art4_lid1"
    assert "art. 4 lid 1 Wet Bibob" in a.route_text and "4:5" not in a.route_text
    assert [e.ref for e in finding.evidence] == ["event:1,event:2"]  # the questions and the reminder
    assert a.catalogue_version == 2


def test_the_withdrawal_decision_cites_art4(app, permit_case, tmp_path):
    _unanswered(app, permit_case)
    app.risk.score(permit_case)
    four_eyes_off(app)
    app.revisions.edit(
        permit_case,
        [
            {
                "op": "add",
                "path": "/legal",
                "value": {
                    "ground": "art4_lid1",
                    "motivation": "Geen antwoord op de vragen en de herinnering.",
                },
            }
        ],
        "juridische beoordeling",
    )
    for stage in (Stage.VOORNEMEN, Stage.ZIENSWIJZE):
        app.workflow.change_stage(permit_case, stage, TODAY - timedelta(days=3), "volgende stap")
    out = tmp_path / "intrekking.pdf"
    app.exports.memo(permit_case, "intrekking", out, recipient="betrokkene")
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "in op grond van art. 4 lid 1 Wet Bibob" in flat
    assert (
        "Art. 4 lid 1 Wet Bibob: heeft de vergunninghouder de gevraagde gegevens" in flat
    )  # Wettelijk kader
    assert "art. 3 lid 1" not in flat


def test_answers_that_came_in_stop_the_clock_and_nothing_fires(app, permit_case):
    _unanswered(app, permit_case)
    _event(app, permit_case, EventKind.ART7A_BEANTWOORD, 20, answer=AnswerState.VOLLEDIG)
    _, timeline = app.workflow.timeline(permit_case)
    assert {d.status(TODAY) for d in timeline.deadlines} == {"afgerond"}
    a = app.risk.score(permit_case)
    assert a.finding("INF-01") is None and "INF-01" in a.not_fired and a.ground == ""


def test_a_partial_answer_names_the_open_questions(app, permit_case):
    _event(app, permit_case, EventKind.ART7A_VRAGEN_VERZONDEN, 60, until=_until(32))
    with pytest.raises(UserError, match="welke vragen open zijn gebleven"):
        _event(app, permit_case, EventKind.ART7A_BEANTWOORD, 40, answer=AnswerState.GEDEELTELIJK)
    _event(
        app,
        permit_case,
        EventKind.ART7A_BEANTWOORD,
        40,
        answer=AnswerState.GEDEELTELIJK,
        open_questions=["vraag 4.2 (financiering)", "vraag 6.1 (UBO)"],
    )
    a = app.risk.score(permit_case)
    assert "open: vraag 4.2 (financiering), vraag 6.1 (UBO)" in a.finding("INF-01").explanation
    assert a.ground == "art4_lid1"  # answered before the term ended, but not fully


def test_a_term_in_the_future_is_not_yet_non_cooperation(app, permit_case):
    _event(app, permit_case, EventKind.ART7A_VRAGEN_VERZONDEN, 5, until=TODAY + timedelta(days=23))
    a = app.risk.score(permit_case)
    assert a.finding("INF-01") is None


def test_the_lbb_questions_left_unanswered_give_art4_lid2(app, permit_case):
    _event(app, permit_case, EventKind.LBB_VRAGEN_GESTELD, 40)
    _event(app, permit_case, EventKind.LBB_VRAGEN_BEANTWOORD, 20, answer=AnswerState.GEWEIGERD)
    a = app.risk.score(permit_case)
    assert a.ground == "art4_lid2" and "art. 4 lid 2 Wet Bibob" in a.route_text


def test_an_application_with_a_missing_herstel_goes_the_awb_route(app):
    case_id = _new(app, ProcedureKind.AANVRAAG, "AVR-1")
    _event(app, case_id, EventKind.HERSTEL_VERZONDEN, 40, until=_until(26))
    a = app.risk.score(case_id)
    assert a.ground == "awb_4_5" and "art. 4:5 Awb" in a.route_text and "art. 4 lid" not in a.route_text
    _, timeline = app.workflow.timeline(case_id)
    assert "beslistermijn:exploitatievergunning" in [d.key for d in timeline.deadlines]


def test_events_that_do_not_fit_the_track_are_refused_in_dutch(app, permit_case):
    application = _new(app, ProcedureKind.AANVRAAG, "AVR-2")
    with pytest.raises(UserError, match="bestaande vergunning"):
        _event(app, application, EventKind.ART7A_VRAGEN_VERZONDEN, 10, until=_until(-10))
    with pytest.raises(UserError, match="geen herstelverzoek"):
        _event(app, permit_case, EventKind.HERSTEL_VERZONDEN, 10, until=_until(-4))
    with pytest.raises(UserError, match="termijn"):
        _event(app, permit_case, EventKind.ART7A_VRAGEN_VERZONDEN, 10)
    with pytest.raises(UserError, match="eerst vast wanneer de vragen zijn verzonden"):
        _event(app, permit_case, EventKind.ART7A_HERINNERING, 10, until=_until(-4))


def test_catalogue_v1_stays_loadable_and_records_its_version(app, permit_case):
    from bibob_desk.paths import resources_dir
    from bibob_desk.services.risk import RiskService

    _unanswered(app, permit_case)
    v1 = RiskService(app._store, resources_dir() / "indicators" / "bibob-indicatoren-v1.yaml")
    old = v1.score(permit_case)
    assert old.catalogue_version == 1 and old.finding("INF-01") is None  # v1 could not see this
    assert app.risk.score(permit_case).catalogue_version == 2


@pytest.mark.slow
def test_the_cli_records_the_track_and_reports_ground_and_route(app, permit_case, db_path):
    from tests.support.cli import run_cli

    app.close()  # the command line opens the database itself
    sent = ["--type", "art7a_vragen_verzonden", "--date", str(_until(60)), "--until", str(_until(32))]
    reminder = ["--type", "art7a_herinnering", "--date", str(_until(30)), "--until", str(_until(16))]
    for args in (sent, reminder):
        done = run_cli(db_path, "event", "add", "INT-1", *args)
        assert done.returncode == 0, done.stderr
    done = run_cli(
        db_path,
        "event",
        "add",
        "INT-1",
        "--type",
        "art7a_beantwoord",
        "--date",
        str(_until(1)),
        "--answer",
        "half",
    )
    assert done.returncode != 0 and "antwoord" in done.stderr and "Traceback" not in done.stderr
    score = run_cli(db_path, "score", "INT-1", "--json")
    data = json.loads(score.stdout)
    assert data["ground"] == "art4_lid1" and data["route"] == "PROCEDUREEL"
    timeline = json.loads(run_cli(db_path, "timeline", "INT-1", "--json").stdout)
    assert [d["key"] for d in timeline["deadlines"]] == ["art7a_vragen", "art7a_herinnering"]
    assert timeline["track"] == "bestaande_vergunning"
    assert [(r["ground"], r["answer"]) for r in timeline["cooperation"]] == [
        (LegalGround.ART4_LID1.value, None)
    ]


def test_the_nazorg_memo_completes_after_the_withdrawal(app, permit_case, tmp_path):
    _unanswered(app, permit_case)
    app.risk.score(permit_case)
    four_eyes_off(app)
    effect = TODAY + timedelta(days=14)
    app.revisions.edit(
        permit_case,
        [
            {"op": "add", "path": "/legal", "value": {"ground": "art4_lid1", "motivation": "Geen antwoord."}},
            {
                "op": "add",
                "path": "/decision",
                "value": {"kind": "intrekking", "effective_date": str(effect)},
            },
        ],
        "juridische beoordeling en besluit",
    )
    out = tmp_path / "nazorg.pdf"
    with pytest.raises(UserError, match="bekendgemaakte weigering of intrekking"):
        app.exports.memo(permit_case, "nazorg", out, recipient="intern")
    for stage in (Stage.VOORNEMEN, Stage.ZIENSWIJZE):
        app.workflow.change_stage(permit_case, stage, TODAY - timedelta(days=12), "volgende stap")
    app.workflow.change_stage(
        permit_case, Stage.INTREKKING, TODAY - timedelta(days=10), "besluit", decision=DecisionKind.INTREKKING
    )
    _event(app, permit_case, EventKind.BEZWAAR_ONTVANGEN, 2)
    _, timeline = app.workflow.timeline(permit_case)
    objection = next(d for d in timeline.deadlines if d.key == "beslissing_bezwaar")
    assert objection.raw == TODAY - timedelta(days=2) + timedelta(weeks=12) and objection.done is None
    decision = tmp_path / "intrekking.pdf"
    app.exports.memo(permit_case, "intrekking", decision, recipient="betrokkene")
    letter = " ".join(" ".join(p.extract_text() for p in PdfReader(decision).pages).split())
    assert "Doorstartwacht" not in letter and "Sluitingsbevoegdheden" not in letter  # internal only
    app.exports.memo(permit_case, "nazorg", out, recipient="intern")
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    from bibob_desk.presentation.values import DateStyle, text

    for expected in (
        f"gaat in op {text(effect, DateStyle.LONG)}",
        "art. 13b Opiumwet",
        "art. 174a Gemeentewet",
        "geen deel uit van het Bibob-besluit",
        "Café De Hoek B.V.; adres Markt 3, 1234 AB Voorbeeld",  # doorstart watch: persons and address
        "art. 7a lid 7 Wet Bibob",
        "Beslissing op bezwaar",
        "Bewaren tot ",
    ):
        assert expected in flat, expected
    assert "jaar na bekendmaking van het besluit (intrekking)" in flat  # the retention date itself
