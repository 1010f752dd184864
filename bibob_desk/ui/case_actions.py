"""What the user does with the open case: open it, its forms, the risk (rescore, override), the
timeline (event, stage), judgements and the relation graph. Dialogs call the services; the services
report what changed and every screen refreshes itself from the change hub."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMessageBox

from bibob_desk.domain.enums import AnswerState, DecisionKind, EventKind, Stage
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import CaseEvent
from bibob_desk.ui.runner import Operation
from bibob_desk.ui.widgets import ask_text
from bibob_desk.ui.workbench import Workbench
from bibob_desk.workflow.stages import next_stages


class CaseActions(QObject):
    edit_requested = Signal()  # the window shows the Bewerken tab

    def __init__(self, bench: Workbench) -> None:
        super().__init__(bench.parent)
        self.bench = bench
        self.wizard: QDialog | None = None
        self.dialog: QDialog | None = None
        self.ask_reason = self._ask_reason  # replaceable in tests
        bench.session.locked.connect(self.forget)

    def forget(self) -> None:
        self.wizard = self.dialog = None

    def _current(self) -> tuple[object, str | None]:
        return self.bench.context, self.bench.selection.case_id

    def open_case(self, case_id: str) -> None:
        """Make this the open case: every panel loads its own part."""
        if self.bench.context is not None:
            self.bench.selection.select(case_id)

    def open_form(self, case_id: str, form_id: str) -> None:
        from bibob_desk.ui.wizard.window import FormWizard

        ctx = self.bench.context
        if ctx is None:
            return
        try:
            self.wizard = FormWizard(ctx.questionnaires, case_id, form_id, self.bench.parent)
        except UserError as error:
            self.bench.warn(str(error))
            return
        self.wizard.open()

    def rescore(self) -> None:
        ctx, case_id = self.bench.context, self.bench.selection.case_id
        if ctx is None or case_id is None:
            return
        self.bench.run(
            Operation("Risicobeoordeling", lambda _p: ctx.risk.score(case_id), on_error=self.bench.warn)
        )

    def override(self, indicator: str) -> None:
        from bibob_desk.ui.risk_panel import OverrideDialog

        ctx, case_id = self.bench.context, self.bench.selection.case_id
        if ctx is None or case_id is None:
            return
        latest = ctx.risk.latest(case_id)
        finding = latest.finding(indicator) if latest else None
        if finding is None:
            return

        def submit(action: str, motivation: str, weight: int | None) -> None:
            ctx.risk.override(case_id, indicator, action, motivation, weight)

        self.dialog = OverrideDialog(indicator, finding.weight, submit, self.bench.parent)
        self.dialog.open()

    def withdraw_override(self, indicator: str) -> None:
        ctx, case_id = self.bench.context, self.bench.selection.case_id
        if ctx is None or case_id is None:
            return
        reason = self.ask_reason(f"Waarom trekt u de afwijking van {indicator} in?")
        if not reason:
            return
        try:
            ctx.risk.withdraw_override(case_id, indicator, reason)
        except UserError as error:
            self.bench.warn(str(error))

    def record_event(self) -> None:
        from bibob_desk.ui.timeline_panel import EventDialog

        ctx, case_id = self.bench.context, self.bench.selection.case_id
        if ctx is None or case_id is None:
            return

        def submit(  # noqa: PLR0917 - the dialog's fields, in order
            kind: EventKind,
            on: date,
            until: date | None,
            weeks: int | None,
            note: str,
            answer: AnswerState | None = None,
            open_questions: list[str] | None = None,
        ) -> None:
            event = CaseEvent(
                kind=kind,
                date=on,
                until=until,
                weeks=weeks,
                note=note,
                answer=answer,
                open_questions=list(open_questions or []),
                recorded_by=ctx.users.current.username,
            )
            ctx.workflow.record_event(case_id, event)

        self.dialog = EventDialog(submit, self.bench.parent)
        self.dialog.open()

    def change_stage(self) -> None:
        from bibob_desk.ui.timeline_panel import StageDialog

        ctx, case_id = self.bench.context, self.bench.selection.case_id
        if ctx is None or case_id is None:
            return
        case = ctx.cases.open_case(case_id)
        allowed = next_stages(case.stage)  # the regular next stage first; withdrawal last
        if not allowed:
            QMessageBox.information(self.bench.parent, "bibob-desk", "Dit dossier is gesloten.")
            return

        def submit(
            to: Stage, on: date, reason: str, documents: list[str], decision: DecisionKind | None
        ) -> None:
            ctx.workflow.change_stage(case_id, to, on, reason, documents=documents, decision=decision)

        self.dialog = StageDialog(case.stage, allowed, submit, self.bench.parent)
        self.dialog.open()

    def _ask_reason(self, question: str) -> str:
        return ask_text(self.bench.parent, "Reden", f"{question} (wordt bewaard)") or ""

    def withdraw_event(self, number: int) -> None:
        """The event stays, marked withdrawn with the reason; the deadlines stop counting it."""
        ctx, case_id = self.bench.context, self.bench.selection.case_id
        if ctx is None or case_id is None:
            return
        reason = self.ask_reason("Waarom trekt u deze gebeurtenis in?")
        if not reason:
            return
        try:
            ctx.workflow.withdraw_event(case_id, number, reason)
        except UserError as error:
            self.bench.warn(str(error))

    def revert_to(self, version: int) -> None:
        """A new version with the case as it was at `version`; the panels refresh from the change."""
        ctx, case_id = self.bench.context, self.bench.selection.case_id
        if ctx is None or case_id is None:
            return
        reason = self.ask_reason(f"Waarom terug naar versie {version}?")
        if not reason:
            return
        try:
            ctx.revisions.revert(case_id, version, reason)
        except UserError as error:
            self.bench.warn(str(error))

    def edit(self) -> None:
        if self.bench.context is not None and self.bench.selection.case_id is not None:
            self.edit_requested.emit()

    def undo(self) -> None:
        if self.bench.edits.canUndo():
            text = self.bench.edits.undoText()
            self.bench.edits.undo()
            self.bench.status(f"Ongedaan gemaakt: {text}")
        else:
            self.bench.status("Er is niets om ongedaan te maken.")

    def redo(self) -> None:
        if self.bench.edits.canRedo():
            text = self.bench.edits.redoText()
            self.bench.edits.redo()
            self.bench.status(f"Opnieuw gedaan: {text}")
        else:
            self.bench.status("Er is niets om opnieuw te doen.")

    def assign(self) -> None:
        from bibob_desk.ui.caseload_dialogs import AssignDialog

        ctx, case_id = self.bench.context, self.bench.selection.case_id
        if ctx is None or case_id is None:
            return
        case = ctx.cases.open_case(case_id)

        def submit(behandelaar: str, jurist: str) -> None:
            if (behandelaar, jurist) != (case.behandelaar, case.jurist):
                ctx.cases.assign(case_id, behandelaar=behandelaar, jurist=jurist)

        self.dialog = AssignDialog(
            ctx.users.list_users(), (case.behandelaar, case.jurist), submit, self.bench.parent
        )
        self.dialog.open()

    def close_case(self) -> None:
        from bibob_desk.ui.caseload_dialogs import CloseDialog

        ctx, case_id = self.bench.context, self.bench.selection.case_id
        if ctx is None or case_id is None:
            return
        case = ctx.cases.open_case(case_id)
        if case.closure is not None:
            QMessageBox.information(
                self.bench.parent, "bibob-desk", f"Dossier {case.reference} is al afgesloten."
            )
            return

        def submit(result: object, on: date, note: str) -> None:
            ctx.workflow.close(case_id, result, on, note)  # type: ignore[arg-type]

        self.dialog = CloseDialog(case.reference, submit, self.bench.parent)
        self.dialog.open()

    def shield(self) -> None:
        """Afgeschermd (intimidation risk): no official's name outside the case team; or lift it."""
        ctx, case_id = self.bench.context, self.bench.selection.case_id
        if ctx is None or case_id is None:
            return
        on = not ctx.cases.open_case(case_id).shielded
        question = (
            "Waarom schermt u dit dossier af (dreiging of intimidatie)?"
            if on
            else "Waarom heft u de afscherming op?"
        )
        reason = self.ask_reason(question)
        if not reason:
            return
        try:
            ctx.cases.shield(case_id, on, reason)
        except UserError as error:
            self.bench.warn(str(error))
            return
        self.bench.status("Dossier afgeschermd." if on else "Afscherming opgeheven.")

    def judge_match(self, candidate: object, verdict: str, motivation: str) -> None:
        ctx = self.bench.context
        if ctx is None:
            return
        try:
            ctx.matching.judge(candidate, verdict, motivation)
        except UserError as error:
            self.bench.warn(str(error))

    def show_graph(self) -> None:
        from pathlib import Path

        from bibob_desk.network.graph import build_graph
        from bibob_desk.ui.graph_view import GraphDialog

        ctx, case_id = self.bench.context, self.bench.selection.case_id
        if ctx is None or case_id is None:
            return
        try:
            case = ctx.cases.open_case(case_id)
            graph = build_graph(case, ctx.matching.confirmed(case_id))
        except UserError as error:
            self.bench.warn(str(error))
            return

        def save(png: bytes, path: str) -> None:
            ctx.exports.graph_png(case_id, png, Path(path))

        self.dialog = GraphDialog(case.reference, graph, save, self.bench.parent)
        self.dialog.open()
