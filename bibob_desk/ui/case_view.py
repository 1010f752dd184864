"""Read-only view of one dossier: every section of the case file, each fact with its source."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from bibob_desk.domain.enums import SignalSource
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case
from bibob_desk.presentation.values import Block, Facts, Money, Percent, Section, Table, Value, Year, text
from bibob_desk.services.changes import Topic
from bibob_desk.ui.workbench import CaseBound, Workbench

if TYPE_CHECKING:
    from bibob_desk.bootstrap import AppContext

ISOLATE, POP = "\u2068", "\u2069"


def _t(value: Value) -> str:
    """Escaped, bidi-isolated user text."""
    shown = text(value)
    return f"{ISOLATE}{escape(shown)}{POP}" if shown else ""


NOWRAP = " style='white-space:nowrap'"


def _table_html(t: Table) -> str:
    t = t.compact()
    if not t.rows:
        return f"<p><i>{escape(t.empty)}</i></p>"
    total = sum(t.widths) or 1
    widths = [f" width='{round(100 * w / total)}%'" for w in t.widths] or [""] * len(t.columns)
    head = "".join(  # a one-word header is never broken inside the word ("Aand/eel")
        f"<th align='left'{w}{'' if ' ' in h else NOWRAP}>{escape(h)}</th>"
        for h, w in zip(t.columns, widths, strict=True)
    )
    source = t.columns.index("Bron") if "Bron" in t.columns else -1

    def cell(i: int, value: Value) -> str:
        if i == source:
            return f"<td><small style='color:#555'>{_t(value)}</small></td>"
        if isinstance(value, date | Money | Percent | Year):  # never broken inside a date or amount
            return f"<td{NOWRAP}>{_t(value)}</td>"
        return f"<td>{_t(value)}</td>"

    body = "".join("<tr>" + "".join(cell(i, c) for i, c in enumerate(row)) + "</tr>" for row in t.rows)
    return f"<table cellspacing='0' cellpadding='3' border='1' width='100%'><tr>{head}</tr>{body}</table>"


def _block_html(block: Block) -> str:
    if isinstance(block, Table):
        return _table_html(block)
    if isinstance(block, Facts):
        return "<p>" + "<br>".join(f"<b>{escape(k)}:</b> {_t(v)}" for k, v in block.pairs) + "</p>"
    if block.heading:
        return f"<h4>{_t(block.text)}</h4>"
    style = " style='color:#555'" if block.small else ""
    return f"<p{style}>{_t(block.text)}</p>"


def render_sections_html(reference: str, title: str, sections: list[Section]) -> str:
    """The Dossier tab: every section of the case file, in order (bibob_desk.presentation)."""
    out = [f"<h2>{_t(reference)}{' — ' + _t(title) if title else ''}</h2>"]
    for section in sections:
        out.append(f"<h3 id='{escape(section.id)}'>{escape(section.title)}</h3>")
        out += [_block_html(b) for b in section.blocks] or ["<p><i>Geen gegevens.</i></p>"]
    return "".join(out)


def network_lines(ctx: AppContext, case: Case) -> list[str]:
    """What the officer must see when opening a case: doorstart alerts (one line per watched case)
    and register signals. The reasons per pair are in `bibob-desk matches` and the evidence of HIS-03."""
    lines = []
    if case.shielded:
        lines.append(
            "Afgeschermd dossier: namen van medewerkers staan in geen export en zijn alleen zichtbaar "
            "voor het dossierteam (behandelaar, jurist, beheerder)."
        )
    threats = [s for s in case.signals if s.source is SignalSource.INTIMIDATIE]
    if threats:
        lines.append(
            f"Let op: {len(threats)} signaal/signalen van intimidatie of bedreiging van een medewerker "
            "in dit dossier. Overweeg het dossier af te schermen."
        )
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


class CaseView(CaseBound, QTextBrowser):
    """Tab Dossier: every section of the case file; reloads itself when the case changes."""

    topics = (Topic.CASES, Topic.EVENTS)
    edit_requested = Signal()  # double-click: open the editor

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Het dossier, alle onderdelen")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.current_case_id: str | None = None
        self.current_reference = ""
        self.section_ids: list[str] = []
        self.show_placeholder()

    def load(self, context: AppContext, case_id: str) -> None:
        self.show_case(context.cases.open_case(case_id), context.case_file.sections(case_id))

    def mouseDoubleClickEvent(self, event: Any) -> None:
        if self.current_case_id is not None:
            self.edit_requested.emit()
        super().mouseDoubleClickEvent(event)

    def clear(self) -> None:
        self.show_placeholder()

    def show_case(self, case: Case, sections: list[Section]) -> None:
        self.current_case_id, self.current_reference = case.id, case.reference
        self.section_ids = [s.id for s in sections]
        self.setHtml(render_sections_html(case.reference, case.title, sections))

    def show_placeholder(self) -> None:
        self.current_case_id, self.current_reference, self.section_ids = None, "", []
        self.setHtml("<p style='color:#555'>Kies een dossier in de lijst.</p>")


class FormsBar(CaseBound, QWidget):
    """Buttons for the case's forms with their status, above the Dossier tab."""

    form_requested = Signal(str, str)  # case id, form id
    topics = (Topic.CASES,)

    def __init__(self) -> None:
        super().__init__()
        self.bar_layout = QHBoxLayout(self)
        self.bar_layout.setContentsMargins(0, 0, 0, 0)
        self.hide()

    def load(self, context: AppContext, case_id: str) -> None:
        case = context.cases.open_case(case_id)
        while self.bar_layout.count():
            widget = self.bar_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.bar_layout.addWidget(QLabel("Formulieren:"))
        for form in context.questionnaires.forms_for(case):
            record = case.answers_for(form.id)
            button = QPushButton(f"{form.title} ({record.status if record else 'leeg'})")
            button.setObjectName(f"form_{form.id}")
            button.clicked.connect(lambda _c=False, f=form.id: self.form_requested.emit(case_id, f))
            self.bar_layout.addWidget(button)
        self.bar_layout.addStretch(1)
        self.show()

    def clear(self) -> None:
        self.hide()


class NetworkAlert(CaseBound, QLabel):
    """Red banner of the open case: doorstart alerts and linked register signals (background)."""

    topics = (Topic.CASES, Topic.MATCHES)
    any_case_topics = (Topic.SIGNALS,)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("networkAlert")
        self.setWordWrap(True)
        self.setStyleSheet("background: #f8d7da; color: #5c0a12; padding: 6px;")
        self.hide()

    def load(self, context: AppContext, case_id: str) -> None:
        assert self.bench is not None
        case, selection = context.cases.open_case(case_id), self.bench.selection
        self.show_lines([])

        def show(lines: list[str]) -> None:
            if selection.case_id == case_id:
                self.show_lines(lines)

        self.bench.in_background(lambda ctx: network_lines(ctx, case), show)

    def show_lines(self, lines: list[str]) -> None:
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))

    def clear(self) -> None:
        self.show_lines([])


class CasePanel(QWidget):
    """The tabs beside the list: Overzicht, Dossier (with the form buttons), Risico, Termijnen,
    Bijlagen, Netwerk. Each tab loads itself; this only arranges them."""

    def __init__(self) -> None:
        from bibob_desk.ui.case_editor import CaseEditor
        from bibob_desk.ui.export_dialogs import AttachmentsPanel
        from bibob_desk.ui.history_panel import HistoryPanel
        from bibob_desk.ui.network_panel import NetworkPanel
        from bibob_desk.ui.overview_panel import OverviewPanel
        from bibob_desk.ui.risk_panel import RiskPanel
        from bibob_desk.ui.timeline_panel import TimelinePanel

        super().__init__()
        self.view = CaseView()
        self.forms = FormsBar()
        self.risk = RiskPanel()
        self.timeline = TimelinePanel()
        self.attachments = AttachmentsPanel()
        self.network = NetworkPanel()
        self.history = HistoryPanel()
        self.editor = CaseEditor()
        self.overview = OverviewPanel()
        self.network_alert = NetworkAlert()
        dossier = QWidget()
        dossier_layout = QVBoxLayout(dossier)
        dossier_layout.setContentsMargins(0, 0, 0, 0)
        dossier_layout.addWidget(self.forms)
        dossier_layout.addWidget(self.view, 1)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Tabbladen van het dossier")
        self.tabs.addTab(self.overview, "Overzicht")
        self.tabs.addTab(dossier, "Dossier")
        self.tabs.addTab(self.editor, "Bewerken")
        self.tabs.addTab(self.risk, "Risico")
        self.tabs.addTab(self.timeline, "Termijnen")
        self.tabs.addTab(self.attachments, "Bijlagen")
        self.tabs.addTab(self.network, "Netwerk")
        self.tabs.addTab(self.history, "Geschiedenis")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.network_alert)
        layout.addWidget(self.tabs)

    def bind(self, bench: Workbench) -> None:
        panels = (
            self.view,
            self.forms,
            self.risk,
            self.timeline,
            self.attachments,
            self.network,
            self.history,
            self.editor,
        )
        for panel in panels:
            panel.bind(bench)
        self.network_alert.bind(bench)
        self.overview.bind(bench)
        bench.selection.case_changed.connect(self._on_selection_case_changed)
        bench.session.unlocked.connect(lambda: self.tabs.setCurrentWidget(self.overview))

    def _on_selection_case_changed(self, case_id: str | None) -> None:
        if case_id is not None and self.tabs.currentWidget() is self.overview:
            self.tabs.setCurrentIndex(1)  # the Dossier tab

    def show_editor(self, section_id: str | None = None) -> None:
        self.tabs.setCurrentWidget(self.editor)
        if section_id is not None:
            self.editor.show_section(section_id)
        self.editor.sections.setFocus()
