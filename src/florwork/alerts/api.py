"""API of alerts: my tasks (list, done, snooze) and the alert rules.

The same rules as the pages: the scope of alerts/access.py (a task the actor may not see is a 404), the
services for every change, a stale ``version`` answered with 409.
"""

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field

from florwork.accounts.policy import Action
from florwork.alerts import selectors, services
from florwork.alerts.describe import describe
from florwork.alerts.models import Task
from florwork.apicore import Error, Page, allow, paginate
from florwork.audit.models import Purpose

router = Router(tags=["alerts"])
CASES = Purpose.CASE_MANAGEMENT


class TaskOut(Schema):
    id: int
    version: int
    case_id: int
    case_code: str
    rule: str
    rule_label: str
    severity: str
    status: str
    text: str
    detail: dict
    owner_id: int | None
    opened_on: date
    due_on: date
    overdue: bool
    escalated_at: datetime | None
    snoozed_until: date | None
    snooze_reason: str
    closed_at: datetime | None
    note: str


class DoneIn(Schema):
    version: int
    note: str = Field("", max_length=500)


class SnoozeIn(Schema):
    version: int
    until: date
    reason: str = Field(max_length=300)


class RuleOut(Schema):
    id: int
    code: str
    label: str
    threshold: int
    threshold_meaning: str
    severity: str
    due_in_days: int
    enabled: bool
    evaluated: bool
    version: int
    updated_at: datetime | None


def task_out(task: Task, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    return {"id": task.pk, "version": task.version, "case_id": task.case_id, "case_code": task.case.code,
            "rule": task.rule.code, "rule_label": task.rule.label, "severity": task.severity, "status": task.status,
            "text": describe(task), "detail": task.detail, "owner_id": task.owner_id, "opened_on": task.opened_on,
            "due_on": task.due_on, "overdue": task.status == "open" and task.due_on < today,
            "escalated_at": task.escalated_at, "snoozed_until": task.snoozed_until,
            "snooze_reason": task.snooze_reason, "closed_at": task.closed_at, "note": task.note}


@router.get("/tasks", response=Page[TaskOut])
@allow(Action.TASK_VIEW, CASES)
def task_list(request, show: Literal["open", "snoozed", "done"] = "open", page: int = 1, page_size: int = 50):
    """My tasks: a case manager's own, a programme manager's escalated (and unheld) ones."""
    result = paginate(selectors.my_tasks(actor=request.actor, show=show), page=page, page_size=page_size)
    today = timezone.localdate()
    result["items"] = [task_out(task, today) for task in result["items"]]
    return result


@router.post("/tasks/{task_id}/done", response={200: TaskOut, 404: Error, 409: Error, 422: Error})
@allow(Action.TASK_VIEW, CASES)
def task_done(request, task_id: int, payload: DoneIn):
    task = selectors.task_get(actor=request.actor, task_id=task_id)
    services.task_done(by=request.actor, task=task, version=payload.version, note=payload.note)
    return task_out(task)


@router.post("/tasks/{task_id}/snooze", response={200: TaskOut, 404: Error, 409: Error, 422: Error})
@allow(Action.TASK_VIEW, CASES)
def task_snooze(request, task_id: int, payload: SnoozeIn):
    task = selectors.task_get(actor=request.actor, task_id=task_id)
    services.task_snooze(by=request.actor, task=task, version=payload.version, until=payload.until,
                         reason=payload.reason)
    return task_out(task)


@router.get("/alert-rules", response=list[RuleOut])
@allow(Action.TASK_VIEW, Purpose.GOVERNANCE)
def rule_list(request):
    """The alert rules with their thresholds (whoever works tasks may read why they were opened)."""
    from florwork.alerts.engine import REGISTRY

    return [{"id": r.pk, "code": r.code, "label": r.label, "threshold": r.threshold,
             "threshold_meaning": r.threshold_meaning, "severity": r.severity, "due_in_days": r.due_in_days,
             "enabled": r.enabled, "evaluated": r.code in REGISTRY, "version": r.version, "updated_at": r.updated_at}
            for r in selectors.rules_all()]
