"""Imports of partner company databases: the sources, their files (kept byte for byte), every original row,
the review queue of uncertain matches and the linkage thresholds.

Nothing of a partner file is ever lost: the file's bytes stay in the database, each row keeps its verbatim
text and cells, and a row merged into a company left claims whose source names the file and the row
(``import:<file>#<file id>/<row>``), so a merge can be undone by withdrawing exactly those claims.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportSource(models.Model):
    """A partner whose database is imported: its column mapping is saved and suggested again next time."""

    name = models.CharField(_("partner"), max_length=200, unique=True)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("organization"))
    mapping = models.JSONField(_("saved column mapping"), default=dict, blank=True)  # {field: column}
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("import source")
        verbose_name_plural = _("import sources")

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("to map")
    VALIDATED = "validated", _("checked, ready to import")
    IMPORTED = "imported", _("imported")


class ImportFile(models.Model):
    """One uploaded file, its bytes verbatim; the same bytes (SHA-256) are imported once."""

    source = models.ForeignKey(ImportSource, on_delete=models.PROTECT, related_name="files")
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    content = models.BinaryField(_("original file"))
    format = models.CharField(_("format"), max_length=4)  # csv / xlsx
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    delimiter = models.CharField(_("separator"), max_length=1, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    header = models.JSONField(_("columns"), default=list)
    header_row = models.PositiveIntegerField(_("header row"), default=1)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    report = models.JSONField(_("validation report"), default=dict, blank=True)
    counts = models.JSONField(_("outcome counts"), default=dict, blank=True)
    linkage = models.JSONField(_("linkage summary"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices,
                              default=ImportStatus.UPLOADED, db_index=True)
    uploaded_at = models.DateTimeField(_("uploaded"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    uploaded_by_label = models.CharField(_("uploaded by"), max_length=200)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    imported_by_label = models.CharField(_("imported by"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("import file")
        verbose_name_plural = _("import files")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="importfile_status_valid"),
            models.CheckConstraint(condition=Q(format__in=["csv", "xlsx"]), name="importfile_format_valid"),
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def code(self) -> str:
        return f"IMP-{self.pk:05d}"


class RowStatus(models.TextChoices):
    VALID = "valid", _("valid")
    WARNING = "warning", _("with warnings")
    ERROR = "error", _("with errors")


class RowOutcome(models.TextChoices):
    NEW = "new", _("new company")
    MERGED = "merged", _("merged into a company")
    REVIEW = "review", _("in review")
    INVALID = "invalid", _("not imported (errors)")


class ImportRow(models.Model):
    """One original row of a file, verbatim, with what the import made of it."""

    file = models.ForeignKey(ImportFile, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("row"))  # the line (CSV) or row (XLSX) a person finds it at
    original = models.TextField(_("original text"))
    cells = models.JSONField(_("cells as read"), default=list)
    values = models.JSONField(_("mapped values"), default=dict)  # {canonical field: cell text}
    issues = models.JSONField(_("issues"), default=list)  # [{field, column, code, severity, params}]
    status = models.CharField(_("check"), max_length=8, choices=RowStatus.choices)
    outcome = models.CharField(_("outcome"), max_length=8, choices=RowOutcome.choices, db_index=True)
    company = models.ForeignKey("employers.Company", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="import_rows")
    follows = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="followers",
                                verbose_name=_("same company as row"))  # a certain duplicate within the file
    probability = models.FloatField(_("match probability"), null=True, blank=True)
    merged_automatically = models.BooleanField(default=False)
    claim_source = models.CharField(_("claim source"), max_length=200)
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["file", "number"]
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        constraints = [
            models.UniqueConstraint(fields=["file", "number"], name="importrow_one_per_number"),
            models.CheckConstraint(condition=Q(outcome__in=RowOutcome.values), name="importrow_outcome_valid"),
            models.CheckConstraint(condition=~Q(outcome__in=["new", "merged"]) | Q(company__isnull=False),
                                   name="importrow_company_when_written"),
        ]

    def __str__(self) -> str:
        return f"{self.file_id}/{self.number}"


class PairStatus(models.TextChoices):
    PENDING = "pending", _("to review")
    SAME = "same", _("same company")
    DIFFERENT = "different", _("different companies")
    CLOSED = "closed", _("no longer needed")


class ReviewPair(models.Model):
    """An uncertain match: a row against a registry company or against an earlier row of the same file."""

    file = models.ForeignKey(ImportFile, on_delete=models.CASCADE, related_name="pairs")
    row = models.ForeignKey(ImportRow, on_delete=models.CASCADE, related_name="pairs")
    company = models.ForeignKey("employers.Company", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="review_pairs")
    other_row = models.ForeignKey(ImportRow, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    probability = models.FloatField(_("match probability"))
    weights = models.JSONField(_("evidence"), default=dict)  # per comparison: log2 Bayes factor
    sides = models.JSONField(_("both records"), default=dict)  # {"row": {field: value}, "other": {…}} when found
    status = models.CharField(_("status"), max_length=10, choices=PairStatus.choices, default=PairStatus.PENDING,
                              db_index=True)
    created_at = models.DateTimeField(_("created"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    decided_by_label = models.CharField(_("decided by"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["file", "row__number", "-probability", "pk"]
        verbose_name = _("review pair")
        verbose_name_plural = _("review pairs")
        constraints = [
            models.CheckConstraint(condition=Q(company__isnull=True) ^ Q(other_row__isnull=True),
                                   name="reviewpair_one_candidate"),
            models.CheckConstraint(condition=Q(status__in=PairStatus.values), name="reviewpair_status_valid"),
            models.CheckConstraint(condition=Q(probability__gte=0) & Q(probability__lte=1),
                                   name="reviewpair_probability_range"),
        ]

    def __str__(self) -> str:
        return f"{self.row} ~ {self.company_id or self.other_row_id}"


class LinkageSettings(models.Model):
    """The thresholds of the import linkage (one row): at or above ``merge_threshold`` a match merges, between
    the two it goes to review, below ``review_threshold`` the row is a new company."""

    merge_threshold = models.DecimalField(_("merge at or above"), max_digits=4, decimal_places=3,
                                          default=Decimal("0.950"))
    review_threshold = models.DecimalField(_("review at or above"), max_digits=4, decimal_places=3,
                                           default=Decimal("0.500"))
    updated_at = models.DateTimeField(_("updated"))
    updated_by_label = models.CharField(_("updated by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("linkage thresholds")
        verbose_name_plural = _("linkage thresholds")
        constraints = [
            models.CheckConstraint(condition=Q(review_threshold__gt=0)
                                   & Q(review_threshold__lt=models.F("merge_threshold"))
                                   & Q(merge_threshold__lte=1), name="linkage_thresholds_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.review_threshold}–{self.merge_threshold}"
