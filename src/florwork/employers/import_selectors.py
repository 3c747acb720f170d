"""Reads of the imports, filtered by the access policy (COMPANY_IMPORT), and the registry's CSV export.

Contracts other parts may use: ``imports_visible`` (the imports an actor may see, newest first),
``import_get`` (the gate: 404 otherwise), ``review_pairs_pending`` (the review queue), ``company_import_rows``
(the partner rows merged into or creating a company: where its data came from).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from florwork.accounts.policy import Action, Actor, may
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.employers.import_linkage import compare
from florwork.employers.import_messages import field_labels, issue_message
from florwork.employers.import_models import (
    ImportFile,
    ImportRow,
    ImportSource,
    LinkageSettings,
    PairStatus,
    ReviewPair,
    RowOutcome,
)
from florwork.employers.imports import neutralise_for_export, suggest_mapping
from florwork.employers.models import Company, Site
from florwork.territory.models import Comune

IMPORT = Action.COMPANY_IMPORT


def imports_visible(*, actor: Actor) -> QuerySet[ImportFile]:
    if not may(actor, IMPORT):
        return ImportFile.objects.none()
    return ImportFile.objects.select_related("source").defer("content").order_by("-uploaded_at", "-pk")


def import_get(*, actor: Actor, file_id: int) -> ImportFile:
    file = imports_visible(actor=actor).filter(pk=file_id).first()
    if file is None or not may(actor, IMPORT, file):
        raise Http404
    return file


def import_sources(*, actor: Actor) -> QuerySet[ImportSource]:
    return ImportSource.objects.order_by("name") if may(actor, IMPORT) else ImportSource.objects.none()


def mapping_suggestions(*, file: ImportFile) -> dict[str, str]:
    """{column: canonical field} as the mapping form shows it: the partner's saved choices, then the headers."""
    suggestions = suggest_mapping(file.header, saved=file.mapping or file.source.mapping)
    return {s.column: field for field, s in suggestions.items()}


def column_samples(*, file: ImportFile, limit: int = 3) -> dict[str, list[str]]:
    from florwork.employers.import_services import read_table

    table = read_table(file)
    return {column: [row.cell(index) for row in table.rows[:limit]] for index, column in enumerate(table.header)}


def report_rows(*, file: ImportFile, limit: int = 500) -> list[dict[str, Any]]:
    """The validation report grouped by row (rows with issues only), each issue in words."""
    labels = field_labels()
    rows: dict[int, dict[str, Any]] = {}
    for issue in (file.report or {}).get("issues", []):
        row = rows.setdefault(issue["row"], {"row": issue["row"], "issues": [], "error": False})
        row["error"] = row["error"] or issue["severity"] == "error"
        row["issues"].append({**issue, "label": labels.get(issue["field"], issue["field"]),
                              "message": issue_message(issue["code"], issue["params"])})
    return [rows[number] for number in sorted(rows)][:limit]


def import_rows(*, actor: Actor, file: ImportFile, outcome: str = "") -> QuerySet[ImportRow]:
    rows = ImportRow.objects.filter(file=file).select_related("company").order_by("number")
    if not may(actor, IMPORT, file):
        return rows.none()
    return rows.filter(outcome=outcome) if outcome in RowOutcome.values else rows


def explain_issues(rows) -> None:
    """Each row's issues in words (``row.issue_lines``), for the file page."""
    labels = field_labels()
    for row in rows:
        row.issue_lines = [{"severity": i["severity"], "label": labels.get(i["field"], i["field"]),
                            "message": issue_message(i["code"], i["params"])} for i in row.issues]


def import_row_get(*, actor: Actor, row_id: int) -> ImportRow:
    row = ImportRow.objects.select_related("file", "company").filter(pk=row_id).first()
    if row is None or not may(actor, IMPORT, row):
        raise Http404
    return row


def review_pairs_pending(*, actor: Actor, file: ImportFile | None = None) -> QuerySet[ReviewPair]:
    if not may(actor, IMPORT):
        return ReviewPair.objects.none()
    pairs = ReviewPair.objects.filter(status=PairStatus.PENDING).select_related("row", "file", "company",
                                                                                "other_row")
    return (pairs.filter(file=file) if file is not None else pairs).order_by("file_id", "row__number",
                                                                             "-probability", "pk")


def import_pairs(*, actor: Actor, file: ImportFile) -> QuerySet[ReviewPair]:
    pairs = ReviewPair.objects.filter(file=file).select_related("row", "company", "other_row")
    return pairs.order_by("row__number", "-probability", "pk") if may(actor, IMPORT, file) else pairs.none()


def review_pair_get(*, actor: Actor, pair_id: int) -> ReviewPair:
    pair = ReviewPair.objects.select_related("row", "file", "company", "other_row").filter(pk=pair_id).first()
    if pair is None or not may(actor, IMPORT, pair):
        raise Http404
    return pair


def pair_view(pair: ReviewPair) -> dict[str, Any]:
    """A pair as the review page shows it: both records field by field, the differing ones marked."""
    labels = field_labels()
    lines = compare(pair.sides.get("row", {}), pair.sides.get("other", {}))
    for line in lines:
        line["label"] = labels.get(line["field"], line["field"])
    return {"pair": pair, "lines": lines, "percent": int(pair.probability * 100)}  # 98.9% is not "99%"


def linkage_settings() -> LinkageSettings | None:
    return LinkageSettings.objects.order_by("pk").first()


def company_import_rows(*, actor: Actor, company: Company) -> QuerySet[ImportRow]:
    if not may(actor, IMPORT):
        return ImportRow.objects.none()
    return ImportRow.objects.filter(company=company).select_related("file").order_by("file_id", "number")




# --- the registry as CSV -----------------------------------------------------------------------------------

EXPORT_HEADER = ("code", "legal_name", "trade_names", "partita_iva", "codice_fiscale", "legal_form", "ateco_code",
                 "ateco_label", "employees", "phone", "email", "website", "state", "address", "postcode",
                 "comune", "law68_shortfall")


def registry_csv_rows(*, actor: Actor, purpose: str) -> Iterator[list[str]]:
    """The registry a row per company, every cell neutralised for spreadsheets (a partner's '=HYPERLINK(…)' stays
    text, OWASP CSV injection); the export is audited."""
    companies = Company.objects.all() if may(actor, Action.COMPANY_VIEW) else Company.objects.none()
    audit_record(actor=actor, operation=Operation.EXPORT, purpose=purpose, object_type="employers.Company",
                 object_label=f"registry export of {companies.count()}", fields=list(EXPORT_HEADER))
    names = dict(Comune.objects.values_list("istat_code", "name"))
    sites: dict[int, Site] = {}
    for site in Site.objects.order_by("company_id", "-is_headquarters", "pk").iterator(chunk_size=2000):
        sites.setdefault(site.company_id, site)
    yield list(EXPORT_HEADER)
    for company in companies.order_by("legal_name", "pk").iterator(chunk_size=2000):
        site = sites.get(company.pk)
        cells = [company.code, company.legal_name, "; ".join(company.trade_names or []), company.partita_iva,
                 company.codice_fiscale, company.legal_form, company.ateco_code, company.ateco_label,
                 "" if company.employees is None else str(company.employees), company.phone, company.email,
                 company.website, company.state, site.address if site else "", site.postcode if site else "",
                 names.get(site.comune_istat, "") if site else "", str(company.law68_shortfall)]
        yield [neutralise_for_export(cell) for cell in cells]
