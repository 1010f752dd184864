"""T30: an inzageverzoek. The overview for one person is complete (it matches what the database
holds about him), holds nothing about other subjects or officials by name, is marked for legal review
before release, and its generation is audited without the name."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text

from bibob_desk.domain.enums import Role
from bibob_desk.services.permissions import NotAllowed
from tests.conftest import ADMIN, PASSWORD, add_user, first_login, reopen


def person_of(app):
    """The first natural person of H2, given a birth date (as an application form would)."""
    case = app.cases.open_case(app.cases.id_of("H2"))
    him = next(p for p in case.parties if p.is_person)
    him.birth_date = date(1980, 5, 17)
    with app._store.transaction() as tx:
        tx.save_case(case, reason="geboortedatum uit het formulier")
    return app.cases.open_case(case.id), him


def test_the_overview_for_one_person_is_complete_and_holds_no_one_else(demo_app):
    path = demo_app._store.path
    case, him = person_of(demo_app)
    add_user(demo_app, "k.jansen", "Kees Jansen", Role.VERGUNNINGVERLENER, "paars kanaal fiets winter")
    demo_app.close()
    first_login(path, "k.jansen", "paars kanaal fiets winter")
    officer = reopen(path, username="k.jansen", password="paars kanaal fiets winter")
    officer.cases.open_case(case.id)  # an official looks at the case: in the access log, by role
    officer.close()
    app = reopen(path, username=ADMIN, password=PASSWORD)
    try:
        overview = app.access.overview(him.name, birth_date=him.birth_date)
        assert overview.review.startswith("CONCEPT – juridische toets vereist")
        with app._store.engine.connect() as conn:  # what the database holds: the cases naming him
            query = (
                "SELECT c.reference FROM case_parties p JOIN cases c ON c.id = p.case_id WHERE p.name = :n"
            )
            expected = {r[0] for r in conn.execute(text(query), {"n": him.name})}
        assert {c.reference for c in overview.cases} == expected and case.reference in expected
        about = next(c for c in overview.cases if c.reference == case.reference)
        assert about.party["name"] == him.name and about.party["birth_date"] == him.birth_date.isoformat()
        assert [a["id"] for a in about.antecedents] == [a.id for a in case.antecedents if a.party == him.id]
        assert ("dossier.ingezien", "vergunningverlener") in {(a, r) for _, a, r in about.access}
        dumped = json.dumps([c.__dict__ for c in overview.cases], default=str, ensure_ascii=False)
        others = [p.name for p in case.parties if p.id != him.id]
        assert others and not any(name in dumped for name in others)  # no other subject of the case
        assert "k.jansen" not in dumped and "Kees Jansen" not in dumped  # officials by role only
        logged = app.audit.entries(action="inzage.overzicht")
        assert logged and logged[0].object.startswith("dossiers:") and him.name not in logged[0].object
    finally:
        app.close()


def test_a_namesake_with_another_birth_date_is_not_him(demo_app):
    _, him = person_of(demo_app)
    other = him.birth_date.replace(year=him.birth_date.year - 30)
    assert demo_app.access.overview(him.name, birth_date=other).cases == []
    assert demo_app.access.overview(him.name, birth_date=him.birth_date).cases != []


def test_the_overview_is_for_the_jurist_not_for_an_officer(demo_app):
    path = demo_app._store.path
    _, him = person_of(demo_app)
    add_user(demo_app, "vv", "Vergunning", Role.VERGUNNINGVERLENER, "paars kanaal fiets winter")
    demo_app.close()
    first_login(path, "vv", "paars kanaal fiets winter")
    officer = reopen(path, username="vv", password="paars kanaal fiets winter")
    try:
        with pytest.raises(NotAllowed):
            officer.access.overview(him.name)
    finally:
        officer.close()
