"""Key slots as rows of the team database (issue 19): each person reads and opens only his own slot;
only a beheerder adds one; the server holds wrapped keys, never a password or the team key."""

from __future__ import annotations

import base64
import secrets
import uuid

import pytest
import sqlalchemy
from sqlalchemy import text

from bibob_desk.store import migrations, team_keys
from bibob_desk.store.errors import WrongPassword
from bibob_desk.store.keyslots import CHEAP_TEST_KDF, new_slot
from tests.support.postgres import login_roles

PASSWORDS = {"lezer": "eerste lange zin 11", "beheerder": "tweede lange zin 22"}


@pytest.fixture
def slots(team_db, postgres_cluster):
    db_uuid = str(uuid.uuid4())
    with team_db.begin() as conn:
        migrations.initialise(conn, db_uuid)
    tag = uuid.uuid4().hex[:8]
    names = {kind: f"{kind}_{tag}" for kind in PASSWORDS}
    team_key = secrets.token_bytes(32)
    groups = {"lezer": "bibob_lezer", "beheerder": "bibob_beheerder"}
    people = {name: (groups[kind], PASSWORDS[kind]) for kind, name in names.items()}
    with login_roles(team_db, postgres_cluster, people) as by_name:
        engines = {kind: by_name[name] for kind, name in names.items()}
        with engines["beheerder"].begin() as conn:  # the beheerder hands out the team key
            for kind, name in names.items():
                team_keys.put(conn, new_slot(name, PASSWORDS[kind], team_key, db_uuid, CHEAP_TEST_KDF))
        try:
            yield names, engines, team_key, db_uuid
        finally:
            with team_db.begin() as conn:
                conn.execute(text("DELETE FROM team_key_slots"))


def test_each_person_opens_only_his_own_slot(slots):
    names, engines, team_key, db_uuid = slots
    with engines["lezer"].connect() as conn:
        visible = [r[0] for r in conn.execute(text("SELECT username FROM team_key_slots"))]
        key, _sealed = team_keys.unlock(conn, names["lezer"], PASSWORDS["lezer"], db_uuid)
        assert team_keys.own(conn, names["beheerder"]) is None  # not his to see
        with pytest.raises(WrongPassword):
            team_keys.unlock(conn, names["beheerder"], PASSWORDS["beheerder"], db_uuid)
        with pytest.raises(WrongPassword):
            team_keys.unlock(conn, names["lezer"], "verkeerd wachtwoord", db_uuid)
    assert visible == [names["lezer"]] and bytes(key) == team_key
    with engines["beheerder"].connect() as conn:
        assert len(conn.execute(text("SELECT username FROM team_key_slots")).all()) == 2


def test_only_a_beheerder_adds_a_slot_and_the_server_holds_no_secret(slots, team_db):
    names, engines, team_key, db_uuid = slots
    own_key = secrets.token_bytes(32)
    with pytest.raises(sqlalchemy.exc.DBAPIError), engines["lezer"].begin() as conn:
        team_keys.put(
            conn, new_slot(names["lezer"], "zelf gekozen sleutel 3", own_key, db_uuid, CHEAP_TEST_KDF)
        )
    with team_db.connect() as conn:
        stored = " ".join(r[0] for r in conn.execute(text("SELECT slot FROM team_key_slots")))
    for secret in (*PASSWORDS.values(), team_key.hex(), base64.b64encode(team_key).decode()):
        assert secret not in stored
