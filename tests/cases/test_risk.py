from datetime import date, timedelta

import pytest

from florwork.cases.risk import CaseFacts, risk_flags

TODAY = date(2026, 11, 26)


def facts(state="active", urgency="normal", referred_days=40, state_days=10, contact_days=None):
    return CaseFacts(state=state, urgency=urgency, referred_on=TODAY - timedelta(days=referred_days),
                     state_since=TODAY - timedelta(days=state_days),
                     last_contact_on=None if contact_days is None else TODAY - timedelta(days=contact_days))


@pytest.mark.parametrize(("case", "expected"), [
    (facts(contact_days=3), []),
    (facts(contact_days=30), ["no_recent_contact"]),
    (facts(state="referred", referred_days=2), []),
    (facts(state="referred", referred_days=2, urgency="urgent"), ["urgent_no_contact"]),
    (facts(state="referred", referred_days=12), ["no_first_contact"]),
    (facts(state="referred", referred_days=12, urgency="high"), ["urgent_no_contact", "no_first_contact"]),
    (facts(state="suspended", state_days=61, contact_days=90), ["long_suspension"]),
    (facts(state="suspended", state_days=5, contact_days=90), []),
    (facts(state="closed", referred_days=400), []),
])
def test_flags(case, expected):
    assert risk_flags(case, TODAY) == expected
