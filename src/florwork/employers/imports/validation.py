"""The validation report of a file and its mapping, by row and field, before anything is written.

Pure: the comune lookup is injected (the service passes one over the territory tables), the report is data.
Severity says what the import will do with the row:
- error: the row is not imported until it is fixed (no name, broken structure, a P.IVA or codice fiscale that
  fails its check digit: an identifier is the linkage's strongest evidence, so a wrong one would merge or split
  companies on a typo; the officer corrects or clears it);
- warning: the row is imported, the named field left out or taken with care (unknown comune, bad e-mail,
  headcount not a number, formula-looking text kept as text, leading zeros restored, a duplicate row).
Every row, whatever its issues, is kept verbatim by the import.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from florwork.employers.identifiers import (
    InvalidIdentifier,
    compact,
    validate_company_codice_fiscale,
    validate_partita_iva,
)
from florwork.employers.linkage import normalise
from florwork.employers.linkage.normalise import MISSING, plain

from .cells import NotANumber, legal_form_code, looks_like_formula, parse_employees
from .mapping import check_mapping
from .table import RawTable, SourceRow

ComuneLookup = Callable[[str, str | None], str | None]  # (comune as written, province sigla or name) → ISTAT


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY: dict[str, Severity] = {
    "field_count": Severity.ERROR, "name_missing": Severity.ERROR, "vat_number_invalid": Severity.ERROR,
    "tax_code_invalid": Severity.ERROR,
    "vat_number_zeros_restored": Severity.WARNING, "tax_code_zeros_restored": Severity.WARNING,
    "vat_number_is_tax_code": Severity.WARNING, "comune_unknown": Severity.WARNING,
    "postcode_invalid": Severity.WARNING, "email_invalid": Severity.WARNING, "email_several": Severity.WARNING,
    "phone_invalid": Severity.WARNING, "website_invalid": Severity.WARNING, "employees_invalid": Severity.WARNING,
    "employees_range": Severity.WARNING, "legal_form_unknown": Severity.WARNING, "ateco_invalid": Severity.WARNING,
    "formula_cell": Severity.WARNING, "duplicate_row": Severity.WARNING,
}


@dataclass(frozen=True, slots=True)
class Issue:
    row: int  # SourceRow.number: the line (CSV) or row (XLSX) a person finds it at
    field: str  # the canonical field, "" for a cell of an unmapped column, "*" for the whole row
    column: str | None  # the file's column (None for the whole row)
    code: str
    params: dict[str, Any]

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.code]


@dataclass
class ValidationReport:
    rows: int
    issues: list[Issue] = field(default_factory=list)
    duplicates: list[list[int]] = field(default_factory=list)  # row numbers holding the same record, in order
    comuni: dict[tuple[str, str | None], str | None] = field(default_factory=dict)  # the lookups' answers

    _by_row: dict[int, list[Issue]] | None = field(default=None, repr=False, compare=False)

    def _index(self) -> dict[int, list[Issue]]:
        """Issues by row, built once (a page asks each row's status: no scan of every issue per row)."""
        if self._by_row is None:
            self._by_row = {}
            for issue in self.issues:
                self._by_row.setdefault(issue.row, []).append(issue)
        return self._by_row

    @property
    def rows_with_errors(self) -> set[int]:
        return {row for row, issues in self._index().items()
                if any(issue.severity is Severity.ERROR for issue in issues)}

    @property
    def rows_with_warnings(self) -> set[int]:
        """Rows with warnings and no error."""
        return {row for row, issues in self._index().items()
                if all(issue.severity is Severity.WARNING for issue in issues)}

    def status(self, row: int) -> str:
        issues = self._index().get(row, [])
        if any(issue.severity is Severity.ERROR for issue in issues):
            return "error"
        return "warning" if issues else "valid"

    def issues_for(self, row: int) -> list[Issue]:
        return list(self._index().get(row, []))

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for issue in self.issues:
            counts[issue.code] = counts.get(issue.code, 0) + 1
        return dict(sorted(counts.items()))

    def summary(self) -> dict[str, Any]:
        errors, warnings = len(self.rows_with_errors), len(self.rows_with_warnings)
        return {"rows": self.rows, "valid": self.rows - errors - warnings, "with_warnings": warnings,
                "with_errors": errors, "issues": self.counts()}


def validate(table: RawTable, mapping: Mapping[str, str], *, comune_lookup: ComuneLookup) -> ValidationReport:
    """Every issue of every row (``check_mapping`` first: a bad mapping raises ``MappingError``)."""
    check_mapping(table.header, mapping)
    report = ValidationReport(rows=len(table.rows))
    positions = {name: table.column_index(column) for name, column in mapping.items()}
    checker = _RowChecker(table.header, positions, comune_lookup, report)
    first_seen: dict[bytes, int] = {}
    groups: dict[int, list[int]] = {}
    for row in table.rows:
        report.issues.extend(checker.check(row))
        key = _duplicate_key(row, positions)
        if key is None:
            continue
        if key in first_seen:
            first = first_seen[key]
            groups.setdefault(first, [first]).append(row.number)
            report.issues.append(Issue(row.number, "*", None, "duplicate_row", {"first_row": first}))
        else:
            first_seen[key] = row.number
    report.duplicates = list(groups.values())
    return report


_EMAIL = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
_ATECO = re.compile(r"\d{2}(?:\.\d{1,2}(?:\.\d{1,2})?)?")
_FIRST = frozenset("=+-@\t\r\n ")  # a cheap first look before the formula check (1.8M cells in 200k rows)
_PROVINCE_IN_CITY = re.compile(r"^(.*?)\s*\(\s*([A-Za-z]{2})\s*\)\s*$")


class _RowChecker:
    def __init__(self, header: list[str], positions: dict[str, int], lookup: ComuneLookup,
                 report: ValidationReport) -> None:
        self.header, self.positions, self.lookup, self.report = header, positions, lookup, report
        self.field_of = {index: name for name, index in sorted(positions.items(), reverse=True)}

    def check(self, row: SourceRow) -> list[Issue]:
        issues: list[Issue] = []
        if len(row.cells) != len(self.header):
            issues.append(Issue(row.number, "*", None, "field_count",
                                {"expected": len(self.header), "found": len(row.cells)}))
        for index, cell in enumerate(row.cells):
            if cell and cell[0] in _FIRST and looks_like_formula(cell):
                column = self.header[index] if index < len(self.header) else None
                issues.append(Issue(row.number, self.field_of.get(index, ""), column, "formula_cell", {"value": cell}))
        for name, index in self.positions.items():
            value = row.cell(index).strip()
            if value.lower() in MISSING:
                if name == "name":
                    issues.append(Issue(row.number, name, self.header[index], "name_missing", {}))
                continue
            check = _CHECKS.get(name)
            if check is None:
                continue
            for code, params in check(self, row, value):
                issues.append(Issue(row.number, name, self.header[index], code, params))
        return issues

    def comune(self, row: SourceRow, value: str) -> list[tuple[str, dict[str, Any]]]:
        province = row.cell(self.positions["province"]).strip() or None if "province" in self.positions else None
        if match := _PROVINCE_IN_CITY.match(value):  # 'Sesto Fiorentino (FI)'
            value, province = match[1], province or match[2].upper()
        key = (value, province)
        if key not in self.report.comuni:
            self.report.comuni[key] = self.lookup(value, province)
        return [] if self.report.comuni[key] else [("comune_unknown", {"value": value, "province": province})]


def _identifier(name: str, value: str, validator: Callable[[str], str]) -> list[tuple[str, dict[str, Any]]]:
    number = compact(value)
    try:
        validator(number)
        return []
    except InvalidIdentifier as problem:
        reason = problem.reason.value
    if number.isdigit() and len(number) < 11:  # a spreadsheet ate the leading zeros of a number cell
        restored = number.zfill(11)
        try:
            validator(restored)
            return [(f"{name}_zeros_restored", {"value": value, "restored": restored})]
        except InvalidIdentifier:
            pass
    return [(f"{name}_invalid", {"value": value, "reason": reason})]


def _vat(_: _RowChecker, __: SourceRow, value: str) -> list[tuple[str, dict[str, Any]]]:
    number = compact(value)
    if len(number) == 16 and normalise.tax_code(number):  # a 'P.IVA/C.F.' column with a sole trader's code
        return [("vat_number_is_tax_code", {"value": value})]
    return _identifier("vat_number", value, validate_partita_iva)


def _tax(_: _RowChecker, __: SourceRow, value: str) -> list[tuple[str, dict[str, Any]]]:
    return _identifier("tax_code", value, validate_company_codice_fiscale)


def _city(checker: _RowChecker, row: SourceRow, value: str) -> list[tuple[str, dict[str, Any]]]:
    return checker.comune(row, value)


def _postcode(_: _RowChecker, __: SourceRow, value: str) -> list[tuple[str, dict[str, Any]]]:
    clean = normalise.postcode(value) or ""
    return [] if len(clean) == 5 and clean.isdigit() else [("postcode_invalid", {"value": value})]


def _emails(_: _RowChecker, __: SourceRow, value: str) -> list[tuple[str, dict[str, Any]]]:
    addresses = [part for part in re.split(r"[;,\s]+", value.strip().lower()) if part]
    issues: list[tuple[str, dict[str, Any]]] = []
    if len(addresses) > 1:
        issues.append(("email_several", {"count": len(addresses)}))
    issues += [("email_invalid", {"value": address}) for address in addresses
               if not _EMAIL.fullmatch(address.removeprefix("mailto:"))]
    return issues


def _phone(_: _RowChecker, __: SourceRow, value: str) -> list[tuple[str, dict[str, Any]]]:
    return [] if normalise.phone(value) and not re.search(r"[a-zA-Z]", value) else [("phone_invalid",
                                                                                      {"value": value})]


def _website(_: _RowChecker, __: SourceRow, value: str) -> list[tuple[str, dict[str, Any]]]:
    return [] if normalise.website(value) else [("website_invalid", {"value": value})]


def _employees(_: _RowChecker, __: SourceRow, value: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        parse_employees(value)
        return []
    except NotANumber as problem:
        return [(problem.code, {"value": value, **problem.params})]


def _legal_form(_: _RowChecker, __: SourceRow, value: str) -> list[tuple[str, dict[str, Any]]]:
    return [] if legal_form_code(value) else [("legal_form_unknown", {"value": value})]


def _ateco(_: _RowChecker, __: SourceRow, value: str) -> list[tuple[str, dict[str, Any]]]:
    return [] if _ATECO.fullmatch(value.replace(" ", "")) else [("ateco_invalid", {"value": value})]


_CHECKS: dict[str, Callable[[_RowChecker, SourceRow, str], list[tuple[str, dict[str, Any]]]]] = {
    "vat_number": _vat, "tax_code": _tax, "city": _city, "postcode": _postcode, "email": _emails,
    "pec": _emails, "contact_email": _emails, "phone": _phone, "contact_phone": _phone, "website": _website,
    "employees": _employees, "legal_form": _legal_form, "ateco_code": _ateco,
}


def _identifier_key(value: str | None) -> str | None:
    if value is None or value.strip().lower() in MISSING:
        return None
    number = compact(value)
    return number.zfill(11) if number.isdigit() else number


_KEY_CLEANERS: dict[str, Callable[[str | None], str | None]] = {
    **normalise.NORMALISERS, "vat_number": _identifier_key, "tax_code": _identifier_key,
    "city": lambda value: plain(value or "") or None}  # the linkage's drops '(FI)': here the province counts


def _duplicate_key(row: SourceRow, positions: Mapping[str, int]) -> bytes | None:
    """A digest of the mapped fields normalised (the partner's own id left out: it differs on every row by
    construction); None for a row with nothing in them. A 16-byte digest instead of the values themselves keeps
    200,000 keys in ~10 MB instead of ~100 MB; a collision needs ~2^64 rows."""
    key: list[str] = []
    for name in sorted(positions):
        if name == "source_id":
            continue
        raw = row.cell(positions[name])
        clean = _KEY_CLEANERS.get(name, _folded)(raw)
        key.append(clean if clean is not None else _folded(raw))
    if not any(key):
        return None
    return hashlib.blake2b("\x1f".join(key).encode(), digest_size=16).digest()


def _folded(value: str | None) -> str:
    """Case and spacing only: the fields without a normaliser of their own (cheaper than ``plain``)."""
    return " ".join(value.casefold().split()) if value else ""
