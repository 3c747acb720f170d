"""Use cases of the imports: upload, map and check, run (linkage, merges, review queue, new companies), decide a
review pair, undo a merge, set the thresholds. One transaction each, audited, the policy asked first.

The run is all or nothing: one transaction writes every row, claim, site, company and review pair of the file,
so an interruption leaves the file as it was ("checked, ready to import") and running it again completes it.
The registry itself is written only through ``services`` (company_create, company_update, site_add,
company_claims_withdraw), so every imported value is a claim whose source names the file and the row.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.policy import Action, Actor, may
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.conflicts import Conflict
from florwork.employers import import_linkage, services
from florwork.employers.import_messages import refusal_message
from florwork.employers.import_models import (
    ImportFile,
    ImportRow,
    ImportSource,
    ImportStatus,
    LinkageSettings,
    PairStatus,
    ReviewPair,
    RowOutcome,
)
from florwork.employers.import_plan import Decision
from florwork.employers.import_values import ComuneIndex, claim_values, site_values
from florwork.employers.imports import (
    ImportRefused,
    Limits,
    MappingError,
    RawTable,
    ValidationReport,
    file_sha256,
    read_file,
    validate,
)
from florwork.employers.linkage import normalise
from florwork.employers.models import Company

# what the pages and the API accept: a larger file belongs to a batch job, not a web request
UPLOAD_LIMITS = Limits(max_file_bytes=20 * 1024 * 1024, max_rows=100_000)
SAME, DIFFERENT = PairStatus.SAME.value, PairStatus.DIFFERENT.value
THEN_REVIEW, THEN_NEW = "review", "new"


class AlreadyImported(Exception):
    """The file was imported before: nothing changes."""

    def __init__(self, file: ImportFile) -> None:
        super().__init__(file.pk)
        self.file = file


def _require(actor: Actor, obj=None) -> None:
    if not may(actor, Action.COMPANY_IMPORT, obj):
        raise PermissionDenied


def _audit(by: Actor, operation: str, file: ImportFile, fields, **detail) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.EMPLOYER_ENGAGEMENT,
                 object_type="employers.ImportFile", object_id=file.pk, object_label=file.code, fields=fields,
                 detail=detail)


def claim_source(file: ImportFile, number: int) -> str:
    """The source of a row's claims: the file's name for people, its id and the row for undoing exactly them."""
    return f"import:{file.filename[:150]}#{file.pk}/{number}"


def read_table(file: ImportFile) -> RawTable:
    return read_file(bytes(file.content), file.filename, sheet=file.sheet or None, limits=UPLOAD_LIMITS)


# --- upload, mapping, validation -------------------------------------------------------------------------------

def import_upload(*, by: Actor, source_name: str, filename: str, data: bytes,
                  limits: Limits = UPLOAD_LIMITS) -> tuple[ImportFile, bool]:
    """Keep the file (bytes verbatim) if it can be read; (file, created). The same bytes uploaded again return
    the first upload and change nothing."""
    _require(by)
    name = " ".join(source_name.split())[:200]
    if not name:
        raise ValidationError({"source": _("Say which partner the file comes from.")})
    existing = ImportFile.objects.filter(sha256=file_sha256(data)).first()
    if existing is not None:
        return existing, False
    try:
        table = read_file(data, filename, limits=limits)
    except ImportRefused as refusal:
        raise ValidationError({"file": refusal_message(refusal)}, code=refusal.code) from None
    now = timezone.now()
    try:
        with transaction.atomic():
            source, _created = ImportSource.objects.get_or_create(name=name, defaults={"created_at": now,
                                                                                      "updated_at": now})
            file = ImportFile.objects.create(
                source=source, filename=(filename or "file")[-200:], size=table.size, sha256=table.sha256,
                content=data, format=table.format, encoding=table.encoding or "", delimiter=table.delimiter or "",
                sheet=table.sheet or "", header=table.header, header_row=table.header_number,
                row_count=len(table.rows), uploaded_at=now, uploaded_by_id=by.user_id,
                uploaded_by_label=by.label[:200])
            _audit(by, Operation.CREATE, file, ["file"], source=source.pk, rows=len(table.rows),
                   format=table.format)
    except IntegrityError:  # the same bytes uploaded at the same moment by someone else
        return ImportFile.objects.get(sha256=table.sha256), False
    return file, True


def _report_json(report: ValidationReport) -> dict[str, Any]:
    return {"summary": report.summary(), "duplicates": report.duplicates,
            "issues": [{"row": i.row, "field": i.field, "column": i.column, "code": i.code,
                        "severity": i.severity.value, "params": i.params} for i in report.issues]}


def import_map(*, by: Actor, file: ImportFile, mapping: dict[str, str]) -> ImportFile:
    """Check the file with this column mapping (the report is kept; nothing goes to the registry) and save the
    mapping for the partner's next file."""
    _require(by, file)
    if file.status == ImportStatus.IMPORTED:
        raise AlreadyImported(file)
    mapping = {field: column for field, column in mapping.items() if column}
    table = read_table(file)
    try:
        report = validate(table, mapping, comune_lookup=ComuneIndex())
    except MappingError as refusal:
        raise ValidationError({"mapping": refusal_message(refusal)}, code=refusal.code) from None
    now = timezone.now()
    with transaction.atomic():
        updated = ImportFile.objects.filter(pk=file.pk).exclude(status=ImportStatus.IMPORTED).update(
            mapping=mapping, report=_report_json(report), status=ImportStatus.VALIDATED,
            version=F("version") + 1)
        if not updated:
            raise AlreadyImported(file)
        ImportSource.objects.filter(pk=file.source_id).update(mapping=mapping, updated_at=now)
        _audit(by, Operation.UPDATE, file, ["mapping", "report"], summary=report.summary()["issues"])
    file.refresh_from_db()
    return file


# --- the run ----------------------------------------------------------------------------------------------------

def linkage_thresholds() -> tuple[float, float]:
    row = LinkageSettings.objects.order_by("pk").first()
    if row is None:
        return 0.99, 0.5
    return float(row.merge_threshold), float(row.review_threshold)


def _create_rows(file: ImportFile, table: RawTable, report: ValidationReport) -> list[ImportRow]:
    positions = {name: table.column_index(column) for name, column in file.mapping.items()}
    rows = []
    for source_row in table.rows:
        issues = [{"field": i.field, "column": i.column, "code": i.code, "severity": i.severity.value,
                   "params": i.params} for i in report.issues_for(source_row.number)]
        status = report.status(source_row.number)
        rows.append(ImportRow(
            file=file, number=source_row.number, original=source_row.original, cells=source_row.cells,
            values={name: source_row.cell(index) for name, index in positions.items()}, issues=issues,
            status=status, outcome=RowOutcome.INVALID if status == "error" else RowOutcome.REVIEW,
            claim_source=claim_source(file, source_row.number)))
    ImportRow.objects.bulk_create(rows, batch_size=2000)
    return list(ImportRow.objects.filter(file=file).order_by("number"))


def import_run(*, by: Actor, file: ImportFile) -> ImportFile:
    """Link the file's rows with the registry and among themselves, then write: certain matches merge, uncertain
    ones wait in the review queue, the others become companies. One transaction."""
    _require(by, file)
    now = timezone.now()
    with transaction.atomic():
        locked = ImportFile.objects.select_for_update().get(pk=file.pk)
        if locked.status == ImportStatus.IMPORTED:
            raise AlreadyImported(locked)
        if locked.status != ImportStatus.VALIDATED:
            raise ValidationError({"mapping": _("Map the columns and check the file before importing it.")})
        table = read_table(locked)
        lookup = ComuneIndex()
        report = validate(table, locked.mapping, comune_lookup=lookup)
        rows = _create_rows(locked, table, report)
        decisions, summary = import_linkage.decide(rows, locked.mapping, thresholds=linkage_thresholds())
        writer = _Writer(by, locked, lookup, now)
        for row in rows:
            writer.apply(row, decisions[row.number])
        ImportRow.objects.bulk_update(rows, ["outcome", "company", "follows", "probability",
                                             "merged_automatically", "decided_at"], batch_size=2000)
        locked.status, locked.imported_at, locked.imported_by_label = ImportStatus.IMPORTED, now, by.label[:200]
        locked.linkage, locked.counts = summary, outcome_counts(locked)
        locked.version += 1
        locked.save(update_fields=["status", "imported_at", "imported_by_label", "linkage", "counts", "version"])
        _audit(by, Operation.UPDATE, locked, ["rows", "companies"], counts=locked.counts)
    return locked


class _Writer:
    """Applies the plan's decisions to the registry, row by row, in the file's order (a group's first row is
    written before the rows that follow it)."""

    def __init__(self, by: Actor, file: ImportFile, lookup: ComuneIndex, now) -> None:
        self.by, self.file, self.lookup, self.now = by, file, lookup, now
        self.by_number: dict[int, ImportRow] = {}

    def apply(self, row: ImportRow, decision: Decision) -> None:
        self.by_number[row.number] = row
        if decision.kind == "invalid":
            row.outcome = RowOutcome.INVALID
        elif decision.kind == "merge":
            assert decision.company is not None
            merge_row(self.by, row, Company.objects.get(pk=decision.company), now=self.now,
                      automatic=decision.automatic, probability=decision.probability, lookup=self.lookup)
        elif decision.kind == "follow":
            leader = self.by_number[decision.follows]  # type: ignore[index]
            row.follows = leader
            if leader.company_id is not None:
                merge_row(self.by, row, leader.company, now=self.now, automatic=True, probability=None,
                          lookup=self.lookup)
            else:
                row.outcome = RowOutcome.REVIEW  # waits for its first row's review
        elif decision.kind == "review":
            row.outcome = RowOutcome.REVIEW
            for candidate in decision.pairs:
                other = self.by_number.get(candidate.other_row) if candidate.other_row else None
                company = Company.objects.get(pk=candidate.company) if candidate.company else None
                ReviewPair.objects.create(file=self.file, row=row, company=company, other_row=other,
                                          probability=candidate.probability, weights=dict(candidate.weights),
                                          sides=import_linkage.sides(row, company=company, other_row=other),
                                          created_at=self.now)
        else:
            new_company(self.by, row, now=self.now, lookup=self.lookup)


def _observed(row: ImportRow):
    return row.file.uploaded_at


def _without_invalid(call, values: dict[str, Any]):
    """Call with the row's values; a value the registry refuses is left out (it stays in the row's text)."""
    try:
        return call(values)
    except ValidationError as error:
        refused = set(getattr(error, "error_dict", {}))
        kept = {k: v for k, v in values.items() if k not in refused or k == "legal_name"}
        if kept == values:
            raise
        return call(kept)


def merge_row(by: Actor, row: ImportRow, company: Company, *, now, automatic: bool,
              probability: float | None, lookup: ComuneIndex | None = None) -> None:
    """What the row says about the company becomes claims (source: the file and the row), and its site if new."""
    values = _without_spelling_variants(claim_values(row.values), company)
    _without_invalid(lambda v: services.company_update(by=by, company=company, values=v, version=None,
                                                       source=row.claim_source, observed_at=_observed(row)), values)
    site = site_values(row.values, lookup or ComuneIndex()) if row.values.get("address") else None
    if site and not _has_site(company, site):
        services.site_add(by=by, company=company, data=site, source=row.claim_source)
    row.outcome, row.company, row.decided_at = RowOutcome.MERGED, company, now
    row.merged_automatically, row.probability = automatic, probability


_SPELLING = {"legal_name": normalise.company_name, "phone": normalise.phone, "website": normalise.website}


def _without_spelling_variants(values: dict[str, Any], company: Company) -> dict[str, Any]:
    """'OFFICINE ROSSI SRL' for 'Officine Rossi S.r.l.', '055/123456' for '055 123456': the same value spelt
    otherwise is no news, and as the newest claim it would replace the registry's spelling. The row keeps it."""
    kept = dict(values)
    for field, clean in _SPELLING.items():
        current = getattr(company, field)
        if field in kept and kept[field] != current and current and clean(kept[field]) == clean(current):
            del kept[field]
    return kept


def _has_site(company: Company, site: dict[str, Any]) -> bool:
    wanted = normalise.address(site["address"])
    return any(normalise.address(s.address) == wanted
               for s in company.sites.filter(comune_istat=site["comune_istat"]))


def new_company(by: Actor, row: ImportRow, *, now, lookup: ComuneIndex | None = None) -> Company:
    values = claim_values(row.values)
    site = site_values(row.values, lookup or ComuneIndex())
    company = _without_invalid(lambda v: services.company_create(by=by, values=v, source=row.claim_source,
                                                                 observed_at=_observed(row), site=site), values)
    row.outcome, row.company, row.decided_at, row.merged_automatically = RowOutcome.NEW, company, now, False
    return company


def outcome_counts(file: ImportFile) -> dict[str, int]:
    counts = {outcome: 0 for outcome in RowOutcome.values}
    for item in ImportRow.objects.filter(file=file).values("outcome").annotate(n=Count("pk")):
        counts[item["outcome"]] = item["n"]
    counts["pairs_pending"] = ReviewPair.objects.filter(file=file, status=PairStatus.PENDING).count()
    return counts


def _save_counts(file: ImportFile) -> None:
    ImportFile.objects.filter(pk=file.pk).update(counts=outcome_counts(file), version=F("version") + 1)


# --- review and undo --------------------------------------------------------------------------------------------

def _resolve_followers(by: Actor, row: ImportRow, now) -> None:
    """Rows waiting on this one (certain duplicates, or decided 'same') go where it went."""
    for follower in ImportRow.objects.filter(follows=row, outcome=RowOutcome.REVIEW).select_related("file"):
        merge_row(by, follower, row.company, now=now, automatic=True, probability=None)
        follower.save(update_fields=["outcome", "company", "probability", "merged_automatically", "decided_at"])
        _resolve_followers(by, follower, now)


def pair_decide(*, by: Actor, pair: ReviewPair, decision: str, version: int) -> ReviewPair:
    """Same company: the row merges into it (or waits on the other row); different: when nothing else is left to
    review, the row becomes a new company. A pair already decided (someone else was faster) raises Conflict."""
    _require(by, pair)
    if decision not in (SAME, DIFFERENT):
        raise ValidationError({"decision": _("Say whether the two records are the same company or not.")})
    now = timezone.now()
    with transaction.atomic():
        locked = ReviewPair.objects.select_for_update().get(pk=pair.pk)
        if locked.version != version or locked.status != PairStatus.PENDING:
            raise Conflict
        row = ImportRow.objects.select_for_update().select_related("file").get(pk=locked.row_id)
        locked.status, locked.decided_at, locked.decided_by_id = decision, now, by.user_id
        locked.decided_by_label, locked.version = by.label[:200], locked.version + 1
        locked.save(update_fields=["status", "decided_at", "decided_by", "decided_by_label", "version"])
        if decision == SAME:
            _decided_same(by, row, locked, now)
        elif not row.pairs.filter(status=PairStatus.PENDING).exists():
            new_company(by, row, now=now)
            row.save(update_fields=["outcome", "company", "decided_at", "merged_automatically"])
            _resolve_followers(by, row, now)
        _save_counts(row.file)
        _audit(by, Operation.UPDATE, row.file, ["review"], pair=locked.pk, row=row.number, decision=decision)
    return locked


def _decided_same(by: Actor, row: ImportRow, pair: ReviewPair, now) -> None:
    row.pairs.filter(status=PairStatus.PENDING).update(status=PairStatus.CLOSED, decided_at=now,
                                                      version=F("version") + 1)
    target = pair.company
    if target is None:
        other = ImportRow.objects.get(pk=pair.other_row_id)
        if other.company_id is None:  # the other row is itself in review: this one goes wherever it goes
            row.follows = other
            row.save(update_fields=["follows"])
            return
        target = other.company
    merge_row(by, row, target, now=now, automatic=False, probability=pair.probability)
    row.save(update_fields=["outcome", "company", "probability", "merged_automatically", "decided_at"])
    _resolve_followers(by, row, now)


def row_undo(*, by: Actor, row: ImportRow, then: str, version: int) -> ImportRow:
    """Undo a merge: the row's claims (and the site it added) leave the company, whose fields take again the values
    their remaining claims choose; the row goes back to review, or becomes a company of its own."""
    _require(by, row)
    if then not in (THEN_REVIEW, THEN_NEW):
        raise ValidationError({"then": _("Choose whether the row goes back to review or becomes a new company.")})
    now = timezone.now()
    with transaction.atomic():
        locked = ImportRow.objects.select_for_update(of=("self",)).select_related("file", "company").get(pk=row.pk)
        if locked.version != version:
            raise Conflict
        if locked.outcome != RowOutcome.MERGED or locked.company is None:
            raise ValidationError({"row": _("Only a row merged into a company can be undone.")})
        company = locked.company
        services.company_claims_withdraw(by=by, company=company, source=locked.claim_source)
        if then == THEN_REVIEW:
            _back_to_review(locked, company, now)
        else:
            new_company(by, locked, now=now)
        locked.version += 1
        locked.save(update_fields=["outcome", "company", "follows", "probability", "merged_automatically",
                                   "decided_at", "version"])
        _save_counts(locked.file)
        _audit(by, Operation.UPDATE, locked.file, ["merge_undone"], row=locked.number, company=company.pk,
               then=then)
    return locked


def _back_to_review(row: ImportRow, company: Company, now) -> None:
    decided = row.pairs.filter(status=PairStatus.SAME).order_by("-decided_at").first()
    if decided is not None:
        decided.status, decided.decided_at, decided.decided_by_label = PairStatus.PENDING, None, ""
        decided.version += 1
        decided.save(update_fields=["status", "decided_at", "decided_by_label", "version"])
    else:
        ReviewPair.objects.create(file=row.file, row=row, company=company, probability=row.probability or 1.0,
                                  sides=import_linkage.sides(row, company=company, other_row=None),
                                  created_at=now)
    row.outcome, row.company, row.follows, row.decided_at = RowOutcome.REVIEW, None, None, None
    row.merged_automatically = False


# --- thresholds -------------------------------------------------------------------------------------------------

def linkage_settings_save(*, by: Actor, merge_threshold, review_threshold) -> LinkageSettings:
    _require(by)
    if not 0 < review_threshold < merge_threshold <= 1:
        raise ValidationError({"review_threshold": _("Give 0 < review threshold < merge threshold ≤ 1.")})
    now = timezone.now()
    with transaction.atomic():
        row = LinkageSettings.objects.select_for_update().order_by("pk").first() or LinkageSettings(updated_at=now)
        row.merge_threshold, row.review_threshold = merge_threshold, review_threshold
        row.updated_at, row.updated_by_label = now, by.label[:200]
        row.save()
        audit_record(actor=by, operation=Operation.UPDATE, purpose=Purpose.EMPLOYER_ENGAGEMENT,
                     object_type="employers.LinkageSettings", object_id=row.pk, object_label=str(row),
                     fields=["merge_threshold", "review_threshold"],
                     detail={"merge": str(merge_threshold), "review": str(review_threshold)})
    return row
