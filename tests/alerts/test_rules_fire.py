"""Each rule opens a task on the case where it holds and on no other; a threshold edit changes the result."""

import datetime as dt

import pytest

from florwork.alerts.models import AlertRule
from florwork.alerts.services import rule_update
from florwork.cases.models import CaseEvent

from .conftest import TODAY, at, backdate, set_rule, tasks_of

pytestmark = pytest.mark.django_db


def _cases(rule_code):
    return set(tasks_of(rule_code, status="open").values_list("case_id", flat=True))


def test_no_contact_fires_after_the_threshold_and_not_before(make_case, scan, only):
    only("no_contact")
    cold = backdate(make_case(state="intake"), last_contact_at=at(TODAY - dt.timedelta(days=40)))
    warm = backdate(make_case(state="intake"), last_contact_at=at(TODAY - dt.timedelta(days=5)))
    referred = backdate(make_case(state="referred"), referred_at=at(TODAY - dt.timedelta(days=60)))
    scan()
    assert _cases("no_contact") == {cold.pk}
    task = tasks_of("no_contact").get()
    assert task.detail["days"] == 40 and task.owner_id == cold.owner_id
    assert {warm.pk, referred.pk}.isdisjoint(_cases("no_contact"))


def test_a_lower_threshold_catches_more_cases_and_a_higher_one_resolves_the_task(make_case, scan, only, actors):
    only("no_contact")
    cold = backdate(make_case(state="intake"), last_contact_at=at(TODAY - dt.timedelta(days=40)))
    warm = backdate(make_case(state="intake"), last_contact_at=at(TODAY - dt.timedelta(days=5)))
    scan()
    rule = AlertRule.objects.get(code="no_contact")
    rule_update(by=actors["programme_manager"], rule=rule, version=rule.version, threshold=3, severity="high",
                enabled=True, due_in_days=3)
    scan()
    assert _cases("no_contact") == {cold.pk, warm.pk}
    assert tasks_of("no_contact", case=warm).get().severity == "high"
    rule.refresh_from_db()
    rule_update(by=actors["programme_manager"], rule=rule, version=rule.version, threshold=50, severity="high",
                enabled=True, due_in_days=3)
    summary = scan()
    assert _cases("no_contact") == set()
    assert tasks_of("no_contact", status="resolved").count() == 2
    assert summary.rules[0].resolved == 2


def test_a_disabled_rule_opens_nothing(make_case, scan, only):
    only("no_contact")
    set_rule("no_contact", enabled=False)
    backdate(make_case(state="intake"), last_contact_at=at(TODAY - dt.timedelta(days=40)))
    scan()
    assert not tasks_of("no_contact").exists()


def test_sla_about_to_breach_fires_on_the_running_clock_only(make_case, scan, only):
    only("sla_breach")
    late = backdate(make_case(state="referred"), referred_at=at(TODAY - dt.timedelta(days=14)))
    fresh = make_case(state="referred")
    scan()
    assert _cases("sla_breach") == {late.pk}
    assert tasks_of("sla_breach").get().detail["clock"] == "referral_to_first_contact"
    assert fresh.pk not in _cases("sla_breach")


def test_follow_up_fires_at_three_months_after_placement_then_six(make_case, scan, only, actors):
    from florwork.alerts.services import task_done

    only("follow_up_due")
    placed = make_case(state="placed")
    just_placed = make_case(state="placed")
    CaseEvent.objects.filter(case=placed, to_state="placed").update(occurred_at=at(TODAY - dt.timedelta(days=88)))
    scan()
    assert _cases("follow_up_due") == {placed.pk}
    task = tasks_of("follow_up_due").get()
    assert task.key == "m3" and just_placed.pk not in _cases("follow_up_due")
    task_done(by=actors["case_manager"], task=task, version=task.version, note="Called the employer")
    scan()
    assert not tasks_of("follow_up_due", status="open").exists()  # done for the 3-month one: not reopened
    scan(today=TODAY + dt.timedelta(days=95))
    assert tasks_of("follow_up_due", status="open", case=placed).get().key == "m6"


def test_benefit_ending_within_the_threshold(make_case, scan, only, benefit):
    only("benefit_ending")
    ending = make_case(state="active")
    later = make_case(state="active")
    ended = make_case(state="active")
    benefit(ending, ends=TODAY + dt.timedelta(days=20))
    benefit(later, ends=TODAY + dt.timedelta(days=60))
    benefit(ended, ends=TODAY - dt.timedelta(days=1))
    scan()
    assert _cases("benefit_ending") == {ending.pk}
    set_rule("benefit_ending", threshold=90)
    scan()
    assert _cases("benefit_ending") == {ending.pk, later.pk}


def test_reassessment_due_six_months_after_the_last(make_case, scan, only, finalized):
    only("assessment_due")
    due = make_case(state="active")
    recent = make_case(state="active")
    finalized(due, on=TODAY - dt.timedelta(days=178))
    finalized(recent, on=TODAY - dt.timedelta(days=30))
    scan()
    assert _cases("assessment_due") == {due.pk}


def test_risk_worsened_compares_the_last_two_assessments(make_case, scan, only, finalized):
    only("risk_worsened")
    worse, better, single = make_case(state="active"), make_case(state="active"), make_case(state="active")
    finalized(worse, overall=60.0, on=TODAY - dt.timedelta(days=200))
    finalized(worse, overall=45.0, on=TODAY - dt.timedelta(days=2))
    finalized(better, overall=50.0, on=TODAY - dt.timedelta(days=200))
    finalized(better, overall=55.0, on=TODAY - dt.timedelta(days=2))
    finalized(single, overall=20.0, on=TODAY - dt.timedelta(days=2))
    scan()
    assert _cases("risk_worsened") == {worse.pk}
    assert tasks_of("risk_worsened").get().detail == {"assessment": tasks_of("risk_worsened").get().detail[
        "assessment"], "from": 60.0, "to": 45.0}
    set_rule("risk_worsened", threshold=20)
    scan()
    assert _cases("risk_worsened") == set()


def test_action_overdue_on_the_signed_plan_only(make_case, scan, only, plan_action):
    only("action_overdue")
    late, finished, draft = make_case(state="active"), make_case(state="active"), make_case(state="active")
    plan_action(late, ends=TODAY - dt.timedelta(days=3))
    plan_action(finished, ends=TODAY - dt.timedelta(days=3), status="done")
    plan_action(draft, ends=TODAY - dt.timedelta(days=3), signed=False)
    scan()
    assert _cases("action_overdue") == {late.pk}
    set_rule("action_overdue", threshold=5)  # five days of grace
    scan()
    assert _cases("action_overdue") == set()


def test_referral_unanswered_near_its_answer_date(referable, make_service, send, scan, only):
    from florwork.network.models import PartnerReferral

    only("referral_unanswered")
    waiting = referable()
    referral = send(waiting, make_service())
    quiet = referable()
    scan()
    assert _cases("referral_unanswered") == set()
    PartnerReferral.objects.filter(pk=referral.pk).update(answer_due=TODAY + dt.timedelta(days=1))
    scan()
    assert _cases("referral_unanswered") == {waiting.pk}
    assert tasks_of("referral_unanswered").get().detail["referral"] == referral.pk
    assert quiet.pk not in _cases("referral_unanswered")


def test_an_expired_referral_keeps_its_task_so_the_case_manager_finds_another_way(referable, make_service, send,
                                                                                scan, only):
    from florwork.network.models import PartnerReferral

    only("referral_unanswered")
    case = referable()
    referral = send(case, make_service())
    PartnerReferral.objects.filter(pk=referral.pk).update(answer_due=TODAY - dt.timedelta(days=1))
    summary = scan()
    referral.refresh_from_db()
    assert referral.state == "expired" and summary.expired_referrals == 1  # network's expiry ran first
    assert tasks_of("referral_unanswered", status="open").get().detail["expired"] is True


def test_placement_ending_is_evaluated_by_the_evaluator_placements_registers(scan, only):
    only("placement_ending")
    summary = scan()
    assert summary.rules[0].rule == "placement_ending" and not summary.rules[0].skipped


def test_a_closed_case_opens_nothing_and_its_tasks_resolve(make_case, scan, only, actors):
    from florwork.cases.services import case_transition

    only("no_contact")
    case = backdate(make_case(state="intake"), last_contact_at=at(TODAY - dt.timedelta(days=40)))
    scan()
    case_transition(by=actors["case_manager"], case=case, to_state="dropped", reason="moved away",
                    version=case.version)
    scan()
    assert tasks_of("no_contact").get().status == "resolved"


def test_a_benefit_ending_task_names_the_benefit_in_words(make_case, scan, only, benefit):
    from django.utils import translation

    from florwork.alerts.describe import describe

    only("benefit_ending")
    case = make_case(state="active")
    benefit(case, kind="housing", ends=TODAY + dt.timedelta(days=20))
    scan()

    with translation.override("en"):
        text = describe(tasks_of("benefit_ending", case=case).get())

    assert "housing support" in text and "HOUSING" not in text
