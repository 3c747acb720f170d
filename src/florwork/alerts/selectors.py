"""Reads of tasks and rules, filtered by the access policy (alerts/access.py)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from florwork.accounts.models import Membership
from florwork.accounts.policy import Action, Actor, may
from florwork.accounts.roles import Role
from florwork.alerts.access import task_scope
from florwork.alerts.models import SEVERITY_ORDER, AlertRule, AlertRuleChange, Task, TaskStatus
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.people.selectors import visible_persons

SHOW_CHOICES = ("open", "snoozed", "done")


def visible_tasks(*, actor: Actor) -> QuerySet[Task]:
    if not may(actor, Action.TASK_VIEW):
        return Task.objects.none()
    scope = task_scope(actor, Action.TASK_VIEW)
    return Task.objects.none() if scope is None else Task.objects.filter(scope)


def my_tasks(*, actor: Actor, show: str = "open") -> QuerySet[Task]:
    """The actor's task list: open ones (overdue first, by due date), snoozed ones, or the last done."""
    tasks = visible_tasks(actor=actor).select_related("rule", "case", "owner")
    if show == "snoozed":
        return tasks.filter(status=TaskStatus.SNOOZED).order_by("snoozed_until", "pk")
    if show == "done":
        return tasks.filter(status__in=[TaskStatus.DONE, TaskStatus.RESOLVED]).order_by("-closed_at", "-pk")
    return tasks.filter(status=TaskStatus.OPEN).order_by("due_on", "pk")


def task_people(*, actor: Actor, tasks: list[Task], purpose: str) -> dict[int, str]:
    """The names of the people behind the tasks, by task, for those the actor may see as people (one query);
    the read is audited once for the list. A case manager with sixty cases finds a name faster than a code."""
    person_ids = {task.case.person_id for task in tasks}
    if not person_ids or not may(actor, Action.PERSON_VIEW):
        return {}
    names = {pk: f"{first} {last}" for pk, first, last in visible_persons(actor=actor).filter(
        pk__in=person_ids).values_list("pk", "first_name", "last_name")}
    if names:
        audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="people.Person",
                     object_label=f"task list of {len(names)}", fields=["first_name", "last_name"],
                     detail={"ids": sorted(names)})
    return {task.pk: names[task.case.person_id] for task in tasks if task.case.person_id in names}


def task_get(*, actor: Actor, task_id: int) -> Task:
    task = visible_tasks(actor=actor).select_related("rule", "case", "owner").filter(pk=task_id).first()
    if task is None:
        raise Http404
    return task


def task_counts(*, actor: Actor, today: date | None = None) -> dict[str, int]:
    """Open and overdue tasks of the actor, for the navigation badge (one query)."""
    today = today or timezone.localdate()
    counts = visible_tasks(actor=actor).filter(status=TaskStatus.OPEN).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    return {"open": counts["open"] or 0, "overdue": counts["overdue"] or 0}


def case_tasks(*, actor: Actor, case) -> list[Task]:
    """The live tasks of one case the actor may see (the case page's section)."""
    return list(visible_tasks(actor=actor).filter(case=case, status__in=[TaskStatus.OPEN, TaskStatus.SNOOZED])
                .select_related("rule").order_by("due_on", "pk"))


def rules_all() -> list[AlertRule]:
    return list(AlertRule.objects.order_by("pk"))


def rule_get(*, actor: Actor, rule_id: int) -> AlertRule:
    if not may(actor, Action.RULES_MANAGE):
        raise Http404
    rule = AlertRule.objects.filter(pk=rule_id).first()
    if rule is None:
        raise Http404
    return rule


def rules_history(limit: int = 50) -> list[AlertRuleChange]:
    return list(AlertRuleChange.objects.select_related("rule").order_by("-changed_at", "-pk")[:limit])


# --- the digest ----------------------------------------------------------------------------------------

def _programme_managers() -> QuerySet[Membership]:
    return Membership.objects.filter(role=Role.PROGRAMME_MANAGER, is_active=True, user__is_active=True)


def digest_recipients(today: date) -> list[int]:
    """Users with open tasks to read today: each owner, and the programme managers when something is
    escalated or held by nobody."""
    from florwork.alerts.models import DigestSent

    owners = set(Task.objects.filter(status=TaskStatus.OPEN, owner__isnull=False).values_list("owner_id", flat=True))
    if Task.objects.filter(Q(escalated_at__isnull=False) | Q(owner__isnull=True), status=TaskStatus.OPEN).exists():
        owners |= set(_programme_managers().values_list("user_id", flat=True))
    sent = set(DigestSent.objects.filter(day=today).values_list("user_id", flat=True))
    return sorted(owners - sent)


def digest_tasks(*, user, today: date) -> list[Task]:
    """What the user's digest lists: their open tasks, and for a programme manager the escalated ones."""
    scope = Q(owner=user)
    if _programme_managers().filter(user=user).exists():
        scope |= Q(escalated_at__isnull=False) | Q(owner__isnull=True)
    tasks = list(Task.objects.filter(scope, status=TaskStatus.OPEN).select_related("rule", "case"))
    tasks.sort(key=lambda t: (t.due_on >= today, SEVERITY_ORDER.get(t.severity, 9), t.due_on, t.pk))
    return tasks
