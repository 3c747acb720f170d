"""The visits section of the company page (the company page is the employers app's; it loads this tag)."""

from django import template

from florwork.accounts.policy import Action, may
from florwork.visits.selectors import company_visits as visits_of

register = template.Library()

SHOWN = 10


@register.inclusion_tag("visits/_company_section.html")
def company_visits(actor, company):
    """The company's visits, newest first, and a button to record one for who may manage the company."""
    if actor is None or not may(actor, Action.COMPANY_VIEW, company):
        return {"visible": False}
    visits = visits_of(actor=actor, company=company)
    return {"visible": True, "company": company, "visits": list(visits[:SHOWN]), "count": visits.count(),
            "can_record": may(actor, Action.COMPANY_MANAGE, company)}
