"""API of the imports (on the employers router): list and upload files, map and check, run, an import's status
and report, its rows and review pairs, decide a pair (409 when someone decided it first).

The same services and selectors as the pages; re-sending the same bytes answers with the first upload and
``"created": false``, running an imported file again answers ``"changed": false``: nothing changes.
"""


import json
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from ninja import File, Form, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from florwork.accounts.policy import Action
from florwork.apicore import Error, Page, allow, paginate
from florwork.audit.models import Purpose
from florwork.employers import import_selectors as selectors
from florwork.employers import import_services as services
from florwork.employers.api import router
from florwork.employers.import_messages import issue_message
from florwork.employers.import_models import ImportFile, ImportRow, PairStatus, ReviewPair, RowOutcome

EMPLOYERS = Purpose.EMPLOYER_ENGAGEMENT
IMPORT = Action.COMPANY_IMPORT


class ImportOut(Schema):
    id: int
    code: str
    source: str
    filename: str
    size: int
    sha256: str
    format: str
    encoding: str
    delimiter: str
    sheet: str
    header: list[str]
    row_count: int
    status: str
    mapping: dict[str, str]
    suggested_mapping: dict[str, str]
    report: dict[str, Any]
    counts: dict[str, int]
    linkage: dict[str, Any]
    uploaded_at: datetime
    uploaded_by: str
    imported_at: datetime | None
    version: int


class UploadOut(ImportOut):
    created: bool


class RunOut(ImportOut):
    changed: bool


class IssueOut(Schema):
    row: int
    field: str
    column: str | None
    code: str
    severity: str
    params: dict[str, Any]
    message: str


class RowOut(Schema):
    id: int
    number: int
    original: str
    cells: list[str]
    values: dict[str, str]
    issues: list[dict[str, Any]]
    status: str
    outcome: str
    company_id: int | None
    follows: int | None
    probability: float | None
    merged_automatically: bool
    version: int


class PairOut(Schema):
    id: int
    file_id: int
    row: int
    company_id: int | None
    other_row: int | None
    probability: float
    weights: dict[str, float]
    sides: dict[str, Any]
    status: str
    decided_at: datetime | None
    decided_by: str
    version: int


class MappingIn(Schema):
    mapping: dict[str, str] = Field(description="{registry field: column of the file}, e.g. {'name': 'Ragione "
                                                "sociale'}")


class DecisionIn(Schema):
    decision: PairStatus = Field(description="same or different")
    version: int = Field(ge=1)


def _file(file: ImportFile) -> dict[str, Any]:
    summary = (file.report or {}).get("summary", {})
    suggested = {field: column for column, field in selectors.mapping_suggestions(file=file).items()}
    return {**{name: getattr(file, name) for name in (
        "id", "code", "filename", "size", "sha256", "format", "encoding", "delimiter", "sheet", "header", "row_count",
        "status", "mapping", "counts", "linkage", "uploaded_at", "imported_at", "version")},
        "source": file.source.name, "suggested_mapping": suggested, "report": summary,
        "uploaded_by": file.uploaded_by_label}


def _row(row: ImportRow) -> dict[str, Any]:
    return {**{name: getattr(row, name) for name in (
        "id", "number", "original", "cells", "values", "issues", "status", "outcome", "company_id", "probability",
        "merged_automatically", "version")}, "follows": row.follows.number if row.follows_id else None}


def _pair(pair: ReviewPair) -> dict[str, Any]:
    return {"id": pair.pk, "file_id": pair.file_id, "row": pair.row.number, "company_id": pair.company_id,
            "other_row": pair.other_row.number if pair.other_row_id else None, "probability": pair.probability,
            "weights": pair.weights, "sides": pair.sides, "status": pair.status, "decided_at": pair.decided_at,
            "decided_by": pair.decided_by_label, "version": pair.version}


@router.get("/imports", response=Page[ImportOut], tags=["imports"])
@allow(IMPORT, EMPLOYERS)
def import_list(request, page: int = 1, page_size: int = 20):
    result = paginate(selectors.imports_visible(actor=request.actor), page=page, page_size=page_size)
    result["items"] = [_file(f) for f in result["items"]]
    return result


@router.post("/imports", response={200: UploadOut, 201: UploadOut, 422: Error}, tags=["imports"])
@allow(IMPORT, EMPLOYERS)
def import_upload(request, source: Form[str], file: File[UploadedFile], mapping: Form[str] = ""):
    """Upload a partner's CSV or XLSX (multipart: ``source``, ``file``; optionally ``mapping`` as JSON
    {field: column} to check it at once). The same bytes again: 200 with the first upload, ``created`` false."""
    uploaded, created = services.import_upload(by=request.actor, source_name=source, filename=file.name or "file",
                                               data=file.read())
    if mapping and created:
        try:
            chosen = json.loads(mapping)
        except ValueError:
            raise ValidationError({"mapping": "mapping must be a JSON object {field: column}"}) from None
        if not isinstance(chosen, dict):
            raise ValidationError({"mapping": "mapping must be a JSON object {field: column}"})
        uploaded = services.import_map(by=request.actor, file=uploaded, mapping=chosen)
    return Status(201 if created else 200, {**_file(uploaded), "created": created})


@router.get("/imports/{file_id}", response={200: ImportOut, 404: Error}, tags=["imports"])
@allow(IMPORT, EMPLOYERS)
def import_get(request, file_id: int):
    return _file(selectors.import_get(actor=request.actor, file_id=file_id))


@router.get("/imports/{file_id}/report", response={200: list[IssueOut], 404: Error}, tags=["imports"])
@allow(IMPORT, EMPLOYERS)
def import_report(request, file_id: int):
    """Every issue of the check, by row and field, with its message in the client's language."""
    file = selectors.import_get(actor=request.actor, file_id=file_id)
    return [{**issue, "message": issue_message(issue["code"], issue["params"])}
            for issue in (file.report or {}).get("issues", [])]


@router.post("/imports/{file_id}/mapping", response={200: ImportOut, 404: Error, 409: Error, 422: Error},
             tags=["imports"])
@allow(IMPORT, EMPLOYERS)
def import_map(request, file_id: int, payload: MappingIn):
    file = selectors.import_get(actor=request.actor, file_id=file_id)
    try:
        return _file(services.import_map(by=request.actor, file=file, mapping=payload.mapping))
    except services.AlreadyImported:
        raise ValidationError({"mapping": "the file is already imported: its mapping cannot change"}) from None


@router.post("/imports/{file_id}/run", response={200: RunOut, 404: Error, 422: Error}, tags=["imports"])
@allow(IMPORT, EMPLOYERS)
def import_run(request, file_id: int):
    """Import the checked file (one transaction). Already imported: 200 with ``changed`` false, nothing done."""
    file = selectors.import_get(actor=request.actor, file_id=file_id)
    try:
        return {**_file(services.import_run(by=request.actor, file=file)), "changed": True}
    except services.AlreadyImported as already:
        return {**_file(already.file), "changed": False}


@router.get("/imports/{file_id}/rows", response={200: Page[RowOut], 404: Error}, tags=["imports"])
@allow(IMPORT, EMPLOYERS)
def import_rows(request, file_id: int, outcome: RowOutcome | None = None, page: int = 1, page_size: int = 100):
    file = selectors.import_get(actor=request.actor, file_id=file_id)
    rows = selectors.import_rows(actor=request.actor, file=file, outcome=outcome.value if outcome else "")
    result = paginate(rows.select_related("follows"), page=page, page_size=page_size)
    result["items"] = [_row(r) for r in result["items"]]
    return result


@router.get("/imports/{file_id}/pairs", response={200: list[PairOut], 404: Error}, tags=["imports"])
@allow(IMPORT, EMPLOYERS)
def import_pairs(request, file_id: int, status: PairStatus | None = None):
    file = selectors.import_get(actor=request.actor, file_id=file_id)
    pairs = selectors.import_pairs(actor=request.actor, file=file)
    return [_pair(p) for p in (pairs.filter(status=status.value) if status else pairs)]


@router.post("/imports/pairs/{pair_id}/decision", response={200: PairOut, 404: Error, 409: Error, 422: Error},
             tags=["imports"])
@allow(IMPORT, EMPLOYERS)
def pair_decide(request, pair_id: int, payload: DecisionIn):
    """``same``: the row merges into the company (or goes with the other row); ``different``: it becomes a new
    company once nothing else is left to review. 409 when the pair was decided meanwhile."""
    pair = selectors.review_pair_get(actor=request.actor, pair_id=pair_id)
    if payload.decision not in (PairStatus.SAME, PairStatus.DIFFERENT):
        raise ValidationError({"decision": "decide same or different"})
    decided = services.pair_decide(by=request.actor, pair=pair, decision=payload.decision.value,
                                   version=payload.version)
    return _pair(ReviewPair.objects.select_related("row", "other_row").get(pk=decided.pk))
