"""The tasks section of the case page (the case page is the cases app's; it loads this tag)."""

from django import template
from django.utils import timezone

from florwork.accounts.policy import Action, may
from florwork.alerts.describe import describe
from florwork.alerts.selectors import case_tasks as live_tasks

register = template.Library()


@register.inclusion_tag("alerts/_case_section.html")
def case_tasks(actor, case):
    """The case's live tasks the actor may see (their own as case manager, escalated ones as programme manager)."""
    if actor is None or not may(actor, Action.TASK_VIEW):
        return {"visible": False}
    today = timezone.localdate()
    tasks = live_tasks(actor=actor, case=case)
    return {"visible": bool(tasks), "rows": [(t, describe(t), t.status == "open" and t.due_on < today)
                                             for t in tasks]}
