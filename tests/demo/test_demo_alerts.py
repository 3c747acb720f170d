"""Demo tasks: the scan over the demo people opens tasks, some overdue and escalated, a few done or snoozed;
a second load changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from florwork.alerts.models import Task
from florwork.demo.alerts import demo_alerts_load

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_people(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--people", "40", "--json", stdout=StringIO())
        yield demo_alerts_load(seed=1)  # demo_load calls it too: loading it again must change nothing
        transaction.set_rollback(True)


def test_the_demo_has_open_overdue_and_escalated_tasks(demo_people):
    report = demo_people
    assert report.open > 0 and report.overdue > 0 and report.escalated > 0
    assert Task.objects.filter(status__in=["done", "snoozed"]).exists()
    rules = set(Task.objects.values_list("rule__code", flat=True))
    assert len(rules) >= 3


def test_tasks_belong_to_the_cases_managers(demo_people):
    owned = Task.objects.filter(owner__isnull=False).select_related("case")
    assert all(task.owner_id == task.case.owner_id for task in owned if task.is_live)


def test_loading_again_changes_nothing(demo_people):
    before = sorted(Task.objects.values_list("pk", "status", "escalated_at"))
    again = demo_alerts_load(seed=1)
    assert again.opened == 0 and again.done == again.snoozed == 0
    assert sorted(Task.objects.values_list("pk", "status", "escalated_at")) == before
