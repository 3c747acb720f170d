"""XLSX through openpyxl in read-only (streaming) mode, after the zip's declared sizes have been checked.

Order of the defences against a bomb: the file's size (by the caller), then the zip's directory (entry count,
total uncompressed size, each large entry's compression ratio) before a single byte is decompressed, then the
sheet's declared dimension before any row is parsed, then the row count while streaming (a dimension can lie).
Python's zipfile never inflates an entry beyond its declared size, so the directory check binds.

Formulas are kept as their text ('=B2*2'), never evaluated and never replaced by the result cached in the file
(which may be stale, or forged to differ from the formula): they are flagged by the validation.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from .errors import ImportFileError
from .header import column_names, header_position
from .table import Limits, SourceRow


def check_zip(data: bytes, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as problem:
        raise ImportFileError("malformed_xlsx", reason=str(problem)) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_xlsx_entries:
            raise ImportFileError("xlsx_too_many_entries", count=len(entries), limit=limits.max_xlsx_entries)
        total = sum(entry.file_size for entry in entries)
        if total > limits.max_xlsx_uncompressed_bytes:
            raise ImportFileError("xlsx_too_large", size=total, limit=limits.max_xlsx_uncompressed_bytes)
        for entry in entries:
            if entry.file_size <= limits.xlsx_ratio_floor:
                continue
            ratio = entry.file_size // max(entry.compress_size, 1)
            if ratio > limits.max_xlsx_ratio:
                raise ImportFileError("xlsx_bomb", entry=entry.filename, ratio=ratio, limit=limits.max_xlsx_ratio)
        if "xl/workbook.xml" not in archive.namelist():
            raise ImportFileError("unsupported_format", format="zip")  # an .ods, a .docx, a zip of CSVs…


def cell_text(value: Any) -> str:
    """A cell as the text a person reads in it: integers without '.0', floats at their shortest exact repr,
    dates ISO (a date-time at midnight as a date), booleans as Excel shows them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta | Decimal):
        return str(value)
    return str(value)


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return cell_text(value)


def read_xlsx(data: bytes, *, sheet: str | None, limits: Limits
              ) -> tuple[list[str], SourceRow, list[SourceRow], list[SourceRow], str, tuple[str, ...]]:
    """Header names, header row, preamble rows, data rows, the sheet read and every sheet's name."""
    check_zip(data, limits)
    from openpyxl import load_workbook  # imported here: a CSV import never pays for it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as problem:  # openpyxl raises anything from KeyError to XML errors on a broken file
        raise ImportFileError("malformed_xlsx", reason=f"{type(problem).__name__}: {problem}") from None
    try:
        names = tuple(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            raise ImportFileError("sheet_not_found", sheet=sheet, available=list(names))
        worksheet = workbook[sheet or names[0]]
        declared = worksheet.max_row
        if declared is not None and declared > limits.max_rows + 1 + 20:  # header and a few title rows
            raise ImportFileError("too_many_rows", limit=limits.max_rows)
        worksheet.reset_dimensions()  # read every row even if the declared dimension is wrong (or a lie)
        records = _rows(worksheet.iter_rows(values_only=True), limits)
        if not records:
            raise ImportFileError("empty_file")
        start = header_position([record.cells for record in records])
        header_row = records[start]
        width = len(header_row.cells)
        if width > limits.max_columns:
            raise ImportFileError("too_many_columns", count=width, limit=limits.max_columns)
        rows = [_fit(record, width) for record in records[start + 1:]]
        return column_names(header_row.cells), header_row, records[:start], rows, worksheet.title, names
    finally:
        workbook.close()


def _rows(values: Any, limits: Limits) -> list[SourceRow]:
    records: list[SourceRow] = []
    for number, row in enumerate(values, start=1):
        cells = [cell_text(value) for value in row]
        while cells and not cells[-1].strip():
            cells.pop()
        if not any(cell.strip() for cell in cells):
            continue
        if len(records) > limits.max_rows:  # the header plus max_rows are already in
            raise ImportFileError("too_many_rows", limit=limits.max_rows)
        original = json.dumps([_json_value(value) for value in row[: len(cells)]], ensure_ascii=False)
        records.append(SourceRow(number=number, cells=cells, original=original))
    return records


def _fit(record: SourceRow, width: int) -> SourceRow:
    """A spreadsheet row ends where its last filled cell is: pad it to the header's width."""
    if len(record.cells) >= width:
        return record
    return SourceRow(record.number, record.cells + [""] * (width - len(record.cells)), record.original)
