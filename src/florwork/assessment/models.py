"""Instruments (versioned data), assessments and their answers, routing rules and pathway decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from florwork.rulesets import VersionedRuleSet


def in_language(texts: dict, language: str | None = None) -> str:
    """The text of a {"it": …, "en": …} mapping in the active language, else Italian."""
    language = (language or get_language() or "it")[:2]
    return texts.get(language) or texts.get("it") or next(iter(texts.values()), "")


class InstrumentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    RETIRED = "retired", _("retired")


class Respondent(models.TextChoices):
    OPERATOR = "operator", _("operator")
    PERSON = "person", _("the person (self-assessment)")


class Pathway(models.IntegerChoices):
    """The four pathways of Italy's GOL programme (D.M. 5 novembre 2021); see routing.Pathway."""

    JOB_READY = 1, _("1 · job-ready placement")
    UPSKILLING = 2, _("2 · upskilling")
    RESKILLING = 3, _("3 · reskilling")
    WORK_AND_INCLUSION = 4, _("4 · work and inclusion (with social and health services)")


class Instrument(models.Model):
    """One version of an assessment instrument. A published version never changes: an edit makes a new one."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    title_it = models.CharField(_("title (Italian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=InstrumentStatus.choices,
                              default=InstrumentStatus.DRAFT)
    created_at = models.DateTimeField(_("created"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("instrument")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version_unique"),
            models.UniqueConstraint(fields=["code"], condition=Q(status="published"),
                                    name="instrument_one_published_per_code"),
            models.CheckConstraint(condition=Q(status__in=InstrumentStatus.values), name="instrument_status_valid"),
            models.CheckConstraint(condition=Q(status="draft") | Q(published_at__isnull=False),
                                   name="instrument_published_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def title(self) -> str:
        return in_language({"it": self.title_it, "en": self.title_en})


class Dimension(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="dimensions")
    code = models.SlugField(_("code"), max_length=60)
    label_it = models.CharField(_("label (Italian)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    weight = models.FloatField(_("weight"), default=1.0)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="dimension_code_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="dimension_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return in_language({"it": self.label_it, "en": self.label_en})


class Item(models.Model):
    """A question; ``scale`` is {"min": 1, "max": 5, "anchors": {"1": {"it": …, "en": …}, …}}."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=60)
    question_it = models.TextField(_("question (Italian)"))
    question_en = models.TextField(_("question (English)"))
    help_it = models.TextField(_("help (Italian)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    scale = models.JSONField(_("answer scale"))
    weight = models.FloatField(_("weight"), default=1.0)
    respondent = models.CharField(_("who answers"), max_length=16, choices=Respondent.choices)
    reverse_scored = models.BooleanField(_("reverse-scored"), default=False)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["dimension__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="item_code_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="item_weight_positive"),
            models.CheckConstraint(condition=Q(respondent__in=Respondent.values), name="item_respondent_valid"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def question(self) -> str:
        return in_language({"it": self.question_it, "en": self.question_en})

    @property
    def help(self) -> str:
        return in_language({"it": self.help_it, "en": self.help_en})

    @property
    def scale_min(self) -> int:
        return int(self.scale["min"])

    @property
    def scale_max(self) -> int:
        return int(self.scale["max"])

    def choices(self) -> list[tuple[int, str]]:
        anchors = self.scale.get("anchors", {})
        return [(value, in_language(anchors.get(str(value), {}) or {"it": str(value)}))
                for value in range(self.scale_min, self.scale_max + 1)]


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    FINALIZED = "finalized", _("finalized")


class Assessment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assessments")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="assessments")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="assessments")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    started_at = models.DateTimeField(_("started"))
    status = models.CharField(_("status"), max_length=16, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.IN_PROGRESS)
    finalized_at = models.DateTimeField(_("finalized"), null=True, blank=True)
    finalized_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    observations = models.TextField(_("observations"), blank=True)
    # the scores as computed at finalization: {"dimensions": {code: score}, "overall": …, "strengths": […], …}
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("assessment")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=AssessmentStatus.values), name="assessment_status_valid"),
            models.CheckConstraint(
                condition=(Q(status="finalized") & Q(finalized_at__isnull=False))
                | (Q(status="in_progress") & Q(finalized_at__isnull=True)),
                name="assessment_finalized_paired"),
            models.UniqueConstraint(fields=["case"], condition=Q(status="in_progress"),
                                    name="assessment_one_in_progress_per_case"),
        ]

    def __str__(self) -> str:
        return f"assessment {self.pk} of case {self.case_id}"

    @property
    def is_finalized(self) -> bool:
        return self.status == AssessmentStatus.FINALIZED


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(_("answer"))
    answered_by = models.CharField(_("answered by"), max_length=16, choices=Respondent.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="answer_one_per_item"),
            models.CheckConstraint(condition=Q(answered_by__in=Respondent.values), name="answer_by_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}={self.value}"


class RoutingRuleSet(VersionedRuleSet):
    """One version of the routing rules (see routing.py for their shape); the latest one is in force."""

    class Meta(VersionedRuleSet.Meta):
        verbose_name = _("routing rule set")

    def __str__(self) -> str:
        return f"routing rules v{self.version}"


class PathwayDecision(models.Model):
    """The case manager's decision on the proposed pathway; the decision is theirs, an override has a reason."""

    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="decision")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="pathway_decisions")
    rule_set = models.ForeignKey(RoutingRuleSet, on_delete=models.PROTECT, related_name="decisions")
    proposed = models.PositiveSmallIntegerField(_("proposed pathway"), choices=Pathway.choices)
    chosen = models.PositiveSmallIntegerField(_("chosen pathway"), choices=Pathway.choices)
    reasons = models.JSONField(_("reasons of the proposal"), default=dict)
    reason = models.TextField(_("reason for the override"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    decided_by_label = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(_("decided"))

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(proposed__in=Pathway.values) & Q(chosen__in=Pathway.values),
                                   name="decision_pathways_valid"),
            models.CheckConstraint(condition=Q(proposed=models.F("chosen")) | ~Q(reason=""),
                                   name="decision_override_has_reason"),
        ]

    def __str__(self) -> str:
        return f"pathway {self.chosen} (proposed {self.proposed})"

    @property
    def is_override(self) -> bool:
        return self.proposed != self.chosen


from florwork.assessment.profile_models import ProfileGate, ProfileModel, ProfileTraining  # noqa: E402, F401
