"""Read-only view of one dossier: parties, roles, financing and premises, each fact with its source."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from bibob_desk.domain.labels import euro, label, percent
from bibob_desk.domain.model import Case, Provenance

ISOLATE, POP = "\u2068", "\u2069"


def _t(value: object) -> str:
    """Escaped, bidi-isolated user text."""
    return f"{ISOLATE}{escape(str(value))}{POP}" if value not in (None, "") else ""


def _src(p: Provenance) -> str:
    parts = [label(p.kind), p.source, p.date.strftime("%d-%m-%Y") if p.date else ""]
    return f"<span style='color:#555'>{escape(' · '.join(x for x in parts if x))}</span>"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "<p><i>Geen gegevens.</i></p>"
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table cellspacing='0' cellpadding='4' border='1' width='100%'><tr>{head}</tr>{body}</table>"


def render_case_html(case: Case) -> str:
    names = {p.id: p.name for p in case.parties}
    out = [f"<h2>{_t(case.reference)} — {_t(case.title)}</h2>"]
    out.append(
        "<p>"
        + "<br>".join(
            [
                f"<b>Soort:</b> {escape(', '.join(label(k) for k in case.permit_kinds))}"
                f" ({escape(label(case.procedure))})",
                f"<b>Bestuursorgaan:</b> {escape(label(case.bestuursorgaan))}",
                f"<b>Ontvangen:</b> {case.received_date.strftime('%d-%m-%Y')}",
                f"<b>Locatie:</b> {_t(case.location.one_line())}",
                f"<b>Fase:</b> {escape(label(case.stage))}",
            ]
        )
        + "</p>"
    )
    out.append("<h3>Partijen</h3>")
    out.append(
        _table(
            ["Naam", "Soort", "Gegevens", "Bron"],
            [
                [
                    _t(p.name),
                    escape(label(p.kind)),
                    escape(
                        ", ".join(
                            x
                            for x in (
                                label(p.legal_form) if p.legal_form else "",
                                f"KvK {p.kvk}" if p.kvk else "",
                                f"opgericht {p.founding_date.strftime('%d-%m-%Y')}"
                                if p.founding_date
                                else "",
                                f"{p.age} jaar" if p.age is not None else "",
                                p.country or "",
                            )
                            if x
                        )
                    ),
                    _src(p.provenance),
                ]
                for p in case.parties
            ],
        )
    )
    out.append("<h3>Rollen en relaties</h3>")
    out.append(
        _table(
            ["Wie", "Rol", "Ten opzichte van", "Omvang", "Bron"],
            [
                [
                    _t(names.get(r.party, r.party)),
                    escape(label(r.role)),
                    _t(names.get(r.counterparty, r.counterparty)) if r.counterparty else "dossier",
                    escape(
                        " ".join(
                            x
                            for x in (
                                percent(r.share_pct) if r.share_pct is not None else "",
                                euro(r.amount) if r.amount is not None else "",
                                r.description,
                            )
                            if x
                        )
                    ),
                    _src(r.provenance),
                ]
                for r in case.relations
            ],
        )
    )
    out.append("<h3>Financiering</h3>")
    if case.investment:
        out.append(f"<p><b>Totale investering:</b> {escape(euro(case.investment.total))}</p>")
    out.append(
        _table(
            ["Soort", "Bedrag", "Verschaffer", "Voorwaarden", "Bron"],
            [
                [
                    escape(label(f.kind)),
                    escape(euro(f.amount)),
                    _t(names.get(f.provider, "")) if f.provider else "",
                    escape(
                        "; ".join(
                            x
                            for x in (
                                f"rente {percent(f.interest_pct)}" if f.interest_pct is not None else "",
                                f"looptijd {f.term_months} mnd" if f.term_months else "",
                                {
                                    True: "schriftelijk contract",
                                    False: "geen schriftelijk contract",
                                }.get(f.written_contract, ""),
                                f"contant {euro(f.cash_amount)}" if f.cash_amount else "",
                                f.description,
                            )
                            if x
                        )
                    ),
                    _src(f.provenance),
                ]
                for f in case.financing
            ],
        )
    )
    out.append("<h3>Panden en objecten</h3>")
    out.append(
        _table(
            ["Adres", "Eigendom/huur", "Prijs of huur", "Referentie", "Bron"],
            [
                [
                    _t(pr.address.one_line()),
                    escape(label(pr.tenure)),
                    escape(
                        "; ".join(
                            x
                            for x in (
                                f"huur {euro(pr.rent_per_month)} p/m"
                                if pr.rent_per_month is not None
                                else "",
                                f"koopsom {euro(pr.purchase_price)}" if pr.purchase_price is not None else "",
                                f"{euro(pr.rent_per_room)} per kamer" if pr.rent_per_room is not None else "",
                            )
                            if x
                        )
                    ),
                    escape(
                        "; ".join(
                            x
                            for x in (
                                f"taxatie {euro(pr.appraisal_value)}"
                                if pr.appraisal_value is not None
                                else "",
                                f"WOZ {euro(pr.woz_value)}" if pr.woz_value is not None else "",
                                f"markt {euro(pr.market_band.low)}–{euro(pr.market_band.high)}"
                                if pr.market_band
                                else "",
                            )
                            if x
                        )
                    ),
                    _src(pr.provenance),
                ]
                for pr in case.premises
            ],
        )
    )
    return "".join(out)


class CaseView(QTextBrowser):
    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.current_case_id: str | None = None
        self.current_reference = ""
        self.show_placeholder()

    def show_case(self, case: Case) -> None:
        self.current_case_id, self.current_reference = case.id, case.reference
        self.setHtml(render_case_html(case))

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

    def show_case(self, case: Case, forms: list[tuple[str, str, str]]) -> None:
        """forms: (form id, title, status text)."""
        self.view.show_case(case)
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
