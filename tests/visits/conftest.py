"""Visits tests: the registry's fixtures, an officer of another organization, and a company with a contact."""

import pytest

from florwork.accounts.models import Membership, User
from florwork.accounts.roles import Role
from florwork.accounts.selectors import actor_for_membership
from tests.employers import registry_support as support

florence, make_company = support.florence, support.make_company  # the fixtures


@pytest.fixture
def other_officer(organizations):
    """A company officer of another organization (the second hub operator)."""
    user = User.objects.create_user(username="other_officer", password="x-x-x-x-x-x-x", first_name="Other",
                                    last_name="Officer")
    membership = Membership.objects.create(user=user, organization=organizations["other_hub"],
                                           role=Role.COMPANY_OFFICER)
    return user, actor_for_membership(membership)


@pytest.fixture
def company(make_company):
    return make_company(name="Officine Rossi S.r.l.")


@pytest.fixture
def contact(actors, company):
    from florwork.employers.services import contact_add

    return contact_add(by=actors["company_officer"], company=company,
                       data={"first_name": "Laura", "last_name": "Bianchi", "job_title": "HR"})
