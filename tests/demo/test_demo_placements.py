"""Demo placements: tirocini and contracts at every point of their life (running, ending soon so the alert
fires, ended and followed by a contract, cut short), recorded on placed cases and on interview-stage shortlist
entries; consistent with the cases' lifecycle; deterministic and safe to re-run.

The partnership, demo people, companies, vacancies and shortlists are loaded once for the module, inside a
transaction rolled back at the end.
"""

import pytest
from django.db import transaction
from django.utils import timezone

from florwork.accounts.policy import SYSTEM
from florwork.alerts.services import alerts_scan
from florwork.audit.selectors import audit_verify
from florwork.demo.companies import demo_companies_load
from florwork.demo.people import demo_people_load
from florwork.demo.placements import demo_placements_load
from florwork.demo.services import demo_load
from florwork.demo.shortlists import demo_shortlists_load
from florwork.demo.vacancies import demo_matching_load
from florwork.placements.models import FollowUp, Placement

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(by=SYSTEM, seed=1)  # the partnership only
        demo_people_load(seed=1, count=80)
        demo_companies_load(seed=1, count=40)
        demo_matching_load(seed=1)
        demo_shortlists_load(seed=1)
        report = demo_placements_load(seed=1)
        yield report, list(Placement.objects.order_by("pk").values_list("case_id", "kind", "start_on", "end_on"))
        transaction.set_rollback(True)


def test_placements_at_every_point_of_their_life(loaded):
    report, _ = loaded
    statuses = {p.status for p in Placement.objects.all()}
    assert report.tirocini > 0 and report.contracts > 0 and report.terminated > 0
    assert {"ongoing", "ended", "terminated"} <= statuses
    assert Placement.objects.filter(kind="tirocinio").exists() and Placement.objects.filter(kind="contract").exists()
    assert FollowUp.objects.count() == 3 * Placement.objects.count()


def test_a_tirocinio_followed_by_a_contract_and_entries_moved_forward():
    from florwork.shortlists.models import ShortlistEntry

    ended = [p for p in Placement.objects.filter(kind="tirocinio") if p.status == "ended"]
    assert any(Placement.objects.filter(case_id=p.case_id, kind="contract", start_on__gt=p.start_on).exists()
               for p in ended)
    moved = ShortlistEntry.objects.filter(placements__isnull=False)
    assert moved.exists() and set(moved.values_list("stage", flat=True)) <= {"trial", "hired"}


def test_the_cases_follow_their_placements():
    for placement in Placement.objects.select_related("case"):
        if placement.is_live:
            assert placement.case.state == "placed"
    for placement in Placement.objects.filter(terminated_on__isnull=False).select_related("case"):
        if not Placement.objects.filter(case_id=placement.case_id, terminated_on__isnull=True).exists():
            assert placement.case.state == "active"


def test_the_ending_soon_alert_fires():
    summary = alerts_scan(today=timezone.localdate(), codes=["placement_ending"], by=SYSTEM)
    assert summary.rules[0].opened > 0


def test_a_second_run_adds_nothing_and_the_audit_chain_holds(loaded):
    _, before = loaded
    again = demo_placements_load(seed=1)
    assert (again.tirocini, again.contracts, again.terminated) == (0, 0, 0)
    assert list(Placement.objects.order_by("pk").values_list("case_id", "kind", "start_on", "end_on")) == before
    assert audit_verify()[1] == []
