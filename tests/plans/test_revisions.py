"""Versioned plans: a new revision copies the signed one, which stays unchanged and readable; a signed revision
is frozen; an action or goal outside the plan's dates is refused naming the field; stale versions conflict;
every write is audited and publishes plan.changed."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from florwork.audit.models import AuditEntry
from florwork.conflicts import Conflict
from florwork.plans.lifecycle import revision_start
from florwork.plans.models import Goal, Plan, PlanAction, PlanRevision, ReviewDate
from florwork.plans.services import (
    action_add,
    action_set_status,
    action_update,
    goal_add,
    plan_create,
    plan_update,
)

from .conftest import END, START

pytestmark = pytest.mark.usefixtures("english")


def _snapshot(revision):
    revision.refresh_from_db()
    return (revision.status, revision.starts_on, revision.ends_on, revision.responsibilities,
            list(revision.goals.values_list("title", "target_on", "indicator")),
            list(revision.actions.values_list("title", "starts_on", "ends_on", "cost", "owner_name")),
            list(revision.reviews.values_list("due_on", flat=True)))


def test_a_new_revision_copies_the_signed_one_and_keeps_it_unchanged(decided, filled, sign, actors):
    first = filled(decided())
    sign(first)
    before = _snapshot(first)
    second = revision_start(by=actors["case_manager"], plan=first.plan, version=first.version, note="March review")
    assert second.number == 2 and second.is_draft and second.note == "March review"
    assert _snapshot(second)[1:] == before[1:]  # a copy…
    action = second.actions.get()
    assert action.goal.revision == second  # …with its goals re-linked
    action_update(by=actors["case_manager"], action=action, version=second.version,
                  data={"title": "Corso di italiano intensivo", "starts_on": START, "ends_on": dt.date(2027, 4, 30),
                        "cost": "300"})
    goal_add(by=actors["case_manager"], revision=second, version=second.version,
             data={"title": "Patente B", "indicator": "Esame superato", "target_on": END})
    assert _snapshot(first) == before  # the signed revision did not move
    assert first.status == "signed"


def test_a_signed_revision_is_frozen(decided, filled, sign, actors):
    revision = filled(decided())
    sign(revision)
    with pytest.raises(ValidationError, match="signed and can no longer change"):
        goal_add(by=actors["case_manager"], revision=revision, version=revision.version,
                 data={"title": "x", "indicator": "y", "target_on": END})
    with pytest.raises(ValidationError, match="signed"):
        plan_update(by=actors["case_manager"], revision=revision, version=revision.version,
                    data={"starts_on": START, "ends_on": END})
    assert revision.goals.count() == 1


def test_progress_is_recorded_on_the_signed_revision(decided, filled, sign, actors):
    revision = filled(decided())
    sign(revision)
    action = revision.actions.get()
    action_set_status(by=actors["case_manager"], action=action, status="in_progress", version=revision.version)
    assert PlanAction.objects.get(pk=action.pk).status == "in_progress"
    with pytest.raises(ValidationError):
        action_set_status(by=actors["case_manager"], action=action, status="lost", version=revision.version)


def test_a_draft_is_not_revised_again(decided, filled, actors):
    revision = filled(decided())
    with pytest.raises(ValidationError, match="still a draft"):
        revision_start(by=actors["case_manager"], plan=revision.plan, version=revision.version)
    assert PlanRevision.objects.count() == 1


def test_an_action_outside_the_plans_dates_is_refused_naming_the_field(decided, draft, actors):
    revision = draft(decided())
    with pytest.raises(ValidationError) as refused:
        action_add(by=actors["case_manager"], revision=revision, version=revision.version, data={
            "title": "Tirocinio", "starts_on": START - dt.timedelta(days=1), "ends_on": END + dt.timedelta(days=1)})
    errors = refused.value.message_dict
    assert set(errors) == {"starts_on", "ends_on"}
    assert "Outside the plan's dates (12/01/2026 – 05/31/2027)" in errors["ends_on"][0]
    assert not PlanAction.objects.exists()
    revision.refresh_from_db()
    assert revision.version == 1  # a refused write changes nothing


def test_a_goal_outside_the_dates_and_bad_input_are_refused(decided, draft, actors):
    revision = draft(decided())
    with pytest.raises(ValidationError) as refused:
        goal_add(by=actors["case_manager"], revision=revision, version=revision.version,
                 data={"title": " ", "indicator": "", "target_on": END + dt.timedelta(days=1)})
    assert set(refused.value.message_dict) == {"title", "indicator", "target_on"}
    with pytest.raises(ValidationError) as refused:
        action_add(by=actors["case_manager"], revision=revision, version=revision.version,
                   data={"title": "x", "starts_on": START, "ends_on": START, "cost": "-3", "status": "lost"})
    assert set(refused.value.message_dict) == {"cost", "status"}
    assert not Goal.objects.exists() and not PlanAction.objects.exists()


def test_moving_the_plans_dates_over_its_actions_is_refused(decided, filled, actors):
    revision = filled(decided())
    with pytest.raises(ValidationError, match="1 actions and 0 goals would fall outside"):
        plan_update(by=actors["case_manager"], revision=revision, version=revision.version,
                    data={"starts_on": dt.date(2027, 1, 1), "ends_on": END})
    with pytest.raises(ValidationError) as refused:
        plan_update(by=actors["case_manager"], revision=revision, version=revision.version,
                    data={"starts_on": END, "ends_on": START, "review_dates": [{"due_on": "not a date"}]})
    assert set(refused.value.message_dict) == {"ends_on", "review_dates"}


def test_plan_dates_reviews_and_responsibilities_are_saved(decided, draft, actors):
    revision = draft(decided())
    plan_update(by=actors["case_manager"], revision=revision, version=revision.version, data={
        "starts_on": START, "ends_on": END, "responsibilities": ["Frequentare il corso", " "],
        "review_dates": [{"due_on": "2027-04-01", "note": "tirocinio"}, {"due_on": "2027-02-01"}]})
    assert list(ReviewDate.objects.values_list("due_on", "note")) == [
        (dt.date(2027, 2, 1), ""), (dt.date(2027, 4, 1), "tirocinio")]
    assert PlanRevision.objects.get().responsibilities == ["Frequentare il corso"]


def test_a_stale_version_is_a_conflict_and_changes_nothing(decided, draft, actors):
    revision = draft(decided())
    stale = revision.version
    goal_add(by=actors["case_manager"], revision=revision, version=stale,
             data={"title": "Lavoro", "indicator": "Contratto", "target_on": END})
    with pytest.raises(Conflict):
        goal_add(by=actors["case_manager"], revision=revision, version=stale,
                 data={"title": "Altro", "indicator": "x", "target_on": END})
    assert Goal.objects.count() == 1


def test_a_plan_needs_an_assessed_case_and_only_one_per_case(make_case, decided, draft, actors):
    with pytest.raises(ValidationError, match="once the person is assessed"):
        draft(make_case(state="intake"))
    case = decided()
    draft(case)
    with pytest.raises(ValidationError, match="already has a plan"):
        draft(case)
    assert Plan.objects.count() == 1


def test_only_the_case_managers_of_the_team_build_the_plan(decided, draft, actors):
    case = decided()
    with pytest.raises(PermissionDenied):
        draft(case, by="other_case_manager")
    with pytest.raises(PermissionDenied):
        draft(case, by="programme_manager")
    revision = draft(case)
    with pytest.raises(PermissionDenied):
        goal_add(by=actors["other_case_manager"], revision=revision, version=revision.version,
                 data={"title": "x", "indicator": "y", "target_on": END})


def test_every_write_is_audited_and_publishes_plan_changed(decided, actors, django_capture_on_commit_callbacks):
    from florwork import events

    case = decided()
    handler = mock.Mock()
    events.subscribe("plan.changed", handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            revision = plan_create(by=actors["case_manager"], case=case, data={"starts_on": START, "ends_on": END})
            goal_add(by=actors["case_manager"], revision=revision, version=revision.version,
                     data={"title": "Lavoro", "indicator": "Contratto", "target_on": END})
    finally:
        events._subscribers["plan.changed"].remove(handler)
    handler.assert_called_with(case_id=case.pk, plan_id=revision.plan_id)
    assert handler.call_count == 2
    entries = AuditEntry.objects.filter(object_type="plans.Plan", object_id=str(revision.plan_id))
    assert [e.operation for e in entries.order_by("pk")] == ["create", "update"]
    assert all(e.detail["case"] == case.pk and "Mario" not in str(e.detail) for e in entries)
