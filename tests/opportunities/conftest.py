"""Opportunities tests: the registry's fixtures, a company with a Law 68 shortfall, the type-B cooperative,
and a visit report recorded through the visits' service."""

import pytest
from django.utils import timezone

from tests.employers import registry_support as support

florence, make_company = support.florence, support.make_company  # the fixtures


@pytest.fixture(autouse=True)
def english(personas):
    for user in personas.values():
        user.language = "en"
        user.save(update_fields=["language"])


@pytest.fixture
def company(make_company):
    """100 computable employees, 3 disabled workers: quota 7, 4 missing; Art. 14 room 2 (30% of 7, example
    Toscana parameters: one position per € 28,000 a year)."""
    return make_company(name="Officine Rossi S.r.l.", computable_headcount=100, disabled_employed=3,
                        protected_employed=1)


@pytest.fixture
def coop(organizations):
    return organizations["coop_b"]


@pytest.fixture
def visit(actors, company):
    from florwork.visits.services import visit_record

    return visit_record(by=actors["company_officer"], company=company, values={
        "date": timezone.localdate(), "notes": "Met the HR manager.", "outcome": "opportunity"})


@pytest.fixture
def make_opportunity(actors, company):
    from florwork.opportunities.services import opportunity_create

    def make(*, by="company_officer", of=None, **data):
        data = {"kind": "vacancy", "title": "Two warehouse workers", **data}
        return opportunity_create(by=actors[by], company=of or company, data=data)

    return make
