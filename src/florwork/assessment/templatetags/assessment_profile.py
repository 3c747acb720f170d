"""The statistical profile's section of the case page (the case page is the cases app's; it loads this tag)."""

from django import template

from florwork.accounts.policy import Action, may
from florwork.assessment.profile_selectors import case_profile as case_profile_of
from florwork.audit.models import Purpose

register = template.Library()


@register.inclusion_tag("assessment/profile_case_section.html", takes_context=True)
def case_profile(context, actor, case):
    """The active models' probability of work with its factors, for the case manager of the case's team."""
    if actor is None or not (may(actor, Action.ASSESSMENT_CONDUCT) and may(actor, Action.CASE_UPDATE, case)):
        return {"visible": False}
    request = context.get("request")
    purpose = getattr(request, "purpose", "") or Purpose.CASE_MANAGEMENT
    return {"visible": True, "case": case, "profile": case_profile_of(actor=actor, case=case, purpose=purpose)}
