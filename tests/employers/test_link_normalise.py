"""Field cleaning before comparison: Italian legal forms, dates in three formats, phones, identifiers."""

import pytest

from florwork.employers.linkage import normalise


@pytest.mark.parametrize("raw", ["F.lli Rossi & C. S.N.C.", "FRATELLI ROSSI snc", "Fratelli Rossi s.n.c.",
                                 "fratelli  rossi"])
def test_company_names_lose_legal_form_punctuation_and_case(raw):
    assert normalise.company_name(raw) == "fratelli rossi"


@pytest.mark.parametrize("raw, clean", [
    ("Caffè Città S.R.L.", "caffe citta"), ("ARNOPLAST SPA", "arnoplast"), ("Il Melograno Soc. Coop. Sociale",
                                                                             "il melograno"),
    ("Casa Famiglia ONLUS", "casa famiglia"), ("Tecnoval S.A.S. di Bianchi Marco", "tecnoval di bianchi marco"),
    ("L'Arte del Pane srls", "larte del pane"), ("Bianchi Società Cooperativa", "bianchi"),
])
def test_company_names(raw, clean):
    assert normalise.company_name(raw) == clean


@pytest.mark.parametrize("raw", ["19850310", "10/03/1985", "1985-03-10", "10-03-1985", "1985-03-10T00:00:00",
                                 "10.3.1985"])
def test_dates_in_common_formats_become_iso(raw):
    assert normalise.birth_date(raw) == "1985-03-10"


@pytest.mark.parametrize("raw", ["31/02/1985", "1985", "ieri", "", "n.d."])
def test_impossible_or_unreadable_dates_are_missing(raw):
    assert normalise.birth_date(raw) is None


@pytest.mark.parametrize("raw", ["+39 055 123 4567", "0039 055 1234567", "055/1234567", "39 055 1234567",
                                 "055-123.45.67"])
def test_phones_keep_digits_without_the_italian_prefix(raw):
    assert normalise.phone(raw) == "0551234567"


def test_a_mobile_number_without_prefix_is_kept_whole():
    assert normalise.phone("347 1234567") == "3471234567"
    assert normalise.phone("+39 347 1234567") == "3471234567"
    assert normalise.phone("12345") is None


def test_email_website_postcode_city_address():
    assert normalise.email(" Info@Rossi.IT ") == "info@rossi.it"
    assert normalise.email("not an email") is None
    assert normalise.website("https://www.Rossi.it/contatti?x=1") == "rossi.it"
    assert normalise.postcode("5012") == "05012"
    assert normalise.postcode("50100") == "50100"
    assert normalise.city("Sesto Fiorentino (FI)") == "sesto fiorentino"
    assert normalise.address("V.le G. Matteotti, n. 12") == "viale g matteotti 12"
    assert normalise.address("P.za della Repubblica 1") == normalise.address("Piazza della Repubblica, 1")


def test_partita_iva_with_a_wrong_check_digit_is_not_used():
    assert normalise.vat_number("IT00743110157") == "00743110157"
    assert normalise.vat_number("743110157") == "00743110157"  # leading zeros eaten by a spreadsheet
    assert normalise.vat_number("00743110158") is None
    assert normalise.vat_number("") is None


def test_codice_fiscale_is_checked():
    assert normalise.tax_code("rssmra85t10a562s") == "RSSMRA85T10A562S"
    assert normalise.tax_code("RSSMRA85T10A562A") is None
    assert normalise.tax_code("00743110157") == "00743110157"  # a company's codice fiscale is its P.IVA


def test_phonetic_key_forgives_a_typo():
    assert normalise.phonetic("rossi") == normalise.phonetic("rosi")
    assert normalise.phonetic("tecnoval costruzioni") == normalise.phonetic("teknoval costruzioni")
    assert normalise.phonetic(None) is None
