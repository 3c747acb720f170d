"""The canonical fields each kind of record can be linked on (the contract of ``florwork link``)."""

from __future__ import annotations

from typing import Literal

from .errors import LinkageError

Kind = Literal["persons", "companies"]

PERSON_FIELDS = ("first_name", "last_name", "birth_date", "tax_code", "id_number", "address", "postcode", "city",
                 "phone", "email")
COMPANY_FIELDS = ("name", "vat_number", "tax_code", "address", "postcode", "city", "phone", "email", "website")
FIELDS: dict[str, tuple[str, ...]] = {"persons": PERSON_FIELDS, "companies": COMPANY_FIELDS}


def fields_for(kind: str) -> tuple[str, ...]:
    try:
        return FIELDS[kind]
    except KeyError:
        raise LinkageError(f"unknown kind {kind!r}: expected persons or companies") from None


def parse_mapping(text: str, kind: str) -> dict[str, str]:
    """``canonical=column,…`` into {canonical: column}; unknown canonical names and repeats are refused."""
    allowed = fields_for(kind)
    mapping: dict[str, str] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        canonical, sep, column = (piece.strip() for piece in item.partition("="))
        if not sep or not canonical or not column:
            raise LinkageError(f"--columns: {item!r} is not canonical=column")
        if canonical not in allowed:
            raise LinkageError(f"--columns: unknown {kind} field {canonical!r} (expected one of: {', '.join(allowed)})")
        if canonical in mapping:
            raise LinkageError(f"--columns: field {canonical!r} is mapped twice")
        mapping[canonical] = column
    if not mapping:
        raise LinkageError("--columns: map at least one field (canonical=column)")
    return mapping
