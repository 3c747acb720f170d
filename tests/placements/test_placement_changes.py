"""Extensions (history kept, the category's maximum duration) and early terminations (a reason from the list;
the case goes back to active when its last placement is cut short); refusals write nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from florwork.conflicts import Conflict
from florwork.placements.models import Extension
from florwork.placements.services import placement_extend, placement_terminate

pytestmark = pytest.mark.usefixtures("in_english")


def test_extensions_keep_their_history(make_case, make_placement, actors):
    placement = make_placement(make_case(state="active"), months=4)
    first_end = placement.end_on
    for days in (30, 60):
        placement_extend(by=actors["case_manager"], placement=placement, new_end_on=first_end + dt.timedelta(days=days),
                         reason=f"+{days}", version=placement.version)
    placement.refresh_from_db()
    assert placement.original_end_on == first_end and placement.end_on == first_end + dt.timedelta(days=60)
    assert [(e.previous_end_on, e.reason) for e in placement.extensions.all()] == [
        (first_end, "+30"), (first_end + dt.timedelta(days=30), "+60")]


def test_an_extension_beyond_the_category_maximum_or_not_later_is_refused(make_case, make_placement, actors):
    placement = make_placement(make_case(state="active"), trainee_category="recent_graduate", months=5)
    with pytest.raises(ValidationError) as refused:
        placement_extend(by=actors["case_manager"], placement=placement,
                         new_end_on=placement.start_on + dt.timedelta(days=220), reason="x", version=placement.version)
    assert "at most 6 months" in refused.value.message_dict["new_end_on"][0]
    with pytest.raises(ValidationError) as refused:
        placement_extend(by=actors["case_manager"], placement=placement, new_end_on=placement.end_on, reason="",
                         version=placement.version)
    assert set(refused.value.message_dict) == {"new_end_on", "reason"}
    assert not Extension.objects.exists()


def test_a_permanent_contract_cannot_be_extended(make_case, make_placement, actors):
    placement = make_placement(make_case(state="active"), kind="contract", contract_kind="permanent", end_on=None)
    with pytest.raises(ValidationError):
        placement_extend(by=actors["case_manager"], placement=placement, new_end_on=dt.date(2031, 1, 1),
                         reason="x", version=placement.version)


def test_an_early_termination_sends_the_case_back_to_active(make_case, make_placement, actors):
    case = make_case(state="active")
    placement = make_placement(case, start=timezone.localdate() - dt.timedelta(days=20))
    placement_terminate(by=actors["case_manager"], placement=placement, on=timezone.localdate(), reason="resigned",
                        note="Trasferimento", version=placement.version)
    placement.refresh_from_db()
    case.refresh_from_db()
    assert placement.status == "terminated" and placement.termination_reason == "resigned"
    assert case.state == "active"  # the lifecycle's way back: a placement lost


def test_a_termination_needs_a_listed_reason_and_a_date_within_the_placement(make_case, make_placement, actors):
    placement = make_placement(make_case(state="active"))
    for on, reason, field in [(timezone.localdate(), "bored", "reason"),
                              (placement.start_on - dt.timedelta(days=1), "resigned", "on"),
                              (timezone.localdate() + dt.timedelta(days=3), "resigned", "on")]:
        with pytest.raises(ValidationError) as refused:
            placement_terminate(by=actors["case_manager"], placement=placement, on=on, reason=reason,
                                version=placement.version)
        assert field in refused.value.message_dict
    placement.refresh_from_db()
    assert placement.terminated_on is None


def test_a_stale_version_is_a_conflict_and_another_hub_is_refused(make_case, make_placement, actors):
    placement = make_placement(make_case(state="active"))
    with pytest.raises(Conflict):
        placement_extend(by=actors["case_manager"], placement=placement,
                         new_end_on=placement.end_on + dt.timedelta(days=3), reason="x", version=placement.version + 1)
    with pytest.raises(PermissionDenied):
        placement_terminate(by=actors["other_case_manager"], placement=placement, on=timezone.localdate(),
                            reason="resigned", version=placement.version)
