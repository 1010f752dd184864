import unicodedata

from bibob_desk.validation.password import (
    MIN_LENGTH,
    check_unlock_length,
    evaluate_password,
    normalize_password,
)


def test_short_passwords_are_refused_with_dutch_feedback():
    verdict = evaluate_password("kort1!")
    assert not verdict.acceptable
    assert f"minstens {MIN_LENGTH} tekens" in verdict.messages[0]


def test_dutch_blocklist_catches_what_zxcvbn_lets_through():
    # reliability.md: zxcvbn scored 'Bibob@Utrecht1' 3; the blocklist must still refuse it.
    for weak in ("Bibob@Utrecht12345", "Gemeente2024!Gemeente", "Welkom01Welkom01!!"):
        verdict = evaluate_password(weak)
        assert not verdict.acceptable, weak
        assert "voorspelbare" in verdict.messages[0]


def test_user_inputs_count_as_predictable():
    verdict = evaluate_password("janssenjanssen2024", user_inputs=["janssen"])
    assert not verdict.acceptable


def test_long_random_words_pass():
    verdict = evaluate_password("blauwe tegel fiets moeras")
    assert verdict.acceptable and verdict.score >= 3


def test_messages_never_echo_the_password():
    secret = "aaaaaaaaaaaaaaaaaaaaaa"
    verdict = evaluate_password(secret)
    assert not verdict.acceptable
    assert all(secret not in m for m in verdict.messages)


def test_nfc_normalisation_without_trimming():
    nfd = unicodedata.normalize("NFD", " café ")
    assert normalize_password(nfd) == " café "
    assert normalize_password(nfd) != "café"


def test_unlock_length_limits():
    assert check_unlock_length("") != ""
    assert check_unlock_length("x" * 1024) != ""
    assert check_unlock_length("x" * 1023) == ""
