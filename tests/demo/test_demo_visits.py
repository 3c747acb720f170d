"""Demo visits: routing parameters, last week's plan with six reported visits (the companies now "visited" or
further) and next week's plan for the agency's officers; every planned visit inside the officers' hours;
re-running changes nothing."""

import pytest
from django.db import transaction
from django.utils import timezone

from florwork.accounts.policy import SYSTEM
from florwork.audit.selectors import audit_verify
from florwork.demo.companies import demo_companies_load
from florwork.demo.services import demo_load
from florwork.demo.visits import demo_visits_load
from florwork.employers.models import RelationshipState
from florwork.visits.models import PlanStop, RoutingParameters, Visit, VisitPlan

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_visits(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(by=SYSTEM, seed=1)
        demo_companies_load(seed=1, count=60)
        yield demo_visits_load(seed=1)
        transaction.set_rollback(True)


def test_two_plans_and_six_reports(demo_visits):
    assert (demo_visits.plans_created, demo_visits.visits_created) == (2, 6)
    assert RoutingParameters.objects.count() == 1
    assert VisitPlan.objects.filter(status="solved").count() == 2
    assert PlanStop.objects.count() >= 30


def test_reports_are_in_the_past_linked_to_stops_and_companies_visited():
    today = timezone.localdate()
    for visit in Visit.objects.select_related("stop__route", "company"):
        assert visit.date < today and visit.stop.route.day == visit.date
        assert visit.company.state in (RelationshipState.VISITED, RelationshipState.PARTNER)
        assert visit.officer_label and visit.notes


def test_stops_within_working_hours():
    for stop in PlanStop.objects.select_related("route__officer"):
        start, end = timezone.localtime(stop.start_at).time(), timezone.localtime(stop.end_at).time()
        assert stop.route.officer.work_start <= start < end <= stop.route.officer.work_end


def test_rerun_changes_nothing_and_audit_chain_holds():
    before = (VisitPlan.objects.count(), Visit.objects.count(), PlanStop.objects.count())
    again = demo_visits_load(seed=1)
    assert (again.plans_created, again.visits_created) == (0, 0)
    assert (VisitPlan.objects.count(), Visit.objects.count(), PlanStop.objects.count()) == before
    assert audit_verify()[1] == []
