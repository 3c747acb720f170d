"""Shared by the import tests: small XLSX workbooks built in memory, and a fake comune lookup."""

import io

from openpyxl import Workbook

from florwork.employers.identifiers import partita_iva_with_check_digit

PIVA = partita_iva_with_check_digit("1234567048")  # 12345670488
PIVA_ZERO = partita_iva_with_check_digit("0012345048")  # 00123450488: a spreadsheet makes it 123450488
PIVA_OTHER = partita_iva_with_check_digit("7654321048")
CF_PERSON = "RSSMRA85T10A562S"

COMUNI = {("firenze", "FI"): "048017", ("firenze", None): "048017", ("prato", None): "100005",
          ("prato", "PO"): "100005", ("sesto fiorentino", "FI"): "048043", ("sesto fiorentino", None): "048043"}


def comune_lookup(name: str, province: str | None) -> str | None:
    return COMUNI.get((name.strip().lower(), province.upper() if province else None))


def xlsx_bytes(rows, *, title="Aziende", more_sheets=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for name, extra in more_sheets:
        other = workbook.create_sheet(name)
        for row in extra:
            other.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
