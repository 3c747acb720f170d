"""``validate``: every issue with its row, field and parameters, duplicates, formula cells; nothing changed."""

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from florwork.employers.imports import (
    Severity,
    looks_like_formula,
    neutralise_for_export,
    read_file,
    suggest_mapping,
    validate,
)
from florwork.employers.imports.cells import is_plain_number
from florwork.employers.imports.mapping import mapping_of

from .import_support import CF_PERSON, PIVA, PIVA_OTHER, PIVA_ZERO, comune_lookup, xlsx_bytes

HEADER = "Rag. Soc.;P.IVA;Cod. Fisc.;Indirizzo;CAP;Città;Prov.;Tel.;E-mail;Sito web;N. dip.;Forma giuridica;Cod. ATECO"


def table_of(*rows: str):
    return read_file(("\n".join([HEADER, *rows]) + "\n").encode(), "partner.csv")


def report_of(*rows: str):
    table = table_of(*rows)
    return validate(table, mapping_of(suggest_mapping(table.header)), comune_lookup=comune_lookup)


def only_issue(report, row):
    issues = report.issues_for(row)
    assert len(issues) == 1, issues
    return issues[0]


GOOD = f"Rossi S.r.l.;{PIVA};{PIVA};Via Roma 1;50100;Firenze;FI;055 123456;info@rossi.it;www.rossi.it;12;S.r.l.;25.62"


def test_a_clean_row_has_no_issue():
    report = report_of(GOOD)
    assert report.issues == [] and report.status(2) == "valid"
    assert report.summary() == {"rows": 1, "valid": 1, "with_warnings": 0, "with_errors": 0, "issues": {}}


def _with(**changes):
    cells = GOOD.split(";")
    names = ["name", "vat", "cf", "address", "cap", "city", "prov", "tel", "email", "web", "dip", "form", "ateco"]
    for name, value in changes.items():
        cells[names.index(name)] = value
    return ";".join(cells)


@pytest.mark.parametrize("changes, field, column, code, params, severity", [
    ({"name": " "}, "name", "Rag. Soc.", "name_missing", {}, Severity.ERROR),
    ({"vat": PIVA[:-1] + "0"}, "vat_number", "P.IVA", "vat_number_invalid",
     {"value": PIVA[:-1] + "0", "reason": "checksum"}, Severity.ERROR),
    ({"vat": "1234"}, "vat_number", "P.IVA", "vat_number_invalid", {"value": "1234", "reason": "length"},
     Severity.ERROR),
    ({"vat": PIVA_ZERO.lstrip("0")}, "vat_number", "P.IVA", "vat_number_zeros_restored",
     {"value": "123450488", "restored": PIVA_ZERO}, Severity.WARNING),
    ({"vat": CF_PERSON}, "vat_number", "P.IVA", "vat_number_is_tax_code", {"value": CF_PERSON}, Severity.WARNING),
    ({"cf": "RSSMRA85T10A562X"}, "tax_code", "Cod. Fisc.", "tax_code_invalid",
     {"value": "RSSMRA85T10A562X", "reason": "checksum"}, Severity.ERROR),
    ({"city": "Firenzze"}, "city", "Città", "comune_unknown", {"value": "Firenzze", "province": "FI"},
     Severity.WARNING),
    ({"cap": "5010A"}, "postcode", "CAP", "postcode_invalid", {"value": "5010A"}, Severity.WARNING),
    ({"email": "info@rossi"}, "email", "E-mail", "email_invalid", {"value": "info@rossi"}, Severity.WARNING),
    ({"tel": "chiedere a Mario"}, "phone", "Tel.", "phone_invalid", {"value": "chiedere a Mario"}, Severity.WARNING),
    ({"web": "non disponibile"}, "website", "Sito web", "website_invalid", {"value": "non disponibile"},
     Severity.WARNING),
    ({"dip": "circa venti"}, "employees", "N. dip.", "employees_invalid", {"value": "circa venti"},
     Severity.WARNING),
    ({"dip": "10-49"}, "employees", "N. dip.", "employees_range", {"value": "10-49", "low": 10, "high": 49},
     Severity.WARNING),
    ({"form": "boh"}, "legal_form", "Forma giuridica", "legal_form_unknown", {"value": "boh"}, Severity.WARNING),
    ({"ateco": "metalmeccanico"}, "ateco_code", "Cod. ATECO", "ateco_invalid", {"value": "metalmeccanico"},
     Severity.WARNING),
    ({"address": "=HYPERLINK(\"http://x\",\"Via\")"}, "address", "Indirizzo", "formula_cell",
     {"value": "=HYPERLINK(\"http://x\",\"Via\")"}, Severity.WARNING),
])
def test_each_issue_names_its_row_field_column_and_reason(changes, field, column, code, params, severity):
    report = report_of(GOOD, _with(**changes))
    assert report.issues_for(2) == []
    issue = only_issue(report, 3)
    assert (issue.row, issue.field, issue.column, issue.code, issue.params) == (3, field, column, code, params)
    assert issue.severity is severity
    assert report.status(3) == severity.value


def test_several_emails_in_one_cell_are_flagged_and_each_checked():
    report = report_of(_with(email="info@rossi.it, amministrazione@rossi"))
    assert [(i.code, i.params) for i in report.issues_for(2)] == [
        ("email_several", {"count": 2}), ("email_invalid", {"value": "amministrazione@rossi"})]


def test_the_province_in_brackets_after_the_comune_is_used():
    report = report_of(_with(city="Sesto Fiorentino (FI)", prov=""), _with(city="Sesto Fiorentino (PO)", prov=""))
    assert report.issues_for(2) == []
    assert only_issue(report, 3).params == {"value": "Sesto Fiorentino", "province": "PO"}


def test_the_lookup_is_asked_once_per_distinct_comune():
    asked = []

    def lookup(name, province):
        asked.append((name, province))
        return comune_lookup(name, province)

    table = table_of(*(_with(name=f"Azienda {n}", vat="", cf="") for n in range(50)))
    validate(table, mapping_of(suggest_mapping(table.header)), comune_lookup=lookup)
    assert asked == [("Firenze", "FI")]


def test_a_row_with_the_wrong_number_of_fields_is_an_error_of_the_whole_row():
    issue = only_issue(report_of(GOOD + ";extra"), 2)
    assert (issue.field, issue.column, issue.code, issue.params) == ("*", None, "field_count",
                                                                     {"expected": 13, "found": 14})


def test_duplicate_rows_after_normalisation_name_their_first_row():
    other = _with(name="Bianchi S.p.A.", vat=PIVA_OTHER, cf="", form="S.p.A.")
    same_as_good = _with(name="ROSSI srl", address="via Roma, 1", tel="+39 055 123456", email="INFO@rossi.it ",
                         web="https://www.rossi.it/")
    report = report_of(GOOD, other, same_as_good, GOOD, other)
    assert report.duplicates == [[2, 4, 5], [3, 6]]
    assert [(i.row, i.field, i.code, i.params) for i in report.issues] == [
        (4, "*", "duplicate_row", {"first_row": 2}), (5, "*", "duplicate_row", {"first_row": 2}),
        (6, "*", "duplicate_row", {"first_row": 3})]


def test_rows_differing_in_one_mapped_field_are_not_duplicates():
    assert report_of(GOOD, _with(dip="13")).duplicates == []


def test_formula_cells_are_flagged_in_unmapped_columns_too_but_not_numbers_or_phones():
    table = read_file(b"Ragione sociale;Note;Saldo;Tel\nRossi;@SUM(1+1)*cmd|' /C calc'!A0;-5;+39 055 123456\n",
                      "p.csv")
    report = validate(table, {"name": "Ragione sociale", "phone": "Tel"}, comune_lookup=comune_lookup)
    issue = only_issue(report, 2)
    assert (issue.field, issue.column, issue.code) == ("", "Note", "formula_cell")
    assert table.rows[0].cells[1] == "@SUM(1+1)*cmd|' /C calc'!A0"  # kept as it was


@pytest.mark.parametrize("cell, formula, exported", [
    ("=1+2", True, "'=1+2"), ("@SUM(A1)", True, "'@SUM(A1)"), ("+cmd", True, "'+cmd"),
    ("-2+3+cmd|' /C calc'!A0", True, "'-2+3+cmd|' /C calc'!A0"), ("\t=1", True, "'\t=1"), ("  =1", True, "'  =1"),
    ("-5", False, "-5"), ("-1.234,56", False, "-1.234,56"), ("+39 055 123456", False, "'+39 055 123456"),
    ("Rossi", False, "Rossi"), ("", False, ""), ("-", False, "'-"),
])
def test_formula_detection_and_export_neutralisation(cell, formula, exported):
    assert looks_like_formula(cell) is formula
    assert neutralise_for_export(cell) == exported


def test_a_partita_iva_stored_as_a_number_in_a_workbook_is_restored_with_a_warning():
    data = xlsx_bytes([("Ragione sociale", "Partita IVA"), ("Rossi", int(PIVA_ZERO)), ("Bianchi", 1234)])
    table = read_file(data, "p.xlsx")
    report = validate(table, {"name": "Ragione sociale", "vat_number": "Partita IVA"}, comune_lookup=comune_lookup)
    assert [(i.row, i.code, i.params) for i in report.issues] == [
        (2, "vat_number_zeros_restored", {"value": "123450488", "restored": PIVA_ZERO}),
        (3, "vat_number_invalid", {"value": "1234", "reason": "length"})]


def test_summary_counts_rows_by_their_worst_issue():
    report = report_of(GOOD, _with(name=""), _with(email="x"), _with(name="Altro", vat=PIVA_OTHER, cf=""))
    assert report.summary() == {"rows": 4, "valid": 2, "with_warnings": 1, "with_errors": 1,
                                "issues": {"email_invalid": 1, "name_missing": 1}}


def test_validation_changes_nothing_in_the_table():
    table = table_of(GOOD, _with(vat="123"), GOOD)
    before = copy.deepcopy(table)
    validate(table, mapping_of(suggest_mapping(table.header)), comune_lookup=comune_lookup)
    assert table == before


@given(st.text(max_size=30))
def test_no_exported_cell_can_start_a_formula(cell):
    exported = neutralise_for_export(cell)
    assert exported.startswith("'") or not exported.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "\n")) \
        or is_plain_number(exported)
    assert exported.removeprefix("'") == cell or exported == cell  # nothing else changes
