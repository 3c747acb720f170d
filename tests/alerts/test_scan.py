"""The scan: idempotent, set-based, survives a crash halfway, settles a race; the command's contract."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from florwork.alerts import engine
from florwork.alerts.models import AlertRule, Task
from florwork.cases.services import case_log_contact

from .conftest import TODAY, at, backdate, tasks_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cold_cases(make_case, benefit):
    """Three cases no one has contacted for 40 days, each with a benefit ending in 10 days."""
    cases = [backdate(make_case(state="intake"), last_contact_at=at(TODAY - dt.timedelta(days=40))) for _ in range(3)]
    for case in cases:
        benefit(case, ends=TODAY + dt.timedelta(days=10))
    return cases


def _live():
    return sorted(Task.objects.filter(status__in=["open", "snoozed"]).values_list("case_id", "rule__code"))


def test_scanning_twice_opens_nothing_more(cold_cases, scan):
    first = scan()
    live = _live()
    second = scan()
    assert len(live) == 6 and _live() == live
    assert first.as_dict()["opened"] == 6 and second.as_dict()["opened"] == 0
    assert Task.objects.count() == 6


def test_a_rule_that_crashes_leaves_the_others_done_and_a_rerun_completes(cold_cases, scan, monkeypatch):
    original = engine.REGISTRY["benefit_ending"]

    def broken(ctx):
        yield from list(original(ctx))[:1]
        raise RuntimeError("database went away")

    monkeypatch.setitem(engine.REGISTRY, "benefit_ending", broken)
    first = scan()
    assert first.failed == ["benefit_ending"]
    assert tasks_of("no_contact").count() == 3
    assert not tasks_of("benefit_ending").exists()  # the half-done rule rolled back whole
    monkeypatch.setitem(engine.REGISTRY, "benefit_ending", original)
    second = scan()
    assert second.failed == [] and tasks_of("benefit_ending").count() == 3
    assert tasks_of("no_contact").count() == 3  # nothing duplicated


def test_a_crash_while_inserting_rolls_the_rule_back_and_a_rerun_completes(cold_cases, scan, monkeypatch):
    real = engine.insert_tasks
    calls = {"n": 0}

    def failing(rule, hits, **kwargs):
        calls["n"] += bool(hits)
        opened = real(rule, hits[:1], **kwargs)
        if hits and calls["n"] == 2:  # the second rule with hits dies after writing its first task
            raise IntegrityError("server closed the connection")
        return opened + real(rule, hits[1:], **kwargs)

    monkeypatch.setattr(engine, "insert_tasks", failing)
    assert scan().failed == ["benefit_ending"]
    assert tasks_of("no_contact").count() == 3 and not tasks_of("benefit_ending").exists()
    monkeypatch.setattr(engine, "insert_tasks", real)
    scan()
    assert len(_live()) == 6 and Task.objects.count() == 6


def test_a_concurrent_evaluation_that_opened_the_task_first_is_not_duplicated(cold_cases, scan, monkeypatch):
    real = engine.insert_tasks
    rule = AlertRule.objects.get(code="no_contact")

    def racing(task_rule, hits, **kwargs):
        if hits and task_rule.pk == rule.pk:  # another worker opens the same task meanwhile
            Task.objects.create(case_id=hits[0].case_id, rule=rule, severity="medium", opened_at=at(TODAY),
                                opened_on=TODAY, due_on=TODAY)
        return real(task_rule, hits, **kwargs)

    monkeypatch.setattr(engine, "insert_tasks", racing)
    summary = scan()
    assert summary.failed == [] and summary.rules[0].opened == 2
    assert tasks_of("no_contact").count() == 3


def test_the_database_refuses_a_second_live_task_for_the_same_case_and_rule(make_case):
    case, rule = make_case(state="intake"), AlertRule.objects.get(code="no_contact")
    fields = {"case": case, "rule": rule, "severity": "low", "opened_at": at(TODAY), "opened_on": TODAY,
              "due_on": TODAY}
    Task.objects.create(status="done", closed_at=at(TODAY), **fields)
    Task.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(status="snoozed", snoozed_until=TODAY, snooze_reason="x", **fields)


def test_the_scan_is_set_based_a_handful_of_queries_whatever_the_cases(make_case, scan, benefit,
                                                                       django_assert_max_num_queries):
    for _ in range(12):
        case = backdate(make_case(state="intake"), last_contact_at=at(TODAY - dt.timedelta(days=40)))
        benefit(case, ends=TODAY + dt.timedelta(days=10))
    with django_assert_max_num_queries(70):  # 9 rules × (evaluate, live, done, insert, savepoints) + the rest
        scan()


def test_a_contact_logged_re_evaluates_the_case_and_resolves_its_task(make_case, scan, actors,
                                                                      django_capture_on_commit_callbacks):
    case = backdate(make_case(state="intake"), last_contact_at=at(TODAY - dt.timedelta(days=40)),
                    referred_at=at(TODAY - dt.timedelta(days=60)))
    scan()
    assert tasks_of("no_contact", case=case).get().status == "open"
    with django_capture_on_commit_callbacks(execute=True):
        case_log_contact(by=actors["case_manager"], case=case, channel="phone",
                         occurred_at=timezone.now() - dt.timedelta(minutes=1))
    assert tasks_of("no_contact", case=case).get().status == "resolved"


def test_a_reassigned_case_takes_its_tasks_to_the_new_case_manager(make_case, scan, actors, personas, organizations):
    from florwork.accounts.models import Membership, User
    from florwork.cases.services import case_assign

    case = backdate(make_case(state="intake"), last_contact_at=at(TODAY - dt.timedelta(days=40)))
    scan()
    colleague = User.objects.create_user(username="colleague", password="x", email="colleague@example.org")
    Membership.objects.create(user=colleague, organization=organizations["hub"], role="case_manager")
    case_assign(by=actors["programme_manager"], case=case, case_manager_id=colleague.pk, version=case.version)
    scan()
    assert set(Task.objects.filter(case=case).values_list("owner_id", flat=True)) == {colleague.pk}


# --- the command ---------------------------------------------------------------------------------------

def _command(*args):
    out = io.StringIO()
    call_command("alerts", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_a_json_summary(cold_cases):
    summary = json.loads(_command("scan", "--at", TODAY.isoformat(), "--json"))
    assert summary["today"] == TODAY.isoformat() and summary["opened"] == 6 and summary["failed"] == []
    skipped = {r["rule"]: r["skipped"] for r in summary["rules"]}
    assert skipped["placement_ending"] == ""  # evaluated: placements registers its evaluator
    assert "no_contact: 3 cases, 0 tasks opened, 0 resolved" in _command("scan", "--at", TODAY.isoformat())


@pytest.mark.parametrize("args", [("scan", "--at", "26/11/2026"), ("scan", "--rule", "no_such_rule"),
                                  ("digest", "--at", "tomorrow")])
def test_bad_input_exits_with_2_and_a_reason(args):
    with pytest.raises(CommandError) as refused:
        _command(*args)
    assert refused.value.returncode == 2
    assert "--at" in str(refused.value) or "no_such_rule" in str(refused.value)


def test_a_failed_rule_exits_with_1(cold_cases, monkeypatch):
    def broken(ctx):
        raise RuntimeError("boom")

    monkeypatch.setitem(engine.REGISTRY, "no_contact", broken)
    with pytest.raises(CommandError) as failed:
        _command("scan", "--at", TODAY.isoformat())
    assert failed.value.returncode == 1 and "no_contact" in str(failed.value)


def test_a_plan_event_evaluates_the_plan_rule_of_that_case_only(make_case, plan_action,
                                                                  django_capture_on_commit_callbacks):
    from florwork.events import publish

    late, other = make_case(state="active"), make_case(state="active")
    plan_action(late, ends=TODAY - dt.timedelta(days=3))
    plan_action(other, ends=TODAY - dt.timedelta(days=3))
    backdate(late, last_contact_at=at(TODAY - dt.timedelta(days=40)))
    with django_capture_on_commit_callbacks(execute=True):
        publish("plan.changed", case_id=late.pk, plan_id=0)
    assert list(Task.objects.values_list("case_id", "rule__code")) == [(late.pk, "action_overdue")]
