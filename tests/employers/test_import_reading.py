"""``read_file`` on CSV: every common encoding and separator, quoted newlines, verbatim rows, refusals."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from florwork.employers.imports import ImportFileError, Limits, file_sha256, read_file

HEADER = ["Ragione sociale", "P.IVA", "Città"]
ROWS = [["Caffè Città S.r.l.", "01234560017", "Firenze"], ["L'Arte del Pane", "", "Prato"]]


def csv_text(delimiter: str, newline: str = "\r\n") -> str:
    return newline.join(delimiter.join(cells) for cells in [HEADER, *ROWS]) + newline


@pytest.mark.parametrize("encoding, reported", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"), ("utf-16", "utf-16"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
])
def test_each_encoding_is_detected_and_accents_survive(encoding, reported):
    table = read_file(csv_text(";").encode(encoding), "partner.csv")
    assert table.encoding == reported
    assert table.header == HEADER
    assert [row.cells for row in table.rows] == ROWS


def test_latin1_bytes_that_cp1252_leaves_undefined_still_decode():
    data = "Ragione sociale;Note\nRossi;a\x81b\n".encode("latin-1")
    table = read_file(data, "p.csv")
    assert table.encoding == "latin-1"
    assert table.rows[0].cells == ["Rossi", "a\x81b"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_separator_is_sniffed(delimiter):
    table = read_file(csv_text(delimiter).encode(), "partner.csv")
    assert table.delimiter == delimiter
    assert [row.cells for row in table.rows] == ROWS


def test_a_separator_inside_quoted_names_does_not_fool_the_sniffer():
    text = 'Ragione sociale;P.IVA;Città\n"Rossi, Bianchi & C., snc";1;"Firenze, FI"\n"Verdi, srl";2;Prato\n'
    table = read_file(text.encode(), "p.csv")
    assert table.delimiter == ";"
    assert table.rows[0].cells == ["Rossi, Bianchi & C., snc", "1", "Firenze, FI"]


def test_quoted_cells_with_newlines_keep_their_first_line_number_and_verbatim_text():
    text = 'Ragione sociale;Indirizzo\r\n"Rossi\r\nsnc";"Via Roma 1\r\nscala B"\r\n\r\nBianchi;"Via ""Nuova"""\r\n'
    table = read_file(text.encode(), "p.csv")
    first, second = table.rows
    assert first.number == 2 and first.cells == ["Rossi\r\nsnc", "Via Roma 1\r\nscala B"]
    assert first.original == '"Rossi\r\nsnc";"Via Roma 1\r\nscala B"'
    assert second.number == 6 and second.cells == ["Bianchi", 'Via "Nuova"']
    assert second.original == 'Bianchi;"Via ""Nuova"""'
    assert table.header_number == 1 and table.header_original == "Ragione sociale;Indirizzo"


def test_a_title_line_above_the_header_is_skipped_and_kept():
    text = "Elenco aziende partner 2025;;\n;;\nRagione sociale;P.IVA;Città\nRossi;1;Firenze\n"
    table = read_file(text.encode(), "p.csv")
    assert table.header == HEADER and table.header_number == 3
    assert [row.original for row in table.preamble] == ["Elenco aziende partner 2025;;"]
    assert table.rows[0].number == 4


def test_repeated_and_empty_column_names_are_made_unique():
    table = read_file(b"Nome;Telefono;Telefono;\nRossi;055 1;055 2;x\n", "p.csv")
    assert table.header == ["Nome", "Telefono", "Telefono (2)", "column 4"]


def test_rows_with_the_wrong_number_of_fields_are_kept_for_the_report():
    table = read_file(b"a;b;c\n1;2;3\n1;2\n1;2;3;4\n", "p.csv")
    assert [len(row.cells) for row in table.rows] == [3, 2, 4]
    assert table.rows[1].cell(2) == ""


def test_the_same_bytes_give_the_same_hash_whatever_the_name():
    data = csv_text(";").encode()
    assert read_file(data, "a.csv").sha256 == read_file(data, "copy of a.csv").sha256 == file_sha256(data)
    assert read_file(data + b"Verdi;;Empoli\r\n", "a.csv").sha256 != file_sha256(data)


@pytest.mark.parametrize("data, code", [
    (b"", "empty_file"), (b"  \r\n\r\n", "empty_file"), (b";;;\n;;\n", "empty_file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "unsupported_format"),
    (b"Nome;Note\nRossi;ab\x00\x00cd\n", "binary_content"),
    (b"PK\x03\x04 not really a zip", "malformed_xlsx"),
    (b"\r\n<html><body><table><tr><td>Nome</td></tr></table></body></html>", "unsupported_format"),
])
def test_files_that_are_not_tables_are_refused_with_a_code(data, code):
    with pytest.raises(ImportFileError) as refused:
        read_file(data, "p.csv")
    assert refused.value.code == code


def test_the_line_of_binary_content_is_named():
    with pytest.raises(ImportFileError) as refused:
        read_file(b"Nome;Note\nRossi;ok\nBianchi;\x00\x01\x02\x03\n", "p.csv")
    assert refused.value.params == {"line": 3}


def test_a_file_over_the_size_limit_is_refused_before_it_is_decoded(monkeypatch):
    from florwork.employers.imports import reading

    monkeypatch.setattr(reading, "decode", lambda data: pytest.fail("decoded a file over the limit"))
    with pytest.raises(ImportFileError) as refused:
        read_file(b"x" * 2000, "big.csv", limits=Limits(max_file_bytes=1000))
    assert refused.value.code == "file_too_large"
    assert refused.value.params == {"size": 2000, "limit": 1000}


def test_a_csv_over_the_row_limit_is_refused():
    data = ("Nome\n" + "".join(f"Azienda {n}\n" for n in range(11))).encode()
    assert len(read_file(data, "p.csv", limits=Limits(max_rows=11)).rows) == 11
    with pytest.raises(ImportFileError) as refused:
        read_file(data, "p.csv", limits=Limits(max_rows=10))
    assert refused.value.code == "too_many_rows" and refused.value.params == {"limit": 10}


def test_too_many_columns_are_refused():
    with pytest.raises(ImportFileError) as refused:
        read_file((";".join(f"c{n}" for n in range(20)) + "\n").encode(), "p.csv", limits=Limits(max_columns=10))
    assert refused.value.code == "too_many_columns"


def test_formula_looking_cells_are_read_as_plain_text():
    table = read_file(b"Nome;Note\n=HYPERLINK(\"http://x\");@SUM(A1)\n", "p.csv")
    assert table.rows[0].cells == ['=HYPERLINK("http://x")', "@SUM(A1)"]


_cell_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
                     | st.sampled_from(["\n", "\r", '"', ";", ",", "\t", "|"]), max_size=12)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(_cell_text, min_size=3, max_size=3), min_size=1, max_size=8),
       delimiter=st.sampled_from([",", ";", "\t", "|"]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_whatever_a_spreadsheet_writes_is_read_back_cell_for_cell(rows, delimiter, encoding):
    rows = [["x" + cells[0].strip(), *cells[1:]] for cells in rows]  # a name in every row: no blank records
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
    writer.writerows([["Ragione sociale", "Indirizzo", "Note"], *rows])
    table = read_file(buffer.getvalue().encode(encoding), "p.csv")
    assert table.header == ["Ragione sociale", "Indirizzo", "Note"]
    assert [row.cells for row in table.rows] == rows
    assert [row.original for row in table.rows] == [
        text.rstrip("\r\n") for text in _written_records(rows, delimiter)]


def _written_records(rows, delimiter):
    for cells in rows:
        one = io.StringIO(newline="")
        csv.writer(one, delimiter=delimiter).writerow(cells)
        yield one.getvalue()
