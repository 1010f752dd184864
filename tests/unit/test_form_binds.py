"""Binds: filling the shipped forms with the sample-case facts yields the sample-case dossiers."""

from __future__ import annotations

import copy
from datetime import date

import pytest
import yaml

from bibob_desk.domain.enums import PermitKind, ProvenanceKind
from bibob_desk.domain.model import Address, Case
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import demo_case_files, forms_dir, resources_dir
from bibob_desk.questionnaire.binder import apply_answers, form_tag
from bibob_desk.questionnaire.loader import load_form
from bibob_desk.questionnaire.session import FormSession
from tests.support.dossier_facts import dossier_facts

SAMPLES = [p.stem for p in demo_case_files()]


def answers_of(reference: str) -> dict:
    return yaml.safe_load(
        (resources_dir() / "demo" / "answers" / f"{reference}.yaml").read_text(encoding="utf-8")
    )


def fixture(reference: str) -> Case:
    return read_case_file(resources_dir() / "demo" / f"{reference}.json").case


def empty_like(case: Case) -> Case:
    """What the officer has after 'Nieuw dossier': the header, nothing the forms ask."""
    return Case(
        id=case.id,
        reference=case.reference,
        title=case.title,
        permit_kinds=[PermitKind.OVERIG],
        procedure=case.procedure,
        bestuursorgaan=case.bestuursorgaan,
        received_date=case.received_date,
        location=Address(),
        stage=case.stage,
    )


def fill(case: Case, answers: dict) -> Case:
    for form_id, form_answers in answers["forms"].items():
        form = load_form(forms_dir() / f"{form_id}.yaml")
        case = apply_answers(
            case, form, form_answers, recorded_by="demo-vergunningverlener", on=case.received_date
        )
    return case


def test_shipped_forms_load():
    forms = {p.stem: load_form(p) for p in forms_dir().glob("*.yaml")}
    assert set(forms) == {"bibob-horeca", "bibob-vastgoed", "eigen-onderzoek", "weerbaarheidsscan"}
    assert forms["eigen-onderzoek"].kind == "eigen_onderzoek"
    assert forms["weerbaarheidsscan"].kind == "weerbaarheidsscan"
    refs = [q.official_ref for f in forms.values() for q in f.top_level_questions() if q.official_ref]
    assert refs and all(not r.verified for r in refs)  # placeholders stay marked as unverified


@pytest.mark.parametrize("reference", SAMPLES)
def test_sample_answers_are_complete_and_valid(reference):
    for form_id, form_answers in answers_of(reference)["forms"].items():
        session = FormSession(load_form(forms_dir() / f"{form_id}.yaml"), form_answers)
        assert session.prune() == []
        assert session.missing() == [] and session.invalid() == [], form_id


@pytest.mark.parametrize("reference", SAMPLES)
def test_filling_the_forms_gives_the_fixture_dossier(reference):
    expected = fixture(reference)
    assert dossier_facts(fill(empty_like(expected), answers_of(reference))) == dossier_facts(expected)


def test_applying_again_replaces_instead_of_duplicating():
    once = fill(empty_like(fixture("H2")), answers_of("H2"))
    twice = fill(once, answers_of("H2"))
    assert dossier_facts(twice) == dossier_facts(once)
    assert len(twice.relations) == len(once.relations)
    assert sorted(p.name for p in twice.parties) == sorted(p.name for p in once.parties)


def test_a_changed_answer_changes_the_dossier_and_a_removed_lender_leaves_no_trace():
    answers = answers_of("H2")
    case = fill(empty_like(fixture("H2")), answers)
    changed = copy.deepcopy(answers)
    changed["forms"]["bibob-horeca"]["huur"] = "4000"
    changed["forms"]["bibob-horeca"]["bronnen"] = changed["forms"]["bibob-horeca"]["bronnen"][:1]
    horeca = load_form(forms_dir() / "bibob-horeca.yaml")
    after = apply_answers(
        case, horeca, changed["forms"]["bibob-horeca"], recorded_by="x", on=date(2025, 3, 3)
    )
    assert after.premises[0].rent_per_month == 4000
    assert [f.kind.value for f in after.financing] == ["eigen_vermogen"]
    lender_roles = [
        (r.role.value, r.amount) for r in after.relations if r.role.value == "vermogensverschaffer"
    ]
    assert lender_roles == [("vermogensverschaffer", 10000)]
    names = {p.name for p in after.parties}
    assert "M. Karimi" in names  # still there: the eigen-onderzoek form names him too


def test_provenance_says_which_form_and_whose_word():
    case = fill(empty_like(fixture("H2")), answers_of("H2"))
    horeca, eo = load_form(forms_dir() / "bibob-horeca.yaml"), load_form(forms_dir() / "eigen-onderzoek.yaml")
    loan = next(f for f in case.financing if f.kind.value == "lening")
    assert (loan.provenance.kind, loan.provenance.source) == (ProvenanceKind.ZELF_OPGEGEVEN, form_tag(horeca))
    antecedent = case.antecedents[0]
    assert (antecedent.provenance.kind, antecedent.provenance.source) == (
        ProvenanceKind.EIGEN_ONDERZOEK,
        form_tag(eo),
    )
    assert antecedent.provenance.recorded_by == "demo-vergunningverlener"


def test_hidden_answers_are_not_bound():
    answers = answers_of("H1")["forms"]["bibob-horeca"]
    answers = {**answers, "kvk": "12345678"}  # only asked of a rechtspersoon; H1 is a natuurlijk persoon
    case = apply_answers(
        empty_like(fixture("H1")),
        load_form(forms_dir() / "bibob-horeca.yaml"),
        answers,
        recorded_by="x",
        on=date(2025, 2, 3),
    )
    assert case.applicants()[0].kvk is None
