"""Placements: tirocini (extracurricular traineeships) and employment contracts of a case's person, their
extensions and early terminations, the follow-up schedule each one starts, and the regional figures the
tirocinio is checked against (data rows with their source and the date they apply from).

The status is derived from the dates (``rules.status``), never stored: it cannot drift from them.
"""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from florwork.placements import rules


class PlacementKind(models.TextChoices):
    TIROCINIO = rules.Kind.TIROCINIO, _("tirocinio (traineeship)")
    CONTRACT = rules.Kind.CONTRACT, _("employment contract")


class ContractKind(models.TextChoices):
    PERMANENT = rules.ContractKind.PERMANENT, _("permanent (tempo indeterminato)")
    FIXED_TERM = rules.ContractKind.FIXED_TERM, _("fixed-term (tempo determinato)")
    APPRENTICESHIP = rules.ContractKind.APPRENTICESHIP, _("apprenticeship (apprendistato)")
    AGENCY = rules.ContractKind.AGENCY, _("agency work through the ApL (somministrazione)")


class TraineeCategory(models.TextChoices):
    GENERAL = rules.TraineeCategory.GENERAL, _("unemployed or never employed (up to 12 months)")
    RECENT_GRADUATE = rules.TraineeCategory.RECENT_GRADUATE, _("recent graduate or qualified (up to 6 months)")
    DISADVANTAGED = rules.TraineeCategory.DISADVANTAGED, _("disadvantaged, L. 381/1991 (up to 12 months)")
    DISABLED = rules.TraineeCategory.DISABLED, _("disabled, L. 68/1999 (up to 24 months)")


class PlacementStatus(models.TextChoices):
    PLANNED = rules.Status.PLANNED, _("planned")
    ONGOING = rules.Status.ONGOING, _("ongoing")
    ENDED = rules.Status.ENDED, _("ended")
    TERMINATED = rules.Status.TERMINATED, _("terminated early")


class TerminationReason(models.TextChoices):
    RESIGNED = "resigned", _("the person left")
    DISMISSED = "dismissed", _("the employer ended it")
    TRIAL_FAILED = "trial_failed", _("trial period not passed")
    HIRED_ELSEWHERE = "hired_elsewhere", _("hired by another employer")
    HEALTH = "health", _("health or care reasons")
    COMPANY_CRISIS = "company_crisis", _("company crisis or closure")
    MUTUAL = "mutual", _("ended by mutual agreement")
    OTHER = "other", _("other reason")


_TIROCINIO = Q(kind=PlacementKind.TIROCINIO)
_CONTRACT = Q(kind=PlacementKind.CONTRACT)


class Placement(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="placements")
    kind = models.CharField(_("kind"), max_length=10, choices=PlacementKind.choices)
    company = models.ForeignKey("employers.Company", verbose_name=_("company"), on_delete=models.PROTECT,
                                related_name="placements")
    site = models.ForeignKey("employers.Site", verbose_name=_("site"), on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="placements")
    vacancy = models.ForeignKey("matching.Vacancy", verbose_name=_("vacancy"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="placements")
    shortlist_entry = models.ForeignKey("shortlists.ShortlistEntry", verbose_name=_("shortlist entry"),
                                        on_delete=models.SET_NULL, null=True, blank=True, related_name="placements")
    job_title = models.CharField(_("job"), max_length=200)
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"), null=True, blank=True)  # the planned end, moved by extensions
    original_end_on = models.DateField(_("end first agreed"), null=True, blank=True)
    weekly_hours = models.PositiveSmallIntegerField(
        _("weekly hours"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(rules.MAX_WEEKLY_HOURS)])
    # tirocinio
    promoter = models.ForeignKey("accounts.Organization", verbose_name=_("promoter"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="promoted_placements")
    host_tutor = models.CharField(_("host tutor"), max_length=200, blank=True)
    promoter_tutor = models.CharField(_("promoter tutor"), max_length=200, blank=True)
    monthly_allowance = models.DecimalField(_("monthly allowance (€, gross)"), max_digits=8, decimal_places=2,
                                            null=True, blank=True)
    trainee_category = models.CharField(_("trainee category"), max_length=16, choices=TraineeCategory.choices,
                                        blank=True)
    training_project = models.TextField(_("training project"), blank=True)
    training_project_file = models.FileField(_("training project document"), upload_to="placements/%Y/%m/",
                                             blank=True)
    # employment contract
    contract_kind = models.CharField(_("contract"), max_length=16, choices=ContractKind.choices, blank=True)
    part_time_percentage = models.PositiveSmallIntegerField(
        _("part-time percentage"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(99)])
    gross_monthly_wage = models.DecimalField(_("gross monthly wage (€)"), max_digits=9, decimal_places=2,
                                             null=True, blank=True)
    # early termination
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.CharField(_("reason"), max_length=16, choices=TerminationReason.choices,
                                          blank=True)
    termination_note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("recorded"))
    created_by_label = models.CharField(_("recorded by"), max_length=200)
    version = models.PositiveIntegerField(default=1)  # optimistic locking: no lost update

    class Meta:
        ordering = ["-start_on", "-pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PlacementKind.values), name="placement_kind_valid"),
            models.CheckConstraint(condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                                   name="placement_end_not_before_start"),
            models.CheckConstraint(condition=Q(terminated_on__isnull=True)
                                   | Q(terminated_on__gte=models.F("start_on")),
                                   name="placement_termination_not_before_start"),
            models.CheckConstraint(condition=(Q(terminated_on__isnull=True) & Q(termination_reason=""))
                                   | (Q(terminated_on__isnull=False) & ~Q(termination_reason="")),
                                   name="placement_termination_has_reason"),
            models.CheckConstraint(
                condition=_CONTRACT | (Q(end_on__isnull=False, monthly_allowance__isnull=False,
                                         promoter__isnull=False) & ~Q(trainee_category="")),
                name="placement_tirocinio_complete"),
            models.CheckConstraint(condition=_TIROCINIO | Q(contract_kind__in=ContractKind.values),
                                   name="placement_contract_has_kind"),
            models.CheckConstraint(condition=~Q(contract_kind=ContractKind.PERMANENT) | Q(end_on__isnull=True),
                                   name="placement_permanent_has_no_end"),
            models.CheckConstraint(
                condition=~Q(contract_kind__in=[ContractKind.FIXED_TERM, ContractKind.AGENCY])
                | Q(end_on__isnull=False), name="placement_fixed_term_has_end"),
            models.CheckConstraint(condition=Q(part_time_percentage__isnull=True)
                                   | Q(part_time_percentage__gte=1, part_time_percentage__lte=99),
                                   name="placement_part_time_range"),
        ]
        indexes = [
            models.Index(fields=["case", "start_on"], name="placement_case_start"),
            models.Index(fields=["end_on"], name="placement_end"),
            models.Index(fields=["company", "-start_on"], name="placement_company"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"PL-{self.pk:06d}"

    def status_on(self, today: date) -> str:
        return rules.status(start_on=self.start_on, end_on=self.end_on, terminated_on=self.terminated_on,
                            today=today).value

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return str(PlacementStatus(self.status).label)

    @property
    def is_live(self) -> bool:
        """Still to change: not terminated, and not past its end."""
        return self.status in (PlacementStatus.PLANNED, PlacementStatus.ONGOING)

    @property
    def ends_soon(self) -> bool:
        """Running and ending within a fortnight (the default of the ``placement_ending`` alert)."""
        return self.is_live and self.end_on is not None and (self.end_on - timezone.localdate()).days <= 14

    @property
    def can_extend(self) -> bool:
        return self.is_live and self.end_on is not None


class Extension(models.Model):
    """A new planned end with its reason; the placement keeps the latest, the rows keep the history."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="extensions")
    previous_end_on = models.DateField(_("previous end"))
    new_end_on = models.DateField(_("new end"))
    reason = models.CharField(_("reason"), max_length=500)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by_label = models.CharField(_("recorded by"), max_length=200)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        constraints = [models.CheckConstraint(condition=Q(new_end_on__gt=models.F("previous_end_on")),
                                              name="extension_moves_end_later")]

    def __str__(self) -> str:
        return f"{self.placement_id}: {self.previous_end_on} → {self.new_end_on}"


class FollowUpStatus(models.TextChoices):
    # the outcomes issue adds the verification states (reached, verified, lost…) and their evidence
    DUE = "due", pgettext_lazy("follow-up status", "due")


class FollowUp(models.Model):
    """A checkpoint of the outcome schedule: is the person still in work ``months`` after the start?
    Rows are created with the placement (dates only); the outcomes app verifies them."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after the start"))
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=16, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.DUE)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [models.UniqueConstraint(fields=["placement", "months"], name="follow_up_once_per_month")]
        indexes = [models.Index(fields=["status", "due_on"], name="follow_up_status_due")]

    def __str__(self) -> str:
        return f"{self.placement_id} +{self.months}m"


class AllowanceMinimum(models.Model):
    """The least monthly allowance a tirocinio in the region may pay, from a date (data, with its source)."""

    region = models.CharField(_("region"), max_length=40, default="Toscana")
    applies_from = models.DateField(_("applies from"))
    amount = models.DecimalField(_("minimum monthly allowance (€, gross)"), max_digits=8, decimal_places=2)
    source = models.CharField(_("source"), max_length=400)
    note = models.CharField(_("note"), max_length=400, blank=True)

    class Meta:
        ordering = ["region", "-applies_from"]
        verbose_name = _("minimum tirocinio allowance")
        verbose_name_plural = _("minimum tirocinio allowances")
        constraints = [models.UniqueConstraint(fields=["region", "applies_from"], name="allowance_minimum_once")]

    def __str__(self) -> str:
        return f"{self.region} {self.applies_from}: {self.amount}"


class ContributionCategory(models.TextChoices):
    STANDARD = "standard", _("any trainee")
    DISADVANTAGED = "disadvantaged", _("disabled (L. 68/1999) or disadvantaged trainee")


class RegionalContribution(models.Model):
    """The Region's refund of the allowance to the host, by trainee category, from a date, and on what
    conditions (data with its source; ``confirmed`` is false where the figure is from secondary sources)."""

    region = models.CharField(_("region"), max_length=40, default="Toscana")
    applies_from = models.DateField(_("applies from"))
    category = models.CharField(_("trainees"), max_length=16, choices=ContributionCategory.choices)
    monthly_amount = models.DecimalField(_("monthly contribution (€)"), max_digits=8, decimal_places=2)
    reduced_monthly_amount = models.DecimalField(_("monthly contribution below 70% attendance (€)"),
                                                 max_digits=8, decimal_places=2, null=True, blank=True)
    max_months = models.PositiveSmallIntegerField(_("for at most (months)"))
    conditions = models.TextField(_("conditions"))
    source = models.CharField(_("source"), max_length=400)
    confirmed = models.BooleanField(_("confirmed on the official text"), default=False)

    class Meta:
        ordering = ["region", "-applies_from", "category"]
        verbose_name = _("regional contribution to tirocini")
        verbose_name_plural = _("regional contributions to tirocini")
        constraints = [models.UniqueConstraint(fields=["region", "applies_from", "category"],
                                               name="regional_contribution_once")]

    def __str__(self) -> str:
        return f"{self.region} {self.applies_from} {self.category}: {self.monthly_amount}"
