"""Company identifiers: partita IVA and the company's codice fiscale, checked with their check digits.

Pure (no Django): each check returns the normalised value or raises ``InvalidIdentifier`` with a reason
code; the forms and the API turn the code into a sentence in the user's language.
A company's codice fiscale is its 11-digit numeric code (for companies it usually equals the partita IVA),
or, for a sole trader (ditta individuale), the owner's 16-character personal code.
"""

from __future__ import annotations

from enum import StrEnum

from stdnum import exceptions as stdnum_errors
from stdnum import luhn
from stdnum.it import codicefiscale, iva


class Reason(StrEnum):
    LENGTH = "length"  # not 11 digits (partita IVA) / not 11 or 16 characters (codice fiscale)
    FORMAT = "format"  # characters that are not digits, or a zero company number
    OFFICE = "office"  # digits 8-10 are not a provincial tax office code (001-100, 120, 121, 888, 999)
    CHECKSUM = "checksum"  # the last character does not match the others
    BIRTH_DATE = "birth_date"  # a 16-character code whose encoded birth date does not exist


class InvalidIdentifier(ValueError):
    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.value)
        self.reason = reason


def compact(value: str) -> str:
    """Without spaces, dots, dashes and the ``IT`` prefix of a VAT number, upper case."""
    value = "".join(ch for ch in value if ch not in " .-/").upper()
    return value[2:] if value.startswith("IT") and len(value) == 13 else value


def _reason(error: Exception) -> Reason:
    if isinstance(error, stdnum_errors.InvalidLength):
        return Reason.LENGTH
    if isinstance(error, stdnum_errors.InvalidComponent):
        return Reason.OFFICE
    if isinstance(error, stdnum_errors.InvalidChecksum):
        return Reason.CHECKSUM
    return Reason.FORMAT


def validate_partita_iva(value: str) -> str:
    """The 11 digits of a valid partita IVA (D.P.R. 633/1972 art. 35; Luhn check digit)."""
    number = compact(value)
    if number.isdigit() and len(number) != 11:
        raise InvalidIdentifier(Reason.LENGTH)
    try:
        return str(iva.validate(number))
    except stdnum_errors.ValidationError as error:
        raise InvalidIdentifier(_reason(error)) from None


def validate_company_codice_fiscale(value: str) -> str:
    """An 11-digit numeric codice fiscale, or a sole trader's 16-character personal one (D.P.R. 605/1973)."""
    number = compact(value)
    if len(number) == 11:
        return validate_partita_iva(number)
    if len(number) != 16:
        raise InvalidIdentifier(Reason.LENGTH)
    try:
        return str(codicefiscale.validate(number))
    except stdnum_errors.InvalidComponent:  # stdnum's word for an impossible birth date
        raise InvalidIdentifier(Reason.BIRTH_DATE) from None
    except stdnum_errors.ValidationError as error:
        raise InvalidIdentifier(_reason(error)) from None


def partita_iva_with_check_digit(first_ten: str) -> str:
    """The full partita IVA for 7 company digits and 3 office digits (the demo generates valid ones)."""
    if len(first_ten) != 10 or not first_ten.isdigit():
        raise ValueError("give exactly 10 digits")
    return first_ten + str(luhn.calc_check_digit(first_ten))
