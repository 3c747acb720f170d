"""Which companies to approach first, and why: the pure scoring core (no Django).

Each company gets a priority 0–100, the sum of six parts, each reported as a reason (code, value, points):
sector demand for the hub's candidates, size, Law 68/1999 shortfall, how many candidates live near it,
the past relationship and how long since the last contact. The weights are data (``Weights``); the Django
layer builds ``CompanyFacts`` and the ``Population`` (aggregates only: counts per sector and per home comune,
never a person) in a few set-based queries and calls ``score_all`` once for the whole registry.

Deterministic: the same facts and weights give the same scores, ordered by score then company id.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields

import numpy as np

SECTOR_DEMAND, SIZE, LAW68, DISTANCE, RELATIONSHIP, LAST_CONTACT = (
    "sector_demand", "size", "law68_shortfall", "distance", "relationship", "last_contact")
PARTS = (SECTOR_DEMAND, SIZE, LAW68, DISTANCE, RELATIONSHIP, LAST_CONTACT)
# the relationship value for a dormant company that once was an active partner (worth waking up)
FORMER_PARTNER = "former_partner"
STATES = ("prospect", "contacted", "visited", "partner", "dormant", FORMER_PARTNER)
EARTH_RADIUS_KM = 6371.0088
SCORE_DECIMALS = 2


class WeightsError(ValueError):
    """Bad weights: the message names the key and the reason."""


def _default_relationship() -> dict[str, float]:
    # a former partner gone quiet is the warmest lead; an active partner already works with us (new places
    # still worth asking); a prospect is new; a company contacted without a visit has cooled down
    return {"prospect": 0.6, "contacted": 0.4, "visited": 0.7, "partner": 0.8, "dormant": 0.3,
            FORMER_PARTNER: 1.0}


@dataclass(frozen=True)
class Weights:
    # points of each part (relative; scaled so that the parts sum to 100)
    sector_demand: float = 30.0
    size: float = 10.0
    law68_shortfall: float = 20.0
    distance: float = 15.0
    relationship: float = 10.0
    last_contact: float = 15.0
    # full credit when this share of the active candidates seeks or did the sector's occupations
    demand_full_share: float = 0.4
    # full credit from this many employees (log scale below it: 15 employees already earn about half)
    size_full_employees: float = 250.0
    # full credit from this many uncovered reserved places (L. 68/1999 art. 3)
    law68_full_places: float = 3.0
    # candidates living within near_km of the company count as near; full credit at distance_full_share
    near_km: float = 15.0
    distance_full_share: float = 0.6
    relationship_credit: Mapping[str, float] = field(default_factory=_default_relationship)
    # a company contacted less than this many days ago earns proportionally fewer points (no pestering)
    contact_cooldown_days: float = 90.0
    unknown_credit: float = 0.5  # size or place unknown: half credit, neither rewarded nor punished

    def __post_init__(self) -> None:
        for name in PARTS:
            if getattr(self, name) < 0:
                raise WeightsError(f"weights: {name} must not be negative, got {getattr(self, name)}")
        if sum(getattr(self, name) for name in PARTS) <= 0:
            raise WeightsError(f"weights: the parts ({', '.join(PARTS)}) must sum to more than 0")
        for name in ("demand_full_share", "distance_full_share"):
            if not 0 < getattr(self, name) <= 1:
                raise WeightsError(f"weights: {name} must be more than 0 and at most 1, got {getattr(self, name)}")
        if not 0 <= self.unknown_credit <= 1:
            raise WeightsError(f"weights: unknown_credit must be between 0 and 1, got {self.unknown_credit}")
        for name in ("size_full_employees", "law68_full_places", "near_km", "contact_cooldown_days"):
            if getattr(self, name) <= 0:
                raise WeightsError(f"weights: {name} must be more than 0, got {getattr(self, name)}")
        missing = [s for s in STATES if s not in self.relationship_credit]
        if missing:
            raise WeightsError(f"weights: relationship_credit lacks {missing[0]!r} (needs {', '.join(STATES)})")
        for state, value in self.relationship_credit.items():
            if state not in STATES:
                raise WeightsError(f"weights: relationship_credit has unknown state {state!r}")
            if not 0 <= value <= 1:
                raise WeightsError(f"weights: relationship_credit[{state!r}] must be between 0 and 1, got {value}")

    @classmethod
    def from_dict(cls, values: Mapping[str, object]) -> Weights:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise WeightsError(f"weights: unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})")
        converted: dict[str, object] = {}
        for name, value in values.items():
            try:
                if name == "relationship_credit":
                    if not isinstance(value, Mapping):
                        raise TypeError
                    converted[name] = {str(k): float(v) for k, v in value.items()}
                else:
                    if isinstance(value, bool):
                        raise TypeError
                    converted[name] = float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError) as problem:
                raise WeightsError(f"weights: {name} has a bad value {value!r}") from problem
            if name != "relationship_credit" and not math.isfinite(converted[name]):  # type: ignore[arg-type]
                raise WeightsError(f"weights: {name} must be a finite number, got {value!r}")
        return cls(**converted)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, object]:
        values = asdict(self)
        values["relationship_credit"] = dict(self.relationship_credit)
        return values

    def points(self) -> dict[str, float]:
        """Each part's maximum points, scaled so that they sum to 100."""
        total = sum(float(getattr(self, name)) for name in PARTS)
        return {name: 100.0 * float(getattr(self, name)) / total for name in PARTS}


@dataclass(frozen=True)
class CompanyFacts:
    id: int
    ateco_division: str = ""  # the first two digits of the ATECO code ("56"), "" when unknown
    employees: int | None = None
    law68_shortfall: int = 0
    state: str = "prospect"
    was_partner: bool = False  # the history shows an active partnership
    days_since_contact: int | None = None  # None: never contacted
    point: tuple[float, float] | None = None  # lat, lon of the headquarters (or its comune)


@dataclass(frozen=True)
class Population:
    """The hub's active candidates, aggregated: never a person."""

    total: int = 0
    demand_by_division: Mapping[str, int] = field(default_factory=dict)  # division -> candidates it employs
    homes: Sequence[tuple[float, float, int]] = ()  # (lat, lon, candidates living there)


@dataclass(frozen=True)
class Reason:
    code: str
    value: int | float | str | None
    points: float


@dataclass(frozen=True)
class ScoreResult:
    company_id: int
    score: float  # 0–100, the sum of the reasons' points
    reasons: tuple[Reason, ...]

    def reason(self, code: str) -> Reason | None:
        return next((r for r in self.reasons if r.code == code), None)


# --- sector demand ----------------------------------------------------------------------------------------

def isco_matches(isco_group: str, prefixes: Iterable[str]) -> bool:
    return any(isco_group.startswith(prefix) for prefix in prefixes)


def sector_demand(candidate_groups: Iterable[frozenset[str]],
                  sector_groups: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """For each ATECO division, how many candidates have an ISCO group (of an occupation sought or done)
    that the division employs; each candidate counts once per division. ``sector_groups`` maps a division
    to ISCO prefixes ("51" covers 5120, 5131…). Cost: distinct group sets × divisions, not candidates."""
    sets: dict[frozenset[str], int] = {}
    for groups in candidate_groups:
        if groups:
            sets[groups] = sets.get(groups, 0) + 1
    demand: dict[str, int] = {}
    for division, prefixes in sector_groups.items():
        demand[division] = sum(count for groups, count in sets.items()
                               if any(isco_matches(group, prefixes) for group in groups))
    return demand


# --- distance ---------------------------------------------------------------------------------------------

def near_counts(points: np.ndarray, homes: Sequence[tuple[float, float, int]], near_km: float,
                chunk: int = 4096) -> np.ndarray:
    """For each (lat, lon) row of ``points``, the candidates whose home lies within ``near_km``
    (great-circle), vectorised over home places in chunks of points (bounded memory)."""
    result = np.zeros(len(points), dtype=np.int64)
    if not len(points) or not homes:
        return result
    home = np.asarray([(h[0], h[1]) for h in homes], dtype=np.float64)
    counts = np.asarray([h[2] for h in homes], dtype=np.int64)
    hlat, hlon = np.radians(home[:, 0]), np.radians(home[:, 1])
    for start in range(0, len(points), chunk):
        block = np.radians(points[start:start + chunk])
        lat, lon = block[:, :1], block[:, 1:2]
        a = (np.sin((hlat - lat) / 2) ** 2
             + np.cos(lat) * np.cos(hlat) * np.sin((hlon - lon) / 2) ** 2)
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        result[start:start + chunk] = (km <= near_km) @ counts
    return result


# --- the parts --------------------------------------------------------------------------------------------

def _ratio(value: float, full: float) -> float:
    return max(0.0, min(1.0, value / full))


def size_credit(employees: int | None, weights: Weights) -> float:
    if employees is None:
        return weights.unknown_credit
    return _ratio(math.log1p(max(0, employees)), math.log1p(weights.size_full_employees))


def relationship_value(state: str, was_partner: bool) -> str:
    return FORMER_PARTNER if state == "dormant" and was_partner else state


def contact_credit(days: int | None, weights: Weights) -> float:
    return 1.0 if days is None else _ratio(max(0, days), weights.contact_cooldown_days)


def _credits(company: CompanyFacts, population: Population, near: int | None,
             weights: Weights) -> list[tuple[str, int | float | str | None, float]]:
    demand = population.demand_by_division.get(company.ateco_division, 0) if company.ateco_division else 0
    share = demand / population.total if population.total else 0.0
    relation = relationship_value(company.state, company.was_partner)
    if near is None or not population.total:
        distance_credit = weights.unknown_credit
    else:
        distance_credit = _ratio(near / population.total, weights.distance_full_share)
    return [
        (SECTOR_DEMAND, demand, _ratio(share, weights.demand_full_share)),
        (SIZE, company.employees, size_credit(company.employees, weights)),
        (LAW68, company.law68_shortfall, _ratio(company.law68_shortfall, weights.law68_full_places)),
        (DISTANCE, near, distance_credit),
        (RELATIONSHIP, relation, weights.relationship_credit.get(relation, 0.0)),
        (LAST_CONTACT, company.days_since_contact, contact_credit(company.days_since_contact, weights)),
    ]


def _result(company: CompanyFacts, population: Population, near: int | None, weights: Weights,
            maxima: Mapping[str, float]) -> ScoreResult:
    reasons = tuple(Reason(code, value, round(maxima[code] * credit, SCORE_DECIMALS))
                    for code, value, credit in _credits(company, population, near, weights))
    # the score is the sum of the rounded points, so what the page shows adds up exactly
    score = round(min(100.0, sum(r.points for r in reasons)), SCORE_DECIMALS)
    return ScoreResult(company.id, score, reasons)


def score_one(company: CompanyFacts, population: Population, weights: Weights) -> ScoreResult:
    """One company alone (the per-company baseline, and the reference the set-based path must agree with)."""
    near = None
    if company.point is not None:
        near = int(near_counts(np.asarray([company.point], dtype=np.float64), population.homes,
                               weights.near_km)[0])
    return _result(company, population, near, weights, weights.points())


def score_all(companies: Sequence[CompanyFacts], population: Population, weights: Weights) -> list[ScoreResult]:
    """Every company scored, best first (ties by company id); the distances computed in one vectorised pass."""
    located = [i for i, c in enumerate(companies) if c.point is not None]
    near_of: dict[int, int] = {}
    if located:
        points = np.asarray([companies[i].point for i in located], dtype=np.float64)
        counts = near_counts(points, population.homes, weights.near_km)
        near_of = {i: int(n) for i, n in zip(located, counts, strict=True)}
    maxima = weights.points()
    results = [_result(c, population, near_of.get(i), weights, maxima) for i, c in enumerate(companies)]
    return sorted(results, key=lambda r: (-r.score, r.company_id))
