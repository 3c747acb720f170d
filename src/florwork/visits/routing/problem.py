"""The planning problem: officers' working days (shifts), companies to visit (jobs), and their time windows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from florwork.visits.routing.hours import DAY, merge, opening_intervals
from florwork.visits.routing.travel import Point


@dataclass(frozen=True)
class Lunch:
    """A break of ``minutes`` starting between ``earliest`` and ``latest`` (seconds from midnight)."""

    earliest: int
    latest: int
    minutes: int


@dataclass(frozen=True)
class Shift:
    """One officer on one day: leaves ``start`` no earlier than ``work_start`` and is back at ``end`` by
    ``work_end`` (seconds from midnight), with an optional lunch break."""

    officer: int
    day: date
    start: Point
    end: Point
    work_start: int
    work_end: int
    lunch: Lunch | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.work_start < self.work_end <= DAY:
            raise ValueError("a working day starts before it ends, within the day")
        if self.lunch is not None and not (self.work_start <= self.lunch.earliest <= self.lunch.latest
                                           and self.lunch.latest + self.lunch.minutes * 60 <= self.work_end):
            raise ValueError("the lunch break falls within the working day")


@dataclass(frozen=True)
class Appointment:
    """The visit must start between ``start`` and ``end`` (seconds from midnight) of ``day``."""

    day: date
    start: int
    end: int


@dataclass(frozen=True)
class Job:
    """A company site to visit."""

    key: int
    point: Point
    service: int  # seconds the visit lasts
    priority: int = 50  # 0-100, VROOM's scale: when not all fit, the lowest are left out
    opening_hours: Mapping[str, Sequence[Sequence[str]]] = field(default_factory=dict)
    appointment: Appointment | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.priority <= 100:
            raise ValueError("priority is from 0 to 100")
        if self.service <= 0:
            raise ValueError("a visit lasts some time")


@dataclass(frozen=True)
class Problem:
    shifts: Sequence[Shift]
    jobs: Sequence[Job]

    @property
    def first_day(self) -> date:
        return min(shift.day for shift in self.shifts)

    def offset(self, day: date) -> int:
        return (day - self.first_day).days * DAY

    def day_of(self, seconds: int) -> date:
        return self.first_day + timedelta(days=seconds // DAY)

    def windows(self, job: Job) -> list[tuple[int, int]] | None:
        """When the visit may start, in plan seconds; None when unrestricted, [] when never on these days."""
        days = sorted({shift.day for shift in self.shifts})
        if job.appointment is None and not job.opening_hours:
            return None
        windows: list[tuple[int, int]] = []
        for day in days:
            base = self.offset(day)
            opening = opening_intervals(job.opening_hours, day)
            if opening is None:
                opening = [(0, DAY)]
            # the visit starts once open and ends by closing
            starts = [(a, b - job.service) for a, b in opening if b - job.service >= a]
            if job.appointment is not None:
                if job.appointment.day != day:
                    continue
                appointment = (job.appointment.start, job.appointment.end)
                starts = [(max(a, appointment[0]), min(b, appointment[1])) for a, b in starts
                          if max(a, appointment[0]) <= min(b, appointment[1])]
            windows.extend((base + a, base + b) for a, b in starts)
        return merge(windows)
