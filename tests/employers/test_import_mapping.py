"""``suggest_mapping``: three partners' messy headers, Italian and English, mapped to the registry's fields."""

import pytest

from florwork.employers.imports import CANONICAL_FIELDS, MappingError, check_mapping, mapping_of, suggest_mapping
from florwork.employers.imports.mapping import header_words
from florwork.employers.linkage import COMPANY_FIELDS

# A temp agency's CRM export, a chamber-of-commerce style list, an English-speaking partner's sheet.
AGENCY = ["Cod. cliente", "Rag. Soc.", "P.IVA/C.F.", "Indirizzo", "C.A.P.", "Città", "Prov.", "Tel.", "Cell.",
          "E-mail", "PEC", "Sito web", "Cod. ATECO", "N. dip.", "Referente", "Email referente", "Note"]
CHAMBER = ["DENOMINAZIONE", "Forma giuridica", "Partita IVA", "Codice Fiscale", "Sede legale - Via", "Comune",
           "Provincia", "Telefono", "Posta elettronica", "Descrizione attività", "Settore", "Addetti",
           "Contatto", "Ruolo"]
ENGLISH = ["Company Name", "VAT number", "Tax code", "Street address", "Postcode", "City", "Phone", "e-mail",
           "Website", "Employees", "Legal form", "Contact person", "Contact e-mail"]


def test_a_crm_export_with_abbreviations():
    assert mapping_of(suggest_mapping(AGENCY)) == {
        "name": "Rag. Soc.", "vat_number": "P.IVA/C.F.", "address": "Indirizzo", "postcode": "C.A.P.",
        "city": "Città", "phone": "Tel.", "email": "E-mail", "website": "Sito web", "source_id": "Cod. cliente",
        "ateco_code": "Cod. ATECO", "employees": "N. dip.", "province": "Prov.", "pec": "PEC",
        "contact_name": "Referente", "contact_email": "Email referente",
    }  # 'Cell.' loses to 'Tel.' for the one phone field; 'Note' maps to nothing


def test_a_chamber_of_commerce_list_in_capitals_and_accents():
    assert mapping_of(suggest_mapping(CHAMBER)) == {
        "name": "DENOMINAZIONE", "vat_number": "Partita IVA", "tax_code": "Codice Fiscale",
        "address": "Sede legale - Via", "city": "Comune", "phone": "Telefono", "email": "Posta elettronica",
        "legal_form": "Forma giuridica", "ateco_code": "Settore", "ateco_label": "Descrizione attività",
        "employees": "Addetti", "province": "Provincia", "contact_name": "Contatto", "contact_role": "Ruolo",
    }


def test_an_english_sheet():
    assert mapping_of(suggest_mapping(ENGLISH)) == {
        "name": "Company Name", "vat_number": "VAT number", "tax_code": "Tax code", "address": "Street address",
        "postcode": "Postcode", "city": "City", "phone": "Phone", "email": "e-mail", "website": "Website",
        "legal_form": "Legal form", "employees": "Employees", "contact_name": "Contact person",
        "contact_email": "Contact e-mail",
    }


def test_confidence_is_full_for_known_headers_and_lower_for_loose_or_misspelt_ones():
    suggestions = suggest_mapping(["ragione socale", "telefono 1", "Indirizzo sede operativa", "dipendenti (n.)"])
    assert 0.5 <= suggestions["name"].confidence < 0.9  # a typo
    assert 0.6 < suggestions["phone"].confidence < 1.0  # a known word among others
    assert suggestions["address"].confidence == 1.0
    assert suggestions["employees"].confidence < 1.0


def test_unrelated_headers_are_not_mapped():
    assert suggest_mapping(["Note", "Data inserimento", "Fatturato 2024", "Operatore"]) == {}


def test_each_column_and_each_field_is_used_once():
    suggestions = suggest_mapping(["Telefono", "Telefono 2", "Telefono referente", "Ragione sociale"])
    assert mapping_of(suggestions) == {"name": "Ragione sociale", "phone": "Telefono",
                                       "contact_phone": "Telefono referente"}


def test_a_mapping_saved_for_the_source_wins_where_its_columns_still_exist():
    saved = {"name": "Insegna", "phone": "Cell.", "email": "Gone column"}
    suggestions = suggest_mapping(["Rag. Soc.", "Insegna", "Tel.", "Cell.", "E-mail"], saved=saved)
    assert suggestions["name"].column == "Insegna" and suggestions["name"].saved
    assert suggestions["phone"].column == "Cell."
    assert suggestions["email"].column == "E-mail" and not suggestions["email"].saved
    assert "Rag. Soc." not in mapping_of(suggestions).values()  # the name field is the saved column's


@pytest.mark.parametrize("header, words", [
    ("N. Dip.", "numero dipendenti"), ("P.IVA", "partita iva"), ("C.A.P.", "cap"), ("E-Mail", "email"),
    ("Città", "citta"), ("Cod. Fisc.", "codice fiscale"), ("P. IVA", "partita iva"),
])
def test_headers_are_read_past_case_accents_punctuation_and_abbreviations(header, words):
    assert header_words(header) == words


def test_canonical_fields_start_with_the_linkage_fields():
    assert CANONICAL_FIELDS[: len(COMPANY_FIELDS)] == COMPANY_FIELDS


@pytest.mark.parametrize("mapping, code", [
    ({"name": "Nome", "fax": "Nome"}, "unknown_field"), ({"name": "Ragione"}, "unknown_column"),
    ({"phone": "Tel"}, "name_not_mapped"),
])
def test_a_bad_mapping_is_refused_naming_the_field(mapping, code):
    with pytest.raises(MappingError) as refused:
        check_mapping(["Nome", "Tel"], mapping)
    assert refused.value.code == code
