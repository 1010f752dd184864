"""Did the betrokkene provide what was asked? Computed from the case's events, per track (brief §4.7):

* an existing permit: the art. 7a questions (sent with a term, perhaps a reminder with a new term)
  expired unanswered, or were answered partly or refused → art. 4 lid 1 Wet Bibob;
* the LBB's questions (art. 12 lid 3) answered partly or refused → art. 4 lid 2 Wet Bibob;
* an application: the herstel term expired without the missing data → art. 4:5 Awb.

Pure: the same case and day give the same answer. A term that is not known (an imported event
without its end date) leaves the question open instead of guessing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from bibob_desk.domain.enums import AnswerState, EventKind, LegalGround, ProcedureKind
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case, CaseEvent

REFUSED = (AnswerState.GEDEELTELIJK, AnswerState.GEWEIGERD)


@dataclass(frozen=True)
class Refusal:
    """One request the betrokkene did not (fully) meet."""

    track: str  # art7a | lbb | herstel
    ground: LegalGround
    asked: date
    term_end: date | None
    answer: AnswerState | None  # None: nothing came in before the term ended
    open_questions: tuple[str, ...] = ()
    refs: tuple[str, ...] = field(default=())  # the events it rests on ("event:N", 1 = first by date)

    def describe(self) -> str:
        what = {
            "art7a": "de vragen op grond van art. 7a Wet Bibob",
            "lbb": "de vragen van het LBB (art. 12 lid 3 Wet Bibob)",
            "herstel": "het herstelverzoek (art. 4:5 Awb)",
        }[self.track]
        asked = f"{what}, gesteld op {self.asked:%d-%m-%Y}"
        if self.answer is None:
            state = (
                f"niet beantwoord; de termijn liep af op {self.term_end:%d-%m-%Y}" if self.term_end else ""
            )
        else:
            state = label(self.answer)
        questions = f" (open: {', '.join(self.open_questions)})" if self.open_questions else ""
        return f"{asked}: {state}{questions}"


@dataclass(frozen=True)
class Cooperation:
    refusals: tuple[Refusal, ...]
    unknown: tuple[str, ...]  # requests whose outcome cannot be told yet (term unknown)

    @property
    def ground(self) -> LegalGround | None:
        """The ground that follows the track: the permit holder's own questions first."""
        order = (LegalGround.ART4_LID1, LegalGround.ART4_LID2, LegalGround.AWB_4_5)
        grounds = {r.ground for r in self.refusals}
        return next((g for g in order if g in grounds), None)


def _numbers(case: Case) -> dict[int, int]:
    """id(event) -> its number in the timeline (1 = first by date), as the CLI and the GUI show it."""
    ordered = sorted(case.events, key=lambda e: e.date)
    return {id(e): i for i, e in enumerate(ordered, start=1)}


def _answer(case: Case, kind: EventKind, after: date, before: date | None) -> CaseEvent | None:
    found = [e for e in case.events_of(kind) if e.date >= after and (before is None or e.date < before)]
    return found[0] if found else None


def assess_cooperation(case: Case, today: date, *, herstel_days: int = 14) -> Cooperation:
    numbers = _numbers(case)
    refusals: list[Refusal] = []
    unknown: list[str] = []
    existing = case.procedure is ProcedureKind.BESTAANDE_VERGUNNING

    if existing:  # art. 7a lid 3: one round = the questions and the reminders until the next round
        rounds = case.events_of(EventKind.ART7A_VRAGEN_VERZONDEN)
        for i, sent in enumerate(rounds):
            until = rounds[i + 1].date if i + 1 < len(rounds) else None
            reminders = [
                e
                for e in case.events_of(EventKind.ART7A_HERINNERING)
                if e.date >= sent.date and (until is None or e.date < until)
            ]
            last = reminders[-1] if reminders else sent
            answer = _answer(case, EventKind.ART7A_BEANTWOORD, sent.date, until)
            refs = tuple(f"event:{numbers[id(e)]}" for e in (sent, *reminders, *([answer] if answer else [])))
            if answer is not None:
                state = answer.answer or AnswerState.VOLLEDIG
                if state in REFUSED:
                    refusals.append(
                        Refusal(
                            "art7a",
                            LegalGround.ART4_LID1,
                            sent.date,
                            last.until,
                            state,
                            tuple(answer.open_questions),
                            refs,
                        )
                    )
            elif last.until is None:
                unknown.append("termijn van de vragen art. 7a")
            elif last.until < today:
                refusals.append(
                    Refusal("art7a", LegalGround.ART4_LID1, sent.date, last.until, None, (), refs)
                )

    for asked in case.events_of(EventKind.LBB_VRAGEN_GESTELD):
        answer = _answer(case, EventKind.LBB_VRAGEN_BEANTWOORD, asked.date, None)
        if answer is not None and answer.answer in REFUSED:
            refs = (f"event:{numbers[id(asked)]}", f"event:{numbers[id(answer)]}")
            refusals.append(
                Refusal(
                    "lbb",
                    LegalGround.ART4_LID2,
                    asked.date,
                    None,
                    answer.answer,
                    tuple(answer.open_questions),
                    refs,
                )
            )

    if not existing:  # an application: the herstel term (art. 4:5 Awb)
        for invite in case.events_of(EventKind.HERSTEL_VERZONDEN):
            end = invite.until or invite.date + timedelta(days=herstel_days)
            answer = _answer(case, EventKind.HERSTEL_AANGEVULD, invite.date, None)
            refs = tuple(f"event:{numbers[id(e)]}" for e in (invite, *([answer] if answer else [])))
            if answer is not None and answer.answer in REFUSED:
                refusals.append(
                    Refusal(
                        "herstel",
                        LegalGround.AWB_4_5,
                        invite.date,
                        end,
                        answer.answer,
                        tuple(answer.open_questions),
                        refs,
                    )
                )
            elif answer is None and end < today:
                refusals.append(Refusal("herstel", LegalGround.AWB_4_5, invite.date, end, None, (), refs))
    return Cooperation(tuple(refusals), tuple(unknown))
