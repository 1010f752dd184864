"""One presentation of the case file (issue 13, part 5): the public sample cases as sections of typed
rows, with no Qt, reportlab or openpyxl; the memo blocks and workbook sheets are those sections."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bibob_desk.domain.enums import DecisionKind, EventKind
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import CaseEvent, Note
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import resources_dir
from bibob_desk.presentation.case_file import DOSSIER, SECTIONS, SHEETS, CaseFile, section, sections
from bibob_desk.presentation.values import DateStyle, Facts, Money, Paragraph, Table, Year, raw, text
from bibob_desk.risk.catalogue import load_catalogue
from bibob_desk.risk.engine import assess
from bibob_desk.workflow.deadlines import compute
from bibob_desk.workflow.terms import load_terms

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ("H1", "H2", "V1", "V3")
CATALOGUE = load_catalogue(resources_dir() / "indicators" / "bibob-indicatoren-v1.yaml")


def case_file(reference: str) -> CaseFile:
    case = read_case_file(resources_dir() / "demo" / f"{reference}.json").case
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return CaseFile(
        case, assess(case, CATALOGUE, assessed_by="test", now=now), compute(case, load_terms(), now.date())
    )


def shown(section_) -> str:
    """Every text a reader sees in a section."""
    out = [section_.title]
    for block in section_.blocks:
        if isinstance(block, Table):
            out += [text(v) for row in block.rows for v in row]
        elif isinstance(block, Facts):
            out += [text(v) for _, v in block.pairs]
        else:
            out.append(block.text)
    return "\n".join(out)


@pytest.mark.parametrize("reference", SAMPLES)
def test_every_part_of_the_case_is_in_a_section(reference):
    cf = case_file(reference)
    built = {s.id: shown(s) for s in sections(cf)}
    assert list(built) == list(DOSSIER)
    c = cf.case
    for party in c.parties:
        assert party.name in built["parties"]
    for antecedent in c.antecedents:
        assert label(antecedent.category) in built["antecedents"]
        assert label(antecedent.proof_level) in built["antecedents"]
    for check in c.source_checks:
        assert label(check.source) in built["checks"] and check.result in built["checks"]
    for signal in c.signals:
        assert signal.description in built["signals"]
    for v in c.voorschriften:
        assert v.text in built["voorschriften"]
    for e in c.events_of(EventKind.ADVIES_ONTVANGEN):
        assert "advies LBB ontvangen" in built["lbb"] and e.note in built["lbb"]
    for e in c.events_of(EventKind.ZIENSWIJZE_ONTVANGEN):
        assert e.note in built["zienswijze"]
    for e in c.events_of(EventKind.BESLUIT_BEKENDGEMAAKT):
        assert label(e.decision) in built["decision"]
    if c.legal:
        assert c.legal.motivation in built["danger"] and c.legal.evenwichtigheid in built["proportionality"]
    else:
        assert "Nog niet door de jurist vastgelegd" in built["danger"]


def test_the_samples_between_them_fill_every_section_of_the_dossier():
    """Not a section that is empty for every public sample (it would hide a builder that reads nothing);
    no sample has a decision or a note yet, so V1 gets one of each."""
    files = [case_file(ref) for ref in SAMPLES]
    v1 = files[2].case
    v1.events.append(
        CaseEvent(
            kind=EventKind.BESLUIT_BEKENDGEMAAKT,
            date=date(2025, 9, 1),
            recorded_by="jurist",
            decision=DecisionKind.INTREKKING,
            note="besluit verzonden",
        )
    )
    v1.notes.append(Note(date=date(2025, 9, 2), author="jurist", text="sluiting gecontroleerd"))
    filled = {s.id for cf in files for s in sections(cf) if not s.is_empty}
    assert set(DOSSIER) - filled == set()
    assert label(DecisionKind.INTREKKING) in shown(section(files[2], "decision"))
    assert "sluiting gecontroleerd" in shown(section(files[2], "notes"))


def test_values_are_typed_and_formatted_once():
    assert text(date(2025, 3, 1)) == "01-03-2025"
    assert text(date(2025, 3, 1), DateStyle.LONG) == "1 maart 2025"
    assert text(Money(Decimal("6500.5"))) == "€ 6.500,50" and raw(Money(Decimal("6500"))) == Decimal("6500")
    assert text(Year(date(2019, 6, 1))) == "2019" and raw(Year(date(2019, 6, 1))) == 2019
    assert text(None) == "" and text(True) == "ja" and raw(False) == "nee"


def test_empty_columns_are_left_out_on_screen_and_page_only():
    t = Table(("A", "B", "C"), (("x", None, 1), ("y", "", 2)), (1, 2, 3))
    assert t.compact().columns == ("A", "C") and t.compact().widths == (1, 3)
    assert Table(("A",), ()).compact().columns == ("A",)


def test_findings_render_evidence_in_the_memo_and_flat_in_the_sheet():
    cf = case_file("H2")
    findings = section(cf, "findings")
    headings = [b.text for b in findings.blocks if isinstance(b, Paragraph) and b.heading]
    assert [h.split(" — ")[0] for h in headings] == [f.indicator for f in cf.assessment.findings]
    assert findings.table.columns == ("Indicator", "Titel", "Gewicht", "Uitleg")
    assert len(findings.table.rows) == len(cf.assessment.findings)


def test_memo_blocks_and_workbook_sheets_are_sections():
    from bibob_desk.exports.texts import BLOCKS, load_texts

    assert set(BLOCKS) == set(SECTIONS)
    used = {
        b for doc in load_texts().documents.values() for s in doc["sections"] for b in s.get("blocks", [])
    }
    assert used <= set(SECTIONS)
    assert [SECTIONS[i].sheet_name for i in SHEETS] == [
        "Betrokkenen",
        "Relaties",
        "Financiering",
        "Antecedenten",
        "Signalen",
        "Opgaven",
        "Indicatoren",
        "Termijnen",
        "Besluiten",
    ]
    assert {i for i in SHEETS if SECTIONS[i].sensitive} == {"antecedents", "signals", "contradictions"}


def test_a_field_path_reads_as_dutch():
    from bibob_desk.presentation.fields import describe

    case = {"parties": [{"name": "Noor Lounge B.V."}, {"name": "R. Amrani"}], "investment": {"total": 1}}
    assert describe("/parties/1/name", case) == "Partijen › R. Amrani › naam"
    assert describe("/parties/5/bsn", case) == "Partijen › nr. 6 › BSN"
    assert describe("/investment/total", case) == "Investering › totaal"
    assert describe("/events/0/withdrawn_reason") == "Gebeurtenissen › nr. 1 › ingetrokken, reden"


def test_the_previous_operator_of_a_location_is_shown_by_name_not_by_id():
    cf = case_file("H2")
    operators = [e.operator for p in cf.case.premises for e in p.history if e.operator]
    assert operators  # H2's premises have a previous operator
    history = shown(section(cf, "history"))
    for party_id in operators:
        assert cf.names[party_id] in history and f"\n{party_id}\n" not in f"\n{history}\n"
