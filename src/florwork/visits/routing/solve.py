"""Solve a problem with VROOM and read back, per shift, the ordered stops and, per job left out, why.

VROOM maximises the summed priority of the jobs it places before it minimises travel time, so when not all
visits fit, the lowest priorities are the ones left out. The result is deterministic for the same input
(fixed exploration level and thread count).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import vroom

from florwork.visits.routing.problem import Job, Problem, Shift
from florwork.visits.routing.travel import Matrix, MatrixBuilder, Point

# VROOM's search depth (0-5). Measured on 200 companies × 20 officer-days (bench/visit_bench.py): level 1 places
# as many visits as 3-5 at a quarter of the time; deeper levels gain one visit for 4-15× the time.
EXPLORATION = 1
THREADS = 2


class Reason(StrEnum):
    CLOSED = "closed"  # no opening or appointment window on the plan's days
    UNREACHABLE = "unreachable"  # a window exists, but no officer can get there and back within working hours
    NO_ROOM = "no_room"  # could be done alone, but higher priorities filled the days


@dataclass(frozen=True)
class Step:
    job: int  # the Job's key
    arrival: int
    start: int
    end: int
    travel: int  # seconds from the previous place
    distance: int  # metres from the previous place


@dataclass(frozen=True)
class Route:
    shift: Shift
    leave: int
    back: int
    steps: list[Step]
    travel: int
    distance: int
    lunch: int | None = None  # when the lunch break starts


@dataclass(frozen=True)
class LeftOut:
    job: int
    reason: Reason


@dataclass(frozen=True)
class Solution:
    routes: list[Route]
    left_out: list[LeftOut]
    seconds: float  # wall time of matrix + solve

    @property
    def travel(self) -> int:
        return sum(route.travel for route in self.routes)

    @property
    def distance(self) -> int:
        return sum(route.distance for route in self.routes)

    @property
    def placed(self) -> int:
        return sum(len(route.steps) for route in self.routes)


@dataclass(frozen=True)
class Indexed:
    """The distinct points of a problem and where each shift and job sits among them."""

    points: list[Point]
    shift_start: list[int]
    shift_end: list[int]
    job_at: list[int]


def index_points(problem: Problem) -> Indexed:
    points: list[Point] = []
    seen: dict[Point, int] = {}

    def at(point: Point) -> int:
        if point not in seen:
            seen[point] = len(points)
            points.append(point)
        return seen[point]

    starts = [at(s.start) for s in problem.shifts]
    ends = [at(s.end) for s in problem.shifts]
    jobs = [at(j.point) for j in problem.jobs]
    return Indexed(points, starts, ends, jobs)


def _fits_alone(problem: Problem, job: Job, windows: list[tuple[int, int]] | None, index: Indexed, j: int,
                matrix: Matrix) -> bool:
    """Can some officer go from the start to this job alone and be back within their working day?"""
    d = matrix.durations
    for s, shift in enumerate(problem.shifts):
        base = problem.offset(shift.day)
        arrival = base + shift.work_start + d[index.shift_start[s]][index.job_at[j]]
        for open_at, close_at in windows if windows is not None else [(arrival, arrival)]:
            if close_at < arrival:
                continue
            begin = max(arrival, open_at)
            if begin + job.service + d[index.job_at[j]][index.shift_end[s]] <= base + shift.work_end:
                return True
            break
    return False


def _vroom_input(problem: Problem, index: Indexed, matrix: Matrix,
                 windows: Sequence[list[tuple[int, int]] | None], plannable: list[int]) -> vroom.Input:
    data = vroom.Input()
    data.set_durations_matrix(profile="car", matrix_input=matrix.durations)
    data.set_distances_matrix(profile="car", matrix_input=matrix.distances)
    for s, shift in enumerate(problem.shifts):
        base = problem.offset(shift.day)
        breaks = ([vroom.Break(s + 1, time_windows=[vroom.TimeWindow(base + shift.lunch.earliest,
                                                                      base + shift.lunch.latest)],
                               service=shift.lunch.minutes * 60)] if shift.lunch else [])
        data.add_vehicle(vroom.Vehicle(s + 1, start=index.shift_start[s], end=index.shift_end[s], breaks=breaks,
                                       time_window=vroom.TimeWindow(base + shift.work_start, base + shift.work_end)))
    for j in plannable:
        job, job_windows = problem.jobs[j], windows[j]
        extra = {"time_windows": [vroom.TimeWindow(a, b) for a, b in job_windows]} if job_windows else {}
        data.add_job(vroom.Job(j + 1, location=index.job_at[j], default_service=job.service,
                               priority=job.priority, **extra))
    return data


def _route(problem: Problem, shift_index: int, raw: dict, keys: Sequence[int]) -> Route:
    steps: list[Step] = []
    last_duration, last_distance = 0, 0
    leave = back = 0
    lunch: int | None = None
    for step in raw["steps"]:
        travel, distance = step["duration"] - last_duration, step["distance"] - last_distance
        last_duration, last_distance = step["duration"], step["distance"]
        if step["type"] == "start":
            leave = step["arrival"]
        elif step["type"] == "job":
            start = step["arrival"] + step["waiting_time"]
            steps.append(Step(keys[step["id"] - 1], step["arrival"], start, start + step["service"], travel,
                              distance))
        elif step["type"] == "break":
            lunch = step["arrival"] + step["waiting_time"]
        elif step["type"] == "end":
            back = step["arrival"]
    if steps:  # leave just in time for the first visit instead of waiting outside
        first = steps[0]
        leave = max(leave, first.start - first.travel)
        steps[0] = Step(first.job, first.start, first.start, first.end, first.travel, first.distance)
    return Route(problem.shifts[shift_index], leave, back, steps, last_duration, last_distance, lunch)


def solve(problem: Problem, matrices: MatrixBuilder, *, exploration: int = EXPLORATION,
          threads: int = THREADS) -> Solution:
    began = time.perf_counter()
    index = index_points(problem)
    matrix = matrices.build(index.points)
    windows = [problem.windows(job) for job in problem.jobs]
    left_out: list[LeftOut] = []
    plannable: list[int] = []
    for j, job in enumerate(problem.jobs):
        if windows[j] == []:
            left_out.append(LeftOut(job.key, Reason.CLOSED))
        elif not _fits_alone(problem, job, windows[j], index, j, matrix):
            left_out.append(LeftOut(job.key, Reason.UNREACHABLE))
        else:
            plannable.append(j)
    routes: list[Route] = []
    if plannable and problem.shifts:
        answer = _vroom_input(problem, index, matrix, windows, plannable).solve(
            exploration_level=exploration, nb_threads=threads).to_dict()
        keys = [job.key for job in problem.jobs]
        routes = [_route(problem, raw["vehicle"] - 1, raw, keys) for raw in answer["routes"]]
        left_out.extend(LeftOut(keys[u["id"] - 1], Reason.NO_ROOM) for u in answer["unassigned"])
    routes.sort(key=lambda r: (r.shift.day, r.shift.officer))
    left_out.sort(key=lambda o: o.job)
    return Solution(routes, left_out, time.perf_counter() - began)
