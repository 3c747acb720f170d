"""Object rules of visits, registered into the access policy when the app is ready (kept here so the shared
policy module does not grow with every app).

A visit report belongs to the company's shared record: whoever may view the registry reads it; only the
officers of the organization that visited correct it. A visit plan is an organization's own schedule.
"""

from __future__ import annotations

from typing import Any

from florwork.accounts.policy import Action, Actor, object_rule


@object_rule("visits.Visit")
def visit_rule(actor: Actor, action: Action, visit: Any) -> bool:
    if action == Action.COMPANY_VIEW:
        return True
    return action == Action.COMPANY_MANAGE and visit.organization_id == actor.organization_id


@object_rule("visits.VisitPlan")
def visit_plan_rule(actor: Actor, action: Action, plan: Any) -> bool:
    return action in (Action.COMPANY_VIEW, Action.COMPANY_MANAGE) and plan.organization_id == actor.organization_id
