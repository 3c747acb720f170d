"""The funnel's pure core: allowed steps, dates, reasons, counts, conversion and small-cell suppression."""

import datetime as dt

import pytest

from florwork.shortlists import funnel
from florwork.shortlists.funnel import EntryFacts, StepRefused, check_step

TODAY = dt.date(2026, 6, 30)


@pytest.mark.parametrize(("source", "target"), [
    ("proposed", "presented"), ("presented", "interview"), ("presented", "not_hired"), ("interview", "trial"),
    ("interview", "hired"), ("trial", "hired"), ("trial", "not_hired"), ("interview", "not_hired")])
def test_forward_steps_are_allowed(source, target):
    check_step(source, target, on=TODAY, last_step_on=TODAY, today=TODAY, reason="skills", reasons=["skills"])


@pytest.mark.parametrize(("source", "target"), [
    ("proposed", "interview"), ("proposed", "hired"), ("interview", "presented"), ("hired", "not_hired"),
    ("not_hired", "hired"), ("trial", "interview"), ("proposed", "not_hired")])
def test_backward_or_skipping_steps_are_refused(source, target):
    with pytest.raises(StepRefused) as refused:
        check_step(source, target, on=TODAY, last_step_on=None, today=TODAY, reason="skills", reasons=["skills"])
    assert refused.value.code == "not_allowed"


def test_unknown_stage_is_refused():
    with pytest.raises(StepRefused) as refused:
        check_step("proposed", "promoted", on=TODAY, last_step_on=None, today=TODAY)
    assert refused.value.code == "unknown_stage"


def test_a_step_cannot_be_dated_in_the_future_or_before_the_previous_one():
    with pytest.raises(StepRefused) as future:
        check_step("proposed", "presented", on=TODAY + dt.timedelta(days=1), last_step_on=None, today=TODAY)
    with pytest.raises(StepRefused) as before:
        check_step("proposed", "presented", on=TODAY - dt.timedelta(days=5), last_step_on=TODAY, today=TODAY)
    assert (future.value.code, before.value.code) == ("future_date", "before_previous")


def test_not_hired_needs_a_reason_from_the_list():
    with pytest.raises(StepRefused) as refused:
        check_step("interview", "not_hired", on=TODAY, last_step_on=None, today=TODAY, reason="bored",
                   reasons=["skills", "no_show"])
    assert refused.value.code == "reason_required"


def _facts(group, *paths):
    return [EntryFacts(group, frozenset(path)) for path in paths]


def test_counts_and_conversion_per_group_then_all():
    entries = _facts("A", {"proposed"}, {"proposed", "presented"}, {"proposed", "presented", "interview"},
                     {"proposed", "presented", "not_hired"}) + _facts("B", {"proposed"})
    rows = funnel.funnel(entries)
    assert [row.group for row in rows] == ["A", "B", ""]
    a = {step.stage: step for step in rows[0].steps}
    assert (a["proposed"].count, a["presented"].count, a["interview"].count, a["not_hired"].count) == (4, 3, 1, 1)
    assert a["presented"].conversion == 0.75
    assert a["interview"].conversion == 0.333
    assert a["not_hired"].conversion == 0.333  # of those presented
    assert a["trial"].conversion == 0.0 and a["hired"].conversion == 0.0  # both shares of the interviews
    assert rows[2].total == 5


def test_small_cells_are_suppressed_with_the_conversions_built_on_them():
    entries = _facts("A", *[{"proposed", "presented"}] * 6, *[{"proposed"}] * 2,
                     {"proposed", "presented", "interview"})
    row = funnel.funnel(entries, suppress=True)[0]
    steps = {step.stage: step for step in row.steps}
    assert steps["proposed"].count == 9 and steps["presented"].count == 7
    assert steps["interview"].count is None and steps["interview"].conversion is None
    assert steps["hired"].count == 0  # a true zero is not a small cell


def test_a_hire_straight_after_the_interview_is_a_share_of_the_interviews():
    row = funnel.funnel(_facts("A", {"proposed", "presented", "interview", "hired"},
                               {"proposed", "presented", "interview", "trial", "hired"}))[0]
    steps = {step.stage: step for step in row.steps}
    assert (steps["trial"].conversion, steps["hired"].conversion) == (0.5, 1.0)


def test_the_total_of_a_step_with_a_suppressed_cell_is_hidden_so_it_cannot_be_subtracted():
    entries = _facts("A", *[{"proposed", "presented"}] * 6) + _facts("B", *[{"proposed"}] * 5,
                                                                     {"proposed", "presented"})
    total = funnel.funnel(entries, suppress=True)[-1]
    steps = {step.stage: step for step in total.steps}
    assert steps["proposed"].count == 12
    assert steps["presented"].count is None and steps["presented"].conversion is None


def test_no_entries_no_rows():
    assert funnel.funnel([]) == []
