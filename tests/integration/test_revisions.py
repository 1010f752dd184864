"""Every change to a case is a revision (issue 14, part 2 and 9, first slice): who, when, why and the
field-level diff, checked like an import, refused on a stale version, reverted as a new version;
the audit log names the fields, never the values. Real SQLCipher files."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bibob_desk.domain.enums import EventKind
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import CaseEvent
from bibob_desk.store.revision_repository import StaleCase
from tests.support.case_builder import new_h2_input
from tests.support.cli import run_cli

NAME = "/parties/1/name"  # H2: R. Amrani


def _h2(app):
    return app.cases.id_of("H2")


def test_a_correction_is_a_version_with_who_when_why_and_the_diff(demo_app):
    case_id = _h2(demo_app)
    assert demo_app.revisions.version(case_id) == 1
    version = demo_app.revisions.edit(
        case_id,
        [{"op": "replace", "path": "parties.1.name", "value": "R. Amrani-Bakker"}],
        "spelling volgens KvK",
    )
    assert version == 2 == demo_app.revisions.version(case_id)
    assert demo_app.cases.open_case(case_id).parties[1].name == "R. Amrani-Bakker"
    created, revisions = demo_app.revisions.history(case_id)
    (revision,) = revisions
    assert created and revision.number == 2 and revision.actor == "beheerder"
    assert revision.reason == "spelling volgens KvK" and revision.at >= created
    assert [(c.op, c.path, c.old, c.new) for c in revision.changes] == [
        ("replace", NAME, "R. Amrani", "R. Amrani-Bakker")
    ]
    (entry,) = demo_app.audit.entries(action="dossier.gewijzigd")
    assert f"case:{case_id}" in entry.object and NAME in entry.object
    assert "Amrani" not in entry.object and "spelling" not in entry.object


def test_a_reason_is_required_once_the_case_has_left_intake(demo_app, app):
    with pytest.raises(UserError, match="motivering"):
        demo_app.revisions.edit(_h2(demo_app), [{"op": "replace", "path": NAME, "value": "X Y"}], "")
    assert demo_app.revisions.version(_h2(demo_app)) == 1
    new = app.cases.create(new_h2_input("2026-001")).cases[0]  # still at intake
    assert (
        app.revisions.edit(new, [{"op": "replace", "path": "/title", "value": "Nieuwe zaak, terras"}], "")
        == 2
    )


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        ({"op": "add", "path": "parties.1.bsn", "value": "123456789"}, "elfproef"),
        ({"op": "add", "path": "parties.1.bijnaam", "value": "x"}, "onbekend veld"),
        ({"op": "replace", "path": "/parties/99/name", "value": "x"}, "past niet"),
        ({"op": "add", "path": "/events/0/note", "value": "x"}, "eigen handeling"),
        ({"op": "replace", "path": "/investment/total", "value": "veel"}, "niet opgeslagen"),
    ],
)
def test_a_wrong_edit_gets_a_dutch_message_and_nothing_is_stored(demo_app, operation, message):
    case_id = _h2(demo_app)
    before = demo_app.cases.as_dict(case_id)
    with pytest.raises(UserError, match=message):
        demo_app.revisions.edit(case_id, [operation], "poging met een fout")
    assert demo_app.cases.as_dict(case_id) == before and demo_app.revisions.version(case_id) == 1


def test_a_save_against_a_stale_version_is_refused_with_both_versions(demo_app):
    case_id = _h2(demo_app)
    seen = demo_app.revisions.version(case_id)  # the version the officer opened
    demo_app.revisions.edit(
        case_id, [{"op": "replace", "path": NAME, "value": "Rachid Amrani"}], "ander venster"
    )
    with pytest.raises(StaleCase) as refused:
        demo_app.revisions.edit(
            case_id,
            [{"op": "replace", "path": NAME, "value": "R. Amrani-X"}],
            "eerste venster",
            expected=seen,
        )
    assert (refused.value.expected, refused.value.current) == (1, 2)
    assert "versie 1" in str(refused.value) and "versie 2" in str(refused.value)
    assert demo_app.cases.open_case(case_id).parties[1].name == "Rachid Amrani"


def test_nothing_changed_is_not_a_version(demo_app):
    with pytest.raises(UserError, match="niets gewijzigd"):
        demo_app.revisions.edit(
            _h2(demo_app), [{"op": "replace", "path": NAME, "value": "R. Amrani"}], "gelijk"
        )


def test_revert_is_a_new_version_and_history_stays(demo_app):
    case_id = _h2(demo_app)
    demo_app.revisions.edit(
        case_id, [{"op": "replace", "path": NAME, "value": "R. Amrani-Bakker"}], "stap een"
    )
    demo_app.revisions.edit(
        case_id, [{"op": "replace", "path": "/investment/total", "value": 215000}], "stap twee"
    )
    assert demo_app.revisions.revert(case_id, 2, "stap twee was onjuist") == 4
    case = demo_app.cases.open_case(case_id)
    assert case.parties[1].name == "R. Amrani-Bakker" and case.investment.total == 210000
    assert demo_app.revisions.revert(case_id, 1, "alles terug naar de aanvraag") == 5
    assert demo_app.cases.open_case(case_id).parties[1].name == "R. Amrani"
    _, revisions = demo_app.revisions.history(case_id)
    assert [r.number for r in revisions] == [2, 3, 4, 5]
    assert revisions[2].reason.startswith("teruggezet naar versie 2")
    with pytest.raises(UserError, match="motivering"):
        demo_app.revisions.revert(case_id, 1, "")
    with pytest.raises(UserError, match="eerdere versie"):
        demo_app.revisions.revert(case_id, 5, "dezelfde versie")


def test_other_actions_on_the_case_are_versions_too(demo_app):
    case_id = _h2(demo_app)
    demo_app.workflow.record_event(
        case_id,
        CaseEvent(kind=EventKind.ZIENSWIJZE_ONTVANGEN, date=date(2025, 6, 10), recorded_by="beheerder"),
    )
    _, (revision,) = demo_app.revisions.history(case_id)
    assert revision.reason.startswith("gebeurtenis") and revision.paths[0].startswith("/events/")


def test_a_version_older_than_the_stored_history_cannot_be_restored(demo_app):
    """A database from before migration 10 has versions without revisions: say so, change nothing."""
    case_id = _h2(demo_app)
    demo_app.revisions.edit(case_id, [{"op": "replace", "path": NAME, "value": "A B"}], "eerste poging")
    demo_app.revisions.edit(case_id, [{"op": "replace", "path": NAME, "value": "C D"}], "tweede poging")
    with demo_app._store.transaction() as tx:
        tx.session.exec(
            __import__("sqlalchemy").text("DELETE FROM case_revisions WHERE case_id = :c AND revision = 2"),
            params={"c": case_id},
        )
    with pytest.raises(UserError, match="niet alle latere wijzigingen"):
        demo_app.revisions.revert(case_id, 1, "te ver terug")
    assert demo_app.cases.open_case(case_id).parties[1].name == "C D"


@pytest.mark.slow
def test_case_set_history_and_revert_on_the_command_line(demo_app):
    db = demo_app._store.path
    demo_app.close()
    done = run_cli(db, "case", "set", "H2", 'parties.1.name="R. Amrani-Bakker"', "--reason", "spelling KvK")
    assert done.returncode == 0 and "versie 2" in done.stdout
    refused = run_cli(
        db, "case", "set", "H2", "parties.1.name=Iemand", "--reason", "uit een oud venster", "--expect", "1"
    )
    assert (
        refused.returncode == 1
        and "intussen gewijzigd" in refused.stderr
        and "Traceback" not in refused.stderr
    )
    history = json.loads(run_cli(db, "case", "history", "H2", "--json").stdout)
    assert history["version"] == 2
    assert history["revisions"][0]["changes"] == [
        {"op": "replace", "path": NAME, "old": "R. Amrani", "new": "R. Amrani-Bakker"}
    ]
    back = run_cli(db, "case", "revert", "H2", "--to", "1", "--reason", "toch de oude naam")
    assert back.returncode == 0 and "versie 3" in back.stdout
    text = run_cli(db, "case", "history", "H2").stdout
    assert "R. Amrani-Bakker → R. Amrani" in text and "teruggezet naar versie 1" in text


@pytest.mark.slow
def test_event_stage_and_override_on_the_command_line_are_versions(demo_app):
    db = demo_app._store.path
    demo_app.close()
    added = run_cli(
        db,
        "event",
        "add",
        "H1",
        "--type",
        "herstel_verzonden",
        "--date",
        "2025-03-10",
        "--until",
        "2025-03-24",
    )
    assert added.returncode == 0 and "herstel_verzonden" in added.stdout
    wrong = run_cli(db, "event", "add", "H1", "--type", "bestaat_niet", "--date", "2025-03-10")
    assert wrong.returncode == 1 and "kies uit" in wrong.stderr and "Traceback" not in wrong.stderr
    moved = run_cli(db, "stage", "H1", "voornemen", "--date", "2025-03-11", "--reason", "ernstig gevaar")
    assert moved.returncode == 0 and "voornemen" in moved.stdout
    withdrawn = run_cli(db, "event", "withdraw", "H1", "1", "--reason", "per ongeluk vastgelegd")
    assert withdrawn.returncode == 0 and "ingetrokken" in withdrawn.stdout
    assert "INGETROKKEN: per ongeluk vastgelegd" in run_cli(db, "timeline", "H1").stdout
    weighed = run_cli(
        db, "override", "H2", "PRI-02", "--weight", "1", "--reason", "huur verklaard door taxatie"
    )
    assert weighed.returncode == 0 and "opnieuw beoordeeld" in weighed.stdout
    reasons = [
        r["reason"] for r in json.loads(run_cli(db, "case", "history", "H1", "--json").stdout)["revisions"]
    ]
    assert reasons[0].startswith("gebeurtenis") and reasons[1].startswith("fase")
    history = json.loads(run_cli(db, "case", "history", "H2", "--json").stdout)["revisions"]
    assert history[-1]["reason"].startswith("afwijking PRI-02")


def test_a_withdrawn_event_stays_visible_and_no_clock_counts_it(demo_app):
    case_id = demo_app.cases.id_of("H1")
    herstel = CaseEvent(
        kind=EventKind.HERSTEL_VERZONDEN,
        date=date(2025, 2, 10),
        until=date(2025, 2, 24),
        recorded_by="beheerder",
    )
    demo_app.workflow.record_event(case_id, herstel)
    _, timeline = demo_app.workflow.timeline(case_id)
    number = next(i for i, e in enumerate(timeline.events, start=1) if e.kind is EventKind.HERSTEL_VERZONDEN)
    assert any(d.key == "herstel" for d in timeline.deadlines)
    with pytest.raises(UserError, match="reden"):
        demo_app.workflow.withdraw_event(case_id, number, "")
    demo_app.workflow.withdraw_event(case_id, number, "verstuurd naar het verkeerde adres")
    case, timeline = demo_app.workflow.timeline(case_id)
    gone = timeline.events[number - 1]
    assert gone.withdrawn and gone.withdrawn_reason == "verstuurd naar het verkeerde adres"
    assert gone.withdrawn_by == "beheerder" and len(case.events) == len(timeline.events)  # still there
    assert not any(d.key == "herstel" for d in timeline.deadlines)  # …but no term runs from it
    assert case.events_of(EventKind.HERSTEL_VERZONDEN) == []
    with pytest.raises(UserError, match="al ingetrokken"):
        demo_app.workflow.withdraw_event(case_id, number, "nog een keer")
    _, revisions = demo_app.revisions.history(case_id)
    assert revisions[-1].reason.startswith("gebeurtenis ingetrokken")
    (entry,) = demo_app.audit.entries(action="gebeurtenis.ingetrokken")
    assert "adres" not in entry.object
    from bibob_desk.presentation.case_file import CaseFile, section

    shown = [row[1] for row in section(CaseFile(case, None, timeline), "events").blocks[0].rows]
    assert any("ingetrokken: verstuurd naar het verkeerde adres" in str(t) for t in shown)


def test_the_latest_phase_change_is_withdrawn_and_the_stage_goes_back(app):
    from bibob_desk.domain.enums import Stage

    case_id = app.cases.create(new_h2_input()).cases[0]
    app.workflow.change_stage(case_id, Stage.EIGEN_ONDERZOEK, date(2025, 3, 10), "onderzoek gestart")
    informed = CaseEvent(kind=EventKind.BETROKKENE_GEINFORMEERD, date=date(2025, 3, 18), recorded_by="x")
    app.workflow.record_event(case_id, informed)
    app.workflow.change_stage(case_id, Stage.ADVIESAANVRAAG_VERZONDEN, date(2025, 3, 20), "per ongeluk")
    _, timeline = app.workflow.timeline(case_id)
    numbered = list(enumerate(timeline.events, start=1))
    first = next(n for n, e in numbered if e.stage_to is Stage.EIGEN_ONDERZOEK)
    last = next(n for n, e in numbered if e.stage_to is Stage.ADVIESAANVRAAG_VERZONDEN)
    with pytest.raises(UserError, match="Alleen de laatste fasewissel"):
        app.workflow.withdraw_event(case_id, first, "eerdere fase intrekken")
    app.workflow.withdraw_event(case_id, last, "adviesaanvraag nog niet verstuurd")
    case, timeline = app.workflow.timeline(case_id)
    assert case.stage is Stage.EIGEN_ONDERZOEK
    request = [e for e in case.events if e.kind is EventKind.ADVIESAANVRAAG_VERZONDEN]
    assert request and all(e.withdrawn for e in request)  # the event the stage change recorded, too
    assert not any(d.key.startswith("lbb") for d in timeline.deadlines)
