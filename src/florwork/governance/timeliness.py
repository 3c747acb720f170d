"""Timeliness figures: how long the hub takes, as the median and 90th percentile per group.

A pure module (no Django). Each measured interval runs from one dated milestone to another (a referral
to its first contact, a partner referral to its answer) and is counted in Italian working days like the
SLA clocks (``florwork.cases.sla``): the start day is day zero. Intervals still open are not guessed
at: they are counted apart as pending, with the longest wait so far, so that a slow team cannot look
fast by leaving the slowest cases unanswered. Intervals that ended without the milestone (a partner
referral that expired unanswered, a case dropped before any contact) are counted as unanswered.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from florwork.cases.sla import ROME
from florwork.cases.workdays import FLORENCE, WorkingCalendar


@dataclass(frozen=True)
class Interval:
    group: str
    start: dt.datetime  # aware
    end: dt.datetime | None  # None while still waiting
    answered: bool = True  # False: it ended at ``end`` without the milestone (expired, dropped)


@dataclass(frozen=True)
class Figures:
    group: str
    completed: int
    median: float | None  # working days, None when nothing completed
    p90: float | None
    pending: int
    longest_pending: int | None  # working days waited so far by the oldest still open
    unanswered: int = 0


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(ROME).date()


def _summary(group: str, done: list[int], waiting: list[int], unanswered: int) -> Figures:
    median = p90 = None
    if done:
        values = np.asarray(done, dtype=float)
        median, p90 = (round(float(v), 1) for v in np.percentile(values, [50, 90]))
    return Figures(group=group, completed=len(done), median=median, p90=p90, pending=len(waiting),
                   longest_pending=max(waiting) if waiting else None, unanswered=unanswered)


def figures(intervals: Iterable[Interval], *, now: dt.datetime, total_label: str,
            calendar: WorkingCalendar = FLORENCE) -> list[Figures]:
    """One row per group, sorted by name, then a total row over every interval."""
    today = _day(now)
    done: dict[str, list[int]] = defaultdict(list)
    waiting: dict[str, list[int]] = defaultdict(list)
    unanswered: dict[str, int] = defaultdict(int)
    for interval in intervals:
        start = _day(interval.start)
        if not interval.answered:
            unanswered[interval.group] += 1
        elif interval.end is None:
            waiting[interval.group].append(calendar.working_days_between(start, today))
        else:
            done[interval.group].append(calendar.working_days_between(start, _day(interval.end)))
    groups = sorted(set(done) | set(waiting) | set(unanswered))
    rows = [_summary(g, done[g], waiting[g], unanswered[g]) for g in groups]
    every_done = [d for g in groups for d in done[g]]
    every_waiting = [w for g in groups for w in waiting[g]]
    return rows + [_summary(total_label, every_done, every_waiting, sum(unanswered.values()))]
