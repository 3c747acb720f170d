"""Alert rules (data: thresholds a programme manager tunes, with history), the tasks they open, and the
record of the daily digests sent.

A task is "live" while open or snoozed; at most one live task per case and rule (a partial UNIQUE
constraint). A task ends done (by a person) or resolved (the scan found its condition no longer holds).
``key`` names the occurrence the task is about (the date of the last contact, the 3-month follow-up, the
referral's id…): a task marked done is never reopened for the same occurrence, a new occurrence opens a
new task.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
    CRITICAL = "critical", _("critical")


SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.HIGH: 1, Severity.MEDIUM: 2, Severity.LOW: 3}


class RuleCode(models.TextChoices):
    NO_CONTACT = "no_contact", _("No contact with the person")
    ACTION_OVERDUE = "action_overdue", _("Plan action overdue")
    REFERRAL_UNANSWERED = "referral_unanswered", _("Partner referral not answered")
    PLACEMENT_ENDING = "placement_ending", _("Tirocinio or contract ending with no next step")
    PLACEMENT_ENDED = "placement_ended", _("Placement ended with no next step")  # evaluated by placements
    BENEFIT_ENDING = "benefit_ending", _("Benefit ending")
    ASSESSMENT_DUE = "assessment_due", _("Reassessment due")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up after placement due")
    SLA_BREACH = "sla_breach", _("Service level about to be breached")
    RISK_WORSENED = "risk_worsened", _("Assessment score worsened")


# what a rule's threshold counts, shown beside it on the rules page
THRESHOLD_MEANING = {
    RuleCode.NO_CONTACT: _("days without a contact"),
    RuleCode.ACTION_OVERDUE: _("days past the action's end date"),
    RuleCode.REFERRAL_UNANSWERED: _("days before the answer is due"),
    RuleCode.PLACEMENT_ENDING: _("days before the end"),
    RuleCode.PLACEMENT_ENDED: _("days after the end"),
    RuleCode.BENEFIT_ENDING: _("days before the benefit ends"),
    RuleCode.ASSESSMENT_DUE: _("days before the six-monthly reassessment"),
    RuleCode.FOLLOW_UP_DUE: _("days before the 3, 6 or 12-month follow-up"),
    RuleCode.SLA_BREACH: _("working days left on a service-level clock"),
    RuleCode.RISK_WORSENED: _("points lost in the overall score"),
}


class AlertRule(models.Model):
    """One rule; the rows are loaded by a data migration and tuned (never created) by the programme manager."""

    code = models.CharField(_("rule"), max_length=32, unique=True, choices=RuleCode.choices)
    threshold = models.PositiveIntegerField(_("threshold"))
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    due_in_days = models.PositiveSmallIntegerField(_("days to act on the task"), default=3)
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    updated_by_label = models.CharField(_("updated by"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking: no lost update

    class Meta:
        ordering = ["pk"]
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        constraints = [
            models.CheckConstraint(condition=Q(code__in=RuleCode.values), name="alert_rule_code_valid"),
            models.CheckConstraint(condition=Q(severity__in=Severity.values), name="alert_rule_severity_valid"),
            models.CheckConstraint(condition=Q(threshold__lte=3650), name="alert_rule_threshold_bounded"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return str(RuleCode(self.code).label)

    @property
    def threshold_meaning(self) -> str:
        return str(THRESHOLD_MEANING[RuleCode(self.code)])


class AlertRuleChange(models.Model):
    """The history of a rule: every change, who made it, and the values before and after."""

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(_("changed"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    changed_by_label = models.CharField(_("changed by"), max_length=200)
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    note = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("alert rule change")

    def __str__(self) -> str:
        return f"{self.rule_id} at {self.changed_at:%Y-%m-%d}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("open")
    SNOOZED = "snoozed", _("snoozed")
    DONE = "done", _("done")
    RESOLVED = "resolved", _("resolved by itself")


LIVE_STATUSES = (TaskStatus.OPEN.value, TaskStatus.SNOOZED.value)


class Task(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="tasks")
    rule = models.ForeignKey(AlertRule, on_delete=models.PROTECT, related_name="tasks")
    key = models.CharField(max_length=80, blank=True)  # the occurrence (see the module docstring)
    detail = models.JSONField(default=dict, blank=True)  # ids and figures only, no personal data
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="tasks", verbose_name=_("assigned to"))
    status = models.CharField(_("status"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    opened_at = models.DateTimeField(_("opened"))
    opened_on = models.DateField(_("opened on"))  # the scan's day (may be shifted with --at)
    due_on = models.DateField(_("due"))
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    snooze_reason = models.CharField(_("reason for snoozing"), max_length=300, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    closed_by_label = models.CharField(max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(fields=["case", "rule"], condition=Q(status__in=LIVE_STATUSES),
                                    name="task_one_live_per_case_rule"),
            models.CheckConstraint(condition=Q(status__in=TaskStatus.values), name="task_status_valid"),
            models.CheckConstraint(condition=Q(severity__in=Severity.values), name="task_severity_valid"),
            models.CheckConstraint(
                condition=~Q(status="snoozed") | (Q(snoozed_until__isnull=False) & ~Q(snooze_reason="")),
                name="task_snoozed_has_date_and_reason"),
            models.CheckConstraint(condition=Q(status__in=LIVE_STATUSES) | Q(closed_at__isnull=False),
                                   name="task_closed_has_date"),
        ]
        indexes = [
            models.Index(fields=["owner", "status"], name="task_owner_status"),
            models.Index(fields=["case", "rule"], name="task_case_rule"),  # one case's evaluation after an event
            models.Index(fields=["rule", "status"], name="task_rule_status"),
            models.Index(fields=["status", "due_on"], name="task_status_due"),
        ]

    def __str__(self) -> str:
        return f"task {self.pk} ({self.rule_id}, case {self.case_id})"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def is_escalated(self) -> bool:
        return self.escalated_at is not None and self.is_live


class DigestSent(models.Model):
    """One row per recipient and day once their digest left: a re-run sends only the missing ones."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField()
    tasks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_day")]

    def __str__(self) -> str:
        return f"digest {self.user_id} {self.day}"
