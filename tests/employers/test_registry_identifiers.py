"""Partita IVA and company codice fiscale: check digits, with the reason when they are wrong."""

import pytest
from stdnum.it import codicefiscale

from florwork.employers.identifiers import (
    InvalidIdentifier,
    Reason,
    partita_iva_with_check_digit,
    validate_company_codice_fiscale,
    validate_partita_iva,
)

VALID = partita_iva_with_check_digit("1234567048")  # a Florence office code (048)


def test_a_valid_partita_iva_is_normalised():
    assert validate_partita_iva(f"IT {VALID[:5]} {VALID[5:]}") == VALID


@pytest.mark.parametrize(("value", "reason"), [
    ("1234567048", Reason.LENGTH),
    ("123456704801", Reason.LENGTH),
    ("12345670A80", Reason.FORMAT),
    ("00000000000", Reason.FORMAT),
    ("12345672008", Reason.OFFICE),
    (VALID[:-1] + str((int(VALID[-1]) + 1) % 10), Reason.CHECKSUM),
])
def test_an_invalid_partita_iva_says_why(value, reason):
    with pytest.raises(InvalidIdentifier) as error:
        validate_partita_iva(value)
    assert error.value.reason == reason


def test_a_company_codice_fiscale_of_eleven_digits_is_checked_as_a_partita_iva():
    assert validate_company_codice_fiscale(VALID) == VALID
    with pytest.raises(InvalidIdentifier) as error:
        validate_company_codice_fiscale(VALID[:-1] + str((int(VALID[-1]) + 3) % 10))
    assert error.value.reason == Reason.CHECKSUM


def test_a_sole_traders_personal_code_is_accepted():
    code = "RSSMRA80A01H501"
    code += codicefiscale.calc_check_digit(code)

    assert validate_company_codice_fiscale(code.lower()) == code


@pytest.mark.parametrize(("body", "reason"), [("RSSMRA80B71H501", Reason.BIRTH_DATE)])
def test_an_impossible_birth_date_is_named(body, reason):
    with pytest.raises(InvalidIdentifier) as error:
        validate_company_codice_fiscale(body + codicefiscale.calc_check_digit(body))
    assert error.value.reason == reason


def test_a_wrong_check_letter_and_a_wrong_length_are_named():
    cases = (("RSSMRA80A01H501A", Reason.CHECKSUM), ("RSSMRA80A01H5", Reason.LENGTH), ("RSSMRA80A01", Reason.FORMAT))
    for value, reason in cases:
        with pytest.raises(InvalidIdentifier) as error:
            validate_company_codice_fiscale(value)
        assert error.value.reason == reason
