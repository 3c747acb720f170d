"""Use cases of alerts: the scan, the evaluation of one case after an event, a task done or snoozed,
a rule tuned, the digests queued. One transaction each (the scan: one per rule), audited."""

from __future__ import annotations

import inspect
import logging
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.policy import SYSTEM, Action, Actor, may
from florwork.alerts import engine
from florwork.alerts.models import LIVE_STATUSES, AlertRule, AlertRuleChange, Severity, Task, TaskStatus
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.conflicts import Conflict

log = logging.getLogger(__name__)
MAX_SNOOZE_DAYS = 90


def _require(actor: Actor, action: Action, obj=None) -> None:
    if not may(actor, action, obj):
        raise PermissionDenied


# --- the scan ------------------------------------------------------------------------------------------

def _expire_partner_referrals(today: date) -> int:
    """Let network expire the referrals past their answer date first, if it offers that service."""
    try:
        from florwork.network import services as network
    except ImportError:
        return 0
    expire = getattr(network, "partner_referral_expire_due", None)
    if expire is None:
        return 0
    accepted = inspect.signature(expire).parameters
    # the scan's day at noon in Florence: a clock shifted with --at shifts the expiry too
    noon = timezone.make_aware(datetime.combine(today, time(12)))
    offered = (("by", SYSTEM), ("today", today), ("now", noon), ("at", noon))
    kwargs = {name: value for name, value in offered if name in accepted}
    result = expire(**kwargs)
    return result if isinstance(result, int) else len(result or ())


def alerts_scan(*, today: date | None = None, codes: list[str] | None = None, by: Actor = SYSTEM) -> engine.ScanSummary:
    """The scheduled scan: every enabled rule over every open case, then snoozed tasks wake, overdue ones
    escalate and live ones follow their case's owner. Idempotent: run it twice, nothing more happens."""
    _require(by, Action.RULES_MANAGE)
    today = today or timezone.localdate()
    now = timezone.now()
    unknown = sorted(set(codes or ()) - set(AlertRule.objects.values_list("code", flat=True)))
    if unknown:
        raise ValidationError({"rule": _("Unknown rule: %(codes)s.") % {"codes": ", ".join(unknown)}})
    expired = 0
    try:
        expired = _expire_partner_referrals(today)
    except Exception:  # noqa: BLE001 — the alerts still run; the failure is in the log
        log.exception("partner referral expiry failed")
    summary = engine.run(today=today, codes=codes, now=now)
    summary.expired_referrals = expired
    with transaction.atomic():
        summary.woken = engine.wake_snoozed(today)
        summary.escalated = engine.escalate_overdue(today, now=now)
        summary.reassigned = engine.follow_owners()
        engine.refresh_next_due()
        audit_record(actor=by, operation=Operation.UPDATE, purpose=Purpose.CASE_MANAGEMENT,
                     object_type="alerts.Task", object_label=f"scan {today.isoformat()}", fields=["tasks"],
                     detail={k: v for k, v in summary.as_dict().items() if k != "rules"})
    return summary


def alerts_evaluate_case(*, case_id: int, codes: list[str] | None = None,
                         today: date | None = None) -> engine.ScanSummary:
    """Re-evaluate one case after an event (a contact, a state change, a finalized assessment…), for the rules
    named (None: every rule)."""
    today = today or timezone.localdate()
    summary = engine.run(today=today, codes=codes, case_ids=[case_id])
    with transaction.atomic():
        engine.follow_owners([case_id])
        engine.refresh_next_due([case_id])
    return summary


# --- tasks ---------------------------------------------------------------------------------------------

def _audit_task(by: Actor, task: Task, fields: list[str], **detail: Any) -> None:
    audit_record(actor=by, operation=Operation.UPDATE, purpose=Purpose.CASE_MANAGEMENT, object_type="alerts.Task",
                 object_id=task.pk, object_label=f"task {task.pk}", fields=fields,
                 detail={"case": task.case_id, "rule": task.rule.code, **detail})


def _bump(task: Task, version: int, **changes: Any) -> None:
    updated = Task.objects.filter(pk=task.pk, version=version, status__in=LIVE_STATUSES).update(
        **changes, version=F("version") + 1)
    if updated == 0:
        raise Conflict
    for name, value in changes.items():
        setattr(task, name, value)
    task.version = version + 1


def _require_live(task: Task) -> None:
    if not task.is_live:
        raise ValidationError({"status": _("This task is already closed.")}, code="closed")


def task_done(*, by: Actor, task: Task, version: int, note: str = "") -> Task:
    """The user did what the task asked: it closes, and is not reopened for the same occurrence."""
    _require(by, Action.TASK_VIEW, task)
    _require_live(task)
    with transaction.atomic():
        _bump(task, version, status=TaskStatus.DONE, closed_at=timezone.now(), closed_by_id=by.user_id,
              closed_by_label=by.label[:200], note=note.strip()[:500], snoozed_until=None, snooze_reason="")
        _audit_task(by, task, ["status"], status="done")
        engine.refresh_next_due([task.case_id])
    return task


def task_snooze(*, by: Actor, task: Task, version: int, until: date | None, reason: str,
                today: date | None = None) -> Task:
    """Put a task aside until a date, saying why; the scan opens it again on that date."""
    _require(by, Action.TASK_VIEW, task)
    _require_live(task)
    today = today or timezone.localdate()
    errors = {}
    if until is None:
        errors["until"] = _("Choose until when to snooze the task.")
    elif not today < until <= today + timedelta(days=MAX_SNOOZE_DAYS):
        errors["until"] = _("Snooze until a date after today and within %(days)s days.") % {"days": MAX_SNOOZE_DAYS}
    if not reason.strip():
        errors["reason"] = _("Say why the task can wait.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _bump(task, version, status=TaskStatus.SNOOZED, snoozed_until=until, snooze_reason=reason.strip()[:300])
        _audit_task(by, task, ["status", "snoozed_until"], status="snoozed", until=until.isoformat())
        engine.refresh_next_due([task.case_id])
    return task


# --- rules ---------------------------------------------------------------------------------------------

RULE_FIELDS = ("threshold", "severity", "enabled", "due_in_days")


def _rule_values(rule: AlertRule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in RULE_FIELDS}


def rule_update(*, by: Actor, rule: AlertRule, version: int, threshold: int, severity: str, enabled: bool,
                due_in_days: int, note: str = "") -> AlertRule:
    """The programme manager tunes a rule; the change is kept in the rule's history. The next scan applies
    it (a raised threshold resolves the tasks that no longer qualify)."""
    _require(by, Action.RULES_MANAGE)
    errors = {}
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 0 <= threshold <= 3650:
        errors["threshold"] = _("The threshold must be a whole number between 0 and 3650.")
    if severity not in Severity.values:
        errors["severity"] = _("Choose a severity.")
    if isinstance(due_in_days, bool) or not isinstance(due_in_days, int) or not 0 <= due_in_days <= 90:
        errors["due_in_days"] = _("The days to act must be between 0 and 90.")
    if errors:
        raise ValidationError(errors)
    after = {"threshold": threshold, "severity": severity, "enabled": bool(enabled), "due_in_days": due_in_days}
    before = _rule_values(rule)
    if before == after:
        return rule
    now = timezone.now()
    with transaction.atomic():
        updated = AlertRule.objects.filter(pk=rule.pk, version=version).update(
            **after, updated_at=now, updated_by_label=by.label[:200], version=F("version") + 1)
        if updated == 0:
            raise Conflict
        AlertRuleChange.objects.create(rule=rule, changed_at=now, changed_by_id=by.user_id,
                                       changed_by_label=by.label[:200] or "system", before=before, after=after,
                                       note=note.strip()[:300])
        audit_record(actor=by, operation=Operation.UPDATE, purpose=Purpose.GOVERNANCE, object_type="alerts.AlertRule",
                     object_id=rule.pk, object_label=rule.code,
                     fields=sorted(k for k in after if after[k] != before[k]),
                     detail={"before": before, "after": after})
    rule.refresh_from_db()
    return rule


# --- the digest ----------------------------------------------------------------------------------------

def digest_enqueue(*, day: date | None = None, base_url: str = "") -> dict[str, int]:
    """Queue one digest task per recipient with something to read today and no digest sent yet today."""
    from florwork.alerts.selectors import digest_recipients
    from florwork.alerts.tasks import send_task_digest

    day = day or timezone.localdate()
    recipients = digest_recipients(day)
    queued = failed = 0
    for user_id in recipients:
        result = send_task_digest.enqueue(user_id=user_id, day=day.isoformat(), base_url=base_url)
        # inline (no worker) the result is known at once; with a worker it is only queued
        if getattr(result, "status", None) == "FAILED":
            failed += 1
        else:
            queued += 1
    return {"recipients": len(recipients), "queued": queued, "failed": failed}
