"""T08: key rotation — old key files stop working, interruptions after each step are sorted out at
the next unlock, and kill -9 at random moments never loses the database."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bibob_desk.bootstrap import open_app
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.store import rotation
from bibob_desk.store.errors import AccountPending, PasswordChangeRequired, WrongPassword
from bibob_desk.store.keyslots import CHEAP_TEST_KDF, KeySlotFile
from tests.conftest import ADMIN, PASSWORD, add_user, first_login

OTHER = "rode lamp zeilboot kaas"
TEMP = "tijdelijk wachtwoord voor jurist 7"
ROOT = Path(__file__).resolve().parents[2]


def keys(path: Path) -> Path:
    return KeySlotFile.path_for(path)


def test_rotation_locks_out_old_key_files_and_keeps_data_and_audit(demo_app, tmp_path):
    path = demo_app._store.path
    add_user(demo_app, "jurist2", "Jurist", Role.JURIST, OTHER)
    old_keys = tmp_path / "oude.keys"
    shutil.copy2(keys(path), old_keys)  # what a departing colleague could have kept
    demo_app.users.remove_user("jurist2")
    with pytest.raises(UserError):
        demo_app.users.rotate_key("niet mijn wachtwoord", kdf=CHEAP_TEST_KDF)
    recovery, dropped = demo_app.users.rotate_key(PASSWORD, kdf=CHEAP_TEST_KDF)
    assert dropped == [] and recovery.count("-") == 7
    demo_app.close()
    app = open_app(path, username=ADMIN, password=PASSWORD)
    try:
        assert {s.reference for s in app.cases.summaries("")} >= {"H1", "H2", "V1", "V3"}
        assert app.audit.verify().first_broken is None  # the chain survived the new key
        assert app._store.check().ok
    finally:
        app.close()
    current = tmp_path / "huidige.keys"
    shutil.copy2(keys(path), current)
    shutil.copy2(old_keys, keys(path))
    with pytest.raises(UserError):  # the old key file no longer opens the current database
        first_login(path, "jurist2", OTHER)
        open_app(path, username="jurist2", password=OTHER)
    shutil.copy2(current, keys(path))


def test_other_users_need_a_new_password_after_rotation(demo_app):
    path = demo_app._store.path
    add_user(demo_app, "jurist2", "Jurist", Role.JURIST, OTHER)
    recovery, dropped = demo_app.users.rotate_key(PASSWORD, kdf=CHEAP_TEST_KDF)
    assert dropped == ["jurist2"]
    demo_app.users.reset_password("jurist2", TEMP, kdf=CHEAP_TEST_KDF)
    demo_app.close()
    with pytest.raises(PasswordChangeRequired):
        open_app(path, username="jurist2", password=TEMP)
    with pytest.raises(AccountPending, match="tweede beheerder"):  # a new key for a jurist: four eyes
        open_app(path, username="jurist2", password=TEMP, new_password=OTHER + " nieuw", kdf=CHEAP_TEST_KDF)
    admin = open_app(path, username=ADMIN, password=PASSWORD)
    admin.users.confirm_account("jurist2", recovery_key=recovery)  # the only beheerder: the recovery key
    admin.close()
    with pytest.raises(WrongPassword):  # his own password replaced the temporary one already
        open_app(path, username="jurist2", password=TEMP)
    open_app(path, username="jurist2", password=OTHER + " nieuw").close()


def _interrupt(demo_app, *, rekeyed: bool) -> Path:
    """Do step A (and B) of a rotation by hand, as a process killed at that moment would leave it."""
    store = demo_app._store
    path = store.path
    slots = KeySlotFile.load(keys(path))
    with store.engine.begin() as conn:
        rotation.pin_audit_key(conn, store.audit_key)
    new_key = rotation.new_database_key()
    rotation.add_pending(slots, ADMIN, PASSWORD, new_key, CHEAP_TEST_KDF, sealed=(store.keys.seal(), None))
    slots.save(keys(path))
    if rekeyed:
        store.engine.dispose()
        rotation.rekey(path, store._key, new_key)
        store._key[:] = new_key
    demo_app.close()
    return path


@pytest.mark.parametrize("rekeyed", [False, True])
def test_an_interrupted_rotation_is_rolled_back_or_finished_at_the_next_unlock(demo_app, rekeyed):
    path = _interrupt(demo_app, rekeyed=rekeyed)
    assert any(s.state == "pending" for s in KeySlotFile.load(keys(path)).slots)
    app = open_app(path, username=ADMIN, password=PASSWORD)
    try:
        assert all(s.state == "active" for s in KeySlotFile.load(keys(path)).slots)
        assert app._store.check().ok and app.audit.verify().first_broken is None
        action = "sleutel.geroteerd" if rekeyed else "sleutel.rotatie_teruggedraaid"
        assert [e.action for e in app.audit.entries(action=action)] == [action]
        assert (app._store.recovery_key is not None) is rekeyed  # a new one to show, when finished
    finally:
        app.close()
    open_app(path, username=ADMIN, password=PASSWORD).close()


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from bibob_desk.bootstrap import open_app
    from bibob_desk.store.keyslots import CHEAP_TEST_KDF
    db, user, password = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    ctx = open_app(db, username=user, password=password)
    while True:
        ctx.users.rotate_key(password, kdf=CHEAP_TEST_KDF)
        print("gedraaid", flush=True)
""")


@pytest.mark.slow
def test_kill_minus_nine_during_rotations_never_loses_the_database(demo_app):
    path = demo_app._store.path
    demo_app.close()
    rng = random.Random(20261122)
    rounds = int(os.environ.get("BIBOB_ROTATION_ROUNDS", "10"))
    rotated = 0
    for _ in range(rounds):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), ADMIN, PASSWORD],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        wanted = rng.randint(1, 3)  # the handshake: kill after this many finished rotations
        seen = [child.stdout.readline() for _ in range(wanted)]
        assert all("gedraaid" in line for line in seen), "the child stopped before it rotated"
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=60)
        rotated += len(seen) + out.count("gedraaid")
        app = open_app(path, username=ADMIN, password=PASSWORD)
        try:
            assert app._store.check().ok
            assert {s.reference for s in app.cases.summaries("")} >= {"H1", "H2", "V1", "V3"}
        finally:
            app.close()
    assert rotated > rounds  # the children really rotated between the kills
