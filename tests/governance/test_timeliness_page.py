"""The programme manager's timeliness page: per team and per partner, from the real milestones."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.cases.models import Case
from florwork.network.models import PartnerReferral, Service
from florwork.plans.models import Plan, PlanRevision
from florwork.territory.models import Comune

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _monday_weeks_ago(weeks: int) -> dt.datetime:
    """A Monday in spring 2025 (no public holiday in the weeks after it); the pages are asked for all periods."""
    return dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC) + dt.timedelta(weeks=4 - weeks)


def _contact_after(case: Case, working_days_later_on_weekdays: int) -> None:
    referred = _monday_weeks_ago(4)
    Case.objects.filter(pk=case.pk).update(
        referred_at=referred, first_contact_at=referred + dt.timedelta(days=working_days_later_on_weekdays))


@pytest.fixture
def comune(db):
    return Comune.objects.get_or_create(istat_code="048017", defaults={
        "name": "Firenze", "province_code": "FI", "province_name": "Firenze", "cadastral_code": "D612",
        "region": "Toscana"})[0]


@pytest.fixture
def service(organizations, comune):
    return Service.objects.create(organization=organizations["coop_b"], kind="soft_skills_lab", title="Laboratorio",
                                  comune=comune, created_at=NOW, updated_at=NOW)


def _partner_referral(case, service, organizations, *, sent, answered=None, state="sent"):
    return PartnerReferral.objects.create(
        case=case, person=case.person, service=service, organization=service.organization,
        sending_organization=organizations["hub"], reason="lab", state=state, state_changed_at=answered or sent,
        sent_at=sent, answer_due=sent.date() + dt.timedelta(days=14), answered_at=answered,
        closed_at=answered if state in ("declined", "expired") else None,
        state_reason="full" if state == "declined" else "")


def test_the_programme_manager_sees_median_and_90th_percentile_per_team(client, login, make_case):
    for days in (1, 2, 3):  # Monday + 1, 2, 3 days: Tuesday, Wednesday, Thursday
        _contact_after(make_case(state="intake"), days)
    make_case(state="referred")  # still waiting for a first contact
    login(client, "programme_manager")

    response = client.get(reverse("timeliness"), {"period": "all"})

    assert response.status_code == 200
    team = next(m for m in response.context["measures"] if m.key == "referral_to_first_contact").rows[0]
    assert (team.group, team.completed, team.median, team.pending) == ("Consorzio Lavoro Firenze", 3, 2, 1)
    assert "Consorzio Lavoro Firenze" in response.content.decode()


def test_partner_answers_are_measured_per_partner_and_expired_ones_count_as_never_answered(
        client, login, make_case, service, organizations):
    sent = _monday_weeks_ago(3)
    _partner_referral(make_case(state="assessed"), service, organizations, sent=sent,
                      answered=sent + dt.timedelta(days=2), state="accepted")
    _partner_referral(make_case(state="assessed"), service, organizations, sent=sent,
                      answered=sent + dt.timedelta(days=14), state="expired")
    # an expired referral has no answer: state_changed_at is its end
    PartnerReferral.objects.filter(state="expired").update(answered_at=None)
    login(client, "programme_manager")

    response = client.get(reverse("timeliness"), {"period": "all"})

    partner = next(m for m in response.context["measures"] if m.key == "partner_referral_to_answer").rows[0]
    assert (partner.group, partner.completed, partner.median, partner.unanswered) == (
        "Cooperativa Sociale Il Ponte", 1, 2, 1)


def test_the_period_filter_leaves_out_older_referrals(client, login, make_case):
    old = make_case(state="intake")
    Case.objects.filter(pk=old.pk).update(referred_at=NOW - dt.timedelta(days=200),
                                          first_contact_at=NOW - dt.timedelta(days=199))
    login(client, "programme_manager")

    recent = client.get(reverse("timeliness"), {"period": "90"}).context["measures"][0].rows
    every = client.get(reverse("timeliness"), {"period": "all"}).context["measures"][0].rows

    assert recent[-1].completed == 0 and every[-1].completed == 1


def test_referral_to_signed_plan_reads_the_first_signed_revision(client, login, make_case):
    case = make_case(state="planned")
    referred = _monday_weeks_ago(4)
    Case.objects.filter(pk=case.pk).update(referred_at=referred)
    plan = Plan.objects.create(case=case, person=case.person, created_at=referred)
    for number, signed_days, status in ((1, 3, "superseded"), (2, 10, "signed")):  # Thursday, then a revision
        signed = referred + dt.timedelta(days=signed_days)
        PlanRevision.objects.create(plan=plan, number=number, status=status, starts_on=referred.date(),
                                    ends_on=referred.date() + dt.timedelta(days=180), created_at=referred,
                                    signed_at=signed, signed_document="x.pdf",
                                    superseded_at=signed + dt.timedelta(days=7) if status == "superseded" else None)
    make_case(state="assessed")  # no plan yet: still waiting
    login(client, "programme_manager")

    measures = client.get(reverse("timeliness"), {"period": "all"}).context["measures"]

    team = next(m for m in measures if m.key == "referral_to_plan_signed").rows[0]
    assert (team.completed, team.median, team.pending) == (1, 3, 1)


@pytest.mark.parametrize("role", ["case_manager", "social_worker", "partner_operator", "company_officer"])
def test_roles_without_aggregate_view_are_refused(client, login, role):
    login(client, role)

    assert client.get(reverse("timeliness")).status_code == 403


def test_the_page_names_no_person(client, login, make_case):
    case = make_case(state="intake", first_name="Gianfranco", last_name="Zappalorto")
    _contact_after(case, 1)
    login(client, "programme_manager")

    body = client.get(reverse("timeliness"), {"period": "all"}).content.decode()

    assert "Zappalorto" not in body and "Gianfranco" not in body
