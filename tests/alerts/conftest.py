"""Helpers for the alert tests: run the scan on a day, tune a rule, backdate a case, add assessments,
benefits, plan actions and partner referrals by the shortest honest route."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from florwork.alerts.models import AlertRule, Task

try:  # the network's fixtures (a partner's service, a referable case), wherever the network tests keep them
    from tests.network.fixtures import comuni, consent, make_service, referable, send  # noqa: F401
except ImportError:
    from tests.network.conftest import comuni, consent, make_service, referable, send  # noqa: F401

TODAY = timezone.localdate()  # the services stamp real times; the scan is asked about this day


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def scan(db):
    from florwork.alerts.services import alerts_scan

    def run(today=TODAY, **kwargs):
        return alerts_scan(today=today, **kwargs)

    return run


@pytest.fixture
def only(db):
    """only("no_contact") disables every other rule, so a test sees one rule's tasks."""

    def keep(*codes):
        AlertRule.objects.exclude(code__in=codes).update(enabled=False)
        AlertRule.objects.filter(code__in=codes).update(enabled=True)

    return keep


def tasks_of(code, **filters):
    return Task.objects.filter(rule__code=code, **filters)


def set_rule(code, **fields):
    AlertRule.objects.filter(code=code).update(**fields)


def backdate(case, **fields):
    from florwork.cases.models import Case

    Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


@pytest.fixture
def finalized(db):
    """finalized(case, overall=55.0, on=date) -> a finalized assessment with that overall score."""
    from florwork.assessment.models import Assessment, Instrument

    def make(case, *, overall=50.0, on=TODAY):
        instrument = Instrument.objects.filter(status="published").first()
        return Assessment.objects.create(case=case, person_id=case.person_id, instrument=instrument,
                                         started_at=at(on, 9), status="finalized", finalized_at=at(on),
                                         scores={"overall": overall, "dimensions": {}})

    return make


@pytest.fixture
def benefit(db):
    from florwork.people.models import Benefit

    def make(case, *, ends, kind="adi", starts=dt.date(2025, 6, 1)):
        return Benefit.objects.create(person_id=case.person_id, kind=kind, monthly_amount=Decimal("500.00"),
                                      start=starts, end=ends)

    return make


@pytest.fixture
def plan_action(organizations, personas):
    """plan_action(case, ends=date, status="planned", signed=True) -> an action of the case's plan."""
    from florwork.plans.models import Plan, PlanAction, PlanRevision

    def make(case, *, ends, status="planned", signed=True):
        plan, _ = Plan.objects.get_or_create(case=case, defaults={"person_id": case.person_id, "created_at": at(TODAY)})
        revision = plan.revisions.first() or PlanRevision.objects.create(
            plan=plan, number=1, status="signed" if signed else "draft", starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2027, 12, 31), created_at=at(TODAY), signed_at=at(TODAY) if signed else None,
            signed_document="plans/patto.pdf" if signed else "")
        return PlanAction.objects.create(revision=revision, title="Laboratorio",
                                         owner_organization=organizations["hub"], starts_on=dt.date(2026, 1, 10),
                                         ends_on=ends, status=status)

    return make
