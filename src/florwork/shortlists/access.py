"""Who may act on shortlist entries (registered into the one access policy, ``accounts.policy``).

Kept in this app rather than in policy.py so that the policy module never names a higher app's fields;
it is the same mechanism (``object_rule``), imported once when the app is ready.

- company officers (PRESENTATION_MANAGE, PLACEMENT_MANAGE): every entry — the company registry and its
  vacancies are one for the hub partnership;
- case managers (CASE_VIEW to read, PLACEMENT_MANAGE to record trials and contracts): the entries of the
  cases of their hub team;
- the programme manager sees aggregates only (AGGREGATE_VIEW, no object).
"""

from __future__ import annotations

from django.db.models import Q

from florwork.accounts.policy import OBJECT_RULES, Action, Actor, _scoped_rule, role_may
from florwork.accounts.roles import Role

A = Action


def entry_scope(actor: Actor, action: Action) -> Q | None:
    """The shortlist entries this actor may act on (a Q over shortlists.ShortlistEntry), or None."""
    if actor.is_system:
        return Q()
    if not role_may(actor.role, action):
        return None
    if actor.role == Role.COMPANY_OFFICER and action in (A.PRESENTATION_MANAGE, A.PLACEMENT_MANAGE):
        return Q()
    if actor.role == Role.CASE_MANAGER and action in (A.CASE_VIEW, A.PLACEMENT_MANAGE):
        return Q(case__team_organization_id=actor.organization_id)
    return None


def register() -> None:
    OBJECT_RULES["shortlists.ShortlistEntry"] = _scoped_rule(entry_scope)

