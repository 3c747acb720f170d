"""The plan section of the case page (the case page is the cases app's; it loads this tag) and the patto's
date format."""

from django import template
from django.utils import dateformat
from django.utils.translation import get_language

from florwork.accounts.policy import Action, may
from florwork.plans import selectors
from florwork.plans.models import RevisionStatus

register = template.Library()


@register.filter
def long_date(value) -> str:
    """"1 dicembre 2026": Italian writes the month in lower case (Django's catalogue capitalizes it)."""
    if not value:
        return ""
    text = dateformat.format(value, "j F Y")
    return text.lower() if (get_language() or "it").startswith("it") else text


@register.inclusion_tag("plans/_case_section.html")
def case_plan(actor, case):
    """The plan's state, the revision in force and the next review; only for who may build the plan."""
    if actor is None or not (may(actor, Action.PLAN_MANAGE) and may(actor, Action.CASE_UPDATE, case)):
        return {"visible": False}
    plan = selectors.plan_of(case)
    current = selectors.revision_current(plan) if plan else None
    in_force = selectors.revision_in_force(case) if plan else None
    next_review = in_force.reviews.order_by("due_on").first() if in_force else None
    return {"visible": True, "case": case, "plan": plan, "current": current, "in_force": in_force,
            "next_review": next_review, "draft_open": current is not None and current.status == RevisionStatus.DRAFT,
            "decision": selectors.latest_decision(case)}
