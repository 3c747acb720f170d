"""A partner file as read: header and rows of text, each row with its place in the file and its verbatim text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One record of the file. ``number`` is its 1-based line (CSV: the first line of a record whose quoted
    cells span several) or row (XLSX); ``original`` is what is kept forever: the CSV record's text exactly as
    in the file (decoded), or the XLSX row's values as JSON (numbers stay numbers, dates ISO)."""

    number: int
    cells: list[str]
    original: str

    def cell(self, index: int) -> str:
        """The cell at ``index``, or "" for a short row (its field count is reported by the validation)."""
        return self.cells[index] if index < len(self.cells) else ""


@dataclass(frozen=True)
class Limits:
    """Checked before the file is parsed (size, zip entries) or as soon as it is exceeded (rows)."""

    max_file_bytes: int = 100 * 1024 * 1024
    max_rows: int = 250_000
    max_columns: int = 500
    max_xlsx_uncompressed_bytes: int = 512 * 1024 * 1024  # all entries of the zip together, as declared
    max_xlsx_ratio: int = 100  # uncompressed/compressed of one entry; sheet XML compresses ~10-40x, bombs 1000x+
    xlsx_ratio_floor: int = 1024 * 1024  # entries smaller than this may compress as much as they like
    max_xlsx_entries: int = 10_000


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class RawTable:
    """Everything ``read_file`` learnt. ``sha256`` is of the bytes alone: the same file re-uploaded under another
    name is the same file, so re-importing it can be recognised and change nothing."""

    filename: str
    sha256: str
    size: int
    format: Literal["csv", "xlsx"]
    header: list[str]
    header_number: int
    header_original: str
    rows: list[SourceRow]
    encoding: str | None = None  # CSV only: the codec that decoded it
    delimiter: str | None = None  # CSV only
    sheet: str | None = None  # XLSX only: the sheet read
    sheets: tuple[str, ...] = ()  # XLSX only: every sheet of the workbook
    preamble: list[SourceRow] = field(default_factory=list)  # title lines above the header, kept too

    def __len__(self) -> int:
        return len(self.rows)

    def column_index(self, column: str) -> int:
        return self.header.index(column)

    def values(self, column: str) -> Iterator[str]:
        index = self.header.index(column)
        return (row.cell(index) for row in self.rows)
