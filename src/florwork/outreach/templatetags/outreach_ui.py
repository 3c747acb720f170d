"""The outreach section of the company page (the page is the employers app's; it loads this tag)."""

from django import template

from florwork.accounts.policy import Action, may
from florwork.outreach import priority, selectors
from florwork.outreach.reasons import reason_lines

register = template.Library()


@register.inclusion_tag("outreach/_company_section.html")
def company_outreach(actor, company):
    """The company's priority now, each reason with its points, and its latest outreach contacts."""
    if actor is None or not may(actor, Action.COMPANY_VIEW, company):
        return {"visible": False}
    scores = selectors.priority_scores(actor=actor, company_ids=[company.pk])
    result = scores.get(company.pk)
    weights = priority.current_weights()[0]
    return {"visible": True, "company": company, "result": result,
            "reasons": reason_lines(result, weights) if result else [],
            "contacts": selectors.company_campaign_contacts(actor=actor, company=company),
            "can_manage": may(actor, Action.COMPANY_MANAGE, company)}


@register.filter
def score_badge(score) -> str:
    """A colour for a priority: high, medium, low (text on it stays readable)."""
    if score is None:
        return "bg-secondary"
    if score >= 60:
        return "bg-success"
    if score >= 40:
        return "bg-primary"
    return "bg-secondary"


@register.filter
def get_item(mapping, key):
    """A dictionary's value in a template ({{ counts|get_item:code }})."""
    return mapping.get(key) if hasattr(mapping, "get") else None
