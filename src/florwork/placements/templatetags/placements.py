"""The placements section of the case page (the case page is the cases app's; it loads this tag)."""

from django import template

from florwork.accounts.policy import Action, may
from florwork.cases.lifecycle import State
from florwork.placements.selectors import case_placements as placements_of

register = template.Library()
RECORDABLE = (State.ACTIVE, State.PLACED, State.FOLLOW_UP)


@register.inclusion_tag("placements/_case_section.html")
def case_placements(actor, case):
    """The case's tirocini and contracts, and the "record" action, for the case managers of the team."""
    if actor is None or not (may(actor, Action.PLACEMENT_MANAGE) and may(actor, Action.CASE_UPDATE, case)):
        return {"visible": False}
    return {"visible": True, "case": case, "placements": placements_of(actor=actor, case=case),
            "can_record": case.state in RECORDABLE}
