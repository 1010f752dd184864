"""Pure session logic on plain data: visibility, missing, invalid, progress, clearing hidden answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibob_desk.questionnaire.loader import load_form
from bibob_desk.questionnaire.session import FormSession

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "forms" / "minimal.yaml"


@pytest.fixture
def session() -> FormSession:
    return FormSession(load_form(MINIMAL))


def ids(problems):
    return [(p.group, p.question, p.item) for p in problems]


def test_empty_form_lists_required_question_and_minimum_of_the_group(session):
    assert ids(session.missing()) == [("", "naam", None), ("bestuurders", "bestuurders", None)]
    assert not session.is_complete()


def test_skip_logic_shows_kvk_only_for_a_bv(session):
    section = session.form.sections[0]
    assert [i.id for i in session.visible_items(section)] == ["naam", "rechtsvorm", "bestuurders"]
    session.set_answer("rechtsvorm", "bv")
    assert [i.id for i in session.visible_items(section)] == ["naam", "rechtsvorm", "kvk", "bestuurders"]


def test_answers_that_become_hidden_are_cleared_with_a_notice(session):
    session.set_answer("rechtsvorm", "bv")
    session.set_answer("kvk", "12345678")
    notices = session.set_answer("rechtsvorm", "eenmanszaak")
    assert "kvk" not in session.answers
    assert notices == ["Het antwoord op 'KvK-nummer' is gewist: de vraag is niet meer van toepassing."]


def test_type_validation_and_identifiers(session):
    session.set_answer("rechtsvorm", "bv")
    session.set_answer("kvk", "1234567")
    assert [(p.question, p.message) for p in session.invalid()] == [
        ("kvk", "Een KvK-nummer bestaat uit precies 8 cijfers (0-9).")
    ]
    session.set_answer("rechtsvorm", "nv")  # not one of the choices
    assert ("rechtsvorm", "Kies een van de mogelijkheden.") in [
        (p.question, p.message) for p in session.invalid()
    ]


def test_repeat_group_items_uniqueness_and_order(session):
    first = session.add_item("bestuurders")
    session.set_answer("naam", "R. Amrani", "bestuurders", first)
    second = session.add_item("bestuurders")
    session.set_answer("naam", " r. amrani", "bestuurders", second)
    assert ids(session.invalid()) == [("bestuurders", "naam", 1)]
    session.set_answer("naam", "M. Karimi", "bestuurders", second)
    assert session.invalid() == []
    session.move_item("bestuurders", 1, 0)
    assert [i["naam"] for i in session.items("bestuurders")] == ["M. Karimi", "R. Amrani"]
    session.remove_item("bestuurders", 0)
    assert [i["naam"] for i in session.items("bestuurders")] == ["R. Amrani"]


def test_group_maximum_is_enforced(session):
    for _ in range(5):
        session.add_item("bestuurders")
    with pytest.raises(ValueError, match="hoogstens 5"):
        session.add_item("bestuurders")


def test_required_question_inside_an_item(session):
    session.add_item("bestuurders")
    assert ("bestuurders", "naam", 0) in ids(session.missing())


def test_progress_and_completion(session):
    section = session.form.sections[0]
    before = session.progress(section)
    assert (before.answered, before.required, before.percent) == (0, 2, 0)
    session.set_answer("naam", "Noor Lounge B.V.")
    item = session.add_item("bestuurders")
    session.set_answer("naam", "R. Amrani", "bestuurders", item)
    session.set_answer("sinds", "2025-01-06", "bestuurders", item)
    after = session.progress(section)
    assert (after.answered, after.required, after.missing, after.invalid, after.percent) == (3, 3, 0, 0, 100)
    assert session.is_complete()


def test_the_session_does_not_change_the_answers_it_was_given():
    answers = {"naam": "X", "bestuurders": [{"naam": "A"}]}
    session = FormSession(load_form(MINIMAL), answers)
    session.set_answer("naam", "B", "bestuurders", 0)
    assert answers == {"naam": "X", "bestuurders": [{"naam": "A"}]}
