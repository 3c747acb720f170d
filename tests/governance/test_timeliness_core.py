"""The timeliness core: working days, median and 90th percentile per group, pending counted apart."""

import datetime as dt

import pytest

from florwork.governance.timeliness import Interval, figures

UTC = dt.UTC


def at(day: int, month: int = 3, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=UTC)


NOW = at(31)


def test_working_days_skip_weekends_and_the_start_day_is_day_zero():
    # Friday 6 March 2026 -> Monday 9 March: one working day
    rows = figures([Interval("Team A", at(6), at(9))], now=NOW, total_label="All")

    assert rows[0].median == 1 and rows[0].p90 == 1 and rows[0].completed == 1


def test_median_and_90th_percentile_per_group_with_a_total_row():
    # Monday 2 March + 1..10 working days
    ends = [at(3), at(4), at(5), at(6), at(9), at(10), at(11), at(12), at(13), at(16)]
    intervals = [Interval("Team A", at(2), end) for end in ends] + [Interval("Team B", at(2), at(4))]

    team_a, team_b, total = figures(intervals, now=NOW, total_label="All")

    assert (team_a.group, team_a.median, team_a.p90) == ("Team A", 5.5, 9.1)
    assert (team_b.group, team_b.median, team_b.completed) == ("Team B", 2.0, 1)
    assert (total.group, total.completed) == ("All", 11)


def test_open_intervals_are_pending_with_the_longest_wait_not_in_the_percentiles():
    intervals = [Interval("Team A", at(2), at(3)), Interval("Team A", at(2), None), Interval("Team A", at(23), None)]

    (row, _total) = figures(intervals, now=NOW, total_label="All")

    assert row.completed == 1 and row.median == 1
    assert row.pending == 2 and row.longest_pending == 21  # 2 -> 31 March: 21 working days


def test_a_group_with_only_pending_intervals_has_no_percentiles():
    (row, total) = figures([Interval("Coop", at(2), None)], now=NOW, total_label="All")

    assert row.median is None and row.p90 is None and row.pending == 1
    assert total.pending == 1


def test_dates_are_counted_in_rome_time():
    # 23:30 UTC on Thursday 4 June 2026 is already Friday in Rome: an answer on Friday morning is day zero
    start = dt.datetime(2026, 6, 4, 23, 30, tzinfo=UTC)
    end = dt.datetime(2026, 6, 5, 9, 0, tzinfo=UTC)

    (row, _total) = figures([Interval("Team A", start, end)], now=end, total_label="All")

    assert row.median == 0


def test_intervals_ended_without_the_milestone_are_unanswered_not_fast():
    intervals = [Interval("Coop", at(2), at(3)), Interval("Coop", at(2), at(16), answered=False)]

    (row, total) = figures(intervals, now=NOW, total_label="All")

    assert row.completed == 1 and row.median == 1 and row.unanswered == 1 and row.pending == 0
    assert total.unanswered == 1


@pytest.mark.parametrize("intervals", [[]])
def test_nothing_measured_gives_only_an_empty_total(intervals):
    assert figures(intervals, now=NOW, total_label="All")[0].completed == 0
