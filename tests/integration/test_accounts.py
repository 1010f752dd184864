"""Password change re-wraps only the user's key slot; removing a user removes their slot."""

from __future__ import annotations

import pytest

from bibob_desk.bootstrap import open_app
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.services.permissions import NotAllowed
from bibob_desk.store.errors import WrongPassword
from bibob_desk.store.keyslots import CHEAP_TEST_KDF
from tests.conftest import ADMIN, PASSWORD, add_user, first_login

NEW = "zeilboot ochtend kaasmarkt lantaarn"
OTHER = "rode lamp zeilboot kaas"


def test_password_change_rewraps_only_the_own_slot(demo_app):
    path = demo_app._store.path
    db_before = path.read_bytes()[:4096]
    add_user(demo_app, "jurist", "Jurist", Role.JURIST, OTHER)
    with pytest.raises(WrongPassword):
        demo_app.users.change_password("niet het goede wachtwoord", NEW, kdf=CHEAP_TEST_KDF)
    with pytest.raises(UserError, match="anders"):
        demo_app.users.change_password(PASSWORD, PASSWORD, kdf=CHEAP_TEST_KDF)
    with pytest.raises(UserError):
        demo_app.users.change_password(PASSWORD, "kort", kdf=CHEAP_TEST_KDF)
    demo_app.users.change_password(PASSWORD, NEW, kdf=CHEAP_TEST_KDF)
    demo_app.close()
    first_login(path, "jurist", OTHER)
    assert path.read_bytes()[:16] == db_before[:16]  # same database salt: no rekey happened
    with pytest.raises(WrongPassword):
        open_app(path, username=ADMIN, password=PASSWORD)
    app = open_app(path, username=ADMIN, password=NEW)
    app.close()
    other = open_app(path, username="jurist", password=OTHER)  # the other slot still works
    other.close()


def test_remove_user_deletes_the_slot_and_keeps_a_beheerder(demo_app):
    path = demo_app._store.path
    add_user(demo_app, "jurist", "Jurist", Role.JURIST, OTHER)
    with pytest.raises(UserError, match="eigen account"):
        demo_app.users.remove_user(ADMIN)
    demo_app.users.remove_user("jurist")
    assert [u[0] for u in demo_app.users.list_users()] == [ADMIN]
    with pytest.raises(UserError, match="al verwijderd"):
        demo_app.users.remove_user("jurist")
    add_user(demo_app, "vv", "Vergunning", Role.VERGUNNINGVERLENER, OTHER)
    demo_app.close()
    with pytest.raises(UserError):
        open_app(path, username="jurist", password=OTHER)
    first_login(path, "vv", OTHER)
    app = open_app(path, username="vv", password=OTHER)
    try:
        with pytest.raises(NotAllowed):
            app.users.remove_user(ADMIN)
    finally:
        app.close()


def test_recovery_key_is_shown_once_resets_a_forgotten_password_and_can_be_replaced(tmp_path):
    import json
    import re

    from bibob_desk.bootstrap import create_app, recover_app
    from bibob_desk.store.errors import StoreError

    path = tmp_path / "nieuw.db"
    app = create_app(path, username=ADMIN, display_name="Beheer", password=PASSWORD, kdf=CHEAP_TEST_KDF)
    key = app._store.recovery_key
    assert re.fullmatch(r"([A-Z2-7]{4}-){7}[A-Z2-7]{4}", key)
    keys_file = path.with_name(path.name + ".keys").read_text()
    assert key.replace("-", "") not in keys_file and "herstel" in json.dumps(json.loads(keys_file))
    app.close()
    with pytest.raises(WrongPassword):  # the recovery slot never opens a session by name
        open_app(path, username="*herstel*", password=key.replace("-", ""))
    with pytest.raises(StoreError, match="Herstelsleutel onjuist"):
        recover_app(
            path, recovery_key="AAAA-" + key[5:], username=ADMIN, new_password=NEW, kdf=CHEAP_TEST_KDF
        )
    restored = recover_app(
        path, recovery_key=key.lower(), username=ADMIN, new_password=NEW, kdf=CHEAP_TEST_KDF
    )
    try:
        assert [e.action for e in restored.audit.entries(action="wachtwoord.hersteld")] == [
            "wachtwoord.hersteld"
        ]
        fresh = restored.users.new_recovery_key()
        assert fresh != key
    finally:
        restored.close()
    with pytest.raises(WrongPassword):
        open_app(path, username=ADMIN, password=PASSWORD)
    open_app(path, username=ADMIN, password=NEW).close()
    with pytest.raises(StoreError, match="Herstelsleutel onjuist"):  # the old key stopped working
        recover_app(path, recovery_key=key, username=ADMIN, new_password=OTHER + " extra", kdf=CHEAP_TEST_KDF)
    recover_app(
        path, recovery_key=fresh, username=ADMIN, new_password=OTHER + " extra", kdf=CHEAP_TEST_KDF
    ).close()
