"""The placement rules of the alert scan: ending soon with no next step, ended with none; each raised and
cleared by what the case manager records (an extension, a contract after the tirocinio)."""

import datetime as dt

import pytest
from django.utils import timezone

from florwork.accounts.policy import SYSTEM
from florwork.alerts.models import Task
from florwork.alerts.services import alerts_scan
from florwork.placements.models import Placement
from florwork.placements.services import placement_extend, placements_close_ended

pytestmark = pytest.mark.usefixtures("in_english")


def _scan(code, today=None):
    return alerts_scan(today=today or timezone.localdate(), codes=[code], by=SYSTEM)


def _live(code):
    return Task.objects.filter(rule__code=code, status__in=["open", "snoozed"])


def _ending_in(placement, days):
    Placement.objects.filter(pk=placement.pk).update(end_on=timezone.localdate() + dt.timedelta(days=days))
    placement.refresh_from_db()
    return placement


def test_a_tirocinio_ending_within_the_threshold_opens_a_task_and_an_extension_clears_it(
        make_case, make_placement, actors):
    case = make_case(state="active")
    placement = _ending_in(make_placement(case, start=timezone.localdate() - dt.timedelta(days=150)), 10)
    summary = _scan("placement_ending")
    task = _live("placement_ending").get()
    assert summary.rules[0].opened == 1 and task.case_id == case.pk and task.owner_id == case.owner_id
    assert task.detail["placement"] == placement.pk and task.detail["days"] == 10
    placement_extend(by=actors["case_manager"], placement=placement,
                     new_end_on=placement.end_on + dt.timedelta(days=5), reason="Più tempo", version=placement.version)
    assert _scan("placement_ending").rules[0].resolved == 1
    assert not _live("placement_ending").exists()


def test_a_placement_ending_later_opens_nothing(make_case, make_placement):
    _ending_in(make_placement(make_case(state="active")), 40)
    assert _scan("placement_ending").rules[0].hits == 0


def test_a_contract_after_the_tirocinio_is_the_next_step(make_case, make_placement):
    case = make_case(state="active")
    _ending_in(make_placement(case, start=timezone.localdate() - dt.timedelta(days=150)), 10)
    _scan("placement_ending")
    assert _live("placement_ending").exists()
    make_placement(case, kind="contract", start=timezone.localdate() + dt.timedelta(days=11),
                   contract_kind="permanent", end_on=None)
    _scan("placement_ending")
    assert not _live("placement_ending").exists()


def test_an_ended_placement_with_no_next_step_opens_a_task_until_a_new_placement(make_case, make_placement):
    case = make_case(state="active")
    placement = make_placement(case, start=timezone.localdate() - dt.timedelta(days=100))
    Placement.objects.filter(pk=placement.pk).update(end_on=timezone.localdate() - dt.timedelta(days=10))
    assert placements_close_ended() == 1
    case.refresh_from_db()
    assert case.state == "follow_up"  # the end of the last placement leaves the case for follow-up
    _scan("placement_ended")
    task = _live("placement_ended").get()
    assert task.detail["placement"] == placement.pk and task.detail["terminated"] is False
    make_placement(case, kind="contract")
    _scan("placement_ended")
    assert not _live("placement_ended").exists()


def test_an_end_within_the_threshold_days_waits(make_case, make_placement):
    case = make_case(state="active")
    placement = make_placement(case, start=timezone.localdate() - dt.timedelta(days=100))
    Placement.objects.filter(pk=placement.pk).update(end_on=timezone.localdate() - dt.timedelta(days=3))
    assert _scan("placement_ended").rules[0].hits == 0  # 7 days after the end by default


def test_the_sweep_is_idempotent_and_leaves_running_placements(make_case, make_placement):
    case = make_case(state="active")
    make_placement(case)
    assert placements_close_ended() == 0
    case.refresh_from_db()
    assert case.state == "placed"


def test_the_sweep_command(make_case, make_placement):
    import io
    import json

    from django.core.management import CommandError, call_command

    case = make_case(state="active")
    placement = make_placement(case, start=timezone.localdate() - dt.timedelta(days=100))
    Placement.objects.filter(pk=placement.pk).update(end_on=timezone.localdate() - dt.timedelta(days=1))
    out = io.StringIO()
    call_command("placements", "sweep", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"cases_to_follow_up": 1}
    with pytest.raises(CommandError):
        call_command("placements", "sweep", "--at", "yesterday")
