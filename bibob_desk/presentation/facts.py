"""Sections about the case itself: its data, the parties and their relations, financing, premises,
history, antecedents, signals and the sources consulted."""

from __future__ import annotations

from datetime import date

from bibob_desk.domain.labels import label
from bibob_desk.presentation.registry import CaseFile, builder, join, money, pct, source
from bibob_desk.presentation.values import Block, Facts, Paragraph, Table, Value, Year, text


# -- the case itself -----------------------------------------------------------------------------
@builder("gegevens", "Dossiergegevens")
def _gegevens(cf: CaseFile) -> tuple[Block, ...]:
    c = cf.case
    pairs: list[tuple[str, Value]] = [
        ("Kenmerk", c.reference),
        ("Omschrijving", c.title),
        ("Soort", ", ".join(label(k) for k in c.permit_kinds)),
        ("Procedure", c.procedure),
        ("Bestuursorgaan", c.bestuursorgaan),
        ("Ontvangen", c.received_date),
        ("Start onderzoek", c.investigation_start),
        ("Locatie", c.location.one_line() or c.location.description or "onbekend"),
        ("Fase", c.stage),
    ]
    if c.investment:
        pairs.append(("Totale investering", money(c.investment.total)))
    return (Facts(tuple((k, v) for k, v in pairs if v not in (None, ""))),)


@builder("parties", "Partijen", sheet_name="Betrokkenen")
def _parties(cf: CaseFile) -> tuple[Block, ...]:
    rows = tuple(
        (
            p.name,
            p.kind,
            p.legal_form,
            p.kvk or "",
            p.country or "",
            p.founding_date,
            p.age,
            source(p.provenance),
        )
        for p in cf.case.parties
    )
    columns = ("Naam", "Soort", "Rechtsvorm", "KvK", "Land", "Opgericht", "Leeftijd", "Bron")
    return (Table(columns, rows, (30, 16, 16, 10, 6, 12, 8, 30)),)


@builder("relations", "Rollen en relaties", sheet_name="Relaties", subtitle=False)
def _relations(cf: CaseFile) -> tuple[Block, ...]:
    names = cf.names
    rows = tuple(
        (
            names.get(r.party, r.party),
            r.role,
            names.get(r.counterparty, r.counterparty) if r.counterparty else "dossier",
            pct(r.share_pct),
            money(r.amount),
            r.start_date,
            r.end_date,
            r.description,
            source(r.provenance),
        )
        for r in cf.case.relations
    )
    columns = ("Wie", "Rol", "Ten opzichte van", "Aandeel", "Bedrag", "Sinds", "Tot", "Toelichting", "Bron")
    return (Table(columns, rows, (28, 20, 28, 9, 12, 12, 12, 30, 30)),)


@builder("financing", "Financiering", sheet_name="Financiering")
def _financing(cf: CaseFile) -> tuple[Block, ...]:
    c, names = cf.case, cf.names
    blocks: list[Block] = []
    if c.investment:
        items = "; ".join(f"{i.label} {text(money(i.amount))}" for i in c.investment.items)
        blocks.append(
            Paragraph(
                f"Totale investering: {text(money(c.investment.total))}"
                + (f" ({items})" if items else "")
                + (f" — bron: {source(c.investment.provenance)}" if source(c.investment.provenance) else "")
            )
        )
    rows = tuple(
        (
            f.kind,
            money(f.amount),
            names.get(f.provider or "", ""),
            money(f.cash_amount) if f.cash_amount else None,
            pct(f.interest_pct),
            f.term_months,
            f.written_contract,
            f.origin_documented,
            f.description,
            source(f.provenance),
        )
        for f in c.financing
    )
    columns = (
        "Soort",
        "Bedrag",
        "Verschaffer",
        "Contant",
        "Rente",
        "Looptijd (mnd)",
        "Schriftelijk",
        "Herkomst aangetoond",
        "Toelichting",
        "Bron",
    )
    blocks.append(Table(columns, rows, (16, 14, 28, 12, 9, 9, 11, 12, 30, 30)))
    if c.takeover:
        t = c.takeover
        blocks.append(
            Facts(
                (
                    ("Overnamesom", money(t.price)),
                    ("Verkoper", names.get(t.seller or "", "")),
                    ("Waarde inventaris", money(t.inventory_value)),
                    ("Goodwill", money(t.goodwill)),
                    ("Betaalwijze", t.payment_method),
                    ("Bron", source(t.provenance)),
                )
            )
        )
    if c.payments:
        blocks.append(
            Table(
                ("Betaling", "Bedrag", "Wijze", "Aan", "Datum", "Bron"),
                tuple(
                    (
                        p.description,
                        money(p.amount),
                        p.method,
                        names.get(p.payee or "", p.payee_description),
                        p.date,
                        source(p.provenance),
                    )
                    for p in c.payments
                ),
            )
        )
    return tuple(blocks)


@builder("premises", "Panden en objecten")
def _premises(cf: CaseFile) -> tuple[Block, ...]:
    rows = tuple(
        (
            pr.address.one_line() or pr.address.description,
            pr.tenure,
            join(
                f"huur {text(money(pr.rent_per_month))} p/m" if pr.rent_per_month is not None else "",
                f"koopsom {text(money(pr.purchase_price))}" if pr.purchase_price is not None else "",
                f"{text(money(pr.rent_per_room))} per kamer" if pr.rent_per_room is not None else "",
            ),
            join(
                f"taxatie {text(money(pr.appraisal_value))}" if pr.appraisal_value is not None else "",
                f"WOZ {text(money(pr.woz_value))}" if pr.woz_value is not None else "",
                f"markt {text(money(pr.market_band.low))}–{text(money(pr.market_band.high))}"
                if pr.market_band
                else "",
            ),
            source(pr.provenance),
        )
        for pr in cf.case.premises
    )
    return (
        Table(("Adres", "Eigendom/huur", "Prijs of huur", "Referentie", "Bron"), rows, (30, 14, 26, 26, 30)),
    )


def _row_date(row: tuple[Value, ...]) -> date:
    first = row[0]
    return first.day if isinstance(first, Year) else first if isinstance(first, date) else date.min


@builder("history", "Voorgeschiedenis (locatie en eerdere besluiten)")
def _history(cf: CaseFile) -> tuple[Block, ...]:
    c, names = cf.case, cf.names
    rows: list[tuple[Value, ...]] = [
        (
            h.date,
            h.kind,
            names.get(h.party or "", ""),
            h.authority,
            money(h.amount),
            h.description,
            source(h.provenance),
        )
        for h in c.history
    ]
    for pr in c.premises:
        rows += [
            (
                Year(e.date) if e.date_is_approximate else e.date,
                e.kind,
                names.get(e.operator or "", e.operator or ""),  # the previous operator by name
                pr.address.one_line(),
                None,
                e.description,
                source(e.provenance),
            )
            for e in pr.history
        ]
    rows.sort(key=_row_date)
    columns = ("Datum", "Soort", "Wie", "Instantie of adres", "Bedrag", "Toelichting", "Bron")
    return (Table(columns, tuple(rows), (12, 18, 24, 24, 12, 30, 30)),)


@builder("antecedents", "Antecedenten", sheet_name="Antecedenten", sensitive=True)
def _antecedents(cf: CaseFile) -> tuple[Block, ...]:
    names = cf.names
    rows = tuple(
        (
            names.get(a.party, a.party),
            a.category,
            a.proof_level,
            Year(a.date) if a.date_is_approximate else a.date,
            a.sanction,
            a.description,
            source(a.provenance),
        )
        for a in cf.case.antecedents
    )
    columns = ("Wie", "Feit", "Bewijsniveau", "Datum", "Sanctie", "Toelichting", "Bron")
    return (Table(columns, rows, (28, 20, 16, 12, 20, 30, 30)),)


@builder("signals", "Signalen", sheet_name="Signalen", sensitive=True)
def _signals(cf: CaseFile) -> tuple[Block, ...]:
    names = cf.names
    rows = tuple(
        (
            s.source,
            names.get(s.party or "", "locatie"),
            s.date,
            s.reliability,
            s.description,
            source(s.provenance),
        )
        for s in cf.case.signals
    )
    columns = ("Bron", "Over", "Datum", "Betrouwbaarheid", "Inhoud", "Vastgelegd")
    if cf.restricted:  # who reported a signal is not for a recipient outside the chain
        return (Table(columns[1:5], tuple(r[1:5] for r in rows), (26, 12, 14, 50)),)
    return (Table(columns, rows, (14, 26, 12, 14, 50, 26)),)


@builder("contradictions", "Onjuiste of onvolledige opgaven", sheet_name="Opgaven", sensitive=True)
def _contradictions(cf: CaseFile) -> tuple[Block, ...]:
    names = cf.names
    rows = tuple(
        (c.kind, names.get(c.party or "", ""), c.declared, c.found, source(c.provenance))
        for c in cf.case.contradictions
    )
    columns = ("Afwijking", "Over", "Opgegeven", "Gevonden", "Bron")
    return (Table(columns, rows, (24, 22, 36, 36, 26)),)


@builder("checks", "Geraadpleegde bronnen")
def _checks(cf: CaseFile) -> tuple[Block, ...]:
    names = cf.names
    rows = tuple(
        (k.source, k.date, k.performed_by, names.get(k.party or "", ""), k.result, k.hit)
        for k in cf.case.source_checks
    )
    columns = ("Geraadpleegd", "Datum", "Door", "Over", "Resultaat", "Treffer")
    return (Table(columns, rows, (18, 12, 16, 24, 40, 8)),)
