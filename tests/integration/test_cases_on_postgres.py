"""The case repository and its projections on PostgreSQL (issue 19, a first part of "the integration
tests run against both backends"): the same cases written through the same code give the same list,
search, revision and projections on the real server as in the SQLCipher file."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session

from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import demo_case_files
from bibob_desk.store import migrations, projection_check
from bibob_desk.store.projections import Projections
from bibob_desk.store.repository import CaseRepository


def _cases():
    return [read_case_file(f).case for f in demo_case_files()]


def _work(session: Session) -> tuple[CaseRepository, Projections]:
    projections = Projections(session.connection(), date.today())
    return CaseRepository(session, lambda: projections), projections


def _what_the_list_shows(repo: CaseRepository) -> dict[str, object]:
    return {
        "all": [(s.reference, s.stage, s.location, s.party_names) for s in repo.summaries("")],
        "karimi": [s.reference for s in repo.summaries("karimi")],
        "straat": sorted(s.reference for s in repo.summaries("straat")),
        "counts": [repo.count(q) for q in ("", "karimi", "straat", "k")],
    }


def test_cases_list_search_revisions_and_projections_agree_on_both_backends(team_db, demo_app):
    with team_db.begin() as conn:
        migrations.initialise(conn, str(uuid.uuid4()))
    with Session(team_db) as session:
        repo, projections = _work(session)
        repo.add_many(_cases())
        session.commit()
    with Session(team_db) as session:
        repo, projections = _work(session)
        on_server = _what_the_list_shows(repo)
        case = repo.get_by_reference("H1")
        case.location.street = "Nieuwe Markt"
        assert repo.update(case, actor="beheerder", reason="adres verbeterd") == 2
        assert repo.get_by_reference("H1").location.street == "Nieuwe Markt"
        assert projection_check.verify(session.connection(), date.today()) == []
        terms = len(projections.open_terms(None, None, 1000))
        session.commit()
    with demo_app._store.transaction() as tx:
        in_file = _what_the_list_shows(tx.cases)
        file_terms = len(tx.projections.open_terms(None, None, 1000))
    assert on_server == in_file and on_server["karimi"] == ["H2"]
    assert terms == file_terms > 0
