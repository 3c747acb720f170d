"""Who may act on placements (registered into the one access policy, ``accounts.policy``, when the app is
ready: the policy module never names a higher app's fields; the same mechanism as shortlists/access.py).

- case managers (PLACEMENT_MANAGE): the placements of the cases of their hub team;
- company officers (PLACEMENT_MANAGE): every placement — they place people with the partnership's companies,
  whose registry is one for the hub partnership;
- nobody else: the programme manager will read placements as aggregates (outcomes, governance).
"""

from __future__ import annotations

from django.db.models import Q

from florwork.accounts.policy import OBJECT_RULES, Action, Actor, _scoped_rule, role_may
from florwork.accounts.roles import Role


def placement_scope(actor: Actor, action: Action) -> Q | None:
    """The placements this actor may act on (a Q over placements.Placement), or None."""
    if actor.is_system:
        return Q()
    if action != Action.PLACEMENT_MANAGE or not role_may(actor.role, action):
        return None
    if actor.role == Role.CASE_MANAGER:
        return Q(case__team_organization_id=actor.organization_id)
    if actor.role == Role.COMPANY_OFFICER:
        return Q()
    return None


def may_place(actor: Actor, case) -> bool:
    """May the actor record a placement for this case (the scope above, for a placement not yet saved)."""
    if actor.is_system:
        return True
    if not role_may(actor.role, Action.PLACEMENT_MANAGE):
        return False
    if actor.role == Role.CASE_MANAGER:
        return case.team_organization_id == actor.organization_id
    return actor.role == Role.COMPANY_OFFICER


def register() -> None:
    OBJECT_RULES["placements.Placement"] = _scoped_rule(placement_scope)
