"""What an import does with each row, from the linkage's evidence: merge, follow another row, review or new.

Pure (no Django). The rules, in order:
1. a row with errors is not imported;
2. a valid partita IVA already in the registry is the same company (exact key, no model needed);
3. rows of the file that are certainly the same company (the same valid partita IVA, or a linkage probability
   at or above the merge threshold) form a group: the group goes where its first certain match goes, and a
   group without one becomes one company (its first row creates it, the others follow that row);
4. otherwise a registry match at or above the merge threshold merges;
5. matches between the two thresholds go to the review queue, best first, at most ``MAX_PAIRS``;
6. everything else is a new company.
Two records with valid, different partite IVA are two companies (two registrations at the Agenzia delle
Entrate, D.P.R. 633/1972 art. 35), however alike their names: such pairs are dropped, never merged or reviewed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

MAX_PAIRS = 3

Kind = Literal["invalid", "merge", "follow", "review", "new"]


@dataclass(frozen=True)
class Thresholds:
    merge: float
    review: float


@dataclass(frozen=True)
class RowFacts:
    number: int
    valid: bool
    vat: str | None = None  # a valid partita IVA (11 digits), else None
    registry_match: int | None = None  # the company holding the same partita IVA


@dataclass(frozen=True)
class Candidate:
    """A scored pair from the linkage: ``row`` against a company or against an earlier row of the file."""

    row: int
    probability: float
    company: int | None = None
    other_row: int | None = None
    weights: Mapping[str, float] = field(default_factory=dict)


@dataclass
class Decision:
    kind: Kind
    company: int | None = None
    follows: int | None = None
    probability: float | None = None
    automatic: bool = False
    pairs: list[Candidate] = field(default_factory=list)


class _Groups:
    def __init__(self, numbers: Iterable[int]) -> None:
        self.parent = {number: number for number in numbers}

    def find(self, number: int) -> int:
        while self.parent[number] != number:
            self.parent[number] = self.parent[self.parent[number]]
            number = self.parent[number]
        return number

    def union(self, a: int, b: int) -> None:
        first, second = sorted((self.find(a), self.find(b)))
        self.parent[second] = first  # the root is always the group's first row


def _conflicting(a: str | None, b: str | None) -> bool:
    return bool(a and b and a != b)


def plan(rows: list[RowFacts], candidates: list[Candidate], *, company_vats: Mapping[int, str],
         thresholds: Thresholds) -> dict[int, Decision]:
    """{row number: Decision} for every row."""
    facts = {row.number: row for row in rows}
    valid = sorted(row.number for row in rows if row.valid)
    groups = _Groups(valid)
    by_vat: dict[str, int] = {}
    for number in valid:
        vat = facts[number].vat
        if vat:
            if vat in by_vat:
                groups.union(by_vat[vat], number)
            else:
                by_vat[vat] = number
    registry: dict[int, list[Candidate]] = {}
    within: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        if candidate.row not in groups.parent:
            continue
        if candidate.company is not None:
            if not _conflicting(facts[candidate.row].vat, company_vats.get(candidate.company)):
                registry.setdefault(candidate.row, []).append(candidate)
            continue
        other = candidate.other_row
        if other is None or other not in groups.parent or other == candidate.row:
            continue
        later, earlier = max(candidate.row, other), min(candidate.row, other)
        candidate = Candidate(later, candidate.probability, other_row=earlier, weights=candidate.weights)
        if _conflicting(facts[later].vat, facts[earlier].vat):
            continue
        if candidate.probability >= thresholds.merge:
            groups.union(later, earlier)
        else:
            within.setdefault(later, []).append(candidate)
    own = {number: _own_target(facts[number], registry.get(number, []), company_vats, thresholds)
           for number in valid}
    targets: dict[int, tuple[int, float | None, bool]] = {}
    for exact_only in (True, False):  # exact identifiers first, then the fuzzy matches, in row order
        for number in valid:
            root, target = groups.find(number), own[number]
            if root not in targets and target is not None and (target[2] or not exact_only):
                targets[root] = target
    decisions: dict[int, Decision] = {row.number: Decision("invalid") for row in rows if not row.valid}
    for number in valid:
        decisions[number] = _decide(number, groups, own[number], targets, registry.get(number, []),
                                    within.get(number, []), facts, company_vats, thresholds)
    return decisions


def _own_target(row: RowFacts, registry: list[Candidate], company_vats: Mapping[int, str],
                thresholds: Thresholds) -> tuple[int, float | None, bool] | None:
    """(company, probability, exact) of the row's own certain match, if any."""
    if row.registry_match is not None:
        return row.registry_match, 1.0, True
    certain = [c for c in registry if c.probability >= thresholds.merge and c.company is not None]
    if not certain:
        return None
    best = max(certain, key=lambda c: (c.probability, -(c.company or 0)))
    assert best.company is not None
    return best.company, best.probability, False


def _decide(number: int, groups: _Groups, own: tuple[int, float | None, bool] | None,
            targets: Mapping[int, tuple[int, float | None, bool]], registry: list[Candidate],
            within: list[Candidate], facts: Mapping[int, RowFacts], company_vats: Mapping[int, str],
            thresholds: Thresholds) -> Decision:
    root = groups.find(number)
    if own is not None:
        return Decision("merge", company=own[0], probability=own[1], automatic=True)
    if root in targets:
        return Decision("merge", company=targets[root][0], probability=None, automatic=True)
    if root != number:
        return Decision("follow", follows=root)
    pairs = [c for c in registry if c.probability >= thresholds.review]
    pairs += [c for c in within if c.probability >= thresholds.review and c.other_row is not None
              and groups.find(c.other_row) != root]
    pairs.sort(key=lambda c: (-c.probability, c.company or 0, c.other_row or 0))
    if pairs:
        return Decision("review", pairs=pairs[:MAX_PAIRS])
    return Decision("new")
