"""The deadline engine: pure functions from the stored events to the deadlines, each with its raw
date, its Algemene-termijnenwet date, and a Dutch explanation of how it was counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypedDict

from bibob_desk.domain.cooperation import Refusal, assess_cooperation
from bibob_desk.domain.enums import DecisionKind, EventKind, PermitKind, ProcedureKind
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case, CaseEvent
from bibob_desk.workflow.calendar import atw_adjust, nl_date, why_not_working
from bibob_desk.workflow.terms import FIXED_PERIOD, TermSettings

CLOSE, SOON = 7, 14


@dataclass
class Deadline:
    key: str
    label: str
    raw: date
    adjusted: date
    atw_applies: bool
    explanation: str
    basis: str = ""
    done: date | None = None
    projected: bool = False  # depends on something that has not happened yet

    @property
    def effective(self) -> date:
        return self.adjusted if self.atw_applies else self.raw

    def days_left(self, today: date) -> int:
        return (self.effective - today).days

    def status(self, today: date) -> str:
        if self.done is not None:
            return "afgerond"
        left = self.days_left(today)
        if left < 0:
            return "verlopen"
        if left <= CLOSE:
            return "binnen 7 dagen"
        if left <= SOON:
            return "binnen 14 dagen"
        return "open"


@dataclass
class Timeline:
    events: list[CaseEvent]
    deadlines: list[Deadline]
    warnings: list[str] = field(default_factory=list)
    reading: str = ""
    track: str = "aanvraag"  # or bestaande_vergunning: which clock runs
    refusals: tuple[Refusal, ...] = ()  # what the betrokkene did not (fully) provide, per request


def _span(start: date, end: date) -> str:
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{nl_date(end)}"
    return f"{nl_date(start, year=start.year != end.year)} – {nl_date(end)}"


def _deadline(  # noqa: PLR0917 - a private constructor with readable call sites
    key: str,
    name: str,
    start: date,
    raw: date,
    atw: bool,
    explanation: str,
    *,
    basis: str = "",
    done: date | None = None,
    projected: bool = False,
) -> Deadline:
    adjusted = atw_adjust(start, raw)
    if adjusted != raw:
        reason = why_not_working(raw)
        explanation += f" ({reason}; volgens de Algemene termijnenwet: {nl_date(adjusted)})"
        if not atw:
            explanation += "; de Atw is voor deze termijn uitgeschakeld"
    return Deadline(
        key=key,
        label=name,
        raw=raw,
        adjusted=adjusted,
        atw_applies=atw,
        explanation=explanation,
        basis=basis,
        done=done,
        projected=projected,
    )


def _first(case: Case, kind: EventKind) -> CaseEvent | None:
    found = case.events_of(kind)
    return found[0] if found else None


def _herstel(case: Case, today: date) -> list[tuple[date, date, bool]]:
    """(invitation, end, projected) per herstel request: suspended until completion or expiry (Awb 4:15)."""
    out = []
    completions = [e.date for e in case.events_of(EventKind.HERSTEL_AANGEVULD)]
    for invite in case.events_of(EventKind.HERSTEL_VERZONDEN):
        done = next((d for d in completions if d >= invite.date), None)
        expiry = invite.until or invite.date + timedelta(days=14)
        end = min(done, expiry) if done else expiry
        out.append((invite.date, end, done is None and expiry > today))
    return out


class LbbState(TypedDict):
    request: date
    question_days: int
    open_questions: bool
    extension: int
    advice: date | None


def _lbb(case: Case, settings: TermSettings, today: date) -> LbbState | None:
    request = _first(case, EventKind.ADVIESAANVRAAG_VERZONDEN)
    if request is None:
        return None
    asked = case.events_of(EventKind.LBB_VRAGEN_GESTELD)
    answered = [e.date for e in case.events_of(EventKind.LBB_VRAGEN_BEANTWOORD)]
    question_days, open_questions = 0, False
    for q in asked:
        answer = next((a for a in answered if a >= q.date), None)
        if answer is None:
            open_questions = True
            answer = today
        question_days += (answer - q.date).days
    extension = min(
        sum(e.weeks or 0 for e in case.events_of(EventKind.LBB_TERMIJN_VERLENGD)),
        settings.lbb["extension_weeks_max"],
    )
    advice = _first(case, EventKind.ADVIES_ONTVANGEN)
    return {
        "request": request.date,
        "question_days": question_days,
        "open_questions": open_questions,
        "extension": extension,
        "advice": advice.date if advice else None,
    }


def compute(case: Case, settings: TermSettings, today: date) -> Timeline:
    deadlines: list[Deadline] = []
    warnings: list[str] = []
    lbb = _lbb(case, settings, today)
    herstel = _herstel(case, today)
    decision = _first(case, EventKind.BESLUIT_BEKENDGEMAAKT)
    weeks_lbb = settings.lbb["advice_weeks"]
    lbb_atw = bool(settings.terms.get("lbb_atw", True))
    if lbb is not None:
        request = lbb["request"]
        informed = _first(case, EventKind.BETROKKENE_GEINFORMEERD)
        if informed is None or informed.date > request:
            warnings.append(
                f"De betrokkene is niet (tijdig) geïnformeerd over de adviesaanvraag "
                f"({settings.articles.get('inform_betrokkene', '')})."
            )
        q = int(lbb["question_days"])
        base = request + timedelta(weeks=weeks_lbb, days=q)
        text = f"{weeks_lbb} weken na {nl_date(request)}"
        if q:
            text += f" + {q} dagen aanvullende vragen"
        ext = int(lbb["extension"])
        due = base + timedelta(weeks=ext)
        if ext:
            text += f" + {ext} weken verlenging door het LBB"
        deadlines.append(
            _deadline(
                "lbb_advies",
                "Advies LBB",
                request,
                due,
                lbb_atw,
                f"{text} = {nl_date(due)}",
                basis=settings.articles.get("lbb_term", ""),
                done=lbb["advice"],
                projected=bool(lbb["open_questions"]),
            )
        )
        max_weeks = weeks_lbb + settings.lbb["extension_weeks_max"]
        longest = request + timedelta(weeks=max_weeks, days=q)
        deadlines.append(
            _deadline(
                "lbb_max",
                "Advies LBB uiterlijk (met verlenging)",
                request,
                longest,
                lbb_atw,
                f"{max_weeks} weken na {nl_date(request)}"
                + (f" + {q} dagen aanvullende vragen" if q else "")
                + f" = {nl_date(longest)}",
                basis=settings.articles.get("lbb_term", ""),
                done=lbb["advice"],
            )
        )
    existing = case.procedure is ProcedureKind.BESTAANDE_VERGUNNING
    if existing:  # a permit already granted: its own investigation clock, no application terms
        deadlines += _art7a_terms(case, settings)
        herstel = []
    for kind in [] if existing else case.permit_kinds:
        term = settings.beslistermijnen.get(kind.value)
        if term is None:
            if kind is PermitKind.VASTGOEDTRANSACTIE:
                warnings.append(
                    "Vastgoedtransactie: geen beslistermijn (privaatrechtelijke rechtshandeling); "
                    "de LBB-termijnen gelden wel."
                )
            continue
        deadlines.append(_beslistermijn(case, kind, term, settings, herstel, lbb, decision, today))
    deadlines += _other_terms(case, settings, herstel, decision, existing=existing)
    cooperation = assess_cooperation(
        case, today, herstel_days=int(settings.terms.get("herstel_default_days", 14))
    )
    if cooperation.refusals and decision is None:
        first = cooperation.refusals[0]
        warnings.append(f"Niet meegewerkt: {first.describe()} — grond: {label(first.ground)}.")
    return Timeline(
        events=sorted(case.events, key=lambda e: e.date),
        deadlines=deadlines,
        warnings=warnings,
        reading=settings.reading,
        track=case.procedure.value,
        refusals=cooperation.refusals,
    )


def stable_until(case: Case, settings: TermSettings, today: date) -> date | None:
    """The last day on which compute(case, settings, day) still gives what it gives today, None when
    it does not depend on the day at all (issue 18: a stored projection is valid until then).
    Open LBB questions count up to today, so those terms move every day; an open herstel request
    is projected until its term has passed."""
    lbb = _lbb(case, settings, today)
    if lbb is not None and lbb["open_questions"]:
        return today
    ends = [end for _, end, still_open in _herstel(case, today) if still_open]
    return min(ends) - timedelta(days=1) if ends else None


def _beslistermijn(  # noqa: PLR0917
    case: Case,
    kind: PermitKind,
    term: dict,
    settings: TermSettings,
    herstel: list,
    lbb: LbbState | None,
    decision: CaseEvent | None,
    today: date,
) -> Deadline:
    start = case.received_date
    weeks = term["weeks"]
    consent = bool(case.events_of(EventKind.INSTEMMING_VEREIST)) and "weeks_with_consent" in term
    if consent:
        weeks = term["weeks_with_consent"]
    raw = start + timedelta(weeks=weeks)
    parts = [
        f"{weeks} weken{' (instemming vereist)' if consent else ''} na {nl_date(start)} = "
        f"{nl_date(raw, year=False)}"
    ]
    projected = False
    extended = sum(e.weeks or 0 for e in case.events_of(EventKind.BESLISTERMIJN_VERLENGD))
    if extended:
        extended = min(extended, term.get("extension_weeks", 0))
        raw += timedelta(weeks=extended)
        parts.append(f"+ {extended} weken verlenging = {nl_date(raw, year=False)}")
    for invite, end, still_open in herstel:
        days = (end - invite).days
        raw += timedelta(days=days)
        projected |= still_open
        parts.append(f"+ {days} dagen herstel ({_span(invite, end)}) = {nl_date(raw, year=False)}")
    if lbb is not None:
        days, text = _lbb_suspension(lbb, settings, today)
        projected |= lbb["advice"] is None and settings.reading != FIXED_PERIOD
        raw += timedelta(days=days)
        parts.append(f"+ {days} dagen {text} = {nl_date(raw, year=False)}")
    parts[-1] = parts[-1].rsplit(" = ", 1)[0] + f" = {nl_date(raw)}"
    nominal = weeks + extended
    atw = bool(term["atw"]) and nominal <= settings.long_term_weeks
    basis = term["basis"]
    return _deadline(
        f"beslistermijn:{kind.value}",
        f"Beslistermijn {label(kind)}",
        start,
        raw,
        atw,
        "; ".join(parts),
        basis=basis,
        done=decision.date if decision else None,
        projected=projected,
    )


def _lbb_suspension(lbb: LbbState, settings: TermSettings, today: date) -> tuple[int, str]:
    """Art. 31 Wet Bibob: from the request until the advice, capped at the art. 15 term plus extension."""
    request, advice = lbb["request"], lbb["advice"]
    cap_weeks = settings.lbb["advice_weeks"] + int(lbb["extension"])
    cap = cap_weeks * 7 + int(lbb["question_days"])
    if settings.reading == FIXED_PERIOD:
        return cap, f"vaste opschorting LBB ({cap_weeks} weken + {lbb['question_days']} dagen vragen)"
    if advice is None:
        return cap, f"opschorting LBB tot het advies, uiterlijk {cap} dagen (nog geen advies)"
    days = min((advice - request).days, cap)
    return days, f"opschorting advies LBB ({_span(request, advice)})"


def _art7a_terms(case: Case, settings: TermSettings) -> list[Deadline]:
    """The investigation of an existing permit (art. 7a lid 3 Wet Bibob): the questions with their
    term, each reminder with its new term; done when the answers came in."""
    out: list[Deadline] = []
    rounds = case.events_of(EventKind.ART7A_VRAGEN_VERZONDEN)
    basis = settings.articles.get("art7a", "art. 7a lid 3 Wet Bibob")
    default_weeks = int(settings.terms.get("art7a_weeks", 4))
    for i, sent in enumerate(rounds):
        until = rounds[i + 1].date if i + 1 < len(rounds) else None
        answers = [
            e
            for e in case.events_of(EventKind.ART7A_BEANTWOORD)
            if e.date >= sent.date and (until is None or e.date < until)
        ]
        done = answers[0].date if answers else None
        end = sent.until or sent.date + timedelta(weeks=default_weeks)
        how = (
            f"termijn tot {nl_date(end)}"
            if sent.until
            else f"{default_weeks} weken (standaard) = {nl_date(end)}"
        )
        out.append(
            _deadline(
                "art7a_vragen",
                "Termijn vragen art. 7a",
                sent.date,
                end,
                True,
                f"vragen verzonden op {nl_date(sent.date)}, {how}",
                basis=basis,
                done=done,
            )
        )
        reminders = [
            e
            for e in case.events_of(EventKind.ART7A_HERINNERING)
            if e.date >= sent.date and (until is None or e.date < until)
        ]
        for reminder in reminders:
            weeks = int(settings.terms.get("art7a_herinnering_weeks", 2))
            end = reminder.until or reminder.date + timedelta(weeks=weeks)
            out.append(
                _deadline(
                    "art7a_herinnering",
                    "Termijn na herinnering (art. 7a)",
                    reminder.date,
                    end,
                    True,
                    f"herinnering van {nl_date(reminder.date)}, nieuwe termijn tot {nl_date(end)}",
                    basis=basis,
                    done=done,
                )
            )
    return out


def _other_terms(
    case: Case, settings: TermSettings, herstel: list, decision: CaseEvent | None, *, existing: bool = False
) -> list[Deadline]:
    out: list[Deadline] = []
    completions = case.events_of(EventKind.HERSTEL_AANGEVULD)
    for invite in [] if existing else case.events_of(EventKind.HERSTEL_VERZONDEN):
        until = invite.until or invite.date + timedelta(
            days=int(settings.terms.get("herstel_default_days", 14))
        )
        done = next((c.date for c in completions if c.date >= invite.date), None)
        out.append(
            _deadline(
                "herstel",
                "Hersteltermijn",
                invite.date,
                until,
                True,
                f"herstelverzoek van {nl_date(invite.date)}, termijn tot {nl_date(until)}",
                basis=settings.articles.get("herstel", ""),
                done=done,
            )
        )
        if done is None and decision is None:
            notify = until + timedelta(weeks=4)
            out.append(
                _deadline(
                    "buiten_behandeling",
                    "Besluit buiten behandeling laten",
                    until,
                    notify,
                    True,
                    f"4 weken na het verstrijken van de hersteltermijn ({nl_date(until)}) = "
                    f"{nl_date(notify)}",
                    basis="art. 4:5 lid 4 Awb",
                )
            )
    reply = _first(case, EventKind.ZIENSWIJZE_ONTVANGEN)
    for intent in case.events_of(EventKind.VOORNEMEN_VERZONDEN):
        weeks = int(settings.terms.get("zienswijze_weeks", 2))
        until = intent.until or intent.date + timedelta(weeks=weeks)
        out.append(
            _deadline(
                "zienswijze",
                "Zienswijzetermijn",
                intent.date,
                until,
                bool(settings.terms.get("zienswijze_atw", True)),
                f"{weeks} weken na het voornemen van {nl_date(intent.date)} = {nl_date(until)}",
                basis=settings.articles.get("zienswijze", ""),
                done=reply.date if reply else None,
            )
        )
    if decision is not None:
        weeks = int(settings.terms.get("bezwaar_weeks", 6))
        until = decision.date + timedelta(weeks=weeks)
        out.append(
            _deadline(
                "bezwaar",
                "Bezwaartermijn",
                decision.date,
                until,
                bool(settings.terms.get("bezwaar_atw", True)),
                f"{weeks} weken na bekendmaking op {nl_date(decision.date)} = {nl_date(until)}",
                basis=settings.articles.get("bezwaar", ""),
            )
        )
        decided = _first(case, EventKind.BESLISSING_OP_BEZWAAR)
        for objection in case.events_of(EventKind.BEZWAAR_ONTVANGEN):
            weeks = int(settings.terms.get("bezwaar_beslis_weeks", 12))
            due = objection.date + timedelta(weeks=weeks)
            out.append(
                _deadline(
                    "beslissing_bezwaar",
                    "Beslissing op bezwaar",
                    objection.date,
                    due,
                    True,
                    f"{weeks} weken na het bezwaar van {nl_date(objection.date)} = {nl_date(due)}",
                    basis=settings.articles.get("beslissing_bezwaar", "art. 7:10 Awb"),
                    done=decided.date if decided and decided.date >= objection.date else None,
                )
            )
        effect = case.decision.effective_date if case.decision else None
        if effect is not None:
            out.append(
                _deadline(
                    "inwerkingtreding",
                    "Besluit gaat in",
                    decision.date,
                    effect,
                    False,
                    f"datum van inwerkingtreding volgens het besluit: {nl_date(effect)}",
                    basis="het besluit",
                )
            )
        if decision.decision in (DecisionKind.WEIGERING, DecisionKind.INTREKKING):
            finished = {e.action: e.date for e in case.events_of(EventKind.NAZORG_AFGEROND)}
            for action in settings.nazorg:
                due = decision.date + timedelta(days=action["days"])
                out.append(
                    _deadline(
                        f"nazorg:{action['id']}",
                        action["label"],
                        decision.date,
                        due,
                        False,
                        f"{action['days']} dagen na het besluit van {nl_date(decision.date)}",
                        basis="nazorg (brief §8.5)",
                        done=finished.get(action["id"]),
                    )
                )
    return out
