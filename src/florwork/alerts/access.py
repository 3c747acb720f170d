"""Who sees which task: a scope (a Q over alerts.Task) used both by the lists and by the object rule that
``florwork.accounts.policy.may`` asks (registered in AlertsConfig.ready; the policy module never imports us).

A case manager sees the tasks assigned to them on their own team's cases; the programme manager sees the
escalated ones and those nobody holds (a case without a case manager).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from florwork.accounts.policy import OBJECT_RULES, Action, Actor
from florwork.accounts.roles import Role


def task_scope(actor: Actor, action: Action) -> Q | None:
    if actor.is_system:
        return Q()
    if action != Action.TASK_VIEW:
        return None
    if actor.role == Role.CASE_MANAGER:
        return Q(owner_id=actor.user_id, case__team_organization_id=actor.organization_id)
    if actor.role == Role.PROGRAMME_MANAGER:
        return Q(escalated_at__isnull=False) | Q(owner__isnull=True)
    return None


def _task_rule(actor: Actor, action: Action, task: Any) -> bool:
    scope = task_scope(actor, action)
    return scope is not None and type(task)._default_manager.filter(scope, pk=task.pk).exists()


def install() -> None:
    OBJECT_RULES["alerts.Task"] = _task_rule
