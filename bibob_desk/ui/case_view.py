"""Read-only view of one dossier: every section of the case file, each fact with its source."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from bibob_desk.domain.model import Case
from bibob_desk.presentation.values import Block, Facts, Money, Percent, Section, Table, Value, Year, text

ISOLATE, POP = "\u2068", "\u2069"


def _t(value: Value) -> str:
    """Escaped, bidi-isolated user text."""
    shown = text(value)
    return f"{ISOLATE}{escape(shown)}{POP}" if shown else ""


def _table_html(t: Table) -> str:
    t = t.compact()
    if not t.rows:
        return f"<p><i>{escape(t.empty)}</i></p>"
    total = sum(t.widths) or 1
    widths = [f" width='{round(100 * w / total)}%'" for w in t.widths] or [""] * len(t.columns)
    head = "".join(f"<th align='left'{w}>{escape(h)}</th>" for h, w in zip(t.columns, widths, strict=True))
    source = t.columns.index("Bron") if "Bron" in t.columns else -1

    def cell(i: int, value: Value) -> str:
        if i == source:
            return f"<td><small style='color:#555'>{_t(value)}</small></td>"
        if isinstance(value, date | Money | Percent | Year):  # never broken inside a date or amount
            return f"<td style='white-space:nowrap'>{_t(value)}</td>"
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


class CaseView(QTextBrowser):
    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.current_case_id: str | None = None
        self.current_reference = ""
        self.show_placeholder()

    def show_case(self, case: Case, sections: list[Section]) -> None:
        self.current_case_id, self.current_reference = case.id, case.reference
        self.section_ids = [s.id for s in sections]
        self.setHtml(render_sections_html(case.reference, case.title, sections))

    def show_placeholder(self) -> None:
        self.current_case_id, self.current_reference = None, ""
        self.setHtml("<p style='color:#555'>Kies een dossier in de lijst.</p>")


class CasePanel(QWidget):
    """The case view (tab Dossier, with buttons for the case's forms) and the risk panel (tab Risico)."""

    form_requested = Signal(str, str)  # case id, form id

    def __init__(self) -> None:
        from bibob_desk.ui.export_dialogs import AttachmentsPanel
        from bibob_desk.ui.network_panel import NetworkPanel
        from bibob_desk.ui.overview_panel import OverviewPanel
        from bibob_desk.ui.risk_panel import RiskPanel
        from bibob_desk.ui.timeline_panel import TimelinePanel

        super().__init__()
        self.view = CaseView()
        self.risk = RiskPanel()
        self.timeline = TimelinePanel()
        self.attachments = AttachmentsPanel()
        self.network = NetworkPanel()
        self.overview = OverviewPanel()
        self.bar = QWidget()
        self.bar_layout = QHBoxLayout(self.bar)
        self.bar_layout.setContentsMargins(0, 0, 0, 0)
        dossier = QWidget()
        dossier_layout = QVBoxLayout(dossier)
        dossier_layout.setContentsMargins(0, 0, 0, 0)
        dossier_layout.addWidget(self.bar)
        dossier_layout.addWidget(self.view, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.overview, "Overzicht")
        self.tabs.addTab(dossier, "Dossier")
        self.tabs.addTab(self.risk, "Risico")
        self.tabs.addTab(self.timeline, "Termijnen")
        self.tabs.addTab(self.attachments, "Bijlagen")
        self.tabs.addTab(self.network, "Netwerk")
        self.network_alert = QLabel()
        self.network_alert.setObjectName("networkAlert")
        self.network_alert.setWordWrap(True)
        self.network_alert.setStyleSheet("background: #f8d7da; color: #5c0a12; padding: 6px;")
        self.network_alert.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.network_alert)
        layout.addWidget(self.tabs)
        self.bar.hide()

    def show_network(self, lines: list[str]) -> None:
        """Doorstart alerts and linked register signals of the open case (computed in the background)."""
        self.network_alert.setText("\n".join(lines))
        self.network_alert.setVisible(bool(lines))

    def show_case(self, case: Case, sections: list[Section], forms: list[tuple[str, str, str]]) -> None:
        """forms: (form id, title, status text)."""
        self.view.show_case(case, sections)
        if self.tabs.currentWidget() is self.overview:
            self.tabs.setCurrentIndex(1)  # the Dossier tab
        while self.bar_layout.count():
            widget = self.bar_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.bar_layout.addWidget(QLabel("Formulieren:"))
        for form_id, title, status in forms:
            button = QPushButton(f"{title} ({status})")
            button.setObjectName(f"form_{form_id}")
            button.clicked.connect(lambda _c=False, f=form_id, c=case.id: self.form_requested.emit(c, f))
            self.bar_layout.addWidget(button)
        self.bar_layout.addStretch(1)
        self.bar.show()

    def show_placeholder(self) -> None:
        self.view.show_placeholder()
        self.risk.clear()
        self.timeline.clear()
        self.attachments.clear()
        self.network.show_matches([])
        self.network.summary.setText("Kies een dossier.")
        self.overview.clear()
        self.show_network([])
        self.bar.hide()
