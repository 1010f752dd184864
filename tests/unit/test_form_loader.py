"""Form definitions: a valid file loads; malformed or hostile ones give FormDefinitionError naming
file, line and field; random input gives a definition or that error, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bibob_desk.questionnaire.definition import RepeatGroup
from bibob_desk.questionnaire.loader import FormDefinitionError, load_form, load_form_bytes

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "forms" / "minimal.yaml"
TEXT = MINIMAL.read_text(encoding="utf-8")


def load_text(text: str):
    return load_form_bytes(text.encode("utf-8"), "test.yaml")


def error_of(text: str) -> FormDefinitionError:
    with pytest.raises(FormDefinitionError) as caught:
        load_text(text)
    return caught.value


def test_minimal_form_loads_with_lines_and_hash():
    form = load_form(MINIMAL)
    assert (form.id, form.version, form.kind) == ("test-form", 1, "vragenformulier")
    group = form.sections[0].items[3]
    assert isinstance(group, RepeatGroup) and group.unique == ("naam",) and group.role == "bestuurder"
    assert form.sections[0].items[0].line == TEXT.count("\n", 0, TEXT.index("- id: naam")) + 1
    assert len(form.sha256) == 64


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "        required: true\n",
            "        required: true\n        kleur: rood\n",
            "sections[0].items[0]",
            "onbekende sleutel: kleur",
        ),
        ("        type: text\n", "        type: tekstje\n", "sections[0].items[0].type", "onbekende waarde"),
        (
            "        required: true\n",
            "        required: ja graag\n",
            "sections[0].items[0].required",
            "verkeerd soort",
        ),
        ("      - id: kvk\n", "      - id: naam\n", "sections[0].items[2].id", "dubbele id 'naam'"),
        (
            "question: rechtsvorm, op: eq",
            "question: bestaatniet, op: eq",
            "sections[0].items[2].relevant.question",
            "bestaat niet",
        ),
        (
            "        bind: applicant.kvk\n",
            "        bind: applicant.schoenmaat\n",
            "sections[0].items[2].bind",
            "geen veld 'schoenmaat'",
        ),
        (
            "        choices: rechtsvormen\n",
            "        choices: kleuren\n",
            "sections[0].items[1].choices",
            "bestaat niet",
        ),
        (
            "        unique: [naam]\n",
            "        unique: [leeftijd]\n",
            "sections[0].items[3].unique",
            "geen vraag van deze groep",
        ),
        (
            "        role: bestuurder\n",
            "        role: koning\n",
            "sections[0].items[3].role",
            "onbekende rol",
        ),
        ("        min: 1\n", "        min: 9\n", "sections[0].items[3].min", "groter dan max"),
    ],
)
def test_each_mistake_names_file_line_and_field(old, new, field, message):
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    line = TEXT.count("\n", 0, TEXT.index(old)) + 1  # where the mistake was made
    error = error_of(text)
    assert error.file == "test.yaml"
    assert error.field == field
    assert message in error.message
    assert error.line is not None and abs(error.line - line) <= 3
    assert str(error).startswith("test.yaml, regel ")


def test_cyclic_relevance_is_refused():
    text = TEXT.replace(
        "        bind: applicant.name\n",
        "        bind: applicant.name\n        relevant: {question: kvk, op: answered}\n",
        1,
    )
    text = text.replace("question: rechtsvorm, op: eq, value: bv", "question: naam, op: answered", 1)
    error = error_of(text)
    assert "cyclisch" in error.message and "kvk" in error.message and "naam" in error.message


def test_self_relevance_is_a_cycle_too():
    text = TEXT.replace("question: rechtsvorm, op: eq, value: bv", "question: kvk, op: answered", 1)
    assert "cyclisch" in error_of(text).message


def test_catastrophic_regex_in_a_constraint_is_refused():
    text = TEXT.replace(
        "        bind: applicant.name\n",
        "        bind: applicant.name\n        constraint:\n"
        "          - condition: {question: ., op: matches, value: '(a+)+$'}\n"
        "            message: Alleen letters.\n",
        1,
    )
    error = error_of(text)
    assert "extreem traag" in error.message and error.field.endswith("constraint[0].condition.value")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("form: !!python/object:os.system {}\n", "YAML-tag"),
        ("form: !!binary aGFsbG8=\n", "YAML-tag"),
        ("a: &x [1, 2]\nb: *x\n", "aliassen"),
        ("form: {id: a}\nform: {id: b}\n", "twee keer"),
        ("[" * 60 + "]" * 60, "diep genest"),
        ("x: " + "[" * 20000 + "]" * 20000, "genest"),
        ("form: [unclosed\n", "geen geldige YAML"),
        ("form:\n  version: .nan\n", "oneindig"),
        ("form:\n  created: 2025-01-01\n", "YAML-tag"),
        ("- 1\n- 2\n", "verkeerd soort"),
        ("", "verkeerd soort"),
    ],
)
def test_hostile_yaml_is_refused_with_the_one_error_type(text, message):
    assert message in error_of(text).message


def test_billion_laughs_is_refused_before_expansion():
    lol = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
    for i in range(1, 9):
        lol += f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]\n"
    assert "aliassen" in error_of(lol).message


def test_oversized_file_is_refused():
    assert "groter dan" in error_of("x: '" + "a" * 600_000 + "'\n").message


yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=15)
)
yaml_trees = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "form",
                    "sections",
                    "id",
                    "type",
                    "label",
                    "items",
                    "repeat",
                    "questions",
                    "relevant",
                    "question",
                    "op",
                    "value",
                    "bind",
                    "choices",
                    "version",
                    "title",
                    "kind",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@given(yaml_trees)
def test_random_structures_load_or_raise_the_one_error(tree):
    try:
        load_text(yaml.safe_dump(tree, allow_unicode=True))
    except FormDefinitionError:
        pass


@given(st.text(max_size=300))
def test_random_text_loads_or_raises_the_one_error(text):
    try:
        load_text(text)
    except FormDefinitionError:
        pass


@given(st.integers(min_value=0, max_value=len(TEXT) - 1), st.text(max_size=8))
def test_mutated_real_form_loads_or_raises_the_one_error(position, insert):
    try:
        load_text(TEXT[:position] + insert + TEXT[position + 1 :])
    except FormDefinitionError:
        pass
