"""SLA clocks: every state, Rome dates from aware datetimes, holidays inside the window."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from florwork.cases.sla import (
    DEFAULT_TARGETS,
    SlaClock,
    SlaState,
    SlaStatus,
    SlaTarget,
    evaluate,
    summarize,
)
from florwork.cases.workdays import FLORENCE, WorkingCalendar

D = dt.date
ROME = ZoneInfo("Europe/Rome")
UTC = dt.UTC
FIRST_CONTACT = SlaTarget(SlaClock.REFERRAL_TO_FIRST_CONTACT, working_days=5, warn_at=3)
MONDAY_REFERRAL = dt.datetime(2025, 3, 3, 10, 0, tzinfo=ROME)  # due Monday 10 March
NEXT_DAY = D(2025, 3, 4)


def rome(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ROME)


def clock(start, stop=None, *, target=FIRST_CONTACT, today=NEXT_DAY, calendar=FLORENCE) -> SlaStatus:
    return evaluate(clock_start=start, clock_stop=stop, target=target, today=today, calendar=calendar)


def test_not_started_without_a_start():
    status = clock(None)

    assert (status.state, status.elapsed_working_days, status.remaining_working_days) == (SlaState.NOT_STARTED, 0, 5)
    assert status.due_date is None


def test_running_before_the_warning():
    status = clock(MONDAY_REFERRAL, today=D(2025, 3, 4))

    assert status.state == SlaState.RUNNING
    assert (status.elapsed_working_days, status.remaining_working_days) == (1, 4)
    assert status.due_date == D(2025, 3, 10)


def test_due_soon_from_warn_at():
    assert clock(MONDAY_REFERRAL, today=D(2025, 3, 5)).state == SlaState.RUNNING
    assert clock(MONDAY_REFERRAL, today=D(2025, 3, 6)).state == SlaState.DUE_SOON


def test_still_due_soon_on_the_due_date():
    status = clock(MONDAY_REFERRAL, today=D(2025, 3, 10))

    assert status.state == SlaState.DUE_SOON
    assert (status.elapsed_working_days, status.remaining_working_days) == (5, 0)


def test_breached_the_day_after_the_due_date():
    status = clock(MONDAY_REFERRAL, today=D(2025, 3, 11))

    assert status.state == SlaState.BREACHED
    assert status.is_breach
    assert (status.elapsed_working_days, status.remaining_working_days, status.overdue_working_days) == (6, 0, 1)


def test_breached_on_the_saturday_after_a_friday_due_date():
    status = clock(rome(2025, 3, 7, 9, 0), today=D(2025, 3, 15))

    assert status.due_date == D(2025, 3, 14)
    assert status.state == SlaState.BREACHED
    assert (status.elapsed_working_days, status.overdue_working_days) == (5, 1)


def test_met_early_keeps_the_days_to_spare():
    status = clock(MONDAY_REFERRAL, rome(2025, 3, 5, 16, 0), today=D(2025, 4, 1))

    assert status.state == SlaState.MET
    assert not status.is_breach
    assert (status.elapsed_working_days, status.remaining_working_days) == (2, 3)


def test_met_on_the_due_date_late_in_the_evening():
    assert clock(MONDAY_REFERRAL, rome(2025, 3, 10, 23, 59)).state == SlaState.MET


def test_met_late_the_day_after():
    status = clock(MONDAY_REFERRAL, rome(2025, 3, 11, 8, 0))

    assert status.state == SlaState.MET_LATE
    assert status.is_breach
    assert status.overdue_working_days == 1


def test_a_stop_on_the_saturday_after_a_friday_due_date_is_late():
    status = clock(rome(2025, 3, 7, 9, 0), rome(2025, 3, 15, 10, 0))

    assert status.state == SlaState.MET_LATE


def test_a_stop_on_the_start_day_is_met_with_zero_elapsed():
    status = clock(MONDAY_REFERRAL, rome(2025, 3, 3, 17, 0))

    assert (status.state, status.elapsed_working_days, status.remaining_working_days) == (SlaState.MET, 0, 5)


def test_friday_evening_referral_counts_from_monday():
    status = clock(rome(2025, 3, 7, 19, 45), today=D(2025, 3, 10))

    assert status.elapsed_working_days == 1
    assert status.due_date == D(2025, 3, 14)


def test_dates_are_taken_in_rome_not_utc():
    # 23:30 UTC on Monday 10 March is 00:30 on Tuesday in Florence: one day late.
    status = clock(MONDAY_REFERRAL, dt.datetime(2025, 3, 10, 23, 30, tzinfo=UTC))

    assert status.state == SlaState.MET_LATE


def test_summer_time_moves_a_late_utc_evening_onto_san_giovanni():
    # 22:30 UTC on 23 June is 00:30 CEST on the 24th, a holiday in Florence: the clock starts on it.
    status = clock(dt.datetime(2025, 6, 23, 22, 30, tzinfo=UTC), today=D(2025, 6, 25))

    assert status.elapsed_working_days == 1
    assert status.due_date == D(2025, 7, 1)


def test_holidays_in_between_push_the_due_date():
    # Friday 25 April and Thursday 1 May are skipped.
    assert clock(rome(2025, 4, 24, 11, 0)).due_date == D(2025, 5, 5)


def test_san_giovanni_is_skipped_in_florence_only():
    two_days = SlaTarget(SlaClock.REFERRAL_TO_FIRST_CONTACT, working_days=2, warn_at=1)
    referral = rome(2025, 6, 20, 12, 0)

    assert clock(referral, target=two_days).due_date == D(2025, 6, 25)
    assert clock(referral, target=two_days, calendar=WorkingCalendar(patron_days=())).due_date == D(2025, 6, 24)


def test_christmas_to_epiphany():
    intake = SlaTarget(SlaClock.REFERRAL_TO_INTAKE, working_days=10, warn_at=7)
    status = clock(rome(2025, 12, 22, 9, 0), target=intake, today=D(2026, 1, 5))

    assert status.due_date == D(2026, 1, 9)
    assert (status.state, status.elapsed_working_days, status.remaining_working_days) == (SlaState.DUE_SOON, 7, 3)


def test_easter_week_2026():
    assessment = SlaTarget(SlaClock.INTAKE_TO_ASSESSMENT, working_days=3, warn_at=2)
    status = clock(rome(2026, 4, 2, 15, 0), target=assessment, today=D(2026, 4, 6))

    assert status.due_date == D(2026, 4, 8)  # Easter Monday 6 April skipped
    assert (status.state, status.elapsed_working_days) == (SlaState.RUNNING, 1)


def test_a_start_after_today_counts_nothing_yet():
    status = clock(rome(2025, 3, 5, 9, 0), today=D(2025, 3, 4))

    assert (status.state, status.elapsed_working_days, status.remaining_working_days) == (SlaState.RUNNING, 0, 5)


@pytest.mark.parametrize(
    ("start", "stop"),
    [
        (None, rome(2025, 3, 4, 9, 0)),
        (MONDAY_REFERRAL, rome(2025, 3, 2, 9, 0)),
        (dt.datetime(2025, 3, 3, 10, 0), None),  # noqa: DTZ001 - a naive datetime is the point
    ],
)
def test_inconsistent_milestones_are_refused(start, stop):
    with pytest.raises(ValueError):
        clock(start, stop)


@pytest.mark.parametrize(("working_days", "warn_at"), [(-1, 0), (5, 6), (5, -1)])
def test_an_impossible_target_is_refused(working_days, warn_at):
    with pytest.raises(ValueError):
        SlaTarget(SlaClock.REFERRAL_TO_INTAKE, working_days=working_days, warn_at=warn_at)


def test_default_targets_cover_every_clock():
    assert set(DEFAULT_TARGETS) == set(SlaClock)
    assert all(target.clock == clock_name for clock_name, target in DEFAULT_TARGETS.items())


def test_summarize_counts_every_state_zeros_included():
    statuses = [
        clock(None),
        clock(MONDAY_REFERRAL, today=D(2025, 3, 11)),
        clock(MONDAY_REFERRAL, today=D(2025, 3, 12)),
        clock(MONDAY_REFERRAL, rome(2025, 3, 4, 9, 0)),
    ]

    assert summarize(statuses) == {
        SlaState.NOT_STARTED: 1,
        SlaState.RUNNING: 0,
        SlaState.DUE_SOON: 0,
        SlaState.BREACHED: 2,
        SlaState.MET: 1,
        SlaState.MET_LATE: 0,
    }


@given(
    start=st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31)),
    offset=st.integers(min_value=0, max_value=40),
    working_days=st.integers(min_value=0, max_value=25),
)
def test_elapsed_and_remaining_add_up_to_the_target_until_the_due_date(start, offset, working_days):
    target = SlaTarget(SlaClock.REFERRAL_TO_INTAKE, working_days=working_days, warn_at=0)
    status = clock(dt.datetime.combine(start, dt.time(9), ROME), target=target, today=start + dt.timedelta(days=offset))

    if status.state == SlaState.BREACHED:
        assert status.elapsed_working_days >= working_days and status.overdue_working_days >= 1
    else:
        assert status.elapsed_working_days + status.remaining_working_days == working_days
