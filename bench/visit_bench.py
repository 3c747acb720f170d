"""``python -m bench.visit_bench [--companies 200] [--officers 4] [--days 5] [--seed 7] [--json]``: visit planning
with the routing core (VROOM through pyvroom) beside a nearest-neighbour baseline measured in the same run.

200 companies around Florence (seeded: two thirds in and around the city, the rest across the province), opening
hours of several kinds (morning and afternoon, mornings only, closed one weekday), one in ten with an
appointment window, priorities 0-100; 4 officers starting from 4 offices, 08:30-17:30, 5 days, 45-minute visits.
Both plans are checked by the same validator (opening hours, appointments, working hours, travel between stops):
a broken constraint is counted as a violation, never silently accepted. Pure core only (no database).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from florwork.visits.routing import (  # noqa: E402
    Job,
    Point,
    Problem,
    Shift,
    StraightLineMatrix,
    TravelModel,
    solve,
)
from florwork.visits.routing.problem import Appointment  # noqa: E402
from florwork.visits.routing.solve import EXPLORATION, index_points  # noqa: E402

H = 3600
FLORENCE = Point(43.7714, 11.2542)
OFFICES = [Point(43.7764, 11.2480), Point(43.7189, 10.9476), Point(43.8301, 11.1995), Point(43.7740, 11.4330)]
HOURS = [
    {d: [["08:30", "12:30"], ["14:30", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    {d: [["09:00", "13:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    {**{d: [["08:00", "17:00"]] for d in ("mon", "tue", "thu", "fri")}, "wed": []},
    {},  # not known: any time of the working day
]


def make_problem(*, companies: int, officers: int, days: int, seed: int) -> Problem:
    rng = random.Random(seed)
    monday = date(2026, 11, 30)
    plan_days = [monday + timedelta(days=d) for d in range(days)]
    shifts = [Shift(o, day, OFFICES[o % len(OFFICES)], OFFICES[o % len(OFFICES)], int(8.5 * H), int(17.5 * H))
              for day in plan_days for o in range(officers)]
    jobs = []
    for key in range(1, companies + 1):
        if rng.random() < 2 / 3:  # the city and its first ring
            point = Point(FLORENCE.latitude + rng.gauss(0, 0.04), FLORENCE.longitude + rng.gauss(0, 0.06))
        else:  # across the province (Mugello to Chianti, Empolese to Valdarno)
            point = Point(rng.uniform(43.55, 44.05), rng.uniform(10.95, 11.60))
        appointment = None
        if rng.random() < 0.1:
            start = rng.choice([9, 10, 11, 14, 15, 16]) * H
            appointment = Appointment(rng.choice(plan_days), start, start + 30 * 60)
        jobs.append(Job(key, point, 45 * 60, priority=rng.randint(0, 100), opening_hours=rng.choice(HOURS),
                        appointment=appointment))
    return Problem(shifts, jobs)


@dataclass
class Outcome:
    method: str
    seconds: float
    placed: int
    priority_placed: int
    travel_hours: float
    distance_km: float
    minutes_per_visit: float
    violations: int


def nearest_neighbour(problem: Problem, matrix) -> list[tuple[int, list[tuple[int, int, int]]]]:
    """Shift by shift, go to the nearest company that can still be visited (open, back in time); no look-ahead,
    no priorities. Returns per shift index its (job index, arrival, start)."""
    index = index_points(problem)
    windows = [problem.windows(job) for job in problem.jobs]
    d = matrix.durations
    left = set(range(len(problem.jobs)))
    routes = []
    for s, shift in enumerate(problem.shifts):
        base = problem.offset(shift.day)
        now, here, stops = base + shift.work_start, index.shift_start[s], []
        while True:
            best = None
            for j in left:
                arrival = now + d[here][index.job_at[j]]
                start = _earliest_start(windows[j], arrival)
                if start is None:
                    continue
                back = start + problem.jobs[j].service + d[index.job_at[j]][index.shift_end[s]]
                if back <= base + shift.work_end and (best is None or d[here][index.job_at[j]] < best[0]):
                    best = (d[here][index.job_at[j]], j, arrival, start)
            if best is None:
                break
            _, j, arrival, start = best
            stops.append((j, arrival, start))
            left.discard(j)
            now, here = start + problem.jobs[j].service, index.job_at[j]
        routes.append((s, stops))
    return routes


def _earliest_start(windows, arrival: int) -> int | None:
    if windows is None:
        return arrival
    for open_at, close_at in windows:
        if close_at >= arrival:
            return max(arrival, open_at)
    return None


def measure(problem: Problem, routes, matrix, *, method: str, seconds: float) -> Outcome:
    """Travel of the plan and the constraints it breaks, recomputed from the same matrix for both methods."""
    index = index_points(problem)
    d, dist = matrix.durations, matrix.distances
    travel = distance = violations = placed = priority = 0
    for s, stops in routes:
        shift, base = problem.shifts[s], problem.offset(problem.shifts[s].day)
        now, here = base + shift.work_start, index.shift_start[s]
        for j, arrival, start in stops:
            job, at = problem.jobs[j], index.job_at[j]
            travel, distance = travel + d[here][at], distance + dist[here][at]
            windows = problem.windows(job)
            if arrival < now + d[here][at] or start < arrival:
                violations += 1  # arrives before it could have got there
            if windows is not None and not any(a <= start <= b for a, b in windows):
                violations += 1  # outside opening hours or the appointment
            now, here = start + job.service, at
            placed, priority = placed + 1, priority + job.priority
        if stops:
            travel, distance = travel + d[here][index.shift_end[s]], distance + dist[here][index.shift_end[s]]
            if now + d[here][index.shift_end[s]] > base + shift.work_end:
                violations += 1  # back after the working day
    return Outcome(method, round(seconds, 3), placed, priority, round(travel / H, 2), round(distance / 1000, 1),
                   round(travel / 60 / max(placed, 1), 1), violations)


def run(*, companies: int, officers: int, days: int, seed: int, exploration: int = EXPLORATION) -> dict:
    problem = make_problem(companies=companies, officers=officers, days=days, seed=seed)
    builder = StraightLineMatrix(TravelModel(1.35, 35))
    solution = solve(problem, builder, exploration=exploration)
    position = {job.key: j for j, job in enumerate(problem.jobs)}
    shift_of = {(sh.officer, sh.day): s for s, sh in enumerate(problem.shifts)}
    vroom_routes = [(shift_of[(r.shift.officer, r.shift.day)], [(position[st.job], st.arrival, st.start)
                                                                for st in r.steps]) for r in solution.routes]
    matrix = builder.build(index_points(problem).points)
    began = time.perf_counter()
    nn_routes = nearest_neighbour(problem, builder.build(index_points(problem).points))
    nn_seconds = time.perf_counter() - began
    results = [measure(problem, vroom_routes, matrix, method="vroom", seconds=solution.seconds),
               measure(problem, nn_routes, matrix, method="nearest_neighbour", seconds=nn_seconds)]
    reasons: dict[str, int] = {}
    for left in solution.left_out:
        reasons[str(left.reason)] = reasons.get(str(left.reason), 0) + 1
    return {"companies": companies, "officers": officers, "days": days, "seed": seed, "exploration": exploration,
            "python": platform.python_version(), "machine": platform.machine(),
            "results": [asdict(r) for r in results], "vroom_left_out": reasons}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=200)
    parser.add_argument("--officers", type=int, default=4)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--exploration", type=int, default=EXPLORATION, help="VROOM search depth 0-5")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = run(companies=args.companies, officers=args.officers, days=args.days, seed=args.seed,
                 exploration=args.exploration)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"visit planning: {report['companies']} companies, {report['officers']} officers, {report['days']} days "
          f"(seed {report['seed']}, VROOM exploration {report['exploration']})")
    print(f"{'method':<18} {'seconds':>8} {'placed':>7} {'priority':>9} {'travel h':>9} {'km':>8} "
          f"{'min/visit':>10} {'violations':>11}")
    for r in report["results"]:
        print(f"{r['method']:<18} {r['seconds']:>8} {r['placed']:>7} {r['priority_placed']:>9} {r['travel_hours']:>9} "
              f"{r['distance_km']:>8} {r['minutes_per_visit']:>10} {r['violations']:>11}")
    print(f"left out by VROOM: {report['vroom_left_out']}")
    print("(solve seconds are wall time: the matrix and VROOM for VROOM, the greedy loop for the baseline)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
