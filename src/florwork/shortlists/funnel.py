"""The placement funnel as a pure core: the allowed steps, and counts and conversion over entries.

No Django import: the stages are plain strings (the values of ``models.Stage``) so that the rules can be
tested and reused alone (the API, the pages and the demo all go through ``services.entry_advance``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

PROPOSED, PRESENTED, INTERVIEW, TRIAL, HIRED, NOT_HIRED = (
    "proposed", "presented", "interview", "trial", "hired", "not_hired")

# The forward path; NOT_HIRED closes an entry from any step after the presentation (before it, the officer
# simply removes the candidate from the shortlist).
ORDER: tuple[str, ...] = (PROPOSED, PRESENTED, INTERVIEW, TRIAL, HIRED)
NEXT: Mapping[str, frozenset[str]] = {
    PROPOSED: frozenset({PRESENTED}),
    PRESENTED: frozenset({INTERVIEW, NOT_HIRED}),
    INTERVIEW: frozenset({TRIAL, HIRED, NOT_HIRED}),  # hired straight after the interview, or a trial first
    TRIAL: frozenset({HIRED, NOT_HIRED}),
    HIRED: frozenset(),
    NOT_HIRED: frozenset(),
}
FINAL = frozenset({HIRED, NOT_HIRED})
SMALL_CELL = 5  # counts under this are suppressed on aggregate views (as on the network cohort page)


class StepRefused(Exception):
    def __init__(self, code: str, from_stage: str, to_stage: str) -> None:
        super().__init__(code)
        self.code, self.from_stage, self.to_stage = code, from_stage, to_stage


def check_step(from_stage: str, to_stage: str, *, on: date, last_step_on: date | None, today: date,
               reason: str = "", reasons: Iterable[str] = ()) -> None:
    """Raise StepRefused unless ``from_stage`` may move to ``to_stage`` on the date ``on``."""
    if to_stage not in NEXT:
        raise StepRefused("unknown_stage", from_stage, to_stage)
    if to_stage not in NEXT.get(from_stage, frozenset()):
        raise StepRefused("not_allowed", from_stage, to_stage)
    if on > today:
        raise StepRefused("future_date", from_stage, to_stage)
    if last_step_on is not None and on < last_step_on:
        raise StepRefused("before_previous", from_stage, to_stage)
    if to_stage == NOT_HIRED and reason not in set(reasons):
        raise StepRefused("reason_required", from_stage, to_stage)


@dataclass(frozen=True)
class EntryFacts:
    """What the funnel needs of one shortlist entry: which steps it reached (a date per step)."""

    group: str  # the vacancy, company, officer or pathway it is counted under
    steps: frozenset[str]  # every step with a date, including not_hired


@dataclass(frozen=True)
class Step:
    stage: str
    count: int | None  # None: suppressed (a small cell)
    conversion: float | None  # share of the previous step's entries that reached this one


@dataclass(frozen=True)
class FunnelRow:
    group: str
    total: int | None
    steps: tuple[Step, ...]


FUNNEL_STAGES: tuple[str, ...] = (*ORDER, NOT_HIRED)
# the step whose entries a step's conversion is a share of: a hire may follow the interview directly, so both
# trial and hired are shares of the interviews; not hired is a share of the presentations
BASE: Mapping[str, str] = {PRESENTED: PROPOSED, INTERVIEW: PRESENTED, TRIAL: INTERVIEW, HIRED: INTERVIEW,
                           NOT_HIRED: PRESENTED}


def _cell(count: int, suppress: bool) -> int | None:
    return None if suppress and 0 < count < SMALL_CELL else count


def funnel(entries: Iterable[EntryFacts], *, suppress: bool = False) -> list[FunnelRow]:
    """Counts per step and conversion from its base step (``BASE``), per group (sorted by group), then 'all'.

    With ``suppress`` a count under SMALL_CELL is hidden, and so is any conversion computed from one."""
    groups: dict[str, list[frozenset[str]]] = {}
    for fact in entries:
        groups.setdefault(fact.group, []).append(fact.steps)
    rows = [_row(name, groups[name], suppress) for name in sorted(groups)]
    everything = [steps for group in groups.values() for steps in group]
    if everything:
        total = _row("", everything, suppress)
        rows.append(_hide_differences(total, rows) if suppress else total)
    return rows


def _hide_differences(total: FunnelRow, groups: list[FunnelRow]) -> FunnelRow:
    """A total minus the shown groups would give back a suppressed cell: hide the total of any step with a
    suppressed group cell (and the conversions that would give it back)."""
    hidden = {step.stage for row in groups for step in row.steps if step.count is None}
    steps = tuple(Step(step.stage, None if step.stage in hidden else step.count,
                       None if step.stage in hidden or BASE.get(step.stage) in hidden else step.conversion)
                  for step in total.steps)
    whole = None if any(row.total is None for row in groups) else total.total
    return FunnelRow(total.group, whole, steps)


def _row(group: str, entries: list[frozenset[str]], suppress: bool) -> FunnelRow:
    counts = {stage: sum(1 for steps in entries if stage in steps) for stage in FUNNEL_STAGES}
    steps: list[Step] = []
    for stage in FUNNEL_STAGES:
        count = counts[stage]
        base = counts[BASE[stage]] if stage in BASE else None
        hidden = suppress and (0 < count < SMALL_CELL or (base is not None and 0 < base < SMALL_CELL))
        conversion = None if not base or hidden else round(count / base, 3)
        steps.append(Step(stage, _cell(count, suppress), conversion))
    return FunnelRow(group, _cell(len(entries), suppress), tuple(steps))
