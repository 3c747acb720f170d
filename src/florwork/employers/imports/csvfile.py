"""CSV in any common encoding (UTF-8 with or without BOM, UTF-16, cp1252, latin-1) and separator (, ; tab |).

Each record keeps its verbatim text: the reader is fed line by line through a recorder, so a record whose
quoted cells span several lines keeps all of them, exactly as they were.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from florwork.employers.linkage.table import DELIMITERS, ENCODINGS

from .errors import ImportFileError
from .header import column_names, header_position
from .table import Limits, SourceRow

SNIFF_CHARS = 64 * 1024
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")  # a line with its own ending, as newline="" keeps it


def decode(data: bytes) -> tuple[str, str]:
    """The text and the codec that gave it. UTF-16 is recognised by its BOM or, without one, by the NUL bytes
    of its ASCII characters; otherwise UTF-8 if it decodes, then cp1252 (Windows Excel's 'CSV'), then latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        codec = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: the NUL check below refuses it
    for codec in ("utf-8", *ENCODINGS[1:]):  # the linkage core's order, "utf-8-sig" reported as such
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" and text.startswith("\ufeff"):
            return text[1:], "utf-8-sig"
        return text, codec
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def sniff_delimiter(text: str) -> str:
    """The separator that splits the first lines into the most records of one same width above 1 (quoted cells
    are honoured, so a comma inside a quoted name does not count); ',' for a one-column file."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if r][:50]
        except csv.Error:
            continue
        common = max(set(widths), key=widths.count) if widths else 1
        score = (widths.count(common), common) if common > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _recording(text: str, taken: list[str]) -> Iterator[str]:
    """The lines of ``text`` one at a time, each also noted in ``taken`` (an io.StringIO would hold the whole
    text again at four bytes a character)."""
    for match in _LINE.finditer(text):
        line = match.group()
        taken.append(line)
        yield line


def read_csv_text(text: str, *, limits: Limits) -> tuple[list[str], SourceRow, list[SourceRow], list[SourceRow], str]:
    """Header names, the header record, the preamble records, the data records, the separator."""
    if "\x00" in text:  # a spreadsheet or other binary file renamed .csv
        raise ImportFileError("binary_content", line=text.count("\n", 0, text.index("\x00")) + 1)
    delimiter = sniff_delimiter(text)
    records = list(_records(text, delimiter, limits))
    if not records:
        raise ImportFileError("empty_file")
    start = header_position([record.cells for record in records])
    header_row = records[start]
    if len(header_row.cells) > limits.max_columns:
        raise ImportFileError("too_many_columns", count=len(header_row.cells), limit=limits.max_columns)
    return column_names(header_row.cells), header_row, records[:start], records[start + 1:], delimiter


def _records(text: str, delimiter: str, limits: Limits) -> Iterator[SourceRow]:
    taken: list[str] = []
    reader = csv.reader(_recording(text, taken), delimiter=delimiter)
    line, count = 1, 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as problem:
            raise ImportFileError("malformed_csv", line=line, reason=str(problem)) from None
        original = "".join(taken).rstrip("\r\n")
        first, line = line, line + len(taken)
        taken.clear()
        if not any(cell.strip() for cell in cells):
            continue  # blank lines carry nothing (their numbers still count)
        count += 1
        if count > limits.max_rows + 1:  # +1: the header
            raise ImportFileError("too_many_rows", limit=limits.max_rows)
        yield SourceRow(number=first, cells=cells, original=original)
