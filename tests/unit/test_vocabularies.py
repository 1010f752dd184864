"""Typed vocabularies (issue 13, part 6): question types, bands with their colour, override states,
export kinds and the memo kinds of the memo texts file, each defined once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibob_desk.domain.assessment import OverrideAction, OverrideState
from bibob_desk.exports.texts import DocumentKind, MemoTextsError, load_texts
from bibob_desk.paths import resources_dir
from bibob_desk.questionnaire.definition import QuestionType
from bibob_desk.questionnaire.form_schema import SCHEMA
from bibob_desk.questionnaire.loader import load_form
from bibob_desk.risk.catalogue import load_catalogue_bytes
from bibob_desk.services.vocabulary import ExportKind

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = resources_dir() / "indicators" / "bibob-indicatoren-v1.yaml"
TEXTS = resources_dir() / "memos" / "memoteksten.yaml"


def _questions(items):
    for item in items:
        yield from _questions(item.questions) if hasattr(item, "questions") else [item]


def test_question_types_are_an_enum_and_the_form_schema_uses_it():
    found = set()
    for path in sorted((ROOT / "forms").glob("*.yaml")):
        form = load_form(path)
        for section in form.sections:
            for question in _questions(section.items):
                assert isinstance(question.type, QuestionType)
                found.add(question.type)
    assert {QuestionType.MONEY, QuestionType.DATE, QuestionType.SELECT_ONE} <= found
    question_schema = str(SCHEMA)
    assert all(t.value in question_schema for t in QuestionType)


def test_band_colours_are_read_from_the_catalogue_only():
    text = CATALOGUE.read_text(encoding="utf-8").replace('colour: "#c62828"', 'colour: "#123456"')
    catalogue = load_catalogue_bytes(text.encode("utf-8"), "eigen.yaml")
    assert catalogue.band("ROOD").colour == "#123456"
    assert catalogue.band_for(0).name == "GROEN" and catalogue.band_for(99).name == "ROOD"
    ui = [p for p in (ROOT / "bibob_desk" / "ui").rglob("*.py")]
    lines = [
        line
        for p in ui
        for line in p.read_text(encoding="utf-8").splitlines()
        if "OVERDUE_COLOUR" not in line
    ]
    for band in load_catalogue_bytes(CATALOGUE.read_bytes(), CATALOGUE.name).bands:
        assert not [line for line in lines if band.colour.lower() in line.lower()], band.name


def test_override_states_and_actions_are_enums_with_the_stored_values():
    assert [s.value for s in OverrideState] == ["", "toegepast", "herzien"]
    assert OverrideAction("gewicht") is OverrideAction.REWEIGH


def test_export_kinds_name_their_audit_action():
    assert ExportKind.MEMO.action("weigering") == "export.memo.weigering"
    assert ExportKind.EXCEL.action("basis") == "export.excel.basis"
    assert ExportKind.LBB_PAKKET.action() == "export.lbb_pakket"


def test_memo_kinds_and_their_labels_come_from_the_memo_texts_file(tmp_path):
    texts = load_texts(TEXTS)
    assert [k for k, _ in texts.choosable()] == [
        "advies",
        "voornemen",
        "weigering",
        "intrekking",
        "nazorg",
        "voorschriften",
    ]
    assert texts.of_kind(DocumentKind.BESLUIT) == {"weigering", "intrekking", "voorschriften"}
    own = TEXTS.read_text(encoding="utf-8").replace(
        "  lbb_aanvraag:\n",
        '  sluiting:\n    soort: besluit\n    label: "Besluit tot sluiting"\n    title: Sluiting\n'
        "    sections:\n      - heading: Besluit\n  lbb_aanvraag:\n",
    )
    (tmp_path / "eigen.yaml").write_text(own, encoding="utf-8")
    custom = load_texts(tmp_path / "eigen.yaml")
    assert ("sluiting", "Besluit tot sluiting") in custom.choosable()
    assert custom.kind_of("sluiting") is DocumentKind.BESLUIT
    (tmp_path / "fout.yaml").write_text(own.replace("soort: besluit", "soort: brief"), encoding="utf-8")
    with pytest.raises(MemoTextsError):
        load_texts(tmp_path / "fout.yaml")
