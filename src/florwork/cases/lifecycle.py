"""The case lifecycle as an explicit state machine (pure: no Django).

referred → intake → assessed → planned → active → placed → follow_up → closed,
plus suspended (resumes to the state it left) and dropped, both with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    REFERRED = "referred"
    INTAKE = "intake"
    ASSESSED = "assessed"
    PLANNED = "planned"
    ACTIVE = "active"
    PLACED = "placed"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"
    SUSPENDED = "suspended"
    DROPPED = "dropped"


S = State
FINAL = frozenset({S.CLOSED, S.DROPPED})
OPEN = frozenset(State) - FINAL
SUSPENDABLE = frozenset({S.INTAKE, S.ASSESSED, S.PLANNED, S.ACTIVE, S.PLACED, S.FOLLOW_UP})
NEEDS_REASON = frozenset({S.SUSPENDED, S.DROPPED})

# the forward path, and the one way back: a placement lost before follow-up ends returns to active
FORWARD: dict[State, frozenset[State]] = {
    S.REFERRED: frozenset({S.INTAKE}),
    S.INTAKE: frozenset({S.ASSESSED}),
    S.ASSESSED: frozenset({S.PLANNED}),
    S.PLANNED: frozenset({S.ACTIVE}),
    S.ACTIVE: frozenset({S.PLACED}),
    S.PLACED: frozenset({S.FOLLOW_UP, S.ACTIVE}),
    S.FOLLOW_UP: frozenset({S.CLOSED, S.ACTIVE}),
}


class TransitionRefused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Transition:
    from_state: State
    to_state: State
    resume_to: State | None = None  # where a suspended case goes back to


def allowed_targets(state: State, suspended_from: State | None = None) -> frozenset[State]:
    if state in FINAL:
        return frozenset()
    if state == S.SUSPENDED:
        return frozenset({suspended_from, S.DROPPED} - {None})  # type: ignore[arg-type]
    targets = set(FORWARD.get(state, frozenset())) | {S.DROPPED}
    if state in SUSPENDABLE:
        targets.add(S.SUSPENDED)
    return frozenset(targets)


def check_transition(state: str, to_state: str, *, reason: str = "", suspended_from: str | None = None) -> Transition:
    """The transition if it is allowed; otherwise TransitionRefused saying why."""
    try:
        current, target = State(state), State(to_state)
    except ValueError:
        raise TransitionRefused("unknown_state", f"unknown state {to_state!r}") from None
    resumed = State(suspended_from) if suspended_from else None
    if current in FINAL:
        raise TransitionRefused("final", f"the case is {current.value}: a closed or dropped case cannot change; "
                                         "open a new case instead")
    if target == current:
        raise TransitionRefused("same_state", f"the case is already {current.value}")
    if target not in allowed_targets(current, resumed):
        allowed = ", ".join(sorted(s.value for s in allowed_targets(current, resumed)))
        raise TransitionRefused("not_allowed", f"a case cannot go from {current.value} to {target.value} "
                                               f"(allowed: {allowed})")
    if target in NEEDS_REASON and not reason.strip():
        raise TransitionRefused("reason_required", f"moving a case to {target.value} needs a reason")
    return Transition(current, target, resume_to=current if target == S.SUSPENDED else None)
