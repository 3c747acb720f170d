"""The relationship with a company: prospect → contacted → visited → active partner → dormant, and back.

Pure (no Django). The transitions an officer may record; the history is kept by the services.
"""

from __future__ import annotations

from enum import StrEnum


class Relationship(StrEnum):
    PROSPECT = "prospect"
    CONTACTED = "contacted"
    VISITED = "visited"
    PARTNER = "partner"
    DORMANT = "dormant"


R = Relationship
TRANSITIONS: dict[Relationship, frozenset[Relationship]] = {
    R.PROSPECT: frozenset({R.CONTACTED, R.VISITED, R.DORMANT}),  # a walk-in visit skips the call
    R.CONTACTED: frozenset({R.VISITED, R.PARTNER, R.DORMANT}),
    R.VISITED: frozenset({R.PARTNER, R.CONTACTED, R.DORMANT}),
    R.PARTNER: frozenset({R.DORMANT, R.VISITED}),
    R.DORMANT: frozenset({R.CONTACTED, R.VISITED, R.PARTNER}),  # a dormant company is woken up again
}


def allowed_targets(state: str) -> list[Relationship]:
    return sorted(TRANSITIONS[Relationship(state)], key=list(Relationship).index)


def may_move(from_state: str, to_state: str) -> bool:
    try:
        return Relationship(to_state) in TRANSITIONS[Relationship(from_state)]
    except ValueError:
        return False
