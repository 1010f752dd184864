"""Workflow use cases: the timeline of a case, recording events, stage changes, and the deadlines
overview across all cases. Dates are stored; deadlines are computed each time from them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from bibob_desk.content.safe_yaml import ContentError
from bibob_desk.domain.enums import CaseResult, DecisionKind, EventKind, Role, Stage
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case, CaseEvent, Closure
from bibob_desk.domain.text import clean_text
from bibob_desk.services.changes import Changes, Reports, Topic
from bibob_desk.services.permissions import require
from bibob_desk.services.settings import SettingsService
from bibob_desk.services.shielding import as_seen_by, user_of
from bibob_desk.store.store import Store
from bibob_desk.workflow.deadlines import Deadline, Timeline, compute
from bibob_desk.workflow.next_step import NextSteps, load_next_steps
from bibob_desk.workflow.stages import EVENT_OF_STAGE, transition_problem
from bibob_desk.workflow.terms import TermSettings, load_terms


@dataclass(frozen=True)
class DeadlineRow:
    case_id: str
    reference: str
    deadline: Deadline
    status: str
    days_left: int


@dataclass
class DeadlineListing:
    total: int  # open terms in the listing
    overdue: int  # of which overdue
    pages: Iterator[list[DeadlineRow]]  # read lazily, each page its own short transaction


class WorkflowService(Reports):
    OVERVIEW_BATCH = 500  # cases per short transaction when walking all cases

    def __init__(
        self, store: Store, settings: SettingsService, today: Callable[[], date] = date.today
    ) -> None:
        self.store = store
        self.settings = settings
        self.today = today

    @cached_property
    def _next_steps(self) -> NextSteps:
        try:
            return load_next_steps()
        except ContentError as error:
            raise UserError(f"Het bestand met de volgende stappen is onbruikbaar: {error}") from None

    def next_step(self, stage: Stage) -> str:
        """Wat nu? — the next step of a case in this stage (resources/workflow/wat-nu.yaml)."""
        return self._next_steps.of(stage)

    @cached_property
    def _terms(self) -> TermSettings:
        try:
            return load_terms()
        except ContentError as error:
            raise UserError(f"Het termijnenbestand is onbruikbaar: {error}") from None

    def terms(self) -> TermSettings:
        return self._terms.with_reading(self.settings.lbb_reading())

    def timeline(self, case_id: str) -> tuple[Case, Timeline]:
        with self.store.transaction() as tx:
            tx.audit("termijnen.ingezien", f"case:{case_id}")
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
        return as_seen_by(case, *user_of(self.store)), compute(case, self.terms(), self.today())

    def timeline_by_reference(self, reference: str) -> tuple[Case, Timeline]:
        with self.store.transaction() as tx:
            case_id = tx.cases.get_by_reference(reference).id
        return self.timeline(case_id)

    def record_event(self, case_id: str, event: CaseEvent) -> Changes:
        require(self.store, Role.VERGUNNINGVERLENER)
        note = clean_text(event.note, max_length=2000)
        if note.problem:
            raise UserError(f"De toelichting {note.problem}.")
        if event.date > self.today():
            raise UserError("Een gebeurtenis kan niet in de toekomst liggen.")
        if (
            event.kind is EventKind.LBB_TERMIJN_VERLENGD
            and (event.weeks or 0) > self._terms.lbb["extension_weeks_max"]
        ):
            raise UserError(
                f"Het LBB kan de termijn met hoogstens {self._terms.lbb['extension_weeks_max']} weken "
                "verlengen."
            )
        with self.store.transaction() as tx:
            problem = event_problem(tx.cases.get(case_id), event)
        if problem:
            raise UserError(problem)
        if event.kind is EventKind.ADVIESAANVRAAG_VERZONDEN:
            with self.store.transaction() as tx:
                case = tx.cases.get(case_id)
            if not [e for e in case.events_of(EventKind.BETROKKENE_GEINFORMEERD) if e.date <= event.date]:
                raise UserError("Leg eerst vast wanneer de betrokkene is geïnformeerd (art. 32 Wet Bibob).")
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            case.events.append(event)
            tx.save_case(case, reason=f"gebeurtenis: {label(event.kind)}")
            tx.audit("gebeurtenis.vastgelegd", f"case:{case_id};soort:{event.kind.value}")
        return self.report(case_id, topics=(Topic.EVENTS,))

    def withdraw_event(self, case_id: str, number: int, reason: str) -> Changes:
        """Withdraw event `number` (1 = the first in the timeline, by date) with a reason: it stays
        in the case and the history, marked withdrawn, and no longer counts for the deadlines."""
        require(self.store, Role.VERGUNNINGVERLENER)
        text = clean_text((reason or "").strip(), max_length=2000)
        if text.problem:
            raise UserError(f"De reden {text.problem}.")
        if len(text.text) < 5:
            raise UserError("Geef een reden waarom de gebeurtenis wordt ingetrokken (minstens 5 tekens).")
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            ordered = sorted(case.events, key=lambda e: e.date)
            if not 1 <= number <= len(ordered):
                raise UserError(f"Kies een gebeurtenis van 1 tot en met {len(ordered)}.")
            event = ordered[number - 1]
            if event.withdrawn:
                raise UserError("Deze gebeurtenis is al ingetrokken.")
            who = self.store.user.username
            if event.kind is EventKind.FASE_GEWIJZIGD or event.stage_to is not None:
                self._withdraw_stage_change(case, event, text.text, who)
            event.withdrawn_reason, event.withdrawn_by = text.text, who
            tx.save_case(case, reason=f"gebeurtenis ingetrokken ({label(event.kind)}): {text.text}")
            tx.audit("gebeurtenis.ingetrokken", f"case:{case_id};soort:{event.kind.value}")
        return self.report(case_id, topics=(Topic.EVENTS, Topic.CASES))

    @staticmethod
    def _withdraw_stage_change(case: Case, event: CaseEvent, reason: str, who: str) -> None:
        """Only the latest phase change, while the case is still in that stage: the stage goes back
        to where it came from and the event the change recorded with it is withdrawn too."""
        changes = [e for e in case.active_events if e.kind is EventKind.FASE_GEWIJZIGD]
        latest = max(changes, key=lambda e: e.date, default=None) if changes else None
        if event is not latest or case.stage is not event.stage_to or event.stage_from is None:
            raise UserError(
                "Alleen de laatste fasewissel trekt u in, zolang het dossier nog in die fase staat; "
                "zet een eerdere fase terug via de geschiedenis."
            )
        if case.closure is not None:
            raise UserError("Een afgesloten dossier heropent u niet door de fasewissel in te trekken.")
        paired = EVENT_OF_STAGE.get(event.stage_to)
        for other in case.active_events:
            if other is not event and other.kind is paired and other.date == event.date:
                other.withdrawn_reason, other.withdrawn_by = reason, who
        case.stage = event.stage_from

    def change_stage(
        self,
        case_id: str,
        to: Stage,
        on: date,
        reason: str,
        *,
        documents: tuple[str, ...] = (),
        decision: DecisionKind | None = None,
    ) -> Changes:
        """Only allowed transitions; records who, when, why and the documents, plus the dated event."""
        require(self.store, Role.VERGUNNINGVERLENER)
        if on > self.today():
            raise UserError("Een fasewissel kan niet in de toekomst liggen.")
        reason_text = clean_text(reason.strip(), max_length=2000)
        if reason_text.problem or not reason_text.text:
            raise UserError("Geef een reden voor de fasewissel.")
        if to in (Stage.BESLUIT, Stage.INTREKKING) and decision is None:
            raise UserError("Kies welk besluit is genomen.")
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            problem = transition_problem(case, to, on)
            if problem:
                raise UserError(problem)
            who = self.store.user.username
            _move(case, to, on, who, reason_text.text, documents=documents, decision=decision)
            tx.save_case(case, reason=f"fase: {label(to)}")
            tx.audit("fase.gewijzigd", f"case:{case_id};naar:{to.value}")
        return self.report(case_id, topics=(Topic.EVENTS, Topic.CASES), message=f"Fase: {label(to)}")

    def close(self, case_id: str, result: CaseResult, on: date, note: str = "") -> Changes:
        """Close the case with its result: the stage goes to Gesloten (where the process allows it)
        and the retention clock starts from this date and result."""
        require(self.store, Role.VERGUNNINGVERLENER)
        if on > self.today():
            raise UserError("Een dossier sluit u niet in de toekomst af.")
        text = clean_text(note.strip(), max_length=2000)
        if text.problem:
            raise UserError(f"De toelichting {text.problem}.")
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            if case.closure is not None:
                raise UserError(
                    f"Dit dossier is al afgesloten op {case.closure.closed_date:%d-%m-%Y} "
                    f"({label(case.closure.result).lower()})."
                )
            who = self.store.user.username
            if case.stage is not Stage.GESLOTEN:
                problem = transition_problem(case, Stage.GESLOTEN, on)
                if problem:
                    raise UserError(f"Afsluiten kan nog niet: {problem}")
                _move(case, Stage.GESLOTEN, on, who, text.text or f"afgesloten: {label(result).lower()}")
            case.closure = Closure(result=result, closed_date=on, closed_by=who, note=text.text)
            tx.save_case(case, reason=f"afgesloten: {label(result)}")
            tx.audit("dossier.afgesloten", f"case:{case_id};resultaat:{result.value}")
        return self.report(
            case_id, topics=(Topic.EVENTS, Topic.CASES), message=f"Afgesloten: {label(result)}"
        )

    def overview(self, due_within: int | None = None) -> list[DeadlineRow]:
        """Open deadlines of all cases, most urgent first (overdue first)."""
        return [row for page in self.overview_pages(due_within) for row in page]

    def overview_pages(self, due_within: int | None = None, page: int = 2000) -> Iterator[list[DeadlineRow]]:
        """The same, page by page from the stored projection (issue 18): one indexed range query
        per page, each in its own short transaction; first the cases whose stored terms no longer
        hold (other term settings, or terms that move with the calendar) are computed again."""
        return self.open_deadlines(due_within, page).pages

    def open_deadlines(self, due_within: int | None = None, page: int = 500) -> DeadlineListing:
        """How many open terms there are and a lazy iterator over them, most urgent first: the
        Termijnen window shows the first page at once and reads on as it is scrolled."""
        today, terms = self.today(), self.terms()
        with self.store.transaction() as tx:
            tx.audit("termijnen.overzicht", "alle dossiers")
        self.refresh_terms(terms, today)
        until = None if due_within is None else today + timedelta(days=due_within)
        with self.store.transaction() as tx:
            overdue, total = tx.projections_on(today, terms).count_due(until)
        return DeadlineListing(total, overdue, self._pages(today, terms, until, page))

    def _pages(
        self, today: date, terms: TermSettings, until: date | None, page: int
    ) -> Iterator[list[DeadlineRow]]:
        after = None
        while True:
            with self.store.transaction() as tx:
                found = tx.projections_on(today, terms).open_terms(until, after, page)
            if not found:
                return
            after = found[-1][3]
            yield [DeadlineRow(c, r, d, d.status(today), d.days_left(today)) for c, r, d, _ in found]

    def due_counts(self, due_within: int = 7) -> tuple[int, int]:
        """(overdue, due within `due_within` days): the banner, one indexed count (no case data)."""
        today, terms = self.today(), self.terms()
        self.refresh_terms(terms, today)
        with self.store.transaction() as tx:
            overdue, total = tx.projections_on(today, terms).count_due(today + timedelta(days=due_within))
        return overdue, total - overdue

    def due_cases(self, due_within: int) -> list[tuple[str, date]]:
        """(case id, due date) of every open term due within `due_within` days or overdue: the
        start screen's buckets and the list's deadline filter, without building every deadline."""
        today, terms = self.today(), self.terms()
        with self.store.transaction() as tx:
            tx.audit("termijnen.overzicht", "alle dossiers")
        self.refresh_terms(terms, today)
        with self.store.transaction() as tx:
            return tx.projections_on(today, terms).due(today + timedelta(days=due_within))

    def refresh_terms(self, terms: TermSettings | None = None, today: date | None = None) -> int:
        """Compute the stored terms again where they no longer hold; returns how many cases."""
        terms, today = terms or self.terms(), today or self.today()
        done = 0
        while True:  # in batches: other work (an autosave) never waits for the whole walk
            with self.store.transaction() as tx:
                projections = tx.projections_on(today, terms)
                stale = projections.stale_terms(projections.terms.fingerprint, self.OVERVIEW_BATCH)
                if not stale:
                    return done
                projections.put_terms([tx.cases.get(case_id) for case_id in stale])
            done += len(stale)


def _move(
    case: Case,
    to: Stage,
    on: date,
    who: str,
    note: str,
    *,
    documents: tuple[str, ...] = (),
    decision: DecisionKind | None = None,
) -> None:
    """The stage change itself: its dated event, the event the new stage records, the new stage."""
    case.events.append(
        CaseEvent(
            kind=EventKind.FASE_GEWIJZIGD,
            date=on,
            recorded_by=who,
            stage_from=case.stage,
            stage_to=to,
            note=note,
            documents=list(documents),
            decision=decision,
        )
    )
    if to in EVENT_OF_STAGE:
        case.events.append(
            CaseEvent(kind=EVENT_OF_STAGE[to], date=on, recorded_by=who, note=note, decision=decision)
        )
    case.stage = to


ART7A = (EventKind.ART7A_VRAGEN_VERZONDEN, EventKind.ART7A_HERINNERING, EventKind.ART7A_BEANTWOORD)
ANSWERS = (EventKind.ART7A_BEANTWOORD, EventKind.LBB_VRAGEN_BEANTWOORD, EventKind.HERSTEL_AANGEVULD)


def event_problem(case: Case, event: CaseEvent) -> str:
    """'' when `event` fits the case's track; else what is wrong, in Dutch."""
    from bibob_desk.domain.enums import AnswerState, ProcedureKind

    existing = case.procedure is ProcedureKind.BESTAANDE_VERGUNNING
    if event.kind in ART7A and not existing:
        return (
            "Vragen op grond van art. 7a lid 3 horen bij het onderzoek naar een bestaande vergunning; "
            "bij een aanvraag gaat het om het vragenformulier en een herstelverzoek (art. 4:5 Awb)."
        )
    if existing and event.kind in (EventKind.HERSTEL_VERZONDEN, EventKind.HERSTEL_AANGEVULD):
        return (
            "Een bestaande vergunning kent geen herstelverzoek (art. 4:5 Awb): leg de vragen art. 7a "
            "vast, met een termijn, en zo nodig een herinnering."
        )
    if event.kind in (EventKind.ART7A_VRAGEN_VERZONDEN, EventKind.ART7A_HERINNERING):
        if event.until is None or event.until <= event.date:
            return "Geef de termijn waarbinnen de vragen beantwoord moeten zijn (een datum na de verzending)."
        if event.kind is EventKind.ART7A_HERINNERING and not [
            e for e in case.events_of(EventKind.ART7A_VRAGEN_VERZONDEN) if e.date <= event.date
        ]:
            return "Een herinnering volgt op vragen art. 7a: leg eerst vast wanneer de vragen zijn verzonden."
    if event.answer is not None and event.kind not in ANSWERS:
        return (
            "Alleen bij ontvangen antwoorden (art. 7a, LBB, herstel) wordt vastgelegd hoe volledig ze zijn."
        )
    if event.answer is AnswerState.GEDEELTELIJK and not event.open_questions:
        return "Noem bij een gedeeltelijk antwoord welke vragen open zijn gebleven."
    if len(event.open_questions) > 100:
        return "Noem hoogstens 100 open vragen."
    for question in event.open_questions:
        checked = clean_text(question, max_length=300)
        if checked.problem or not checked.text.strip():
            return f"Een open vraag {checked.problem or 'is leeg'}."
    return ""
