"""Deadlines of the public sample cases exactly as the brief gives them (both readings, raw and
adjusted), the Algemene termijnenwet, properties, and stage transitions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibob_desk.domain.enums import EventKind, PermitKind, Stage
from bibob_desk.domain.model import CaseEvent
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import resources_dir
from bibob_desk.workflow.calendar import atw_adjust, easter, feestdagen, is_working_day
from bibob_desk.workflow.deadlines import compute, stable_until
from bibob_desk.workflow.stages import transition_problem
from bibob_desk.workflow.terms import FIXED_PERIOD, UNTIL_ADVICE, load_terms
from tests.support.case_builder import clean_case

TERMS = load_terms()
TODAY = date(2026, 11, 22)
D = date.fromisoformat


def sample(reference):
    return read_case_file(resources_dir() / "demo" / f"{reference}.json").case


def deadlines(reference, reading=UNTIL_ADVICE):
    return {d.key: d for d in compute(sample(reference), TERMS.with_reading(reading), TODAY).deadlines}


# -- the brief's dates (sample-cases.md) -------------------------------------------------------


def test_h1_beslistermijn_8_weeks():
    d = deadlines("H1")
    assert d["beslistermijn:exploitatievergunning"].raw == D("2025-03-31")
    assert d["beslistermijn:alcoholvergunning"].raw == D("2025-03-31")


def test_h2_herstel_then_lbb_until_advice():
    d = deadlines("H2")
    term = d["beslistermijn:alcoholvergunning"]
    assert term.raw == D("2025-06-26") and term.adjusted == D("2025-06-26")
    assert "+ 10 dagen herstel" in term.explanation and "= 8 mei" in term.explanation
    assert "+ 49 dagen" in term.explanation
    assert d["lbb_advies"].raw == D("2025-06-02") and d["lbb_max"].raw == D("2025-06-30")
    assert d["zienswijze"].raw == D("2025-06-16")


def test_h2_fixed_period_reading():
    assert deadlines("H2", FIXED_PERIOD)["beslistermijn:exploitatievergunning"].raw == D("2025-07-03")


def test_v1_has_no_beslistermijn_but_lbb_terms():
    d = deadlines("V1")
    assert not [k for k in d if k.startswith("beslistermijn")]
    assert (d["lbb_advies"].raw, d["lbb_max"].raw) == (D("2025-12-08"), D("2026-01-05"))
    timeline = compute(sample("V1"), TERMS, TODAY)
    assert any("geen beslistermijn" in w for w in timeline.warnings)
    assert not any("geïnformeerd" in w for w in timeline.warnings)


def test_v3_extension_questions_raw_and_adjusted():
    d = deadlines("V3")
    assert d["lbb_max"].raw == D("2025-12-08") and d["lbb_advies"].raw == D("2025-12-08")
    term = d["beslistermijn:huisvestingsvergunning"]
    assert term.raw == D("2026-01-01")  # Nieuwjaarsdag, a Thursday
    assert term.adjusted == D("2026-01-02")
    assert not term.atw_applies  # a term set in a Huisvestingsverordening (art. 5 Atw): shown, not applied
    assert "Nieuwjaarsdag" in term.explanation
    assert deadlines("V3", FIXED_PERIOD)["beslistermijn:huisvestingsvergunning"].raw == D("2026-01-05")


def test_every_deadline_explains_itself_in_dutch():
    for reference in ("H1", "H2", "V1", "V3"):
        for deadline in deadlines(reference).values():
            assert (
                " na " in deadline.explanation and " = " in deadline.explanation
            ) or "herstelverzoek" in deadline.explanation


# -- Algemene termijnenwet ---------------------------------------------------------------------


def test_feestdagen_of_art_3():
    assert easter(2025) == D("2025-04-20") and easter(2026) == D("2026-04-05")
    days = feestdagen(2025)
    assert days[D("2025-04-18")] == "Goede Vrijdag" and days[D("2025-04-21")] == "tweede Paasdag"
    assert days[D("2025-05-29")] == "Hemelvaartsdag" and days[D("2025-06-09")] == "tweede Pinksterdag"
    assert days[D("2025-05-05")].startswith("Bevrijdingsdag")  # every year
    assert D("2025-04-26") in feestdagen(2025)  # 27 April 2025 is a Sunday: Koningsdag on the 26th
    assert D("2026-04-27") in feestdagen(2026)


def test_atw_art_1_and_2():
    assert atw_adjust(D("2025-04-01"), D("2025-04-19")) == D("2025-04-22")  # Sat -> Easter Monday -> Tue
    assert atw_adjust(D("2025-12-23"), D("2025-12-26")) == D("2025-12-29")  # Christmas, weekend
    # art. 2: a 3-day term from Thursday 24 April 2025 ends on Sunday 27 -> Monday 28: only Friday 25 and
    # Monday 28 are working days (26 is Koningsdag), which makes two.
    assert atw_adjust(D("2025-04-24"), D("2025-04-27")) == D("2025-04-28")


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    st.integers(min_value=1, max_value=120),
)
def test_adjusted_is_a_working_day_and_never_earlier(start, length):
    end = start + timedelta(days=length)
    adjusted = atw_adjust(start, end)
    assert adjusted >= end
    assert is_working_day(adjusted)


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=120))
def test_a_suspension_never_makes_a_deadline_earlier(herstel_days, advice_days):
    case = clean_case()
    case.permit_kinds = [PermitKind.ALCOHOLVERGUNNING]
    before = compute(case, TERMS, TODAY).deadlines[0].raw
    start = case.received_date + timedelta(days=5)
    case.events += [
        CaseEvent(
            kind=EventKind.HERSTEL_VERZONDEN, date=start, until=start + timedelta(days=60), recorded_by="t"
        ),
        CaseEvent(
            kind=EventKind.HERSTEL_AANGEVULD, date=start + timedelta(days=herstel_days), recorded_by="t"
        ),
        CaseEvent(kind=EventKind.BETROKKENE_GEINFORMEERD, date=start, recorded_by="t"),
        CaseEvent(kind=EventKind.ADVIESAANVRAAG_VERZONDEN, date=start, recorded_by="t"),
        CaseEvent(kind=EventKind.ADVIES_ONTVANGEN, date=start + timedelta(days=advice_days), recorded_by="t"),
    ]
    after = next(d for d in compute(case, TERMS, TODAY).deadlines if d.key.startswith("beslistermijn"))
    assert after.raw >= before and after.adjusted >= after.raw


def test_the_lbb_suspension_is_capped_at_the_lbb_term():
    case = clean_case()
    case.permit_kinds = [PermitKind.ALCOHOLVERGUNNING]
    request = case.received_date + timedelta(days=7)
    case.events += [
        CaseEvent(kind=EventKind.BETROKKENE_GEINFORMEERD, date=request, recorded_by="t"),
        CaseEvent(kind=EventKind.ADVIESAANVRAAG_VERZONDEN, date=request, recorded_by="t"),
        CaseEvent(kind=EventKind.ADVIES_ONTVANGEN, date=request + timedelta(days=200), recorded_by="t"),
    ]
    term = next(d for d in compute(case, TERMS, TODAY).deadlines if d.key.startswith("beslistermijn"))
    assert term.raw == case.received_date + timedelta(
        weeks=8, days=56
    )  # 8 weeks + at most 8 weeks (no extension)


def test_nazorg_actions_after_a_refusal_until_done():
    case = sample("H2")
    from bibob_desk.domain.enums import DecisionKind

    decided = D("2025-06-24")
    case.events.append(
        CaseEvent(
            kind=EventKind.BESLUIT_BEKENDGEMAAKT,
            date=decided,
            recorded_by="t",
            decision=DecisionKind.WEIGERING,
        )
    )
    d = {x.key: x for x in compute(case, TERMS, TODAY).deadlines}
    assert d["bezwaar"].raw == D("2025-08-05")  # 6 weeks
    assert d["beslistermijn:alcoholvergunning"].done == decided
    nazorg = [k for k in d if k.startswith("nazorg:")]
    assert "nazorg:doorstart_watch" in nazorg and "nazorg:bibob_register" in nazorg
    case.events.append(
        CaseEvent(
            kind=EventKind.NAZORG_AFGEROND, date=D("2025-07-01"), recorded_by="t", action="bibob_register"
        )
    )
    d = {x.key: x for x in compute(case, TERMS, TODAY).deadlines}
    assert d["nazorg:bibob_register"].done == D("2025-07-01")


# -- stages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        (Stage.AANVRAAG_ONTVANGEN, Stage.VRAGENLIJST_UITGEZET, True),
        (Stage.AANVRAAG_ONTVANGEN, Stage.ADVIES_ONTVANGEN, False),
        (Stage.EIGEN_ONDERZOEK, Stage.BUITEN_BEHANDELING, True),
        (Stage.VOORNEMEN, Stage.ZIENSWIJZE, True),
        (Stage.GESLOTEN, Stage.EIGEN_ONDERZOEK, False),
        (Stage.ONDERZOEK_LOOPTIJD, Stage.VOORNEMEN, True),
        (Stage.ZIENSWIJZE, Stage.INTREKKING, True),
    ],
)
def test_only_allowed_transitions(start, to, allowed):
    case = clean_case()
    case.stage = start
    assert (transition_problem(case, to, TODAY) == "") is allowed


def test_lbb_request_needs_the_betrokkene_informed_first():
    case = clean_case()
    case.stage = Stage.EIGEN_ONDERZOEK
    assert "geïnformeerd" in transition_problem(case, Stage.ADVIESAANVRAAG_VERZONDEN, TODAY)
    case.events.append(CaseEvent(kind=EventKind.BETROKKENE_GEINFORMEERD, date=TODAY, recorded_by="t"))
    assert transition_problem(case, Stage.ADVIESAANVRAAG_VERZONDEN, TODAY) == ""


def test_omgevingsvergunning_12_weeks_with_consent_and_one_extension_of_at_most_6():
    case = clean_case("vastgoed")
    case.permit_kinds = [PermitKind.OMGEVINGSVERGUNNING]
    received = case.received_date

    def term():
        return next(d for d in compute(case, TERMS, TODAY).deadlines if d.key.startswith("beslistermijn")).raw

    assert term() == received + timedelta(weeks=8)
    case.events.append(CaseEvent(kind=EventKind.INSTEMMING_VEREIST, date=received, recorded_by="t"))
    assert term() == received + timedelta(weeks=12)
    case.events.append(
        CaseEvent(kind=EventKind.BESLISTERMIJN_VERLENGD, date=received, weeks=8, recorded_by="t")
    )
    assert term() == received + timedelta(weeks=18)  # the extension is capped at 6 weeks


EVENT_KINDS = [
    EventKind.HERSTEL_VERZONDEN,
    EventKind.HERSTEL_AANGEVULD,
    EventKind.BETROKKENE_GEINFORMEERD,
    EventKind.ADVIESAANVRAAG_VERZONDEN,
    EventKind.LBB_VRAGEN_GESTELD,
    EventKind.LBB_VRAGEN_BEANTWOORD,
    EventKind.ADVIES_ONTVANGEN,
    EventKind.VOORNEMEN_VERZONDEN,
    EventKind.ZIENSWIJZE_ONTVANGEN,
]


@given(
    reference=st.sampled_from(["H1", "H2", "V1", "V3"]),
    events=st.lists(
        st.tuples(st.sampled_from(EVENT_KINDS), st.integers(-60, 0), st.integers(1, 30)), max_size=6
    ),
    reading=st.sampled_from([UNTIL_ADVICE, FIXED_PERIOD]),
)
def test_stored_terms_hold_until_stable_until_and_no_longer(reference, events, reading):
    """The projection of open terms (issue 18) is valid until stable_until(): on every day up to it
    compute() gives the same open terms; a case that stays valid forever never changes."""
    case = sample(reference)
    today = date(2025, 8, 1)
    for kind, offset, weeks in events:
        day = today + timedelta(days=offset)
        until = day + timedelta(days=weeks) if kind is EventKind.HERSTEL_VERZONDEN else None
        case.events.append(CaseEvent(kind=kind, date=day, recorded_by="t", until=until))
    settings = load_terms().with_reading(reading)
    until = stable_until(case, settings, today)

    def open_terms(day):
        return [
            (d.key, d.raw, d.adjusted, d.explanation, d.projected)
            for d in compute(case, settings, day).deadlines
            if d.done is None
        ]

    now = open_terms(today)
    last = until or today + timedelta(days=120)
    for days in range(0, (last - today).days + 1, 3):
        assert open_terms(today + timedelta(days=days)) == now, days
    assert open_terms(last) == now
