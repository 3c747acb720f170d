"""The opportunities' sections of the company page and the visit report (those pages belong to lower apps;
they load this library), and how an opportunity's status reads."""

from django import template

from florwork.accounts.policy import Action, may
from florwork.opportunities.models import OpportunityKind, OpportunityStatus

register = template.Library()

STATUS_BADGES = {
    OpportunityStatus.IDENTIFIED: "bg-secondary",
    OpportunityStatus.QUALIFIED: "bg-primary",
    OpportunityStatus.IN_PROGRESS: "bg-warning",
    OpportunityStatus.WON: "bg-success",
    OpportunityStatus.LOST: "bg-light text-dark border",
}


@register.filter
def opportunity_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "bg-secondary")


@register.filter
def opportunity_status_label(status: str) -> str:
    return str(dict(OpportunityStatus.choices).get(status, status or "—"))


@register.inclusion_tag("opportunities/_company_section.html")
def company_opportunities(actor, company):
    """The company's opportunities with a button to record one; only for who may see the registry."""
    from florwork.opportunities.selectors import company_opportunities as of_company

    if actor is None or not may(actor, Action.COMPANY_VIEW, company):
        return {"visible": False}
    return {"visible": True, "company": company, "opportunities": of_company(actor=actor, company=company),
            "can_manage": may(actor, Action.COMPANY_MANAGE, company), "ART14": OpportunityKind.ART14}


@register.inclusion_tag("opportunities/_visit_section.html", takes_context=True)
def visit_opportunities(context, actor, visit):
    """The opportunities found at this visit, and the form to record one while the visit is fresh."""
    from florwork.opportunities.forms import VisitOpportunityForm
    from florwork.opportunities.selectors import opportunity_search

    if actor is None or not may(actor, Action.COMPANY_VIEW, visit.company):
        return {"visible": False}
    can_manage = may(actor, Action.COMPANY_MANAGE, visit.company)
    return {"visible": True, "visit": visit, "can_manage": can_manage,
            "opportunities": list(opportunity_search(actor=actor, visit_id=visit.pk)),
            "form": VisitOpportunityForm(auto_id="id_opp_%s") if can_manage else None,
            "csrf_token": context.get("csrf_token")}
