"""``read_file``: the bytes of an upload in, a ``RawTable`` out, or an ``ImportFileError`` naming the problem.

The kind of file is told by its first bytes, not its name (a CSV saved as .xls by a partner's CRM is common):
a zip is an XLSX, an OLE2 header is an old .xls (refused: save it as .xlsx or CSV), an HTML or XML page (what
some CRMs export as "Excel") is refused too, anything else is text.
"""

from __future__ import annotations

import hashlib

from .csvfile import decode, read_csv_text
from .errors import ImportFileError
from .table import DEFAULT_LIMITS, Limits, RawTable
from .xlsxfile import read_xlsx

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_file(data: bytes, filename: str, *, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> RawTable:
    """Read a partner's CSV or XLSX (first sheet, or ``sheet``) into text rows, each kept verbatim."""
    if len(data) > limits.max_file_bytes:
        raise ImportFileError("file_too_large", size=len(data), limit=limits.max_file_bytes)
    if not data or data.isspace():  # (isspace: no copy of a large upload)
        raise ImportFileError("empty_file")
    digest = file_sha256(data)
    if data.startswith(OLE2_MAGIC):
        raise ImportFileError("unsupported_format", format="xls")
    if data.startswith(ZIP_MAGIC):
        names, header, preamble, rows, sheet_name, sheets = read_xlsx(data, sheet=sheet, limits=limits)
        return RawTable(filename=filename, sha256=digest, size=len(data), format="xlsx", header=names,
                        header_number=header.number, header_original=header.original, rows=rows,
                        sheet=sheet_name, sheets=sheets, preamble=preamble)
    text, encoding = decode(data)
    start = text[:200].lstrip().lower()
    if start.startswith(("<!doctype html", "<html", "<?xml", "<table")):  # CRMs' "Excel" exports that are HTML
        raise ImportFileError("unsupported_format", format="html" if "<?xml" not in start else "xml")
    names, header, preamble, rows, delimiter = read_csv_text(text, limits=limits)
    return RawTable(filename=filename, sha256=digest, size=len(data), format="csv", header=names,
                    header_number=header.number, header_original=header.original, rows=rows,
                    encoding=encoding, delimiter=delimiter, preamble=preamble)
