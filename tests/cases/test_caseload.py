"""Caseloads: a case manager's cases and their team's, a programme manager's view of all with assignment."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.accounts.models import Membership, User
from florwork.accounts.roles import Role
from florwork.audit.models import AuditEntry
from florwork.cases.models import Case, CaseEvent

pytestmark = pytest.mark.usefixtures("english")
URL = reverse("caseload")


@pytest.fixture
def colleague(organizations, personas):
    """A second case manager in the same hub team."""
    user = User.objects.create_user(username="colleague", password="x" * 20, first_name="Carla", last_name="Colleague",
                                    language="en")
    Membership.objects.create(user=user, organization=organizations["hub"], role=Role.CASE_MANAGER)
    return user


def _codes(response):
    return [item["case"].code for item in response.context["rows"]]


def test_a_case_manager_sees_their_cases_by_default_and_their_team_on_request(client, login, make_case, colleague):
    mine = make_case(owner="case_manager")
    theirs = make_case(owner=None)
    Case.objects.filter(pk=theirs.pk).update(owner=colleague)
    login(client, "case_manager")
    assert _codes(client.get(URL)) == [mine.code]
    assert sorted(_codes(client.get(URL, {"scope": "team"}))) == sorted([mine.code, theirs.code])


def test_a_case_manager_never_sees_another_team(client, login, make_case):
    make_case()
    login(client, "other_case_manager")
    assert _codes(client.get(URL, {"scope": "team"})) == []


def test_rows_show_state_last_contact_due_date_sla_and_risk_flags(client, login, make_case):
    case = make_case(state="intake")
    three_days_ago = timezone.now() - dt.timedelta(days=3)
    Case.objects.filter(pk=case.pk).update(last_contact_at=three_days_ago, first_contact_at=three_days_ago,
                                           referred_at=three_days_ago - dt.timedelta(days=30),
                                           next_due_date=dt.date(2031, 5, 4), risk_flags=["no_show_twice"])
    login(client, "case_manager")
    response = client.get(URL)
    html = response.content.decode()
    row = html.split('id="caseload"')[1]
    assert case.person.full_name in row and "intake" in row
    assert "3 days ago" in row and "05/04/2031" in row and "no_show_twice" in row
    assert "2 met late" in row  # first contact and intake came more than 10 working days after the referral


def test_a_running_clock_past_its_due_date_is_overdue(client, login, make_case):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(referred_at=timezone.now() - dt.timedelta(days=30))
    login(client, "case_manager")
    assert "2 clocks overdue" in client.get(URL).content.decode()


def test_the_next_due_date_falls_back_to_the_nearest_running_clock(client, login, make_case):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(referred_at=dt.datetime(2026, 2, 2, 10, tzinfo=dt.UTC))
    login(client, "case_manager")
    [item] = client.get(URL).context["rows"]
    assert item["next_due"] == dt.date(2026, 2, 9)  # first contact due 5 working days after the referral


def test_the_caseload_read_is_audited(client, login, make_case):
    case = make_case()
    login(client, "case_manager")
    client.get(URL)
    entry = AuditEntry.objects.filter(object_type="cases.Case", operation="read").last()
    assert entry.detail["ids"] == [case.pk] and entry.purpose == "case_management"


def test_a_social_worker_sees_the_cases_of_their_referrals_only(client, login, make_case, make_person, actors):
    from florwork.cases.services import referral_create

    mine = make_case()
    theirs = referral_create(by=actors["other_social_worker"], urgency="normal", needs=[], reason="r",
                             person=make_person(by=actors["other_social_worker"], first_name="Pia"))
    login(client, "social_worker")
    assert _codes(client.get(URL)) == [mine.code]
    login(client, "other_social_worker")
    assert _codes(client.get(URL)) == [theirs.code]


def test_a_programme_manager_sees_all_open_cases_with_filters(client, login, make_case, colleague):
    assigned = make_case(state="intake", first_name="Anna", last_name="Verdi")
    unassigned = make_case(owner=None, first_name="Bruno", last_name="Neri")
    make_case(state="closed", first_name="Carlo", last_name="Gialli")
    login(client, "programme_manager")
    assert sorted(_codes(client.get(URL))) == sorted([assigned.code, unassigned.code])
    assert _codes(client.get(URL, {"owner": "none"})) == [unassigned.code]
    assert _codes(client.get(URL, {"owner": str(assigned.owner_id)})) == [assigned.code]
    assert _codes(client.get(URL, {"state": "intake"})) == [assigned.code]
    assert _codes(client.get(URL, {"q": "neri"})) == [unassigned.code]


def test_the_filters_answer_htmx_with_the_rows_only(client, login, make_case):
    make_case(first_name="Anna", last_name="Verdi")
    login(client, "programme_manager")
    response = client.get(URL, {"q": "verdi"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    html = response.content.decode()
    assert "<html" not in html and "Anna Verdi" in html


def test_a_programme_manager_sees_the_load_per_case_manager(client, login, make_case, colleague):
    make_case()
    make_case()
    make_case(owner=None)
    login(client, "programme_manager")
    loads = {load.label: load.open_cases for load in client.get(URL).context["loads"]}
    assert loads[""] == 1 and loads["Case Manager Test"] == 2 and loads["Carla Colleague"] == 0


def test_sla_breaches_are_counted_per_team(client, login, make_case, organizations):
    late = make_case()
    make_case()
    long_ago = timezone.now() - dt.timedelta(days=60)
    Case.objects.filter(pk=late.pk).update(referred_at=long_ago)
    login(client, "programme_manager")
    response = client.get(URL)
    counts = response.context["breaches"][organizations["hub"].name]
    assert counts["breached"] == 2  # first contact and intake both overdue for the late case
    assert 'id="breaches"' in response.content.decode()


def test_a_programme_manager_assigns_and_reassigns_with_history(client, login, make_case, colleague, personas):
    case = make_case(owner=None)
    login(client, "programme_manager")
    response = client.post(reverse("case_assign", args=[case.pk]),
                           {"case_manager": personas["case_manager"].pk, "version": case.version, "next": URL})
    assert response.status_code == 302 and response.url == URL
    case.refresh_from_db()
    assert case.owner == personas["case_manager"]
    client.post(reverse("case_assign", args=[case.pk]), {"case_manager": colleague.pk, "version": case.version})
    case.refresh_from_db()
    assert case.owner == colleague
    history = list(CaseEvent.objects.filter(case=case, kind="assignment").order_by("pk").values_list("detail",
                                                                                                     flat=True))
    assert history == [{"from": None, "to": personas["case_manager"].pk},
                       {"from": personas["case_manager"].pk, "to": colleague.pk}]


def test_an_assignment_on_a_stale_page_is_refused(client, login, make_case, colleague, personas):
    case = make_case(owner=None)
    stale = case.version
    login(client, "programme_manager")
    client.post(reverse("case_assign", args=[case.pk]), {"case_manager": colleague.pk, "version": stale})
    response = client.post(reverse("case_assign", args=[case.pk]),
                           {"case_manager": personas["case_manager"].pk, "version": stale}, follow=True)
    assert "nothing was overwritten" in response.content.decode()
    case.refresh_from_db()
    assert case.owner == colleague


def test_a_case_manager_of_another_team_cannot_be_chosen(client, login, make_case, personas):
    case = make_case(owner=None)
    login(client, "programme_manager")
    client.post(reverse("case_assign", args=[case.pk]),
                {"case_manager": personas["other_case_manager"].pk, "version": case.version})
    case.refresh_from_db()
    assert case.owner is None


def test_a_case_manager_cannot_assign(client, login, make_case, colleague):
    case = make_case()
    login(client, "case_manager")
    response = client.post(reverse("case_assign", args=[case.pk]), {"case_manager": colleague.pk,
                                                                    "version": case.version})
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["evaluator", "funder", "company_officer", "partner_operator"])
def test_roles_without_cases_get_403(client, login, persona):
    login(client, persona)
    assert client.get(URL).status_code == 403


def _cases(make_case, n, **kwargs):
    return [make_case(first_name=f"Nome{i:02d}", **kwargs) for i in range(n)]


@pytest.mark.parametrize("persona, params", [
    ("case_manager", {}), ("case_manager", {"scope": "team"}), ("programme_manager", {}),
    ("social_worker", {}),
])
def test_the_caseload_runs_a_constant_number_of_queries(client, login, make_case, persona, params,
                                                        django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _cases(make_case, 5)
    login(client, persona)
    client.get(URL, params)  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        response = client.get(URL, params)
    assert len(response.context["rows"]) == 5
    _cases(make_case, 45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, params)
    assert len(response.context["rows"]) == 50


def test_a_referral_waiting_for_its_first_contact_is_flagged(client, login, make_case):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(referred_at=timezone.now() - dt.timedelta(days=12))
    login(client, "case_manager")
    row = client.get(URL).content.decode().split('id="caseload"')[1]
    assert "waiting for a first contact" in row
