"""Reading a CSV of cases into plain columns: delimiter and encoding sniffed, outcome parsed, refusals named."""

from __future__ import annotations

import csv
import hashlib
import io
import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np

from .errors import ProfileError

ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")  # latin-1 decodes anything: the last resort
DELIMITERS = ",;\t|"
POSITIVE = {"1", "yes", "y", "true", "t", "si", "sì", "s"}
NEGATIVE = {"0", "no", "n", "false", "f"}
MISSING = {"", "na", "n/a", "nan", "null", "none"}

# Never model inputs, whatever --protected says (issue 4: sex, citizenship, disability, age band, in the
# names Florence's exports use). Raw age is not here: it is accepted, and the audit shows its effect by age band.
PROTECTED_NAMES = frozenset({
    "sex", "gender", "sesso", "genere", "citizenship", "cittadinanza", "nationality", "nazionalita",
    "nazionalità", "disability", "disabilita", "disabilità", "invalidita", "invalidità", "age_band",
    "fascia_eta", "fascia_età", "ethnicity", "etnia", "religion", "religione",
})


@dataclass(frozen=True)
class Table:
    """A CSV held as text columns, with where it came from."""

    columns: dict[str, list[str]]
    rows: int
    sha256: str
    source: str


def read_table(path: str | Path) -> Table:
    return parse_table(Path(path).read_bytes(), str(path))


def parse_table(raw: bytes, path: str) -> Table:
    """A table from a CSV's bytes (an upload); ``path`` names it in messages and on the card."""
    if not raw.strip():
        raise ProfileError(f"{path}: the file is empty")
    text = _decode(raw)
    dialect = _sniff(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header = [name.strip() for name in next(reader)]
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise ProfileError(f"{path}: repeated column names: {', '.join(duplicates)}")
    columns: dict[str, list[str]] = {name: [] for name in header}
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise ProfileError(f"{path}: row {line} has {len(record)} fields, the header has {len(header)}")
        for name, cell in zip(header, record, strict=True):
            columns[name].append(cell.strip())
    rows = len(next(iter(columns.values()))) if columns else 0
    return Table(columns=columns, rows=rows, sha256=hashlib.sha256(raw).hexdigest(), source=path)


def _decode(raw: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _sniff(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        return csv.excel  # one column, or nothing to tell delimiters apart: plain commas


def require_columns(table: Table, names: list[str]) -> None:
    missing = [name for name in names if name not in table.columns]
    if missing:
        raise ProfileError(f"{table.source}: missing columns: {', '.join(missing)} "
                           f"(the file has: {', '.join(table.columns)})")


def parse_outcome(table: Table, column: str) -> np.ndarray:
    values = np.empty(table.rows, dtype=np.int8)
    for index, cell in enumerate(table.columns[column]):
        word = cell.lower()
        if word in POSITIVE:
            values[index] = 1
        elif word in NEGATIVE:
            values[index] = 0
        else:
            raise ProfileError(f"{table.source}: row {index + 2}: outcome {column!r} is {cell!r}, "
                               "expected 0/1, yes/no or true/false")
    return values


def parse_number(cell: str) -> float | None:
    """A number, NaN when missing, None when the cell is text. Accepts the Italian decimal comma."""
    if cell.lower() in MISSING:
        return math.nan
    for candidate in (cell, cell.replace(".", "").replace(",", ".") if "," in cell else None):
        if candidate is None:
            continue
        try:
            number = float(candidate)
        except ValueError:
            continue
        return number if math.isfinite(number) else None
    return None


def is_numeric(cells: list[str]) -> bool:
    parsed = [parse_number(cell) for cell in cells]
    return all(value is not None for value in parsed) and any(not math.isnan(v) for v in parsed if v is not None)


def numeric_column(table: Table, column: str) -> np.ndarray:
    values = np.empty(table.rows, dtype=float)
    for index, cell in enumerate(table.columns[column]):
        number = parse_number(cell)
        if number is None:
            raise ProfileError(f"{table.source}: row {index + 2}: {column!r} is {cell!r}, expected a number")
        values[index] = number
    return values


def category_column(table: Table, column: str) -> np.ndarray:
    return np.array([cell if cell.lower() not in MISSING else "(missing)" for cell in table.columns[column]],
                    dtype=object)


def period(table: Table, column: str) -> tuple[str, str]:
    """First and last date in a column (ISO or dd/mm/yyyy), for the model card."""
    dates = []
    for index, cell in enumerate(table.columns[column]):
        if cell.lower() in MISSING:
            continue
        dates.append(_parse_date(cell, table.source, index + 2, column))
    if not dates:
        raise ProfileError(f"{table.source}: date column {column!r} has no dates")
    return min(dates).isoformat(), max(dates).isoformat()


def _parse_date(cell: str, source: str, line: int, column: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(cell[:19], pattern).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    raise ProfileError(f"{source}: row {line}: {column!r} is {cell!r}, expected a date (YYYY-MM-DD or DD/MM/YYYY)")
