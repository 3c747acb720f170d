"""Risk flags of a case, derived on read from what the case already records (pure: no Django).

They say why a case may be going cold; the alert engine (issue 5) turns the same signals into tasks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

NO_CONTACT_DAYS = 30  # an open case past referral with no contact for a month is going cold
WAITING_FIRST_CONTACT_DAYS = 10
LONG_SUSPENSION_DAYS = 60


@dataclass(frozen=True)
class CaseFacts:
    state: str
    urgency: str
    referred_on: date
    state_since: date
    last_contact_on: date | None


def risk_flags(facts: CaseFacts, today: date) -> list[str]:
    """Codes of the flags raised, most pressing first."""
    flags: list[str] = []
    if facts.state in ("closed", "dropped"):
        return flags
    waiting = (today - facts.referred_on).days
    if facts.last_contact_on is None:
        if facts.urgency in ("high", "urgent"):
            flags.append("urgent_no_contact")
        if waiting >= WAITING_FIRST_CONTACT_DAYS:
            flags.append("no_first_contact")
    elif facts.state != "suspended" and (today - facts.last_contact_on).days >= NO_CONTACT_DAYS:
        flags.append("no_recent_contact")
    if facts.state == "suspended" and (today - facts.state_since).days >= LONG_SUSPENSION_DAYS:
        flags.append("long_suspension")
    return flags
