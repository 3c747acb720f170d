"""The status of an opportunity and the moves between them (pure: no Django).

identified → qualified → in progress → won / lost. An officer may skip qualification (a company that asks
for a worker at the visit is already qualified), may drop an open opportunity at any step (lost, with the
reason), and may reopen a lost one; a won opportunity is closed for good.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    IDENTIFIED = "identified"
    QUALIFIED = "qualified"
    IN_PROGRESS = "in_progress"
    WON = "won"
    LOST = "lost"


OPEN = frozenset({Stage.IDENTIFIED, Stage.QUALIFIED, Stage.IN_PROGRESS})

MOVES: dict[Stage, frozenset[Stage]] = {
    Stage.IDENTIFIED: frozenset({Stage.QUALIFIED, Stage.IN_PROGRESS, Stage.LOST}),
    Stage.QUALIFIED: frozenset({Stage.IDENTIFIED, Stage.IN_PROGRESS, Stage.LOST}),
    Stage.IN_PROGRESS: frozenset({Stage.QUALIFIED, Stage.WON, Stage.LOST}),
    Stage.WON: frozenset(),
    Stage.LOST: frozenset({Stage.IDENTIFIED}),
}

ORDER = (Stage.IDENTIFIED, Stage.QUALIFIED, Stage.IN_PROGRESS, Stage.WON, Stage.LOST)


def allowed_targets(current: str) -> list[Stage]:
    """Where an opportunity may go from ``current``, in the lifecycle's order."""
    targets = MOVES.get(Stage(current), frozenset())
    return [stage for stage in ORDER if stage in targets]


def may_move(current: str, target: str) -> bool:
    try:
        return Stage(target) in MOVES[Stage(current)]
    except ValueError:
        return False


def needs_reason(target: str) -> bool:
    """A lost opportunity says why (the reason is what the hub learns from)."""
    return target == Stage.LOST
