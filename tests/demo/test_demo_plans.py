"""Demo plans: for the demo cases assessed, planned or active, plans in every state (draft, signed, revised with
history), built from the suggestions and the network's demo catalogue through the plans services.

The demo (people, network, plans) is loaded once for the module inside a transaction rolled back at the end.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from florwork.audit.models import AuditEntry
from florwork.cases.models import Case
from florwork.demo.network import demo_network_load
from florwork.demo.plans import demo_plans_load
from florwork.plans.models import ActionStatus, Plan, PlanAction, PlanRevision

PEOPLE = 100
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_plans(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--people", str(PEOPLE), "--json", stdout=StringIO())
        demo_network_load(seed=1)  # idempotent: nothing twice if the demo command already loads it
        yield demo_plans_load(seed=1)
        transaction.set_rollback(True)


def test_every_assessed_planned_or_active_case_with_a_pathway_has_a_plan():
    cases = Case.objects.filter(state__in=["assessed", "planned", "active"], pathway_decisions__isnull=False,
                                owner__isnull=False).distinct()
    assert cases.exists() and not cases.filter(plan__isnull=True).exists()
    # plans stay with the cases that moved on to a placement and its follow-up
    assert not Plan.objects.exclude(case__state__in=["assessed", "planned", "active", "placed", "follow_up"]).exists()


def test_plans_in_every_state():
    assessed = PlanRevision.objects.filter(plan__case__state="assessed")
    assert assessed.exists() and set(assessed.values_list("status", flat=True)) == {"draft"}
    planned = PlanRevision.objects.filter(plan__case__state="planned")
    assert set(planned.values_list("status", flat=True)) == {"signed"}
    revised = Plan.objects.annotate(n=Count("revisions")).filter(n__gte=2)
    assert revised.exists()
    statuses = {tuple(p.revisions.order_by("number").values_list("status", flat=True)) for p in revised}
    assert ("superseded", "signed") in statuses and ("signed", "draft") in statuses


def test_signed_revisions_keep_their_scan_and_dates_in_order():
    for revision in PlanRevision.objects.exclude(status="draft").select_related("plan__case"):
        assert revision.signed_document and revision.signed_document.name.endswith(".pdf")
        assert revision.created_at <= revision.signed_at <= timezone.now()
        assert revision.plan.created_at <= revision.created_at
    for revision in PlanRevision.objects.filter(status="superseded"):
        later = revision.plan.revisions.get(number=revision.number + 1)
        assert revision.superseded_at == later.signed_at


def test_actions_come_from_suggestions_and_the_catalogue_within_the_plan():
    actions = PlanAction.objects.select_related("revision")
    assert actions.exists() and not actions.filter(suggestion="").filter(revision__plan__case__state="assessed") \
        .count() > actions.count() / 2
    assert actions.filter(service__isnull=False).exists() and actions.filter(service__isnull=True).exists()
    for action in actions:
        assert action.revision.starts_on <= action.starts_on <= action.ends_on <= action.revision.ends_on
        assert action.cost >= 0
    assert PlanRevision.objects.filter(reviews__isnull=True).count() == 0


def test_active_plans_show_progress_and_some_overdue_actions():
    today = timezone.localdate()
    in_force = PlanAction.objects.filter(revision__status="signed", revision__plan__case__state="active")
    assert in_force.filter(status=ActionStatus.DONE).exists()
    assert in_force.filter(status__in=ActionStatus.open_values(), ends_on__lt=today).exists()


def test_everything_went_through_the_audited_services():
    plans = Plan.objects.count()
    assert AuditEntry.objects.filter(object_type="plans.Plan", operation="create").count() == plans


def test_rerunning_adds_nothing():
    counts = (Plan.objects.count(), PlanRevision.objects.count(), PlanAction.objects.count())
    report = demo_plans_load(seed=1)
    assert report.plans == 0
    assert counts == (Plan.objects.count(), PlanRevision.objects.count(), PlanAction.objects.count())
