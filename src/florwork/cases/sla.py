"""SLA clocks over a case's dated milestones, counted in Italian working days.

A pure module (no Django). A clock starts at one milestone (the referral, the intake) and
stops at another (first contact, intake, assessment). Milestones are aware datetimes and are
turned into dates in Europe/Rome before counting, so a referral at 23:30 UTC on a Friday in
summer belongs to the Saturday.

The day a clock starts is day zero; the target falls on the date ``target.working_days``
working days later (the due date). The target is met when the clock stops on or before the
due date, and breached once a day after the due date has begun, weekends included: a stop on
the Saturday after a Friday due date is late.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from florwork.cases.workdays import FLORENCE, WorkingCalendar

ROME = ZoneInfo("Europe/Rome")


class SlaClock(enum.StrEnum):
    REFERRAL_TO_FIRST_CONTACT = "referral_to_first_contact"
    REFERRAL_TO_INTAKE = "referral_to_intake"
    INTAKE_TO_ASSESSMENT = "intake_to_assessment"


class SlaState(enum.StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    DUE_SOON = "due_soon"
    BREACHED = "breached"
    MET = "met"
    MET_LATE = "met_late"


BREACH_STATES = frozenset({SlaState.BREACHED, SlaState.MET_LATE})


@dataclass(frozen=True)
class SlaTarget:
    """A clock's target: ``working_days`` to stop it, "due soon" from ``warn_at`` days elapsed."""

    clock: SlaClock
    working_days: int
    warn_at: int

    def __post_init__(self) -> None:
        if self.working_days < 0:
            raise ValueError(f"{self.clock}: working_days must be zero or positive, got {self.working_days}")
        if not 0 <= self.warn_at <= self.working_days:
            raise ValueError(f"{self.clock}: warn_at must be between 0 and {self.working_days}, got {self.warn_at}")


# Starting values until the hub sets its own; callers pass the configured targets.
DEFAULT_TARGETS: dict[SlaClock, SlaTarget] = {
    SlaClock.REFERRAL_TO_FIRST_CONTACT: SlaTarget(SlaClock.REFERRAL_TO_FIRST_CONTACT, working_days=5, warn_at=3),
    SlaClock.REFERRAL_TO_INTAKE: SlaTarget(SlaClock.REFERRAL_TO_INTAKE, working_days=10, warn_at=7),
    SlaClock.INTAKE_TO_ASSESSMENT: SlaTarget(SlaClock.INTAKE_TO_ASSESSMENT, working_days=20, warn_at=15),
}


@dataclass(frozen=True)
class SlaStatus:
    """Where a clock stands.

    ``elapsed_working_days`` runs from the start date up to the stop date, or up to today while
    the clock runs. ``remaining_working_days`` is what is left before the due date (at the stop
    for a stopped clock), never negative; ``overdue_working_days`` is how far past it, also never
    negative. ``due_date`` is None only when the clock has not started.
    """

    clock: SlaClock
    state: SlaState
    elapsed_working_days: int
    remaining_working_days: int
    overdue_working_days: int
    due_date: dt.date | None

    @property
    def is_breach(self) -> bool:
        return self.state in BREACH_STATES


def rome_date(moment: dt.datetime) -> dt.date:
    """The calendar date in Florence of an aware datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"an aware datetime is required, got {moment!r}")
    return moment.astimezone(ROME).date()


def evaluate(
    *,
    clock_start: dt.datetime | None,
    clock_stop: dt.datetime | None,
    target: SlaTarget,
    today: dt.date,
    calendar: WorkingCalendar = FLORENCE,
) -> SlaStatus:
    """The state of one clock on ``today`` (a Europe/Rome date, e.g. ``timezone.localdate()``).

    A stop without a start is refused, and so is a stop dated before the start.
    """
    if clock_start is None:
        if clock_stop is not None:
            raise ValueError(f"{target.clock}: the clock stops but never started")
        return SlaStatus(target.clock, SlaState.NOT_STARTED, 0, target.working_days, 0, None)
    start = rome_date(clock_start)
    due = calendar.add_working_days(start, target.working_days)
    if clock_stop is not None:
        stop = rome_date(clock_stop)
        if stop < start:
            raise ValueError(f"{target.clock}: the clock stops on {stop}, before it starts on {start}")
        state = SlaState.MET if stop <= due else SlaState.MET_LATE
        return _status(target, state, start=start, until=stop, due=due, calendar=calendar)
    if today > due:
        state = SlaState.BREACHED
    elif calendar.working_days_between(start, today) >= target.warn_at:
        state = SlaState.DUE_SOON
    else:
        state = SlaState.RUNNING
    return _status(target, state, start=start, until=today, due=due, calendar=calendar)


def _status(
    target: SlaTarget, state: SlaState, *, start: dt.date, until: dt.date, due: dt.date, calendar: WorkingCalendar
) -> SlaStatus:
    elapsed = calendar.working_days_between(start, until)
    remaining = calendar.working_days_between(max(until, start), due)
    # On a weekend after the due date no working day has passed yet, but the date has: count it as one.
    overdue = max(calendar.working_days_between(due, until), 1) if until > due else 0
    return SlaStatus(target.clock, state, elapsed, remaining, overdue, due)


def summarize(statuses: Iterable[SlaStatus]) -> dict[SlaState, int]:
    """How many clocks are in each state, every state present (zero included), in SlaState order."""
    counts = dict.fromkeys(SlaState, 0)
    for status in statuses:
        counts[status.state] += 1
    return counts
