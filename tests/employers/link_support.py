"""Helpers for the linkage tests: generated partner files written as CSV in any encoding and separator."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.management import call_command

from florwork.employers.linkage import synthetic


def write_csv(rows: list[dict[str, str]], path: Path, *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def columns(mapping: dict[str, str]) -> str:
    return ",".join(f"{canonical}={column}" for canonical, column in mapping.items())


COMPANIES = columns(synthetic.COMPANY_COLUMNS)
PERSONS = columns(synthetic.PERSON_COLUMNS)


def link(*args: str) -> str:
    out = io.StringIO()
    call_command("link", *args, stdout=out)
    return out.getvalue()


def read_pairs(path: Path) -> list[tuple[str, str, float]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["left_id"], row["right_id"], float(row["match_probability"])) for row in csv.DictReader(handle)]
