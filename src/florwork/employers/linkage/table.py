"""Reading a CSV (encoding and separator sniffed) into a ``Dataset``: ids plus normalised canonical fields."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LinkageError
from .normalise import IDENTIFIERS, MISSING, NORMALISERS

ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")  # latin-1 decodes anything: the last resort
DELIMITERS = ",;\t|"
csv.field_size_limit(1_000_000)  # one cell larger than this is not a partner's spreadsheet


@dataclass
class Dataset:
    """Records to link: their ids (unique, in input order) and each mapped canonical field, normalised."""

    name: str
    ids: list[str]
    fields: dict[str, list[str | None]]
    invalid: dict[str, int] = field(default_factory=dict)  # identifiers dropped for a wrong check digit

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class RawTable:
    """A CSV as text: its header and rows (with each row's line number in the file)."""

    source: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]


def read_csv(path: str | Path) -> RawTable:
    raw = Path(path).read_bytes()
    if not raw.strip():
        return RawTable(source=str(path), header=[], rows=[], lines=[])
    text = _decode(raw)
    if "\x00" in text:  # a spreadsheet or other binary file renamed .csv
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LinkageError(f"{path}: line {line}: binary content (NUL bytes), not a CSV file")
    reader = csv.reader(io.StringIO(text, newline=""), _sniff(text))
    try:
        header = [name.strip() for name in next(reader)]
        rows: list[list[str]] = []
        lines: list[int] = []
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                raise LinkageError(f"{path}: line {reader.line_num} has {len(record)} fields, "
                                   f"the header has {len(header)}")
            rows.append(record)
            lines.append(reader.line_num)
    except csv.Error as problem:
        raise LinkageError(f"{path}: line {reader.line_num}: malformed CSV ({problem})") from None
    repeated = sorted({name for name in header if header.count(name) > 1 and name})
    if repeated:
        raise LinkageError(f"{path}: repeated column names: {', '.join(repeated)}")
    return RawTable(source=str(path), header=header, rows=rows, lines=lines)


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _sniff(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text.split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in DELIMITERS}
    best = max(counts, key=lambda sep: counts[sep])
    if counts[best] == 0:
        return csv.excel  # a single column

    class Sniffed(csv.excel):
        delimiter = best

    return Sniffed


def dataset_from_table(table: RawTable, *, id_column: str, mapping: Mapping[str, str]) -> Dataset:
    """Pick the id and mapped columns, refuse missing columns and repeated or empty ids, normalise each field."""
    if not table.header:
        return Dataset(name=table.source, ids=[], fields={canonical: [] for canonical in mapping})
    for wanted, what in [(id_column, "--id column"), *((col, f"column for {c}") for c, col in mapping.items())]:
        if wanted not in table.header:
            raise LinkageError(f"{table.source}: {what} {wanted!r} not found (the file has: {', '.join(table.header)})")
    position = table.header.index(id_column)
    ids = [row[position].strip() for row in table.rows]
    _check_ids(ids, table.lines, table.source)
    columns = {canonical: [row[table.header.index(column)] for row in table.rows]
               for canonical, column in mapping.items()}
    return dataset_from_columns(name=table.source, ids=ids, columns=columns)


def _check_ids(ids: Sequence[str], lines: Sequence[int], source: str) -> None:
    seen: dict[str, int] = {}
    for identifier, line in zip(ids, lines, strict=True):
        if identifier.lower() in MISSING:
            raise LinkageError(f"{source}: line {line}: the id is empty")
        if identifier in seen:
            raise LinkageError(f"{source}: line {line}: id {identifier!r} repeats line {seen[identifier]}")
        seen[identifier] = line


def dataset_from_columns(*, name: str, ids: Sequence[str],
                         columns: Mapping[str, Sequence[str | None]]) -> Dataset:
    """The entry point for callers that already hold their rows (the import pipeline): raw text in, normalised."""
    if len(set(ids)) != len(ids):
        _check_ids([str(i) for i in ids], list(range(2, len(ids) + 2)), name)
    fields: dict[str, list[str | None]] = {}
    invalid: dict[str, int] = {}
    for canonical, values in columns.items():
        if canonical not in NORMALISERS:
            raise LinkageError(f"unknown field {canonical!r}")
        clean = NORMALISERS[canonical]
        fields[canonical] = [clean(value) for value in values]
        if canonical in IDENTIFIERS:
            invalid[canonical] = sum(1 for raw, value in zip(values, fields[canonical], strict=True)
                                     if value is None and raw is not None and raw.strip().lower() not in MISSING)
    return Dataset(name=name, ids=[str(i) for i in ids], fields=fields, invalid=invalid)


def dataset_from_records(records: Iterable[Mapping[str, str | None]], *, name: str, id_key: str,
                         mapping: Mapping[str, str]) -> Dataset:
    """Rows as dicts (e.g. the registry's), with the same canonical→key mapping the CLI takes."""
    rows = list(records)
    ids = [str(row[id_key]) for row in rows]
    columns = {canonical: [row.get(key) for row in rows] for canonical, key in mapping.items()}
    return dataset_from_columns(name=name, ids=ids, columns=columns)
