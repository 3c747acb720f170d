"""Tasks: done, snoozed with a reason until a date, escalated when overdue; my tasks page (only mine), the
navigation count, the case page section, the rules page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from florwork.accounts.models import Membership, User
from florwork.alerts.models import AlertRule, AlertRuleChange, Task
from florwork.alerts.services import task_done, task_snooze
from florwork.audit.models import AuditEntry

from .conftest import TODAY, at, backdate, tasks_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(make_case, scan, only):
    """An open no-contact task of the case manager's case, due in three days."""
    only("no_contact")
    case = backdate(make_case(state="intake"), last_contact_at=at(TODAY - dt.timedelta(days=40)))
    scan()
    return tasks_of("no_contact", case=case).get()


@pytest.fixture
def colleague(organizations):
    """A second case manager of the same hub."""
    user = User.objects.create_user(username="colleague", password="x", email="colleague@example.org")
    Membership.objects.create(user=user, organization=organizations["hub"], role="case_manager")
    return user


def test_a_task_is_assigned_to_the_case_owner_with_a_due_date(task, personas):
    assert task.owner == personas["case_manager"] and task.due_on == TODAY + dt.timedelta(days=3)
    assert task.status == "open" and task.severity == "medium"


def test_done_closes_the_task_and_is_audited(task, actors):
    task_done(by=actors["case_manager"], task=task, version=task.version, note="Phoned her")
    task.refresh_from_db()
    assert task.status == "done" and task.note == "Phoned her" and task.closed_at
    assert AuditEntry.objects.filter(object_type="alerts.Task", object_id=str(task.pk)).exists()


def test_done_stays_done_while_the_same_occurrence_lasts(task, actors, scan):
    task_done(by=actors["case_manager"], task=task, version=task.version)
    scan()
    assert tasks_of("no_contact").count() == 1


def test_snooze_needs_a_reason_and_a_date_ahead_and_writes_nothing_otherwise(task, actors):
    with pytest.raises(ValidationError) as refused:
        task_snooze(by=actors["case_manager"], task=task, version=task.version, until=TODAY, reason=" ")
    assert set(refused.value.message_dict) == {"until", "reason"}
    task.refresh_from_db()
    assert task.status == "open" and task.version == 1


def test_a_snoozed_task_wakes_on_its_date(task, actors, scan):
    task_snooze(by=actors["case_manager"], task=task, version=task.version, until=TODAY + dt.timedelta(days=5),
                reason="On holiday until Monday", today=TODAY)
    scan(today=TODAY + dt.timedelta(days=2))
    task.refresh_from_db()
    assert task.status == "snoozed"
    scan(today=TODAY + dt.timedelta(days=5))
    task.refresh_from_db()
    assert task.status == "open" and task.due_on == TODAY + dt.timedelta(days=8)


def test_a_day_shifted_clock_escalates_the_overdue_task_to_the_programme_manager(task, scan, client, login):
    scan(today=TODAY + dt.timedelta(days=10))
    task.refresh_from_db()
    assert task.escalated_at is not None and task.status == "open"
    page = login(client, "programme_manager").get(reverse("task_list"))
    assert page.status_code == 200 and f'id="task-{task.pk}"' in page.content.decode()


def test_the_programme_manager_does_not_see_tasks_before_they_escalate(task, client, login):
    page = login(client, "programme_manager").get(reverse("task_list"))
    assert f'id="task-{task.pk}"' not in page.content.decode()


def test_my_tasks_shows_mine_and_not_a_colleagues(task, make_case, scan, colleague, client, login):
    theirs = backdate(make_case(state="intake"), owner=colleague, last_contact_at=at(TODAY - dt.timedelta(days=40)))
    scan()
    their_task = Task.objects.get(case=theirs)
    client.force_login(colleague)
    body = client.get(reverse("task_list")).content.decode()
    assert f'id="task-{their_task.pk}"' in body and f'id="task-{task.pk}"' not in body
    body = login(client, "case_manager").get(reverse("task_list")).content.decode()
    assert f'id="task-{task.pk}"' in body and f'id="task-{their_task.pk}"' not in body


def test_my_tasks_page_lists_the_task_with_its_case(task, client, login):
    page = login(client, "case_manager").get(reverse("task_list"))
    body = page.content.decode()
    assert page.status_code == 200 and f'id="task-{task.pk}"' in body and task.case.code in body


@pytest.mark.parametrize("persona, status", [("social_worker", 403), ("partner_operator", 403), ("funder", 403)])
def test_roles_without_tasks_are_refused(persona, status, client, login):
    assert login(client, persona).get(reverse("task_list")).status_code == status


def test_another_case_manager_cannot_close_my_task(task, client, login, colleague):
    assert login(client, "other_case_manager").post(reverse("task_done", args=[task.pk]),
                                                    {f"d{task.pk}-version": task.version}).status_code == 404
    client.force_login(colleague)
    assert client.post(reverse("task_done", args=[task.pk]), {f"d{task.pk}-version": task.version}).status_code == 404
    task.refresh_from_db()
    assert task.status == "open"


def test_done_from_the_page_with_htmx_returns_the_row(task, client, login):
    response = login(client, "case_manager").post(reverse("task_done", args=[task.pk]), {
        f"d{task.pk}-version": task.version, f"d{task.pk}-note": "Met at the hub"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and f'id="task-{task.pk}"' in response.content.decode()
    task.refresh_from_db()
    assert task.status == "done"


def test_snooze_from_the_page_names_the_missing_reason(task, client, login):
    response = login(client, "case_manager").post(reverse("task_snooze", args=[task.pk]), {
        f"s{task.pk}-version": task.version, f"s{task.pk}-until": (TODAY + dt.timedelta(days=3)).isoformat(),
        f"s{task.pk}-reason": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "open"


def test_a_stale_version_is_refused(task, client, login, personas):
    personas["case_manager"].language = "en"  # the message's English words below
    personas["case_manager"].save(update_fields=["language"])
    response = login(client, "case_manager").post(reverse("task_done", args=[task.pk]), {
        f"d{task.pk}-version": task.version + 5}, HTTP_HX_REQUEST="true")
    assert "Someone else changed this task" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "open"


def test_the_navigation_counts_my_open_tasks_in_one_query(task, client, login, django_assert_max_num_queries):
    login(client, "case_manager")
    body = client.get(reverse("home")).content.decode()
    assert 'id="nav-task-count"' in body and ">1<" in body.split('id="nav-task-count"')[1][:200]
    from florwork.alerts.context import task_badge

    class Request:
        actor = None
        user = None

    from florwork.accounts.selectors import actor_for_membership

    request = Request()
    request.user = task.owner
    request.actor = actor_for_membership(task.owner.memberships.select_related("organization", "user").get())
    with django_assert_max_num_queries(1):
        assert task_badge(request)["task_counts"]["open"] == 1


def test_no_badge_for_a_colleague_without_tasks(task, client, colleague):
    client.force_login(colleague)
    assert 'id="nav-task-count"' not in client.get(reverse("home")).content.decode()


def test_the_case_page_shows_the_case_managers_tasks(task, client, login):
    body = login(client, "case_manager").get(reverse("case_detail", args=[task.case_id])).content.decode()
    assert 'id="case-tasks"' in body


# --- the rules page -----------------------------------------------------------------------------------

def test_the_programme_manager_tunes_a_rule_and_the_history_keeps_it(client, login):
    rule = AlertRule.objects.get(code="no_contact")
    response = login(client, "programme_manager").post(reverse("alert_rule_edit", args=[rule.pk]), {
        f"r{rule.pk}-version": rule.version, f"r{rule.pk}-threshold": 21, f"r{rule.pk}-severity": "high",
        f"r{rule.pk}-due_in_days": 2, f"r{rule.pk}-enabled": "on", f"r{rule.pk}-note": "Winter: check sooner"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.threshold, rule.severity, rule.due_in_days) == (21, "high", 2)
    change = AlertRuleChange.objects.get(rule=rule)
    assert change.before["threshold"] == 30 and change.after["threshold"] == 21
    page = client.get(reverse("alert_rules")).content.decode()
    assert "Winter: check sooner" in page


def test_a_bad_threshold_is_refused_and_nothing_changes(client, login):
    rule = AlertRule.objects.get(code="no_contact")
    login(client, "programme_manager").post(reverse("alert_rule_edit", args=[rule.pk]), {
        f"r{rule.pk}-version": rule.version, f"r{rule.pk}-threshold": -4, f"r{rule.pk}-severity": "high",
        f"r{rule.pk}-due_in_days": 2})
    rule.refresh_from_db()
    assert rule.threshold == 30 and not AlertRuleChange.objects.exists()


@pytest.mark.parametrize("persona", ["case_manager", "social_worker", "administrator"])
def test_only_the_programme_manager_sees_the_rules(persona, client, login):
    assert login(client, persona).get(reverse("alert_rules")).status_code == 403


def test_the_case_is_due_when_its_earliest_open_task_is_due_and_no_longer_once_done(task, actors):
    case = task.case
    case.refresh_from_db()
    assert case.next_due_date == task.due_on
    version = case.version
    task_done(by=actors["case_manager"], task=task, version=task.version)
    case.refresh_from_db()
    assert case.next_due_date is None
    assert case.version == version  # derived: an open case form does not conflict


def test_a_snoozed_task_does_not_make_the_case_due(task, actors):
    task_snooze(by=actors["case_manager"], task=task, version=task.version, until=TODAY + dt.timedelta(days=5),
                reason="On leave this week")
    task.case.refresh_from_db()
    assert task.case.next_due_date is None


def test_the_caseload_lists_the_case_with_a_task_due_first(task, make_case, client, login):
    other = make_case(state="intake")
    type(other).objects.filter(pk=other.pk).update(referred_at=task.case.referred_at - dt.timedelta(days=30))
    login(client, "case_manager")
    page = client.get(reverse("caseload")).content.decode()
    assert page.index(task.case.code) < page.index(other.code)


def test_my_tasks_name_the_person_and_the_read_is_audited(task, client, login):
    person = task.case.person
    login(client, "case_manager")
    page = client.get(reverse("task_list")).content.decode()
    assert person.full_name in page and task.case.code in page
    assert AuditEntry.objects.filter(object_type="people.Person", operation="read",
                                     detail__ids=[person.pk]).exists()


def test_the_programme_manager_sees_an_escalated_task_with_the_persons_name(task, client, login):
    Task.objects.filter(pk=task.pk).update(escalated_at=at(TODAY))
    login(client, "programme_manager")
    page = client.get(reverse("task_list")).content.decode()
    assert task.case.code in page  # the programme manager sees people hub-wide (PERSON_VIEW), so the name too
    assert task.case.person.full_name in page
