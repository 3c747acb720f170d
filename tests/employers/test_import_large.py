"""A 200,000-row partner CSV: read within a bounded memory, validated, issues still found at their lines."""

import time
import tracemalloc

import pytest

from florwork.employers.identifiers import partita_iva_with_check_digit
from florwork.employers.imports import read_file, suggest_mapping, validate
from florwork.employers.imports.mapping import mapping_of

from .import_support import comune_lookup

pytestmark = pytest.mark.slow

ROWS = 200_000
PIVAS = [partita_iva_with_check_digit(f"{n:07d}048") for n in range(1, 1001)]


@pytest.fixture(scope="module")
def big_csv() -> bytes:
    lines = ["Ragione sociale;P.IVA;Indirizzo;CAP;Città;Telefono;E-mail;Dipendenti;Note"]
    for n in range(ROWS):
        name = "" if n == 150_000 else f"Azienda {n} S.r.l."
        note = "=cmd|' /C calc'!A0" if n == 199_999 else '"nota, con\nritorno a capo"' if n % 1000 == 0 else ""
        lines.append(f"{name};{PIVAS[n % 1000]};Via Roma {n % 300};50100;Firenze;055 {n:07d};"
                     f"info{n}@azienda{n}.it;{n % 250};{note}")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def test_a_200k_row_file_is_read_within_memory(big_csv):
    tracemalloc.start()
    try:
        table = read_file(big_csv, "grande.csv")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(table.rows) == ROWS and table.encoding == "cp1252" and table.delimiter == ";"
    assert peak < 12 * len(big_csv), f"peak {peak / 1e6:.0f} MB for a {len(big_csv) / 1e6:.0f} MB file"
    assert table.rows[-1].number == 2 + ROWS + ROWS // 1000 - 1  # a quoted newline every 1,000 rows


def test_a_200k_row_file_is_validated_with_its_issues_at_their_lines(big_csv):
    table = read_file(big_csv, "grande.csv")
    started = time.perf_counter()
    report = validate(table, mapping_of(suggest_mapping(table.header)), comune_lookup=comune_lookup)
    seconds = time.perf_counter() - started
    assert report.summary() == {"rows": ROWS, "valid": ROWS - 2, "with_warnings": 1, "with_errors": 1,
                                "issues": {"formula_cell": 1, "name_missing": 1}}
    missing = next(issue for issue in report.issues if issue.code == "name_missing")
    assert missing.row == table.rows[150_000].number and missing.field == "name"
    assert seconds < 120  # ~15 s on a developer machine; a bound against accidental quadratic work
