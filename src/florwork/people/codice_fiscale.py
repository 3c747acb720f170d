"""Codice fiscale: validation with distinct reasons, omocodia, decoding, and cross-checks.

python-stdnum supplies the check character (``calc_check_digit``), the normalization
(``compact``) and the Luhn check of 11-digit numbers (``stdnum.it.iva``). It lacks what an
operator needs to act on a bad code: *why* it is wrong, a century chosen relative to today,
omocodia in the birth-place digits, the sex of an omocode, the surname/name letters, and a
comparison with what the person states. That is what this module adds. No Django import.

Layout of a personal code (1-based positions)::

    1-3 surname   4-6 name   7-8 year   9 month   10-11 day (+40 for women)
    12-15 birth place (comune's codice catastale, or Z + 3 digits for a foreign state)
    16 check character

When two people would get the same code, the Agenzia delle Entrate replaces digits with
letters (omocodia), starting from the rightmost digit: 0-9 become L M N P Q R S T U V.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo

from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError
from stdnum.it import codicefiscale as stdnum_cf
from stdnum.it import iva

Sex = Literal["M", "F"]
MismatchField = Literal["last_name", "first_name", "birth_date", "sex", "birth_place"]

PERSONAL_LENGTH = 16
TEMPORARY_LENGTH = 11
MONTH_LETTERS = "ABCDEHLMPRST"
OMOCODE_LETTERS = "LMNPQRSTUV"
# 0-based positions of the digits that omocodia may replace, right to left = order of replacement.
OMOCODE_POSITIONS = (14, 13, 12, 10, 9, 7, 6)
FEMALE_DAY_OFFSET = 40
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
MAX_AGE_YEARS = 110
# The hub is in Florence: "today" is the Italian calendar day, whatever the server's zone.
LOCAL_ZONE = ZoneInfo("Europe/Rome")

_ALPHANUMERIC = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_OMOCODE_TO_DIGIT = str.maketrans(OMOCODE_LETTERS, "0123456789")
_DIGIT_TO_OMOCODE = str.maketrans("0123456789", OMOCODE_LETTERS)
# L = a letter, D = a digit or its omocodia letter; the month (position 9) is checked as a date.
_LAYOUT = "LLLLLLDDLDDLDDDL"
_PLACE_RE = re.compile(r"^[A-Z][0-9]{3}$")
_VOWELS = frozenset("AEIOU")
# Letters that Unicode decomposition does not reduce to A-Z (names of people born abroad).
_LATIN_FOLDS = str.maketrans({"Ø": "O", "Ł": "L", "Đ": "D", "Æ": "AE", "Œ": "OE", "ß": "SS", "Þ": "TH"})


class Reason(StrEnum):
    WRONG_LENGTH = "wrong_length"
    INVALID_CHARACTERS = "invalid_characters"
    INVALID_PATTERN = "invalid_pattern"
    WRONG_CHECK_CHARACTER = "wrong_check_character"
    IMPOSSIBLE_DATE = "impossible_date"


class CodiceFiscaleError(ValueError):
    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True, slots=True)
class DecodedCF:
    """What a code says about its holder; the personal fields are None for a temporary code."""

    code: str
    is_temporary: bool
    is_omocode: bool
    surname_letters: str | None
    name_letters: str | None
    birth_date: date | None
    sex: Sex | None
    birth_place_code: str | None
    is_foreign_born: bool


@dataclass(frozen=True, slots=True)
class Mismatch:
    field: MismatchField
    stated: str
    from_code: str
    message: str


# --- validation -----------------------------------------------------------------------------------


def normalize(code: str) -> str:
    """Upper case without surrounding blanks and without spaces, dashes or colons inside."""
    return stdnum_cf.compact(code)


def validate(code: str) -> str:
    """The compact code if it is a valid personal or temporary code, else CodiceFiscaleError.

    Checks run from the coarsest to the finest, so the reason names the first real problem.
    A temporary code (codice fiscale provvisorio) is 11 digits with a Luhn check digit.
    """
    compact = normalize(code)
    if len(compact) == TEMPORARY_LENGTH and compact.isdigit():
        return _validate_temporary(compact)
    invalid = sorted({c for c in compact if c not in _ALPHANUMERIC})
    if invalid:
        shown = ", ".join(f"'{c}'" for c in invalid)
        raise CodiceFiscaleError(Reason.INVALID_CHARACTERS, f"Only letters and digits are allowed, found {shown}.")
    if len(compact) != PERSONAL_LENGTH:
        raise CodiceFiscaleError(
            Reason.WRONG_LENGTH,
            f"A codice fiscale has 16 characters (or 11 digits if temporary), this one has {len(compact)}.",
        )
    _check_layout(compact)
    _date_parts(compact)
    _check_check_character(compact)
    return compact


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except CodiceFiscaleError:
        return False
    return True


def _validate_temporary(number: str) -> str:
    try:
        return iva.validate(number)
    except InvalidChecksum:
        expected = luhn.calc_check_digit(number[:-1])
        raise CodiceFiscaleError(
            Reason.WRONG_CHECK_CHARACTER,
            f"The check digit is '{number[-1]}' but the first 10 digits give '{expected}': "
            "a digit is probably mistyped.",
        ) from None
    except InvalidComponent:
        raise CodiceFiscaleError(
            Reason.INVALID_PATTERN, f"Digits 8-10 ('{number[7:10]}') are not a valid office code."
        ) from None
    except ValidationError:
        raise CodiceFiscaleError(Reason.INVALID_PATTERN, "The first seven digits cannot all be zero.") from None


def _check_layout(code: str) -> None:
    for position, (char, kind) in enumerate(zip(code, _LAYOUT, strict=True), start=1):
        if kind == "L" and not char.isalpha():
            raise CodiceFiscaleError(Reason.INVALID_PATTERN, f"Character {position} ('{char}') should be a letter.")
        if kind == "D" and not (char.isdigit() or char in OMOCODE_LETTERS):
            raise CodiceFiscaleError(
                Reason.INVALID_PATTERN,
                f"Character {position} ('{char}') should be a digit (or an omocodia letter, L to V).",
            )


def _check_check_character(code: str) -> None:
    expected = stdnum_cf.calc_check_digit(code[:15])
    if code[15] != expected:
        raise CodiceFiscaleError(
            Reason.WRONG_CHECK_CHARACTER,
            f"The check character is '{code[15]}' but the first 15 characters give '{expected}': "
            "a character is probably mistyped.",
        )


def _date_parts(code: str) -> tuple[int, int, int, Sex]:
    """Two-digit year, month, day and sex, or IMPOSSIBLE_DATE if no year could hold them."""
    if code[8] not in MONTH_LETTERS:
        raise CodiceFiscaleError(
            Reason.IMPOSSIBLE_DATE, f"Month letter '{code[8]}' is not one of {', '.join(MONTH_LETTERS)}."
        )
    month = MONTH_LETTERS.index(code[8]) + 1
    year = int(_digits(code[6:8]))
    coded_day = int(_digits(code[9:11]))
    sex: Sex = "F" if coded_day > FEMALE_DAY_OFFSET else "M"
    day = coded_day - FEMALE_DAY_OFFSET if sex == "F" else coded_day
    if not 1 <= day <= 31:
        raise CodiceFiscaleError(
            Reason.IMPOSSIBLE_DATE, f"Day {coded_day:02d} is neither 01-31 (men) nor 41-71 (women)."
        )
    # 2000 is a leap year, so a day that fails here fails in every year; 29 February needs a
    # two-digit year divisible by 4 (00 can be 2000).
    if not _is_date(2000, month, day) or (month == 2 and day == 29 and year % 4 != 0):
        raise CodiceFiscaleError(Reason.IMPOSSIBLE_DATE, f"{_MONTH_NAMES[month - 1]} {day} does not exist.")
    return year, month, day, sex


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _digits(chars: str) -> str:
    return chars.translate(_OMOCODE_TO_DIGIT)


# --- omocodia -------------------------------------------------------------------------------------


def is_omocode(code: str) -> bool:
    return _has_omocode_letters(validate(code))


def _has_omocode_letters(compact: str) -> bool:
    return len(compact) == PERSONAL_LENGTH and any(compact[p] in OMOCODE_LETTERS for p in OMOCODE_POSITIONS)


def de_omocode(code: str) -> str:
    """The base code: every omocodia letter back to its digit, with the check character recomputed."""
    compact = validate(code)
    if len(compact) != PERSONAL_LENGTH:
        return compact
    body = list(compact[:15])
    for position in OMOCODE_POSITIONS:
        body[position] = _digits(body[position])
    base = "".join(body)
    return base + stdnum_cf.calc_check_digit(base)


def to_omocode(code: str, substitutions: int) -> str:
    """The variant with the rightmost ``substitutions`` digits replaced, as the Agenzia assigns them."""
    if not 0 <= substitutions <= len(OMOCODE_POSITIONS):
        raise ValueError(f"substitutions must be between 0 and {len(OMOCODE_POSITIONS)}")
    body = list(de_omocode(code)[:15])
    for position in OMOCODE_POSITIONS[:substitutions]:
        body[position] = body[position].translate(_DIGIT_TO_OMOCODE)
    variant = "".join(body)
    return variant + stdnum_cf.calc_check_digit(variant)


# --- decoding -------------------------------------------------------------------------------------


def decode(code: str, *, today: date | None = None) -> DecodedCF:
    """What the code encodes; the century is the latest that leaves the person born by ``today``."""
    compact = validate(code)
    if len(compact) == TEMPORARY_LENGTH:
        return DecodedCF(
            code=compact, is_temporary=True, is_omocode=False, surname_letters=None, name_letters=None,
            birth_date=None, sex=None, birth_place_code=None, is_foreign_born=False,
        )
    year, month, day, sex = _date_parts(compact)
    place = compact[11] + _digits(compact[12:15])
    return DecodedCF(
        code=compact,
        is_temporary=False,
        is_omocode=_has_omocode_letters(compact),
        surname_letters=compact[0:3],
        name_letters=compact[3:6],
        birth_date=_birth_date(year, month, day, today or local_today()),
        sex=sex,
        birth_place_code=place,
        is_foreign_born=place.startswith("Z"),
    )


def local_today() -> date:
    return datetime.now(tz=LOCAL_ZONE).date()


def _birth_date(two_digit_year: int, month: int, day: int, today: date) -> date:
    century = today.year // 100 * 100
    for candidate_century in (century, century - 100, century - 200):
        year = candidate_century + two_digit_year
        if not _is_date(year, month, day):
            continue  # 29 February in a century year that is not a leap year
        born = date(year, month, day)
        if born <= today and today.year - year <= MAX_AGE_YEARS:
            return born
    raise CodiceFiscaleError(
        Reason.IMPOSSIBLE_DATE, f"No birth date in the last {MAX_AGE_YEARS} years matches this code."
    )


# --- name letters ---------------------------------------------------------------------------------


def expected_name_letters(last_name: str, first_name: str) -> str:
    """The six letters the code derives from the surname (3) and the first name (3)."""
    return _surname_letters(last_name) + _first_name_letters(first_name)


def _plain_letters(name: str) -> str:
    """A-Z only: accents stripped; apostrophes, spaces, hyphens and anything else dropped."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_LATIN_FOLDS))
    return "".join(c for c in decomposed.upper() if "A" <= c <= "Z")


def _consonants_and_vowels(name: str) -> tuple[str, str]:
    letters = _plain_letters(name)
    return "".join(c for c in letters if c not in _VOWELS), "".join(c for c in letters if c in _VOWELS)


def _surname_letters(last_name: str) -> str:
    consonants, vowels = _consonants_and_vowels(last_name)
    return (consonants + vowels + "XXX")[:3]


def _first_name_letters(first_name: str) -> str:
    consonants, vowels = _consonants_and_vowels(first_name)
    if len(consonants) >= 4:
        return consonants[0] + consonants[2] + consonants[3]
    return (consonants + vowels + "XXX")[:3]


# --- generation and cross-check -------------------------------------------------------------------


def generate(last_name: str, first_name: str, birth_date: date, sex: Sex, birth_place_code: str) -> str:
    """A valid base code (no omocodia) for these data."""
    place = birth_place_code.strip().upper()
    if not _PLACE_RE.match(place):
        raise ValueError(f"birth_place_code must be a letter and three digits, not {birth_place_code!r}")
    if sex not in ("M", "F"):
        raise ValueError(f"sex must be 'M' or 'F', not {sex!r}")
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == "F" else 0)
    body = (
        expected_name_letters(last_name, first_name)
        + f"{birth_date.year % 100:02d}"
        + MONTH_LETTERS[birth_date.month - 1]
        + f"{day:02d}"
        + place
    )
    return body + stdnum_cf.calc_check_digit(body)


def cross_check(
    code: str,
    *,
    last_name: str,
    first_name: str,
    birth_date: date,
    sex: Sex,
    birth_place_code: str | None = None,
) -> list[Mismatch]:
    """Where what the person states disagrees with the code; empty when consistent.

    Meant to be shown to the operator, never to correct either side. A temporary code encodes
    no personal data, so it never mismatches. Raises CodiceFiscaleError for an invalid code.
    """
    decoded = decode(code)
    if decoded.is_temporary:
        return []
    mismatches = _name_mismatches(decoded, last_name=last_name, first_name=first_name)
    mismatches += _date_mismatches(decoded, birth_date=birth_date, sex=sex)
    if birth_place_code is not None and birth_place_code.strip().upper() != decoded.birth_place_code:
        mismatches.append(
            Mismatch(
                "birth_place", birth_place_code, str(decoded.birth_place_code),
                f"The stated birth place code is {birth_place_code}, "
                f"but the codice fiscale encodes {decoded.birth_place_code}.",
            )
        )
    return mismatches


def _nearest_century(coded: date, stated: date) -> date:
    years = [stated.year // 100 * 100 + coded.year % 100 + shift for shift in (-100, 0, 100)]
    valid = [year for year in years if _is_date(year, coded.month, coded.day)] or [coded.year]
    return coded.replace(year=min(valid, key=lambda year: abs(year - stated.year)))


def _name_mismatches(decoded: DecodedCF, *, last_name: str, first_name: str) -> list[Mismatch]:
    mismatches = []
    surname = _surname_letters(last_name)
    if surname != decoded.surname_letters:
        mismatches.append(
            Mismatch(
                "last_name", last_name, str(decoded.surname_letters),
                f"The surname '{last_name}' gives {surname}, but the codice fiscale starts with "
                f"{decoded.surname_letters}.",
            )
        )
    name = _first_name_letters(first_name)
    if name != decoded.name_letters:
        mismatches.append(
            Mismatch(
                "first_name", first_name, str(decoded.name_letters),
                f"The first name '{first_name}' gives {name}, but characters 4-6 of the codice fiscale "
                f"are {decoded.name_letters}.",
            )
        )
    return mismatches


def _date_mismatches(decoded: DecodedCF, *, birth_date: date, sex: Sex) -> list[Mismatch]:
    mismatches = []
    assert decoded.birth_date is not None  # personal codes always carry a date
    # The code holds only two year digits: compare those, and show the encoded date in the
    # century nearest the stated one rather than the one decode() guessed from today.
    coded = _nearest_century(decoded.birth_date, birth_date)
    if coded != birth_date:
        mismatches.append(
            Mismatch(
                "birth_date", birth_date.isoformat(), coded.isoformat(),
                f"The stated birth date is {birth_date.isoformat()}, "
                f"but the codice fiscale encodes {coded.isoformat()}.",
            )
        )
    if sex != decoded.sex:
        mismatches.append(
            Mismatch(
                "sex", sex, str(decoded.sex),
                f"The stated sex is {sex}, but the codice fiscale encodes {decoded.sex} "
                "(women have 40 added to the day of birth).",
            )
        )
    return mismatches
