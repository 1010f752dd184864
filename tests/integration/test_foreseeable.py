"""Issue 17, part 4: the list of foreseeable conditions. Each one, made real here, ends in a UserError
with a Dutch sentence that says what is wrong — never the generic "onverwachte fout" and never a
Python exception of another kind. (The root-only ones — read-only mount, full disk — are in
test_clear_errors.py; the import fuzz in tests/unit/test_import_fuzz.py.)"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from bibob_desk.bootstrap import open_app
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.store.keyslots import CHEAP_TEST_KDF, KeySlotFile
from tests.conftest import ADMIN, PASSWORD, TEMPORARY


def _open(path: Path, **kw) -> None:
    open_app(path, username=kw.pop("username", ADMIN), password=kw.pop("password", PASSWORD), **kw).close()


def wrong_password(app, path, tmp):
    _open(path, password="niet het goede wachtwoord")


def missing_database(app, path, tmp):
    _open(tmp / "nergens.db")


def empty_file(app, path, tmp):
    (tmp / "leeg.db").write_bytes(b"")
    _open(tmp / "leeg.db")


def a_directory(app, path, tmp):
    _open(tmp)


def unencrypted_sqlite(app, path, tmp):
    plain = tmp / "plat.db"
    sqlite3.connect(plain).execute("CREATE TABLE x (y)").connection.commit()
    _open(plain)


def key_file_missing(app, path, tmp):
    KeySlotFile.path_for(path).unlink()
    _open(path)


def key_file_damaged(app, path, tmp):
    KeySlotFile.path_for(path).write_text("{kapot")
    _open(path)


def key_file_of_another_database(app, path, tmp):
    from bibob_desk.bootstrap import create_app

    other = tmp / "ander" / "b.db"
    create_app(other, username=ADMIN, display_name="B", password=PASSWORD, kdf=CHEAP_TEST_KDF).close()
    shutil.copy2(KeySlotFile.path_for(other), KeySlotFile.path_for(path))
    _open(path)


def in_use(app, path, tmp):
    holder = open_app(path, username=ADMIN, password=PASSWORD)
    try:
        _open(path)
    finally:
        holder.close()


def temporary_password(app, path, tmp):
    holder = open_app(path, username=ADMIN, password=PASSWORD)
    holder.users.add_user("vv", "V", Role.VERGUNNINGVERLENER, TEMPORARY, kdf=CHEAP_TEST_KDF)
    holder.close()
    _open(path, username="vv", password=TEMPORARY)


def same_password_as_the_temporary_one(app, path, tmp):
    holder = open_app(path, username=ADMIN, password=PASSWORD)
    holder.users.add_user("vv", "V", Role.VERGUNNINGVERLENER, TEMPORARY, kdf=CHEAP_TEST_KDF)
    holder.close()
    _open(path, username="vv", password=TEMPORARY, new_password=TEMPORARY)


def account_waiting_for_a_second_beheerder(app, path, tmp):
    holder = open_app(path, username=ADMIN, password=PASSWORD)
    holder.users.add_user("jurist2", "J", Role.JURIST, TEMPORARY, kdf=CHEAP_TEST_KDF)
    holder.close()
    _open(
        path,
        username="jurist2",
        password=TEMPORARY,
        new_password="groene deur hamer wolk",
        kdf=CHEAP_TEST_KDF,
    )


def raised_role(app, path, tmp):
    holder = open_app(path, username=ADMIN, password=PASSWORD)
    with holder._store.engine.begin() as conn:
        conn.execute(text("UPDATE users SET role = 'lezer' WHERE username = :u"), {"u": ADMIN})
    holder.close()
    _open(path)


def older_copy(app, path, tmp):
    saved = tmp / "kopie"
    shutil.copytree(path.parent, saved)
    holder = open_app(path, username=ADMIN, password=PASSWORD)
    holder.audit.verify()
    holder.close()
    shutil.rmtree(path.parent)
    shutil.copytree(saved, path.parent)
    _open(path)


def empty_password(app, path, tmp):
    _open(path, password="")


def over_long_password(app, path, tmp):
    _open(path, password="x" * 2000)


def decision_without_legal_assessment(app, path, tmp):
    holder = open_app(path, username=ADMIN, password=PASSWORD)
    try:
        holder.exports.approve(holder.cases.id_of("H1"), "weigering")
    finally:
        holder.close()


def decision_without_second_jurist(app, path, tmp):
    holder = open_app(path, username=ADMIN, password=PASSWORD)
    try:
        holder.exports.memo(holder.cases.id_of("H2"), "weigering", tmp / "w.pdf")
    finally:
        holder.close()


def four_eyes_off_alone(app, path, tmp):
    holder = open_app(path, username=ADMIN, password=PASSWORD)
    try:
        holder.settings.set("vier_ogen_besluiten", "UIT")
        holder.settings.confirm("vier_ogen_besluiten")
    finally:
        holder.close()


def confirming_ones_own_account(app, path, tmp):
    holder = open_app(path, username=ADMIN, password=PASSWORD)
    try:
        holder.users.add_user("jurist2", "J", Role.JURIST, TEMPORARY, kdf=CHEAP_TEST_KDF)
        holder.users.confirm_account("jurist2")
    finally:
        holder.close()


def wrong_recovery_key(app, path, tmp):
    from bibob_desk.bootstrap import recover_app

    recover_app(path, recovery_key="AAAA-BBBB", username=ADMIN, new_password="nieuwe zin met een ezel")


CONDITIONS: list[Callable] = [
    wrong_password,
    missing_database,
    empty_file,
    a_directory,
    unencrypted_sqlite,
    key_file_missing,
    key_file_damaged,
    key_file_of_another_database,
    in_use,
    temporary_password,
    same_password_as_the_temporary_one,
    account_waiting_for_a_second_beheerder,
    raised_role,
    older_copy,
    empty_password,
    over_long_password,
    decision_without_legal_assessment,
    decision_without_second_jurist,
    four_eyes_off_alone,
    confirming_ones_own_account,
    wrong_recovery_key,
]


@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda c: c.__name__)
def test_a_foreseeable_condition_gets_its_own_dutch_message(demo_app, tmp_path, condition):
    path = demo_app._store.path
    demo_app.close()
    with pytest.raises(UserError) as raised:
        condition(demo_app, path, tmp_path)
    message = str(raised.value)
    assert "onverwachte fout" not in message and len(message) > 20
    assert "Traceback" not in message and "sqlite" not in message.lower().replace("sqlite-database", "")
