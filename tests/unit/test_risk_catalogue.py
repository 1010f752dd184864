"""The catalogue is data: it loads, a municipality can change thresholds and weights, and a bad
catalogue is refused naming file, line and field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import resources_dir
from bibob_desk.risk.catalogue import CatalogueError, load_catalogue, load_catalogue_bytes
from bibob_desk.risk.engine import assess

PATH = resources_dir() / "indicators" / "bibob-indicatoren-v1.yaml"
TEXT = PATH.read_text(encoding="utf-8")
BRIEF_IDS = {
    "FIN-01",
    "FIN-02",
    "FIN-03",
    "FIN-04",
    "FIN-05",
    "FIN-06",
    "FIN-07",
    "FIN-08",
    "PRI-01",
    "PRI-02",
    "PRI-03",
    "PRI-04",
    "STR-01",
    "STR-02",
    "STR-03",
    "STR-04",
    "ADR-01",
    "ADR-02",
    "HIS-01",
    "HIS-02",
    "HIS-03",
    "ANT-01",
    "ANT-02",
    "ANT-03",
    "INF-01",
    "INF-02",
    "SIG-01",
    "SIG-02",
    "SIG-03",
    "SIG-04",
    "VG-01",
    "VG-02",
    "VG-03",
    "VG-04",
    "VG-05",
    "HOR-01",
    "HOR-02",
}


def load_text(text: str):
    return load_catalogue_bytes(text.encode("utf-8"), "eigen-catalogus.yaml")


def test_every_indicator_of_the_brief_is_in_the_catalogue_with_title_and_legal_heads():
    catalogue = load_catalogue(PATH)
    assert {i.id for i in catalogue.indicators} == BRIEF_IDS
    assert all(i.title and i.legal_heads and i.reads for i in catalogue.indicators)
    assert [b.name for b in catalogue.bands] == ["GROEN", "GEEL", "ORANJE", "ROOD"]
    assert all(b.colour.startswith("#") for b in catalogue.bands)  # colours are data, not code
    assert (catalogue.id, catalogue.version) == ("bibob-indicatoren", 1) and len(catalogue.sha256) == 64


def test_a_municipality_changes_a_threshold_without_code():
    rent_block = TEXT[TEXT.index("  - id: PRI-02") : TEXT.index("  - id: PRI-03")]
    stricter_block = rent_block.replace(
        "deviation_min: 0.30, deviation_high: 0.50", "deviation_min: 0.80, deviation_high: 0.90"
    )
    assert stricter_block != rent_block
    stricter = load_text(TEXT.replace(rent_block, stricter_block))
    h2 = read_case_file(resources_dir() / "demo" / "H2.json").case
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert assess(h2, load_catalogue(PATH), assessed_by="t", now=now).finding("PRI-02") is not None
    assert assess(h2, stricter, assessed_by="t", now=now).finding("PRI-02") is None  # 73 % < 80 %


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "{fact: cash_total, op: ge, param: cash_min}",
            "{fact: contant_geld, op: ge, param: cash_min}",
            "onbekend feit 'contant_geld'",
        ),
        (
            "{fact: cash_total, op: ge, param: cash_min}",
            "{fact: cash_total, op: ge, param: drempel}",
            "parameter 'drempel' ontbreekt",
        ),
        ("  - id: FIN-02\n", "  - id: FIN-01\n", "dubbele indicator 'FIN-01'"),
        ("    over: own_funds\n", "    over: spaarpotten\n", "onbekende verzameling 'spaarpotten'"),
        ("    yields_to: [HIS-03]\n", "    yields_to: [HIS-99]\n", "onbekende indicator 'HIS-99'"),
        (
            "when: {all_fired: [HIS-03, ANT-02]}",
            "when: {all_fired: [HIS-03, ANT-22]}",
            "onbekende indicator 'ANT-22'",
        ),
        (
            "legal_heads: [a_grond]\n    reads: financieringsoverzicht",
            "legal_heads: [c_grond]\n    reads: financieringsoverzicht",
            "onbekende rechtsgrond 'c_grond'",
        ),
        ('    weight: 3\n    explanation: "Contant', '    explanation: "Contant', "gewicht ontbreekt"),
        (
            "{fact: cash_total, op: ge, param: cash_min}",
            "{fact: cash_total, op: is_true, param: cash_min}",
            "vergelijkt met niets",
        ),
    ],
)
def test_a_bad_catalogue_is_refused_with_file_line_and_field(old, new, message):
    assert old in TEXT
    with pytest.raises(CatalogueError) as caught:
        load_text(TEXT.replace(old, new, 1))
    assert message in caught.value.message
    assert caught.value.file == "eigen-catalogus.yaml" and caught.value.line


@pytest.mark.parametrize("text", ["catalogue: !!python/object:os.system {}\n", "[1, 2]\n", "indicators: {\n"])
def test_hostile_or_broken_yaml_is_refused(text):
    with pytest.raises(CatalogueError):
        load_text(text)
