"""The statistical profile's outcome reads placements: "in work at N months" is a tirocinio or a contract
started within N months of intake (the lifecycle stands in only for cases without any placement)."""

import datetime as dt

import pytest
from django.utils import timezone

from florwork.assessment import profile_selectors as selectors
from florwork.placements.models import Placement


def test_in_work_at_horizon_reads_the_placement_start(make_case, make_placement):
    case = make_case(state="active")
    placement = make_placement(case)
    intake = {case.pk: timezone.now() - dt.timedelta(days=300)}  # placed (by the lifecycle) today: 10 months
    assert selectors.in_work_at_horizon(case_ids=[case.pk], intake=intake, horizon=6) == {case.pk: 0}
    # the tirocinio really started two months after intake: the placements say so, not the lifecycle
    Placement.objects.filter(pk=placement.pk).update(start_on=timezone.localdate() - dt.timedelta(days=240))
    assert selectors.in_work_at_horizon(case_ids=[case.pk], intake=intake, horizon=6) == {case.pk: 1}


def test_placements_register_their_provider():
    from florwork.placements.outcome import first_work_starts

    assert first_work_starts in selectors.WORK_STARTS


@pytest.mark.parametrize("horizon", [6, 12])
def test_a_case_without_a_placement_falls_back_to_the_lifecycle(make_case, horizon):
    case = make_case(state="placed")
    intake = {case.pk: timezone.now() - dt.timedelta(days=30)}
    assert selectors.in_work_at_horizon(case_ids=[case.pk], intake=intake, horizon=horizon) == {case.pk: 1}
