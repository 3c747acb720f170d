"""The statistical profile in the database: trained models (with their card and audit), training requests,
and the programme manager's fairness threshold. Imported by models.py so that Django registers them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# ADR 0004: a gap in calibration, FNR, FPR or AUC between groups above this needs a sign-off to activate
DEFAULT_MAX_GAP = 0.1
SIGNOFF_MIN_CHARS = 30  # a sign-off says why, in a sentence: not "ok"


class Horizon(models.IntegerChoices):
    SIX = 6, _("in work at 6 months")
    TWELVE = 12, _("in work at 12 months")


class ProfileStatus(models.TextChoices):
    TRAINED = "trained", _("trained, not active")
    ACTIVE = "active", _("active")
    RETIRED = "retired", _("retired")


class TrainingSource(models.TextChoices):
    HUB_CASES = "hub_cases", _("the hub's closed cases")
    IMPORTED = "imported", _("imported historical data (CSV)")


class TrainingStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("training")
    DONE = "done", _("trained")
    FAILED = "failed", _("refused or failed")


class ProfileModel(models.Model):
    """One trained model: the core's model file, its card, metrics and fairness audit, and its status.
    At most one is active per horizon; activating one retires the previous one."""

    horizon = models.PositiveSmallIntegerField(_("outcome"), choices=Horizon.choices)
    status = models.CharField(_("status"), max_length=8, choices=ProfileStatus.choices,
                              default=ProfileStatus.TRAINED)
    source = models.CharField(_("trained on"), max_length=10, choices=TrainingSource.choices)
    file = models.BinaryField(_("model file"))  # the core's store format: version header, then the pickle
    format_version = models.PositiveSmallIntegerField(_("model file format"))
    kind = models.CharField(_("model"), max_length=20)  # logistic or gbm (the core's names)
    features = models.JSONField(_("features"), default=list)
    metrics = models.JSONField(_("cross-validated metrics"), default=dict)
    calibration_curve = models.JSONField(_("calibration curve"), default=list)
    fairness = models.JSONField(_("fairness audit"), default=dict)
    card = models.JSONField(_("model card"), default=dict)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    cases = models.PositiveIntegerField(_("cases"))
    positives = models.PositiveIntegerField(_("cases in work"))
    max_gap = models.FloatField(_("largest gap allowed without sign-off"))
    gate_reasons = models.JSONField(_("gaps over the threshold at training"), default=list, blank=True)
    trained_at = models.DateTimeField(_("trained"))
    trained_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    trained_by_label = models.CharField(max_length=200, blank=True)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    activated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    activated_by_label = models.CharField(max_length=200, blank=True)
    activation_max_gap = models.FloatField(_("threshold applied at activation"), null=True, blank=True)
    # the programme manager's recorded sign-off, when the gate failed at activation
    signoff_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    signoff_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    signoff_by_label = models.CharField(max_length=200, blank=True)
    signoff_reason = models.TextField(_("reason for the sign-off"), blank=True)
    signoff_gaps = models.JSONField(_("gaps signed off"), default=list, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["-trained_at", "-pk"]
        verbose_name = _("statistical profile model")
        constraints = [
            models.UniqueConstraint(fields=["horizon"], condition=Q(status="active"),
                                    name="profile_one_active_per_horizon"),
            models.CheckConstraint(condition=Q(horizon__in=Horizon.values), name="profile_horizon_valid"),
            models.CheckConstraint(condition=Q(status__in=ProfileStatus.values), name="profile_status_valid"),
            models.CheckConstraint(condition=Q(source__in=TrainingSource.values), name="profile_source_valid"),
            models.CheckConstraint(condition=~Q(status="active") | Q(activated_at__isnull=False),
                                   name="profile_active_has_date"),
            models.CheckConstraint(condition=(Q(signoff_at__isnull=True) & Q(signoff_reason=""))
                                   | (Q(signoff_at__isnull=False) & ~Q(signoff_reason="")),
                                   name="profile_signoff_paired"),
            models.CheckConstraint(condition=Q(positives__lte=models.F("cases")), name="profile_positives_le_cases"),
        ]

    def __str__(self) -> str:
        return f"profile model {self.pk} ({self.horizon} months, {self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == ProfileStatus.ACTIVE


class ProfileTraining(models.Model):
    """A request to train: queued by the programme manager, run by a background task, refused with the
    reason or finished with its model. Imported data is kept only until the task has read it."""

    horizon = models.PositiveSmallIntegerField(_("outcome"), choices=Horizon.choices)
    source = models.CharField(_("data"), max_length=10, choices=TrainingSource.choices)
    status = models.CharField(_("status"), max_length=8, choices=TrainingStatus.choices,
                              default=TrainingStatus.QUEUED)
    data = models.BinaryField(_("uploaded data"), null=True, blank=True)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(_("outcome column"), max_length=100, blank=True)
    feature_names = models.JSONField(_("feature columns"), default=list, blank=True)
    protected = models.JSONField(_("protected attributes"), default=list, blank=True)
    date_column = models.CharField(_("date column"), max_length=100, blank=True)
    note = models.CharField(_("note on the data"), max_length=500, blank=True)
    seed = models.PositiveIntegerField(default=0)
    message = models.TextField(_("message"), blank=True)
    requested_at = models.DateTimeField(_("requested"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    requested_by_label = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    model = models.OneToOneField(ProfileModel, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="training")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("profile training")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=TrainingStatus.values), name="training_status_valid"),
            models.CheckConstraint(condition=Q(source__in=TrainingSource.values), name="training_source_valid"),
        ]

    def __str__(self) -> str:
        return f"profile training {self.pk} ({self.status})"


class ProfileGate(models.Model):
    """The programme manager's threshold: the largest group gap a model may show and still be activated
    without a recorded sign-off. One row (pk 1); without it, DEFAULT_MAX_GAP applies."""

    max_gap = models.FloatField(_("largest gap allowed without sign-off"), default=DEFAULT_MAX_GAP)
    updated_at = models.DateTimeField(_("updated"))
    updated_by_label = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("fairness threshold")
        constraints = [models.CheckConstraint(condition=Q(max_gap__gt=0) & Q(max_gap__lte=1),
                                              name="profile_gate_range")]

    def __str__(self) -> str:
        return f"max gap {self.max_gap}"
