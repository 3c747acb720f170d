"""Benefits, work history and health data added from the person page: checked on the field, nothing
half-saved, audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.audit.models import AuditEntry
from florwork.people.models import Benefit, PersonSensitive, WorkExperience

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, login, followed):
    login(client, "case_manager")
    return client


def _benefit(client, person, **data):
    payload = {"kind": "adi", "monthly_amount": "500,00", "start": "2025-01-01", "end": "2025-12-31", **data}
    return client.post(reverse("person_benefit_add", args=[person.pk]), payload)


def test_a_benefit_is_added_with_an_italian_amount(manager, followed):
    assert _benefit(manager, followed, monthly_amount="520,50").status_code == 302
    benefit = Benefit.objects.get(person=followed)
    assert benefit.monthly_amount == Decimal("520.50")
    assert AuditEntry.objects.filter(operation="create", object_id=str(followed.pk), fields=["benefits"]).exists()


def test_an_overlapping_period_of_the_same_benefit_is_refused_on_the_field(manager, followed):
    _benefit(manager, followed)
    response = _benefit(manager, followed, start="2025-06-01", end="")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "start" in errors and "31/12/2025" in errors["start"][0]
    assert Benefit.objects.filter(person=followed).count() == 1


def test_a_different_benefit_may_run_at_the_same_time(manager, followed):
    _benefit(manager, followed)
    assert _benefit(manager, followed, kind="housing", start="2025-06-01").status_code == 302
    assert Benefit.objects.filter(person=followed).count() == 2


def test_a_benefit_ending_before_it_starts_is_refused(manager, followed):
    response = _benefit(manager, followed, start="2025-06-01", end="2025-05-01")
    assert "end" in response.context["form"].errors
    assert not Benefit.objects.exists()


def test_a_negative_amount_is_refused(manager, followed):
    response = _benefit(manager, followed, monthly_amount="-5")
    assert "monthly_amount" in response.context["form"].errors


def test_a_job_is_added_to_the_work_history(manager, followed):
    response = manager.post(reverse("person_work_add", args=[followed.pk]), {
        "occupation": "Aiuto cuoco", "employer": "Trattoria da Mario", "contract_kind": "fixed_term",
        "start": "2022-04-01", "end": "2022-09-30"})
    assert response.status_code == 302
    assert WorkExperience.objects.get(person=followed).occupation == "Aiuto cuoco"


def test_a_job_starting_in_the_future_is_refused(manager, followed):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = manager.post(reverse("person_work_add", args=[followed.pk]), {
        "occupation": "Aiuto cuoco", "contract_kind": "fixed_term", "start": tomorrow})
    assert "start" in response.context["form"].errors
    assert not WorkExperience.objects.exists()


def test_the_social_worker_cannot_add_to_the_history(client, login, followed):
    login(client, "social_worker")
    assert _benefit(client, followed).status_code == 403
    assert not Benefit.objects.exists()


def test_the_case_manager_records_health_and_disability(manager, followed):
    response = manager.post(reverse("person_sensitive_edit", args=[followed.pk]), {
        "invalidity_percentage": "74", "law68_enrolled": "on", "law68_enrolled_on": "2024-03-01",
        "disability_detail": "Ipovisione", "health_notes": ""})
    assert response.status_code == 302
    record = PersonSensitive.objects.get(person=followed)
    assert record.invalidity_percentage == 74 and record.law68_enrolled_on == dt.date(2024, 3, 1)
    entry = AuditEntry.objects.filter(operation="update", object_id=str(followed.pk)).first()
    assert "sensitive.disability_detail" in entry.fields


def test_an_enrolment_date_without_the_enrolment_is_refused(manager, followed):
    response = manager.post(reverse("person_sensitive_edit", args=[followed.pk]), {
        "invalidity_percentage": "50", "law68_enrolled_on": "2024-03-01"})
    assert "law68_enrolled_on" in response.context["form"].errors
    assert not PersonSensitive.objects.exists()


def test_an_invalidity_above_100_is_refused(manager, followed):
    response = manager.post(reverse("person_sensitive_edit", args=[followed.pk]), {"invalidity_percentage": "140"})
    assert "invalidity_percentage" in response.context["form"].errors
