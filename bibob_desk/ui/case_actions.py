"""What the user does with the open case: open it, its forms, risk, timeline; and the deadlines
overview and reminders across cases. Keeps the main window to assembling."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMessageBox

from bibob_desk.domain.errors import UserError
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case, CaseEvent
from bibob_desk.workflow.stages import ALLOWED

if TYPE_CHECKING:
    from bibob_desk.ui.main_window import MainWindow


def network_lines(ctx: Any, case: Case) -> list[str]:
    """What the officer must see when opening a case: doorstart alerts (one line per watched case)
    and register signals. The reasons per pair are in `bibob-desk matches` and the evidence of HIS-03."""
    lines = []
    by_watch: dict[str, list[Any]] = {}
    for alert in ctx.doorstart.alerts_for_case(case):
        by_watch.setdefault(alert.watch.case.id, []).append(alert)
    for found in by_watch.values():
        watch = found[0].watch
        address = any(a.ours.party_key == "locatie" or a.theirs.party_key == "locatie" for a in found)
        people = sorted({a.theirs.name for a in found if a.theirs.party_key != "locatie"})
        parts = ["zelfde adres"] if address else []
        if people:
            shown = ", ".join(people[:4]) + (f" en {len(people) - 4} meer" if len(people) > 4 else "")
            parts.append(f"dezelfde of gelijkende partijen: {shown}")
        lines.append(
            f"Doorstartwacht: dossier {watch.case.reference} ({label(watch.kind).lower()} "
            f"{watch.since:%d-%m-%Y}) — {'; '.join(parts)}."
        )
    for link in ctx.signals.linked_to(case.id):
        e = link.entry
        lines.append(
            f"Signaal {e.id} ({label(e.source)}, {e.date:%d-%m-%Y}, {label(e.reliability).lower()}) over "
            f"{link.party.name}: {e.description}"
        )
    return lines


class CaseActions(QObject):
    reminder = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.wizard: QDialog | None = None
        self.dialog: QDialog | None = None

    @property
    def session(self):
        return self.window.session

    @property
    def case_panel(self):
        return self.window.case_panel

    @property
    def case_view(self):
        return self.window.case_view

    def forget(self) -> None:
        self.wizard = self.dialog = None

    def open_case(self, case_id: str) -> None:
        if self.session.context is None:
            return
        ctx = self.session.context
        try:
            case = ctx.cases.open_case(case_id)
        except UserError as error:
            QMessageBox.warning(self.window, "bibob-desk", str(error))
            return
        forms = []
        for form in ctx.questionnaires.forms_for(case):
            record = case.answers_for(form.id)
            forms.append((form.id, form.title, record.status if record else "leeg"))
        self.case_panel.show_case(case, ctx.case_file.sections(case_id), forms)
        self.case_panel.risk.show_history(ctx.risk.history(case_id))
        self.show_timeline(case_id)
        self.window.export_actions.show_attachments(case_id)
        self.case_panel.show_network([])
        self.session.in_background(
            lambda ctx: network_lines(ctx, case), lambda lines: self._show_network(case_id, lines)
        )
        self.load_matches(case_id, case.reference)

    def load_matches(self, case_id: str, reference: str) -> None:
        """Tab Netwerk: candidates in other cases (walks every case: in the background)."""
        self.case_panel.network.show_loading()
        self.session.in_background(
            lambda ctx: ctx.matching.matches(reference), lambda found: self._show_matches(case_id, found)
        )

    def _show_matches(self, case_id: str, found: list) -> None:
        if self.case_view.current_case_id == case_id:
            self.case_panel.network.show_matches(found)

    def show_overview(self) -> None:
        """The start screen: counts at once, deadlines and doorstart alerts from the background."""
        from bibob_desk.domain.enums import Stage

        ctx = self.session.context
        if ctx is None:
            return
        panel = self.case_panel.overview
        stages, bands, signals = ctx.overview.counts()
        self._overview = {
            "stages": stages,
            "bands": bands,
            "signals": signals,
            "deadlines": [],
            "doorstart": [],
        }
        panel.charts["stages"].set_bars(stages, [label(Stage(b.label)) for b in stages])
        panel.charts["bands"].set_bars(bands)
        panel.charts["signals"].set_bars(signals)
        panel.charts["deadlines"].set_bars([])
        panel.charts["doorstart"].set_bars([])
        self.session.in_background(lambda c: c.overview.heavy(), self._show_overview_heavy)

    def _show_overview_heavy(self, result: tuple) -> None:
        deadlines, doorstart = result
        self._overview.update(deadlines=deadlines, doorstart=doorstart)
        panel = self.case_panel.overview
        panel.charts["deadlines"].set_bars(deadlines)
        panel.charts["doorstart"].set_bars(doorstart, [f"dossier {b.label}" for b in doorstart])

    def overview_bar(self, chart: str, index: int) -> None:
        ctx = self.session.context
        bars = getattr(self, "_overview", {}).get(chart, [])
        if ctx is None or index >= len(bars):
            return
        bar = bars[index]
        panel = self.case_panel.overview
        if chart == "signals":
            rows = [
                (
                    "",
                    f"Signaal {e.id}: {e.date:%d-%m-%Y} {label(e.source)} — {e.subject_name}: "
                    f"{e.description}",
                )
                for e in ctx.signals.active()
                if e.date.isoformat().startswith(bar.label)
            ]
            panel.show_cases(f"Signalen in {bar.label}", rows)
            return
        ids = ctx.overview.cases_in_stage(bar.label) if chart == "stages" else bar.case_ids
        rows = [
            (s.id, f"{s.reference} — {label(s.stage)} — {s.location}") for s in ctx.cases.summaries_of(ids)
        ]
        panel.show_cases(
            f"{panel.charts[chart].title}: {panel.charts[chart].labels[index]} ({len(rows)})", rows
        )

    def show_graph(self) -> None:
        from bibob_desk.network.graph import build_graph
        from bibob_desk.ui.graph_view import GraphDialog

        ctx, case_id = self.session.context, self.case_view.current_case_id
        if ctx is None or case_id is None:
            return
        try:
            case = ctx.cases.open_case(case_id)
            graph = build_graph(case, ctx.matching.confirmed(case_id))
        except UserError as error:
            QMessageBox.warning(self.window, "bibob-desk", str(error))
            return

        def save(png: bytes, path: str) -> None:
            from pathlib import Path

            ctx.exports.graph_png(case_id, png, Path(path))

        self.dialog = GraphDialog(case.reference, graph, save, self.window)
        self.dialog.open()

    def judge_match(self, candidate: object, verdict: str, motivation: str) -> None:
        ctx, case_id = self.session.context, self.case_view.current_case_id
        if ctx is None or case_id is None:
            return
        try:
            ctx.matching.judge(candidate, verdict, motivation)
        except UserError as error:
            QMessageBox.warning(self.window, "bibob-desk", str(error))
            return
        self.load_matches(case_id, self.case_view.current_reference)

    def _show_network(self, case_id: str, lines: list[str]) -> None:
        if self.case_view.current_case_id == case_id:
            self.case_panel.show_network(lines)

    def rescore(self) -> None:
        ctx, case_id = self.session.context, self.case_view.current_case_id
        if ctx is None or case_id is None:
            return
        try:
            ctx.risk.score(case_id)
        except UserError as error:
            QMessageBox.warning(self.window, "bibob-desk", str(error))
            return
        self.case_panel.risk.show_history(ctx.risk.history(case_id))

    def override(self, indicator: str) -> None:
        from bibob_desk.ui.risk_panel import OverrideDialog

        ctx, case_id = self.session.context, self.case_view.current_case_id
        if ctx is None or case_id is None:
            return
        latest = ctx.risk.latest(case_id)
        finding = latest.finding(indicator) if latest else None
        if finding is None:
            return

        def submit(action: str, motivation: str, weight: int | None) -> None:
            ctx.risk.override(case_id, indicator, action, motivation, weight)

        self.override_dialog = OverrideDialog(indicator, finding.weight, submit, self.window)
        self.override_dialog.finished.connect(
            lambda _r: self.session.context and self.case_panel.risk.show_history(ctx.risk.history(case_id))
        )
        self.override_dialog.open()

    def open_form(self, case_id: str, form_id: str) -> None:
        from bibob_desk.ui.wizard.window import FormWizard

        ctx = self.session.context
        if ctx is None:
            return
        try:
            self.wizard = FormWizard(ctx.questionnaires, case_id, form_id, self.window)
        except UserError as error:
            QMessageBox.warning(self.window, "bibob-desk", str(error))
            return
        self.wizard.finished.connect(lambda _r, c=case_id: self.open_case(c))
        self.wizard.open()

    def show_timeline(self, case_id: str) -> None:
        ctx = self.session.context
        if ctx is None:
            return
        try:
            case, timeline = ctx.workflow.timeline(case_id)
        except UserError as error:
            QMessageBox.warning(self.window, "bibob-desk", str(error))
            return
        self.case_panel.timeline.show_timeline(case, timeline, ctx.workflow.today())

    def record_event(self) -> None:
        from bibob_desk.ui.timeline_panel import EventDialog

        ctx, case_id = self.session.context, self.case_view.current_case_id
        if ctx is None or case_id is None:
            return

        def submit(kind, on, until, weeks, note) -> None:
            ctx.workflow.record_event(
                case_id,
                CaseEvent(
                    kind=kind,
                    date=on,
                    until=until,
                    weeks=weeks,
                    note=note,
                    recorded_by=ctx.users.current.username,
                ),
            )

        self.dialog = EventDialog(submit, self.window)
        self.dialog.finished.connect(lambda _r: self.session.context and self.open_case(case_id))
        self.dialog.open()

    def change_stage(self) -> None:
        from bibob_desk.ui.timeline_panel import StageDialog

        ctx, case_id = self.session.context, self.case_view.current_case_id
        if ctx is None or case_id is None:
            return
        case = ctx.cases.open_case(case_id)
        allowed = sorted(ALLOWED.get(case.stage, ()), key=lambda s: s.value)
        if not allowed:
            QMessageBox.information(self.window, "bibob-desk", "Dit dossier is gesloten.")
            return

        def submit(to, on, reason, documents, decision) -> None:
            ctx.workflow.change_stage(case_id, to, on, reason, documents=documents, decision=decision)

        self.dialog = StageDialog(case.stage, allowed, submit, self.window)
        self.dialog.finished.connect(lambda _r: self.session.context and self._after_stage_change(case_id))
        self.dialog.open()

    def _after_stage_change(self, case_id: str) -> None:
        self.window.case_list.model.reload()
        self.open_case(case_id)

    def show_deadlines(self) -> None:
        from bibob_desk.ui.timeline_panel import DeadlinesDialog

        ctx = self.session.context
        if ctx is None:
            return
        try:
            rows = ctx.workflow.overview()
        except UserError as error:
            QMessageBox.warning(self.window, "bibob-desk", str(error))
            return
        self.dialog = DeadlinesDialog(rows, ctx.workflow.today(), self.window)
        self.dialog.case_requested.connect(self.open_case)
        self.dialog.open()

    def check_reminders(self) -> None:
        """After unlock: how many deadlines are overdue or due within 7 days (shown as a banner).
        Computed in the background: with many cases it reads every open case's timeline."""
        self.session.in_background(lambda ctx: ctx.workflow.overview(due_within=7), self._show_reminders)

    def _show_reminders(self, rows: list) -> None:
        overdue = sum(1 for r in rows if r.days_left < 0)
        soon = len(rows) - overdue
        text = ""
        if rows:
            text = f"Termijnen: {overdue} verlopen, {soon} binnen 7 dagen — Bestand → Termijnen (Ctrl+T)."
        self.reminder.emit(text)
