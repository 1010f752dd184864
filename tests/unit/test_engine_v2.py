"""Catalogue v2 rules beyond current danger (issue 16, parts 4 and 5): every sector of a mixed case
is evaluated; an earlier danger conclusion counts only for the same betrokkene and its knock-out only
when the situation has not changed; a refusal and its registered conclusion count once; a breach of
earlier Bibob voorschriften is an indicator (art. 3 lid 7); an earlier "geen gevaar" is shown as
counter-evidence, never subtracted."""

from __future__ import annotations

from datetime import UTC, datetime

from bibob_desk.domain.enums import HistoryKind, PermitKind, RoleKind
from bibob_desk.domain.model import HistoryEvent, Relation
from bibob_desk.paths import resources_dir
from bibob_desk.risk.catalogue import load_catalogue
from bibob_desk.risk.engine import assess
from tests.support.case_builder import P, clean_case, days_before

V1 = load_catalogue(resources_dir() / "indicators" / "bibob-indicatoren-v1.yaml")
V2 = load_catalogue(resources_dir() / "indicators" / "bibob-indicatoren-v2.yaml")
NOW = datetime(2025, 6, 2, tzinfo=UTC)


def _run(case, catalogue=V2):
    return assess(case, catalogue, assessed_by="test", now=NOW)


def _history(case, kind, party, days, id_="h1"):
    case.history.append(HistoryEvent(id=id_, kind=kind, date=days_before(days), party=party, provenance=P))
    return case


def _judged(a) -> set[str]:
    return {f.indicator for f in a.findings} | set(a.not_fired) | {n.indicator for n in a.not_assessable}


def test_a_case_with_permits_of_two_sectors_evaluates_the_indicators_of_both():
    case = clean_case()
    case.permit_kinds = [PermitKind.EXPLOITATIEVERGUNNING, PermitKind.OMGEVINGSVERGUNNING]
    judged = _judged(_run(case))
    assert {"HOR-01", "VG-01"} <= judged  # before: a mixed case silently skipped both
    horeca = _judged(_run(clean_case()))
    assert "HOR-01" in horeca and "VG-01" not in horeca


def test_an_earlier_conclusion_about_someone_else_does_not_count():
    about_director = _run(_history(clean_case(), HistoryKind.GEVAARSCONCLUSIE_ERNSTIG, "p2", 200))
    assert about_director.finding("SIG-03") is None and not about_director.knockouts
    old_rules = _run(_history(clean_case(), HistoryKind.GEVAARSCONCLUSIE_ERNSTIG, "p2", 200), V1)
    assert old_rules.finding("SIG-03") is not None  # v1 counted a conclusion about any party
    about_applicant = _run(_history(clean_case(), HistoryKind.GEVAARSCONCLUSIE_ERNSTIG, "p1", 200))
    assert about_applicant.finding("SIG-03").step == "ernstig_recent"
    assert any(k.startswith("KO-2") for k in about_applicant.knockouts)


def test_the_knock_out_of_an_earlier_conclusion_needs_an_unchanged_situation():
    case = _history(clean_case(), HistoryKind.GEVAARSCONCLUSIE_ERNSTIG, "p1", 200)
    case.relations.append(  # a new director since the conclusion
        Relation(
            id="r8",
            role=RoleKind.BESTUURDER,
            party="p3",
            counterparty="p1",
            start_date=days_before(100),
            provenance=P,
        )
    )
    a = _run(case)
    finding = a.finding("SIG-03")
    assert finding is not None and finding.step == "ernstig" and not a.knockouts  # counts, no knock-out


def test_a_refusal_and_its_registered_conclusion_count_once():
    case = _history(clean_case(), HistoryKind.WEIGERING, "p1", 200, "h1")
    _history(case, HistoryKind.GEVAARSCONCLUSIE_ERNSTIG, "p1", 200, "h2")
    a = _run(case)
    refusal = a.finding("HIS-01")
    assert refusal.yielded_to == "SIG-03" and refusal.applied_weight == 0
    assert a.finding("SIG-03").applied_weight == 4
    assert _run(case, V1).finding("HIS-01").applied_weight == 3  # v1 counted it twice


def test_a_breach_of_earlier_bibob_voorschriften_is_an_indicator_with_its_ground():
    a = _run(_history(clean_case(), HistoryKind.OVERTREDING_VOORSCHRIFT, "p1", 100))
    finding = a.finding("HIS-04")
    assert finding.applied_weight == 4 and "art. 3 lid 7" in finding.legal_heads[0]
    assert _run(clean_case()).finding("HIS-04") is None


def test_an_earlier_no_danger_conclusion_is_counter_evidence():
    a = _run(_history(clean_case(), HistoryKind.GEEN_GEVAAR, "p1", 300))
    assert len(a.counter_evidence) == 1 and "geen gevaar" in a.counter_evidence[0]
    assert a.score == _run(clean_case()).score  # shown, not subtracted


def _contradiction(case, kind, id_="c1", found="bestuurder van Horeca Holding B.V. sinds 2021 (KvK)"):
    from bibob_desk.domain.enums import ProvenanceKind
    from bibob_desk.domain.model import Contradiction, Provenance

    case.contradictions.append(
        Contradiction(
            id=id_,
            kind=kind,
            party="p2",
            declared="geen andere functies (vraag 3.4)",
            found=found,
            provenance=Provenance(
                kind=ProvenanceKind.REGISTER, source="KvK Handelsregister", date=days_before(10)
            ),
        )
    )
    return case


def test_incorrect_information_is_a_fact_with_its_source_and_an_indicator_with_its_ground():
    from bibob_desk.domain.enums import ContradictionKind

    a = _run(_contradiction(clean_case(), ContradictionKind.VERZWEGEN_FUNCTIE))
    finding = a.finding("INF-02")
    assert finding.applied_weight == 3 and "art. 3 lid 6" in finding.legal_heads[0]
    assert "opgegeven geen andere functies (vraag 3.4)" in finding.explanation
    assert "bron: KvK Handelsregister" in finding.explanation
    assert [e.ref for e in finding.evidence] == ["contradiction:c1"]
    two = _contradiction(
        _contradiction(clean_case(), ContradictionKind.VERZWEGEN_FUNCTIE),
        ContradictionKind.VERZWEGEN_SCHULD,
        "c2",
        "schuld Belastingdienst",
    )
    assert _run(two).finding("INF-02").applied_weight == 6  # per statement, at most 6
    assert _run(clean_case()).finding("INF-02") is None


def _antecedent(case, category, party="p2"):
    from bibob_desk.domain.enums import ProofLevel
    from bibob_desk.domain.model import Antecedent

    case.antecedents.append(
        Antecedent(
            id="a1",
            party=party,
            date=days_before(300),
            category=category,
            proof_level=ProofLevel.VEROORDELING,
            provenance=P,
        )
    )
    return case


def test_the_offence_taxonomy_decides_relevance_per_sector():
    from bibob_desk.domain.enums import OffenceCategory

    for category in (OffenceCategory.VALSHEID_IN_GESCHRIFTE, OffenceCategory.FISCAAL):
        assert _run(_antecedent(clean_case(), category)).finding("ANT-02") is not None, category
        assert _run(_antecedent(clean_case(), category), V1).finding("ANT-02") is None, (
            category
        )  # v1 missed it
    building = OffenceCategory.WONINGWET_BOUW
    assert _run(_antecedent(clean_case("vastgoed"), building)).finding("ANT-02") is not None
    assert _run(_antecedent(clean_case("horeca"), building)).finding("ANT-02") is None  # not similar activity
    unknown = _run(_antecedent(clean_case(), OffenceCategory.ONBEKEND))
    assert unknown.finding("ANT-02") is None and "ANT-02" in {n.indicator for n in unknown.not_assessable}
    assert unknown.offences_version == 1


def test_a_broken_taxonomy_is_refused_with_a_dutch_message(tmp_path):
    import pytest

    from bibob_desk.risk.offences import OffencesError, load_taxonomy

    text = (resources_dir() / "offences" / "delicten.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "delicten.yaml"
    broken.write_text(text.replace("  fiscaal:\n", "  fiscaaal:\n"), encoding="utf-8")
    with pytest.raises(OffencesError) as error:
        load_taxonomy(broken)
    assert str(error.value).startswith("delicten.yaml, regel ")  # file and line, no traceback


def test_a_fiscal_fine_that_is_also_an_antecedent_counts_once_and_the_explanation_says_so():
    from bibob_desk.domain.enums import CheckSource, OffenceCategory

    case = _antecedent(clean_case(), OffenceCategory.FISCAAL, party="p1")
    _history(case, HistoryKind.FISCALE_BOETE, "p1", 280)
    assert CheckSource.BELASTINGDIENST in {c.source for c in case.source_checks}
    a = _run(case)
    assert a.finding("ANT-03") is None and a.finding("ANT-01") is not None
    assert "Samengevallen met fiscale boete van" in a.finding("ANT-01").explanation
    both = _run(case, V1)
    assert both.finding("ANT-03") is not None  # v1 counted the same fine twice (if fiscal counted at all)
    separate = _history(
        _antecedent(clean_case(), OffenceCategory.FISCAAL, party="p1"), HistoryKind.FISCALE_BOETE, "p1", 900
    )
    assert _run(separate).finding("ANT-03") is not None  # years apart: two facts
