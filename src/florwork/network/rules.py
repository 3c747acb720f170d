"""The rules of the partner network (pure: no Django): who is eligible for a service, which capacity
period a seat belongs to, and how a partner referral moves through its closed loop.

    sent ──► accepted ──► started ──► completed
      │  ╲       │             ╰────► interrupted (reason)
      │   ╲      ╰──► declined (reason; the seat goes back)
      │    ╰► waiting list ──► accepted / declined (reason)
      ├──► declined (reason)
      ╰──► expired (not answered within the working days set by the programme manager)

A referral holds a seat of the capacity period in which it was accepted while it is accepted or
started; declining after acceptance, interrupting and completing give the seat back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class RState(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WAITING_LIST = "waiting_list"
    STARTED = "started"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"
    EXPIRED = "expired"


TRANSITIONS: dict[RState, frozenset[RState]] = {
    RState.SENT: frozenset({RState.ACCEPTED, RState.DECLINED, RState.WAITING_LIST, RState.EXPIRED}),
    RState.WAITING_LIST: frozenset({RState.ACCEPTED, RState.DECLINED}),
    RState.ACCEPTED: frozenset({RState.STARTED, RState.DECLINED}),
    RState.STARTED: frozenset({RState.COMPLETED, RState.INTERRUPTED}),
}
NEEDS_REASON = frozenset({RState.DECLINED, RState.INTERRUPTED})
HOLDS_SEAT = frozenset({RState.ACCEPTED, RState.STARTED})
# the partner answers with these; expiry is the system's, not an answer
ANSWERS = frozenset({RState.ACCEPTED, RState.DECLINED, RState.WAITING_LIST})
PARTNER_TARGETS = frozenset({RState.ACCEPTED, RState.DECLINED, RState.WAITING_LIST, RState.STARTED,
                             RState.COMPLETED, RState.INTERRUPTED})


class TransitionRefused(ValueError):
    def __init__(self, code: str, from_state: str, to_state: str) -> None:
        super().__init__(f"{code}: {from_state} -> {to_state}")
        self.code = code
        self.from_state = from_state
        self.to_state = to_state


@dataclass(frozen=True)
class Move:
    from_state: RState
    to_state: RState
    takes_seat: bool  # the referral must get a seat of the current period
    frees_seat: bool  # the seat it held goes back
    is_answer: bool  # the first answer to a sent referral (the timeliness clock stops)


def check_transition(from_state: str, to_state: str, *, reason: str = "") -> Move:
    """The move, or TransitionRefused with code ``not_allowed`` or ``reason_required``."""
    source, target = RState(from_state), RState(to_state)
    if target not in TRANSITIONS.get(source, frozenset()):
        raise TransitionRefused("not_allowed", source, target)
    if target in NEEDS_REASON and not reason.strip():
        raise TransitionRefused("reason_required", source, target)
    return Move(source, target, takes_seat=target in HOLDS_SEAT and source not in HOLDS_SEAT,
                frees_seat=source in HOLDS_SEAT and target not in HOLDS_SEAT,
                is_answer=source == RState.SENT and target in ANSWERS)


def allowed_targets(state: str) -> list[str]:
    """What the partner may move a referral to from ``state`` (expiry is left to the scheduled job)."""
    order = [RState.ACCEPTED, RState.WAITING_LIST, RState.STARTED, RState.COMPLETED, RState.DECLINED,
             RState.INTERRUPTED]
    targets = TRANSITIONS.get(RState(state), frozenset())
    return [s.value for s in order if s in targets and s in PARTNER_TARGETS]


# --- capacity ----------------------------------------------------------------------------------------

def period_start(period: str, day: dt.date) -> dt.date:
    """The first day of the month, quarter or year that contains ``day``."""
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if period == "year":
        return dt.date(day.year, 1, 1)
    raise ValueError(f"unknown capacity period {period!r}")


def seats_left(seats_per_period: int | None, taken: int) -> int | None:
    """Free seats in the period (None: no limit)."""
    if seats_per_period is None:
        return None
    return max(0, seats_per_period - taken)


# --- eligibility -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Eligibility:
    min_age: int | None = None
    max_age: int | None = None
    pathways: tuple[int, ...] = ()  # empty: any pathway
    disability_required: bool = False
    residence_istat: tuple[str, ...] = ()  # empty: any comune


@dataclass(frozen=True)
class Applicant:
    age: int | None
    pathway: int | None
    has_disability: bool | None  # None: not known to whoever asks
    residence_istat: str


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def ineligibility(rules: Eligibility, who: Applicant) -> list[str]:
    """Codes of the rules the applicant does not meet (empty: eligible): age, pathway, disability, residence."""
    reasons = []
    if who.age is not None and ((rules.min_age is not None and who.age < rules.min_age)
                                or (rules.max_age is not None and who.age > rules.max_age)):
        reasons.append("age")
    if rules.pathways and who.pathway not in rules.pathways:
        reasons.append("pathway")
    if rules.disability_required and not who.has_disability:
        reasons.append("disability")
    if rules.residence_istat and who.residence_istat not in rules.residence_istat:
        reasons.append("residence")
    return reasons
