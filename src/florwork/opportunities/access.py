"""The object rule of opportunities, registered with the access policy when the app is ready (the policy
module never imports the apps above it)."""

from typing import Any

from florwork.accounts.policy import OBJECT_RULES, Action, Actor


def _opportunity_rule(actor: Actor, action: Action, opportunity: Any) -> bool:
    # found at the registry's companies, an opportunity follows the company rule: the registry is one for
    # the hub partnership, so whoever holds COMPANY_VIEW / COMPANY_MANAGE acts on any of them
    return action in (Action.COMPANY_VIEW, Action.COMPANY_MANAGE)


def register() -> None:
    OBJECT_RULES["opportunities.Opportunity"] = _opportunity_rule
