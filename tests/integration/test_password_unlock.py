"""T10: what a user types unlocks a real key slot the same way every time: NFC and NFD, ß, ë and
emoji, 128 characters, spaces kept; an empty or over-long password is refused before the slot."""

from __future__ import annotations

import unicodedata

import pytest

from bibob_desk.bootstrap import create_app, open_app
from bibob_desk.domain.errors import UserError
from bibob_desk.store.errors import WrongPassword
from bibob_desk.store.keyslots import CHEAP_TEST_KDF

CASES = {
    "nfc_nfd": ("café straße ëiland vliegt", unicodedata.normalize("NFD", "café straße ëiland vliegt")),
    "emoji": ("zeilboot 🚲 kaas 🧀 regen", "zeilboot 🚲 kaas 🧀 regen"),
    "lang": ("fiets" * 25 + "zeep", "fiets" * 25 + "zeep"),  # 129 characters
    "spaties": ("  tulp kano wolk zeef  ", "  tulp kano wolk zeef  "),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_same_password_typed_another_way_unlocks_the_real_slot(tmp_path, name):
    chosen, typed = CASES[name]
    path = tmp_path / "db" / "bibob.db"
    create_app(
        path,
        username="beheerder",
        display_name="B",
        password=unicodedata.normalize("NFC", chosen),
        kdf=CHEAP_TEST_KDF,
    ).close()
    app = open_app(path, username="beheerder", password=typed)
    assert app.users.current.username == "beheerder"
    app.close()
    if name == "spaties":  # no trimming: without the spaces it is another password
        with pytest.raises(WrongPassword):
            open_app(path, username="beheerder", password=chosen.strip())


@pytest.mark.parametrize("password", ["", "x" * 1024])
def test_empty_and_over_long_passwords_are_refused_with_a_message(tmp_path, password):
    path = tmp_path / "db" / "bibob.db"
    create_app(
        path, username="beheerder", display_name="B", password="tulp kano wolk zeef", kdf=CHEAP_TEST_KDF
    ).close()
    with pytest.raises(UserError, match=r"Vul uw wachtwoord in|hoogstens 1023 tekens"):
        open_app(path, username="beheerder", password=password)
    assert not path.with_name(path.name + ".mislukt").exists()  # not even counted as an attempt
