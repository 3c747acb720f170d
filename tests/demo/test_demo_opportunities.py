"""Demo opportunities: every kind at every status on the demo companies, some found at the demo visits, a few
turned into vacancies (one published), a won Art. 14 one recorded as a convention; deterministic and safe to
re-run.

The partnership, 40 demo companies, the demo visits and the opportunities are loaded once for the module,
inside a transaction rolled back at the end.
"""

import pytest
from django.db import transaction

from florwork.accounts.policy import SYSTEM
from florwork.audit.selectors import audit_verify
from florwork.demo.companies import demo_companies_load
from florwork.demo.opportunities import PATHS, demo_opportunities_load, opportunities_plan
from florwork.demo.services import demo_load
from florwork.demo.visits import demo_visits_load
from florwork.opportunities.models import Opportunity, OpportunityKind

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(by=SYSTEM, seed=1)  # the partnership only
        demo_companies_load(seed=1, count=40)
        demo_visits_load(seed=1)
        yield demo_opportunities_load(seed=1)
        transaction.set_rollback(True)


def test_every_kind_is_recorded_at_every_status(loaded):
    pairs = set(Opportunity.objects.values_list("kind", "status"))

    assert loaded == len(opportunities_plan(seed=1, companies=24)) == Opportunity.objects.count()
    assert pairs == {(kind, status) for kind in OpportunityKind.values for status in PATHS}


def test_some_were_found_at_the_demo_visits():
    found = Opportunity.objects.filter(visit__isnull=False).select_related("visit")

    assert found.exists() and all(o.visit.company_id == o.company_id and o.source == "visit" for o in found)


def test_lost_ones_say_why_and_every_move_is_in_the_history():
    for opportunity in Opportunity.objects.all():
        assert opportunity.status_changes.count() == 1 + len(PATHS[opportunity.status])
        assert bool(opportunity.lost_reason) == (opportunity.status == "lost")


def test_a_few_direct_ones_became_vacancies_one_published():
    converted = Opportunity.objects.filter(vacancy__isnull=False).select_related("vacancy")

    assert 1 <= converted.count() <= 3
    assert {o.vacancy.status for o in converted} <= {"draft", "published"}
    assert any(o.vacancy.status == "published" for o in converted)
    assert all(o.is_direct and o.status == "in_progress" for o in converted)


def test_indirect_ones_name_their_cooperative_and_a_won_art14_is_a_convention():
    art14 = Opportunity.objects.filter(kind=OpportunityKind.ART14)

    assert all(o.cooperative.kind == "social_coop_b" for o in art14)
    assert art14.filter(status="won", convention__isnull=False).exists()


def test_a_second_run_creates_nothing_and_the_audit_chain_holds():
    assert demo_opportunities_load(seed=1) == 0
    _count, breaks = audit_verify()
    assert breaks == []
