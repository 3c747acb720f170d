"""Outreach fixtures: companies through the registry service, candidates through the people and case
services (an open case, consent to be presented, occupations sought)."""

import pytest

from tests.employers.registry_support import florence, make_company  # noqa: F401  (fixtures)


@pytest.fixture
def make_candidate(make_case, actors, florence):  # noqa: F811
    from django.utils import timezone

    from florwork.people.services import consent_give

    def make(*, sought=("cameriere",), comune="Firenze", state="assessed", consent=True, **fields):
        case = make_case(state=state, occupations_sought=list(sought),
                         residence_istat=florence[comune].istat_code, **fields)
        if consent:
            consent_give(by=actors["case_manager"], person=case.person, purpose="employer_presentation",
                         given_at=timezone.now())
        return case.person

    return make
