"""``read_file`` on XLSX: typed cells turned into faithful text, sheets, and the bomb and row limits checked first."""

import io
import json
import re
import zipfile
from datetime import date, datetime

import pytest

from florwork.employers.imports import ImportFileError, Limits, read_file

from .import_support import xlsx_bytes

HEADER = ("Ragione sociale", "P.IVA", "Dipendenti", "Fatturato", "Aggiornato", "Iscritta", "Note")


def test_cells_become_the_text_a_person_reads_and_the_row_is_kept_as_json():
    # spreadsheet cells hold naive date-times: Excel has no time zones
    day, moment = datetime(2025, 3, 1), datetime(2025, 3, 1, 9, 30)  # noqa: DTZ001
    data = xlsx_bytes([HEADER, ("Caffè Città S.r.l.", 123450488, 12, 1234.5, day, moment, "=B2*2")])
    table = read_file(data, "partner.xlsx")
    assert table.format == "xlsx" and table.sheet == "Aziende" and table.encoding is None
    assert table.header == list(HEADER)
    row = table.rows[0]
    assert row.number == 2
    assert row.cells == ["Caffè Città S.r.l.", "123450488", "12", "1234.5", "2025-03-01", "2025-03-01T09:30:00",
                         "=B2*2"]  # the formula as text: never evaluated, never its cached result
    assert json.loads(row.original) == ["Caffè Città S.r.l.", 123450488, 12, 1234.5, "2025-03-01",
                                        "2025-03-01T09:30:00", "=B2*2"]


def test_floats_keep_their_shortest_exact_form_and_dates_their_iso_form():
    from florwork.employers.imports.xlsxfile import cell_text

    assert cell_text(12.0) == "12" and cell_text(0.1) == "0.1" and cell_text(1e20) == "1e+20"
    assert cell_text(date(2025, 1, 2)) == "2025-01-02" and cell_text(True) == "TRUE" and cell_text(None) == ""


def test_short_rows_are_padded_empty_rows_skipped_and_numbers_follow_the_sheet():
    data = xlsx_bytes([("Titolo: elenco aziende",), (), HEADER[:3], ("Rossi", None, 3), (), ("Bianchi",)])
    table = read_file(data, "p.xlsx")
    assert table.header_number == 3 and [json.loads(r.original) for r in table.preamble] == [["Titolo: elenco aziende"]]
    assert [(row.number, row.cells) for row in table.rows] == [(4, ["Rossi", "", "3"]), (6, ["Bianchi", "", ""])]


def test_the_first_sheet_by_default_or_a_named_one():
    data = xlsx_bytes([("Nome",), ("Primo",)], more_sheets=[("Secondo foglio", [("Nome",), ("Altro",)])])
    assert read_file(data, "p.xlsx").rows[0].cells == ["Primo"]
    second = read_file(data, "p.xlsx", sheet="Secondo foglio")
    assert second.sheet == "Secondo foglio" and second.rows[0].cells == ["Altro"]
    assert second.sheets == ("Aziende", "Secondo foglio")
    with pytest.raises(ImportFileError) as refused:
        read_file(data, "p.xlsx", sheet="Foglio3")
    assert refused.value.code == "sheet_not_found"
    assert refused.value.params == {"sheet": "Foglio3", "available": ["Aziende", "Secondo foglio"]}


def test_the_same_workbook_bytes_give_the_same_hash():
    data = xlsx_bytes([("Nome",), ("Rossi",)])
    assert read_file(data, "a.xlsx").sha256 == read_file(data, "b.xlsx").sha256


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fails the test if the workbook is opened: the check must come before parsing."""
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("parsed a refused file"))


def test_an_xlsx_bomb_is_refused_from_the_zip_directory_before_parsing(no_openpyxl):
    bomb = _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"<row>" + b" " * 5_000_000})
    assert len(bomb) < 20_000
    with pytest.raises(ImportFileError) as refused:
        read_file(bomb, "bomb.xlsx")
    assert refused.value.code == "xlsx_bomb"
    assert refused.value.params["entry"] == "xl/worksheets/sheet1.xml" and refused.value.params["ratio"] > 100


def test_the_total_uncompressed_size_and_entry_count_are_limited(no_openpyxl):
    data = _zip({"xl/workbook.xml": b"<workbook/>", "xl/a.xml": b"a" * 5000})
    with pytest.raises(ImportFileError) as refused:
        read_file(data, "p.xlsx", limits=Limits(max_xlsx_uncompressed_bytes=4000))
    assert refused.value.code == "xlsx_too_large"
    with pytest.raises(ImportFileError) as refused:
        read_file(data, "p.xlsx", limits=Limits(max_xlsx_entries=1))
    assert refused.value.code == "xlsx_too_many_entries"


def test_a_zip_that_is_not_a_workbook_is_refused(no_openpyxl):
    with pytest.raises(ImportFileError) as refused:
        read_file(_zip({"content.xml": b"<x/>", "mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
                  "p.ods")
    assert refused.value.code == "unsupported_format"


def test_the_declared_row_count_is_checked_before_any_row_is_read(monkeypatch):
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    data = xlsx_bytes([("Nome",), *((f"Azienda {n}",) for n in range(60))])
    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", lambda *a, **k: pytest.fail("rows were read"))
    with pytest.raises(ImportFileError) as refused:
        read_file(data, "p.xlsx", limits=Limits(max_rows=30))
    assert refused.value.code == "too_many_rows"


def _with_dimension(data: bytes, ref: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = {info.filename: source.read(info) for info in source.infolist()}
    sheet = entries["xl/worksheets/sheet1.xml"].decode()
    entries["xl/worksheets/sheet1.xml"] = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', sheet).encode()
    return _zip(entries)


def test_a_lying_dimension_neither_hides_rows_nor_escapes_the_row_limit():
    data = _with_dimension(xlsx_bytes([("Nome", "CAP"), *((f"Azienda {n}", n) for n in range(40))]), "A1:A2")
    table = read_file(data, "p.xlsx")
    assert len(table.rows) == 40 and table.rows[-1].cells == ["Azienda 39", "39"]
    with pytest.raises(ImportFileError) as refused:
        read_file(data, "p.xlsx", limits=Limits(max_rows=10))
    assert refused.value.code == "too_many_rows"


def test_a_broken_workbook_is_refused_with_a_code():
    data = _zip({"xl/workbook.xml": b"<not-closed", "[Content_Types].xml": b"<Types/>"})
    with pytest.raises(ImportFileError) as refused:
        read_file(data, "p.xlsx")
    assert refused.value.code == "malformed_xlsx"
