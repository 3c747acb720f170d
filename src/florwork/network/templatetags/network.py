"""The partner referrals section of the case page (the case page is the cases app's; it loads this tag)."""

from django import template

from florwork.accounts.policy import Action, may
from florwork.network.selectors import case_partner_referrals as referrals_of

register = template.Library()


@register.inclusion_tag("network/_case_section.html")
def case_partner_referrals(actor, case):
    """The person's partner referrals and the "refer to a service" action, for the case managers of the team."""
    if actor is None or not (may(actor, Action.PARTNER_REFERRAL_SEND) and may(actor, Action.CASE_UPDATE, case)):
        return {"visible": False}
    return {"visible": True, "case": case, "referrals": referrals_of(actor=actor, case=case)}
