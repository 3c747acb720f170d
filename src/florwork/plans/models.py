"""Personalized plans: a case's plan, its revisions (each with goals, actions, review dates and the person's
responsibilities), the signed agreement (the "patto") and the suggestion rules.

For the apps above (alerts): the plan in force is the latest *signed* revision (``PlanRevision.objects
.filter(plan__case=…, status=SIGNED)``); its actions with ``ends_on`` past and a status still open
(``ActionStatus.OPEN``) are overdue; its ``ReviewDate`` rows are the review dates; ``signed_at`` says when
the person signed. Every change publishes ``plan.changed`` (case_id, plan_id).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from florwork.rulesets import VersionedRuleSet


class SuggestionRuleSet(VersionedRuleSet):
    """One version of the suggestion rules (see suggest.py for their shape); the latest one is in force."""

    class Meta(VersionedRuleSet.Meta):
        verbose_name = _("suggestion rule set")

    def __str__(self) -> str:
        return f"suggestion rules v{self.version}"


class Plan(models.Model):
    """A case's personalized plan: the revisions are its content, the latest is the one worked on."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="plan")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="plans")
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_by_label = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"plan {self.pk} of case {self.case_id}"


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("signed")
    SUPERSEDED = "superseded", _("superseded")


class PlanRevision(models.Model):
    """One version of a plan. A draft changes in place; a signed revision is frozen (only the progress of
    its actions is recorded); a change after signing is a new revision copied from it."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    status = models.CharField(_("status"), max_length=12, choices=RevisionStatus.choices,
                              default=RevisionStatus.DRAFT)
    starts_on = models.DateField(_("plan starts"))
    ends_on = models.DateField(_("plan ends"))
    responsibilities = models.JSONField(_("the person's responsibilities"), default=list, blank=True)
    pathway = models.PositiveSmallIntegerField(_("pathway"), null=True, blank=True)  # chosen when drafted
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_by_label = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    signed_by_label = models.CharField(_("signature recorded by"), max_length=200, blank=True)
    signed_document = models.FileField(_("signed agreement"), upload_to="plans/%Y/%m/", blank=True)
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking: no lost update

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan revision")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_number_unique"),
            models.UniqueConstraint(fields=["plan"], condition=Q(status="draft"), name="plan_one_draft"),
            models.UniqueConstraint(fields=["plan"], condition=Q(status="signed"), name="plan_one_signed"),
            models.CheckConstraint(condition=Q(status__in=RevisionStatus.values), name="plan_revision_status_valid"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="plan_revision_dates_ordered"),
            models.CheckConstraint(
                condition=(Q(status="draft") & Q(signed_at__isnull=True))
                | (~Q(status="draft") & Q(signed_at__isnull=False) & ~Q(signed_document="")),
                name="plan_revision_signed_paired"),
            models.CheckConstraint(condition=Q(status="superseded") | Q(superseded_at__isnull=True),
                                   name="plan_revision_superseded_paired"),
        ]

    def __str__(self) -> str:
        return f"plan {self.plan_id} r{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == RevisionStatus.DRAFT


class ReviewDate(models.Model):
    revision = models.ForeignKey(PlanRevision, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(_("review on"))
    note = models.CharField(_("what is reviewed"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["revision", "due_on"], name="plan_review_once_a_day")]

    def __str__(self) -> str:
        return f"review {self.due_on}"


class Goal(models.Model):
    revision = models.ForeignKey(PlanRevision, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    target_on = models.DateField(_("target date"))
    indicator = models.CharField(_("measurable indicator"), max_length=300)
    dimension = models.ForeignKey("assessment.Dimension", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("assessment dimension"))
    suggestion = models.CharField(max_length=80, blank=True)  # the rule that suggested it, if any
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("goal")

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("plan action status", "planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")

    @classmethod
    def open_values(cls) -> list[str]:
        return [cls.PLANNED.value, cls.IN_PROGRESS.value]


class PlanAction(models.Model):
    """An action of the plan: a service of the network catalogue, or a free action (service empty)."""

    revision = models.ForeignKey(PlanRevision, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions",
                             verbose_name=_("goal"))
    title = models.CharField(_("action"), max_length=300)
    # a service of the network catalogue, or none for a free action; a referred service is never deleted
    service = models.ForeignKey("network.Service", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="plan_actions", verbose_name=_("service"))
    service_kind = models.CharField(_("kind of service"), max_length=40, blank=True)
    owner_organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+",
                                           verbose_name=_("organization responsible"))
    owner_name = models.CharField(_("person responsible"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.PLANNED)
    cost = models.DecimalField(_("cost (EUR)"), max_digits=10, decimal_places=2, default=Decimal("0.00"))
    suggestion = models.CharField(max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["starts_on", "order", "pk"]
        verbose_name = _("plan action")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="plan_action_dates_ordered"),
            models.CheckConstraint(condition=Q(cost__gte=0), name="plan_action_cost_not_negative"),
            models.CheckConstraint(condition=Q(status__in=ActionStatus.values), name="plan_action_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "ends_on"], name="plan_action_status_end")]

    def __str__(self) -> str:
        return self.title
