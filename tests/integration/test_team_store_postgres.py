"""Issue 19: the Store on a team database, on the real PostgreSQL cluster. Two people sign in with
their own login roles, see each other's saves, and the second save of one version is refused; the
audit chain stays one chain and verifies; the server never receives a password."""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import text

from bibob_desk.domain.enums import Role
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import demo_case_files
from bibob_desk.store.errors import AccountPending, PasswordChangeRequired, StoreError, WrongPassword
from bibob_desk.store.keyslots import CHEAP_TEST_KDF
from bibob_desk.store.revision_repository import StaleCase
from bibob_desk.store.team_store import TeamStore
from tests.support.team import OWN, TEMPORARY, drop_roles, open_as


def _demo_case(reference: str, behandelaar: str):
    case = next(c for c in (read_case_file(f).case for f in demo_case_files()) if c.reference == reference)
    return replace(case, behandelaar=behandelaar)


def test_two_people_see_each_others_saves_and_the_second_save_of_a_version_is_refused(team):
    address, founder, colleague = team.address, team.founder, team.colleague
    ann = colleague(Role.VERGUNNINGVERLENER, "ann")
    with open_as(address, founder) as boss, boss.transaction() as tx:
        tx.cases.add_many([_demo_case("H1", ann)])
    first, second = open_as(address, ann, OWN), open_as(address, founder)
    try:
        with first.transaction() as tx:
            case = tx.cases.get_by_reference("H1")
            version = tx.cases.version(case.id)
        with second.transaction() as tx:  # the coordinator sees the case and its version
            assert tx.cases.version(case.id) == version
            theirs = tx.cases.get(case.id)
        with first.transaction() as tx:
            changed = replace(case, location=replace(case.location, street="Nieuwe Markt"))
            assert tx.save_case(changed, reason="adres verbeterd", expected=version) == version + 1
        with second.transaction() as tx:  # the colleague's save, without reopening
            assert tx.cases.get(case.id).location.street == "Nieuwe Markt"
            assert [c[0] for c in tx.cases.changed_since("")] == [case.id]
        with pytest.raises(StaleCase) as refused, second.transaction() as tx:
            other = replace(theirs, location=replace(theirs.location, street="Oude Markt"))
            tx.save_case(other, reason="ook verbeterd", expected=version)
        assert (refused.value.expected, refused.value.current) == (version, version + 1)
        with second.transaction() as tx:
            assert tx.cases.get(case.id).location.street == "Nieuwe Markt"
        assert first.verify_audit().first_broken is None
        assert second.verify_audit().first_broken is None
    finally:
        first.close()
        second.close()


def test_simultaneous_saves_wait_for_each_other_and_keep_one_audit_chain(team):
    """Two sessions save the same case from the same version at the same moment: one wins, the other
    gets StaleCase (the row lock makes it read the winner's version); twenty more audit rows from
    two threads stay one chain."""
    address, founder, colleague = team.address, team.founder, team.colleague
    ann = colleague(Role.VERGUNNINGVERLENER, "ann")
    with open_as(address, founder) as boss, boss.transaction() as tx:
        tx.cases.add_many([_demo_case("H1", ann)])
    stores = [open_as(address, ann, OWN), open_as(address, founder)]
    try:
        with stores[0].transaction() as tx:
            case = tx.cases.get_by_reference("H1")
            version = tx.cases.version(case.id)
        outcome: dict[int, object] = {}
        barrier = threading.Barrier(2)

        def save(i: int) -> None:
            try:
                with stores[i].transaction() as tx:
                    barrier.wait()
                    street = f"Straat {i}"
                    tx.save_case(
                        replace(case, location=replace(case.location, street=street)), expected=version
                    )
                    for n in range(10):
                        tx.audit("proef.gelijktijdig", f"n:{n}")
                outcome[i] = "opgeslagen"
            except StaleCase:
                outcome[i] = "geweigerd"

        threads = [threading.Thread(target=save, args=(i,)) for i in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcome.values()) == ["geweigerd", "opgeslagen"]
        with stores[1].transaction() as tx:
            assert tx.cases.version(case.id) == version + 1
        verification = stores[1].verify_audit()
        assert verification.first_broken is None, verification.reason
    finally:
        for store in stores:
            store.close()


def test_the_server_holds_a_verifier_never_the_password_and_a_wrong_password_is_refused(team, team_db):
    address, colleague = team.address, team.colleague
    ann = colleague(Role.LEZER, "ann")
    with team_db.connect() as conn:
        stored = conn.execute(
            text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": ann}
        ).scalar()
        slots = " ".join(r[0] for r in conn.execute(text("SELECT slot FROM team_key_slots")))
    assert stored.startswith("SCRAM-SHA-256$")
    assert OWN not in stored and OWN not in slots and TEMPORARY not in slots
    with pytest.raises(WrongPassword):
        open_as(address, ann, "een ander wachtwoord van hem")
    with pytest.raises(WrongPassword):  # the login secret is not enough: it is not the password
        open_as(address, "niemand_" + uuid.uuid4().hex[:4], OWN)


def test_a_temporary_password_must_be_replaced_and_a_jurist_waits_as_lezer_for_four_eyes(
    team, team_db, postgres_cluster
):
    address, founder = team.address, team.founder
    jurist = "jurist_" + uuid.uuid4().hex[:6]
    try:
        with open_as(address, founder) as boss:
            boss.add_user(jurist, "Jurist", Role.JURIST, TEMPORARY, kdf=CHEAP_TEST_KDF)
        with pytest.raises(PasswordChangeRequired):
            open_as(address, jurist, TEMPORARY)
        with pytest.raises(AccountPending):
            TeamStore.open_team(
                address, username=jurist, password=TEMPORARY, new_password=OWN, kdf=CHEAP_TEST_KDF
            )
        with team_db.connect() as conn:
            groups = {
                r[0]
                for r in conn.execute(
                    text(
                        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                        "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n"
                    ),
                    {"n": jurist},
                )
            }
        assert groups == {"bibob_lezer"}  # not yet a jurist on the server either
    finally:
        drop_roles(postgres_cluster, [jurist])


def test_a_schema_of_another_version_is_refused_with_a_dutch_message(team, team_db):
    address, founder = team.address, team.founder
    with team_db.begin() as conn:
        conn.execute(text("UPDATE meta SET value = '999' WHERE key = 'schema_version'"))
    with pytest.raises(StoreError, match="schemaversie 999"):
        open_as(address, founder)


def test_a_set_up_that_fails_half_way_leaves_an_empty_database_to_set_up_again(team_db, postgres_cluster):
    """The founder's name is taken on the cluster: the CREATE ROLE fails after the schema was made;
    nothing of it stays, and the database can be set up with another name."""
    from bibob_desk.store import dialect

    taken = "bezet_" + uuid.uuid4().hex[:6]
    with team_db.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{taken}"'))
    owner = postgres_cluster.url(database=team_db.url.database)
    free = "vrij_" + uuid.uuid4().hex[:6]
    try:
        with pytest.raises(StoreError):
            TeamStore.initialise(owner, username=taken, display_name="X", password=OWN, kdf=CHEAP_TEST_KDF)
        with team_db.connect() as conn:
            assert "meta" not in dialect.table_names(conn)
        recovery, _ = TeamStore.initialise(
            owner, username=free, display_name="Y", password=OWN, kdf=CHEAP_TEST_KDF
        )
        assert recovery
    finally:
        team_db.dispose()
        drop_roles(postgres_cluster, [taken, free])


PASSWORD_OF = text("SELECT rolpassword FROM pg_authid WHERE rolname = :n")


def test_a_new_colleague_never_takes_over_a_login_of_that_name_from_elsewhere_on_the_server(team, team_db):
    """Login roles belong to the whole cluster: a beheerder adding 'x' where another database's 'x'
    exists is refused, and that login keeps its password."""
    other = "elders_" + team.tag
    team.made.append(other)
    with team_db.begin() as conn:
        conn.execute(text(f"CREATE ROLE \"{other}\" LOGIN PASSWORD 'van een andere gemeente'"))
        before = conn.execute(PASSWORD_OF, {"n": other}).scalar()
    with open_as(team.address, team.founder) as boss:
        with pytest.raises(StoreError, match="bestaat al een aanmelding"):
            boss.add_user(other, "Elders", Role.LEZER, TEMPORARY, kdf=CHEAP_TEST_KDF)
        with boss.transaction() as tx:
            assert tx.users.get(other) is None  # nothing of the account was kept
    with team_db.connect() as conn:
        after = conn.execute(PASSWORD_OF, {"n": other}).scalar()
    assert after == before


def test_a_server_that_does_not_answer_is_named_at_sign_in_without_the_address(team, postgres_cluster):
    import socket

    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    nowhere = team.address.replace(f":{postgres_cluster.port}/", f":{port}/")
    with pytest.raises(StoreError, match="niet bereikbaar") as refused:
        open_as(nowhere, team.founder)
    assert str(port) not in str(refused.value) and "127.0.0.1" not in str(refused.value)


def test_a_second_jurist_reads_a_case_in_the_decision_stage_approves_it_and_changes_nothing(team, tmp_path):
    """Four eyes on the server (migration 23): a jurist outside the case's team reads it once it is in
    the decision stages, approves its decision, and can neither change nor destroy it; a case still
    under research stays out of his sight; a shielded case shows him no official's name."""
    from datetime import date

    from bibob_desk.bootstrap import AppContext
    from bibob_desk.domain.errors import UserError
    from bibob_desk.services.retention import RetentionService

    ann = team.colleague(Role.VERGUNNINGVERLENER, "ann")
    eva = team.colleague(Role.JURIST, "eva")  # the jurist of the case
    jan = team.colleague(Role.JURIST, "jan")  # the second jurist, of no team of these cases
    boss = AppContext.around(open_as(team.address, team.founder))
    try:
        with boss._store.transaction() as tx:  # H2 has the LBB's advice, H1 is still under research
            tx.cases.add_many([replace(_demo_case("H2", ann), jurist=eva), _demo_case("H1", ann)])
        h2 = boss.cases.id_of("H2")
        boss.risk.score(h2)
        boss.cases.shield(h2, True, "bedreiging van de behandelaar na het advies")
        later = RetentionService(boss._store, today=lambda: date(2040, 1, 1))
        assert later.purge(h2) == "aangevraagd"
    finally:
        boss.close()

    second = AppContext.around(open_as(team.address, jan, OWN))
    try:
        assert [s.reference for s in second.cases.summaries("")] == ["H2"]
        seen = second.cases.open_case(h2)
        assert seen.behandelaar == "" and seen.jurist == ""  # shielded: the team's names are not his
        second.exports.approve(h2, "weigering")
        with pytest.raises(UserError) as refused:
            second.revisions.edit(h2, [{"op": "replace", "path": "/title", "value": "Anders"}], "poging")
        assert "meelezen" in str(refused.value)
        with pytest.raises(UserError, match="meelezen") as kept:
            RetentionService(second._store, today=lambda: date(2040, 1, 1)).purge(h2)
        assert "vernietigen doen" in str(kept.value) and "beheerder" in str(kept.value)
        assert second.cases.open_case(h2).title == seen.title
    finally:
        second.close()

    own = AppContext.around(open_as(team.address, eva, OWN))
    try:
        own.exports.memo(h2, "weigering", tmp_path / "weigering.pdf")  # the approval counts
        assert (tmp_path / "weigering.pdf").exists()
    finally:
        own.close()
    boss = AppContext.around(open_as(team.address, team.founder))
    try:
        approved = boss.audit.entries(action="besluit.goedgekeurd")
        assert [(e.action, e.actor) for e in approved] == [("besluit.goedgekeurd.weigering", jan)]
        assert boss.cases.open_case(h2).title == seen.title and boss.audit.verify().first_broken is None
    finally:
        boss.close()
