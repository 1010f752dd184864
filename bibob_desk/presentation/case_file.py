"""One presentation of the case file: case + stored assessment + computed timeline -> ordered
sections of typed rows, each fact with its source. The Dossier tab, the memo PDFs and the workbook
render these sections; a new section is one builder (presentation/facts.py or process.py) and its
place in DOSSIER here; its workbook sheet is named at the builder. Pure: no Qt, no reportlab, no
openpyxl."""

from __future__ import annotations

from datetime import date, timedelta

from bibob_desk.domain.enums import EventKind, LegalGround, ProcedureKind
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case
from bibob_desk.presentation import facts, process  # noqa: F401  - the builders register themselves
from bibob_desk.presentation.registry import DANGER, SECTIONS, CaseFile
from bibob_desk.presentation.values import DateStyle, Section, Table, Value, text

__all__ = ["SECTIONS", "CaseFile", "section", "sections", "sheet_table", "summary_row", "template_values"]

DOSSIER: tuple[str, ...] = (
    "gegevens",
    "parties",
    "relations",
    "financing",
    "premises",
    "history",
    "antecedents",
    "signals",
    "checks",
    "events",
    "lbb",
    "zienswijze",
    "danger",
    "proportionality",
    "decision",
    "voorschriften",
    "nazorg",
    "notes",
)
SHEETS: tuple[str, ...] = tuple(k for k, s in SECTIONS.items() if s.sheet_name)


def section(case_file: CaseFile, id_: str) -> Section:
    kind = SECTIONS[id_]
    return Section(
        id=kind.id,
        title=kind.title,
        blocks=kind.build(case_file),
        sensitive=kind.sensitive,
        sheet=kind.sheet(case_file) if kind.sheet else None,
        subtitle=kind.subtitle,
    )


def sheet_table(case_file: CaseFile, id_: str) -> Table | None:
    """Only the flat table of a section (the workbook): without building its document blocks
    when it has a sheet of its own (findings with their evidence, deadlines)."""
    kind = SECTIONS[id_]
    if kind.sheet is not None:
        return kind.sheet(case_file)
    return next((b for b in kind.build(case_file) if isinstance(b, Table)), None)


def sections(case_file: CaseFile, ids: tuple[str, ...] = DOSSIER) -> list[Section]:
    return [section(case_file, i) for i in ids]


# -- the one-row summary of a case (workbook sheet "Dossiers") and the memo template values ---------
SUMMARY: tuple[tuple[str, int], ...] = (
    ("Kenmerk", 14),
    ("Soort", 32),
    ("Bestuursorgaan", 18),
    ("Betrokkene", 28),
    ("Fase", 24),
    ("Ontvangen", 12),
    ("Beslistermijn", 14),
    ("Score", 7),
    ("Band", 9),
    ("Indicatoren", 40),
    ("Adviesaanvraag LBB", 14),
    ("Advies LBB", 12),
    ("Conclusie a", 14),
    ("Conclusie b", 14),
    ("Besluit", 20),
    ("Datum besluit", 14),
    ("Voorschriften", 12),
)


def summary_row(cf: CaseFile) -> tuple[Value, ...]:
    c, a, legal = cf.case, cf.assessment, cf.case.legal
    term = next((d for d in cf.timeline.deadlines if d.key.startswith("beslistermijn")), None)
    request = next(iter(c.events_of(EventKind.ADVIESAANVRAAG_VERZONDEN)), None)
    advice = next(iter(c.events_of(EventKind.ADVIES_ONTVANGEN)), None)
    decision = next(iter(c.events_of(EventKind.BESLUIT_BEKENDGEMAAKT)), None)
    return (
        c.reference,
        ", ".join(label(k) for k in c.permit_kinds),
        c.bestuursorgaan,
        ", ".join(p.name for p in c.applicants()),
        c.stage,
        c.received_date,
        term.effective if term else None,
        a.score if a else None,
        a.band if a else "",
        ", ".join(f.indicator for f in a.findings if f.applied_weight) if a else "",
        request.date if request else None,
        advice.date if advice else None,
        DANGER.get(legal.conclusion_a, "") if legal else "",
        DANGER.get(legal.conclusion_b, "") if legal else "",
        decision.decision if decision and decision.decision else "",
        decision.date if decision else None,
        len(c.voorschriften),
    )


def template_values(cf: CaseFile, today: date) -> dict[str, str]:
    """The {placeholders} of the memo texts."""
    c, a = cf.case, cf.assessment
    names = ", ".join(p.name for p in c.applicants()) or "de aanvrager"
    intent = c.events_of(EventKind.VOORNEMEN_VERZONDEN)
    zienswijze = next((d.effective for d in cf.timeline.deadlines if d.key == "zienswijze"), None)
    long = DateStyle.LONG
    return {
        "kenmerk": c.reference,
        "bestuursorgaan": label(c.bestuursorgaan),
        "betrokkene": names,
        "soort": ", ".join(label(k) for k in c.permit_kinds),
        "locatie": c.location.one_line() or "onbekend",
        "ontvangen": text(c.received_date, long),
        "vandaag": text(today, long),
        "zienswijze_tot": text(zienswijze, long)
        if zienswijze
        else ("twee weken na verzending" if not intent else "?"),
        "bezwaar_weken": "6",
        "bezwaar_tot": text(today + timedelta(weeks=6), long),  # from the date of the letter (Awb 6:7)
        "band": a.band if a else "nog niet beoordeeld",
        "score": str(a.score) if a else "—",
        "catalogus": f"{a.catalogue_id} versie {a.catalogue_version}" if a else "—",
        "conclusie": conclusion_text(c),
        "vergunning": _permit_words(c),
        **_nazorg_values(cf),
        "aanleiding": (
            f"Op {text(c.reference_date, long)} is een onderzoek gestart naar de bestaande vergunning "
            f"({', '.join(label(k) for k in c.permit_kinds)}{_permit_words(c)}), locatie "
            f"{c.location.one_line() or 'onbekend'} (art. 7a lid 3 Wet Bibob)."
            if c.procedure is ProcedureKind.BESTAANDE_VERGUNNING
            else f"Op {text(c.received_date, long)} is een aanvraag ontvangen voor: "
            f"{', '.join(label(k) for k in c.permit_kinds)}, locatie {c.location.one_line() or 'onbekend'}."
        ),
        "grond": ground_citation(c),  # the legal frame per ground is a memo text (memoteksten.yaml)
    }


def _nazorg_values(cf: CaseFile) -> dict[str, str]:
    """What the decision and the nazorg memo say about its publication, effect, bezwaar and doorstart."""
    c, long = cf.case, DateStyle.LONG
    published = next(iter(c.events_of(EventKind.BESLUIT_BEKENDGEMAAKT)), None)
    effect = c.decision.effective_date if c.decision else None
    bezwaar = next((d.effective for d in cf.timeline.deadlines if d.key == "bezwaar"), None)
    people = [p.name for p in c.applicants()] + [
        cf.names.get(r.party, "")
        for r in c.relations
        if r.role.value in CONTROL_ROLES and r.party in cf.names
    ]
    watched = ", ".join(dict.fromkeys(n for n in people if n)) or "de betrokkene"
    kind = (
        published.decision if published and published.decision else (c.decision.kind if c.decision else None)
    )
    return {
        "besluit": label(kind) if kind else "nog niet vastgelegd",
        "bekendgemaakt": text(published.date, long) if published else "nog niet bekendgemaakt",
        "inwerkingtreding": text(effect, long) if effect else "de dag van bekendmaking (art. 3:40 Awb)",
        "bezwaartermijn": text(bezwaar, long) if bezwaar else "zes weken na de bekendmaking",
        "doorstart": f"{watched}; adres {c.location.one_line() or 'onbekend'}",
    }


CONTROL_ROLES = {"bestuurder", "feitelijk_leidinggevende", "leidinggevende", "aandeelhouder", "ubo"}


def _permit_words(case: Case) -> str:
    """', vergunningnummer EXP-1, verleend op 1 mei 2019' for an existing permit; else ''."""
    permit = case.permit
    if permit is None:
        return ""
    parts = [f"vergunningnummer {permit.number}" if permit.number else ""]
    parts.append(f"verleend op {text(permit.granted, DateStyle.LONG)}" if permit.granted else "")
    return "".join(f", {p}" for p in parts if p)


def ground_of(case: Case) -> LegalGround:
    """The ground the jurist recorded; without one, art. 3 lid 1 (the core ground)."""
    legal = case.legal
    return legal.ground if legal is not None and legal.ground is not None else LegalGround.ART3_LID1


def ground_citation(case: Case) -> str:
    """How a decision cites its ground: 'art. 3 lid 1, aanhef en onder a en b, Wet Bibob', 'art. 4 lid 1 Wet
    Bibob', …"""
    ground, legal = ground_of(case), case.legal
    if ground is LegalGround.ART3_LID1:
        heads = [
            h
            for h, c in (
                ("a", legal.conclusion_a if legal else ""),
                ("b", legal.conclusion_b if legal else ""),
            )
            if c == "ernstig"
        ]
        return (
            f"art. 3 lid 1, aanhef en onder {' en '.join(heads)}, Wet Bibob"
            if heads
            else "art. 3 lid 1 Wet Bibob"
        )
    return {
        LegalGround.ART3_LID6: "art. 3 lid 6 Wet Bibob",
        LegalGround.ART3_LID7: "art. 3 lid 7 Wet Bibob",
        LegalGround.ART4_LID1: "art. 4 lid 1 Wet Bibob",
        LegalGround.ART4_LID2: "art. 4 lid 2 Wet Bibob",
        LegalGround.AWB_4_5: "art. 4:5 Awb",
    }[ground]


def conclusion_text(case: Case) -> str:
    """'Conclusie en advies' as the recorded legal assessment says it (the jurist's starting point)."""
    legal = case.legal
    if legal is not None and legal.ground is not None and legal.ground is not LegalGround.ART3_LID1:
        return f"Grond: {label(legal.ground)}. {legal.motivation}".strip()
    if legal is None or not (legal.conclusion_a or legal.conclusion_b):
        return ""
    parts = [
        f"a-grond: {DANGER.get(legal.conclusion_a, 'niet beoordeeld')}",
        f"b-grond: {DANGER.get(legal.conclusion_b, 'niet beoordeeld')}",
    ]
    return f"Conclusie over de mate van gevaar — {'; '.join(parts)}. {legal.motivation}".strip()
