from hypothesis import given
from hypothesis import strategies as st

from bibob_desk.validation.identifiers import (
    check_bsn,
    check_iban,
    check_kvk,
    check_postcode,
    check_rsin,
    check_vestigingsnummer,
)


def test_bsn_fixed_cases():
    assert check_bsn("111222333").valid
    assert check_bsn("123456782").valid
    assert check_bsn("1234.56.782").normalized == "123456782"
    wrong = check_bsn("123456789")
    assert not wrong.valid and "elfproef" in wrong.message


def test_all_zero_bsn_and_rsin_are_refused_although_they_pass_the_elfproef():
    for check in (check_bsn, check_rsin):
        verdict = check("000000000")
        assert not verdict.valid
        assert "nullen" in verdict.message


def test_non_ascii_digits_are_refused():
    for value in ("١١١٢٢٢٣٣٣", "11122233²", "１１１２２２３３３"):
        verdict = check_bsn(value)
        assert not verdict.valid and "0-9" in verdict.message


def test_kvk_is_exactly_eight_ascii_digits_and_vestiging_twelve():
    assert check_kvk("12345678").valid
    assert not check_kvk("1234567").valid
    assert not check_kvk("123456789").valid
    assert not check_kvk("1234567٨").valid
    assert check_vestigingsnummer("000012345678").valid
    assert not check_vestigingsnummer("12345678").valid


def test_iban_mod97_and_length():
    assert check_iban("NL91ABNA0417164300").valid
    assert check_iban("nl91 abna 0417 1643 00").normalized == "NL91ABNA0417164300"
    assert not check_iban("NL91ABNA0417164301").valid
    assert not check_iban("NL91ABNA04171643").valid


def test_postcode_rules():
    assert check_postcode(" 1234ab ").normalized == "1234 AB"
    for bad in ("0123 AB", "1234 SA", "1234 SD", "1234 SS", "123 AB", "1234 A"):
        assert not check_postcode(bad).valid, bad


@given(st.one_of(st.text(max_size=60), st.integers(), st.none(), st.binary(max_size=20)))
def test_validators_never_raise(value):
    for check in (
        check_bsn,
        check_rsin,
        check_kvk,
        check_vestigingsnummer,
        check_postcode,
        check_iban,
    ):
        verdict = check(value)
        assert isinstance(verdict.valid, bool)
        if not verdict.valid:
            assert verdict.message
