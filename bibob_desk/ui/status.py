"""What the window shows about the whole session: running work (progress and cancel), the deadline
banner and the age of the last backup. Each refreshes itself from the runner and the change hub."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from bibob_desk.domain.enums import Role
from bibob_desk.services.changes import Changes, Topic
from bibob_desk.ui.runner import Operation, Runner
from bibob_desk.ui.workbench import Workbench


class RunnerStatus(QWidget):
    """In the status bar while visible work runs: its title, a progress bar and 'Annuleren'."""

    def __init__(self, runner: Runner) -> None:
        super().__init__()
        self.setObjectName("runnerStatus")
        self.runner = runner
        self.title = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.cancel_button = QPushButton("Annuleren")
        self.cancel_button.setObjectName("cancelOperation")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.bar, self.cancel_button):
            layout.addWidget(widget)
        self.current: Operation | None = None
        runner.started.connect(self._on_runner_started)
        runner.progressed.connect(self._on_runner_progressed)
        runner.finished.connect(self._on_runner_finished)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.hide()

    def _on_runner_started(self, op: Operation) -> None:
        if not op.visible:
            return
        self.current = op
        self.title.setText(f"{op.title}…")
        self.bar.setRange(0, 0)  # busy until the first step
        self.cancel_button.setEnabled(True)
        self.show()

    def _on_runner_progressed(self, op: Operation, done: int, total: int) -> None:
        if op is self.current and total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _on_runner_finished(self, op: Operation) -> None:
        if op is not self.current:
            return
        others = [o for o in self.runner.active if o.visible]
        self.current = others[-1] if others else None
        if self.current is None:
            self.hide()
        else:
            self.title.setText(f"{self.current.title}…")

    def _on_cancel_clicked(self) -> None:
        if self.current is not None:
            self.runner.cancel(self.current)
            self.title.setText(f"{self.current.title}: wordt geannuleerd…")
            self.cancel_button.setEnabled(False)


class ReminderBanner(QLabel):
    """How many deadlines are overdue or due within 7 days: after unlock and after every change of
    events or cases, computed in the background (it reads every open case's timeline)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("reminderBanner")
        self.setStyleSheet("background: #fce8b2; padding: 6px;")
        self.setWordWrap(True)
        self.hide()

    def bind(self, bench: Workbench) -> None:
        self.bench = bench
        bench.session.unlocked.connect(self.check)
        bench.session.locked.connect(self.hide)
        bench.hub.changed.connect(self._on_hub_changed)

    def _on_hub_changed(self, changes: Changes) -> None:
        if changes.about(Topic.EVENTS) or changes.about(Topic.CASES):
            self.check()

    def check(self) -> None:
        self.bench.in_background(lambda ctx: ctx.workflow.due_counts(7), self.show_counts)

    def show_counts(self, counts: tuple[int, int]) -> None:
        overdue, soon = counts
        text = f"Termijnen: {overdue} verlopen, {soon} binnen 7 dagen — Bestand → Termijnen (Ctrl+T)."
        text = text if overdue or soon else ""
        self.setText(text)
        self.setVisible(bool(text))


class BackupAge(QLabel):
    """For the beheerder: how old the last backup is (permanent in the status bar)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("backupAge")

    def bind(self, bench: Workbench) -> None:
        self.bench = bench
        bench.session.unlocked.connect(self.refresh)
        bench.session.locked.connect(lambda: self.setText(""))
        bench.hub.changed.connect(lambda changes: changes.about(Topic.BACKUP) and self.refresh())

    def refresh(self) -> None:
        ctx = self.bench.context
        if ctx is None or ctx.users.current.role is not Role.BEHEERDER:
            self.setText("")
            return
        days = ctx.backups.age_days()
        if days is None:
            text, colour = "Nog geen back-up gemaakt", "#a40000"
        else:
            text = "Laatste back-up: vandaag" if days == 0 else f"Laatste back-up: {days} dagen geleden"
            colour = "#a40000" if days > 7 else "#333"
        self.setText(text)
        self.setStyleSheet(f"color: {colour}; padding: 0 8px;")
