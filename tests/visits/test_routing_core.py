"""The routing core alone: travel model, windows, working hours, priorities, reasons, determinism."""

from datetime import date

import pytest

from florwork.visits.routing import DAY, Job, OsrmMatrix, Point, Problem, Reason, Shift, StraightLineMatrix, TravelModel
from florwork.visits.routing import solve as solve_problem
from florwork.visits.routing.hours import check_opening_hours, clock_seconds
from florwork.visits.routing.problem import Appointment
from florwork.visits.routing.travel import haversine_m

MONDAY = date(2026, 11, 30)
OFFICE = Point(43.7764, 11.2480)  # Florence, Santa Maria Novella
MATRIX = StraightLineMatrix(TravelModel(road_factor=1.35, speed_kmh=35))
H = 3600


def around(i: int) -> Point:
    return Point(43.7764 + 0.004 * (i % 7), 11.2480 + 0.006 * (i // 7))


def shift(officer=1, day=MONDAY, start=9 * H, end=17 * H):
    return Shift(officer, day, OFFICE, OFFICE, start, end)


def solve(shifts, jobs):
    return solve_problem(Problem(shifts, jobs), MATRIX)


def test_travel_is_straight_line_times_road_factor_at_speed():
    prato = Point(43.8777, 11.1022)
    straight = haversine_m(OFFICE, prato)
    assert 16_000 < straight < 17_000
    seconds, metres = TravelModel(road_factor=1.5, speed_kmh=50).leg(OFFICE, prato)
    assert metres == round(straight * 1.5)
    assert seconds == round(straight * 1.5 / (50 / 3.6))


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="road_factor"):
        TravelModel(road_factor=0.5)
    with pytest.raises(ValueError, match="speed"):
        TravelModel(speed_kmh=0)
    with pytest.raises(ValueError, match="priority"):
        Job(1, OFFICE, 600, priority=101)
    with pytest.raises(ValueError, match="mon"):
        check_opening_hours({"monday": []})
    with pytest.raises(ValueError, match="interval"):
        check_opening_hours({"mon": [["12:00", "09:00"]]})
    with pytest.raises(ValueError):
        clock_seconds("25:99")


def test_every_visit_starts_within_opening_hours_and_ends_by_closing():
    hours = {"mon": [["10:00", "12:00"], ["15:00", "16:30"]]}
    jobs = [Job(i, around(i), 45 * 60, opening_hours=hours) for i in range(1, 5)]
    result = solve([shift()], jobs)
    assert result.placed == 3  # two in the morning, one in the short afternoon
    assert [o.reason for o in result.left_out] == [Reason.NO_ROOM]
    for step in result.routes[0].steps:
        assert (10 * H <= step.start and step.end <= 12 * H) or (15 * H <= step.start and step.end <= 16.5 * H)


def test_appointment_window_is_kept_on_its_day():
    tuesday = date(2026, 12, 1)
    jobs = [Job(1, around(1), 1800, appointment=Appointment(tuesday, 14 * H, 14 * H + 900)),
            Job(2, around(2), 1800)]
    result = solve([shift(day=MONDAY), shift(day=tuesday)], jobs)
    placed = {step.job: (route.shift.day, step.start) for route in result.routes for step in route.steps}
    day, start = placed[1]
    assert day == tuesday and DAY + 14 * H <= start <= DAY + 14 * H + 900


def test_a_company_closed_on_every_plan_day_is_reported_closed():
    jobs = [Job(1, around(1), 1800, opening_hours={"mon": []}), Job(2, around(2), 1800)]
    result = solve([shift()], jobs)
    assert [(o.job, o.reason) for o in result.left_out] == [(1, Reason.CLOSED)]


def test_a_window_no_officer_can_reach_is_reported_unreachable():
    far = Job(1, Point(44.10, 11.60), 1800, appointment=Appointment(MONDAY, 9 * H, 9 * H + 300))  # Marradi side
    result = solve([shift()], [far, Job(2, around(2), 1800)])
    assert [(o.job, o.reason) for o in result.left_out] == [(1, Reason.UNREACHABLE)]


def test_working_hours_are_respected():
    jobs = [Job(i, around(i), 3600) for i in range(1, 10)]
    result = solve([shift(start=9 * H, end=13 * H)], jobs)
    route = result.routes[0]
    assert route.leave >= 9 * H and route.back <= 13 * H
    assert result.placed < 9


def test_lowest_priorities_are_left_out_when_not_all_fit():
    jobs = [Job(i, around(i), 3600, priority=10 * i) for i in range(1, 9)]
    result = solve([shift(start=9 * H, end=13 * H)], jobs)
    left = {o.job for o in result.left_out}
    placed = {s.job for r in result.routes for s in r.steps}
    assert left and all(o.reason == Reason.NO_ROOM for o in result.left_out)
    assert max(left) < min(placed)


def test_several_officers_and_days_share_the_visits_in_order():
    tuesday = date(2026, 12, 1)
    shifts = [shift(1), shift(2), shift(1, tuesday), shift(2, tuesday)]
    jobs = [Job(i, around(i), 2700) for i in range(1, 25)]
    result = solve(shifts, jobs)
    assert result.placed == 24 and not result.left_out
    for route in result.routes:
        times = [(s.arrival, s.start, s.end) for s in route.steps]
        assert all(a <= s < e for a, s, e in times)
        assert all(times[k][2] + route.steps[k + 1].travel <= times[k + 1][0] for k in range(len(times) - 1))


def test_solving_twice_gives_the_same_plan():
    shifts = [shift(1), shift(2)]
    jobs = [Job(i, around(i), 2700, priority=(i * 37) % 100) for i in range(1, 30)]
    first, second = solve(shifts, jobs), solve(shifts, jobs)
    assert [(r.shift, r.steps) for r in first.routes] == [(r.shift, r.steps) for r in second.routes]
    assert first.left_out == second.left_out


def test_osrm_matrix_reads_the_table_service():
    calls = []

    def fake(url, timeout):
        calls.append(url)
        return {"code": "Ok", "durations": [[0, 61.4], [59.6, None]], "distances": [[0, 900.2], [880, 0]]}

    matrix = OsrmMatrix("http://osrm:5000/", fetch=fake).build([OFFICE, around(1)])
    assert calls[0].startswith("http://osrm:5000/table/v1/driving/11.248000,43.776400;")
    assert matrix.durations == [[0, 61], [60, 10**7]] and matrix.distances[0][1] == 900
    with pytest.raises(RuntimeError, match="NoRoute"):
        OsrmMatrix("http://osrm", fetch=lambda u, t: {"code": "NoRoute"}).build([OFFICE])


def test_lunch_break_is_kept_and_no_visit_overlaps_it():
    from florwork.visits.routing import Lunch

    lunch = Lunch(12 * H + 1800, 14 * H, 45)
    jobs = [Job(i, around(i), 2700) for i in range(1, 12)]
    result = solve([Shift(1, MONDAY, OFFICE, OFFICE, 9 * H, 17 * H, lunch)], jobs)
    route = result.routes[0]
    assert route.lunch is not None and 12.5 * H <= route.lunch <= 14 * H
    assert all(s.end <= route.lunch or s.start >= route.lunch + 45 * 60 for s in route.steps)
    with pytest.raises(ValueError, match="lunch"):
        Shift(1, MONDAY, OFFICE, OFFICE, 9 * H, 13 * H, lunch)
