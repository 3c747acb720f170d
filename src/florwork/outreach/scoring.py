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
from typing import NamedTuple

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


class Reason(NamedTuple):
    code: str
    value: int | float | str | None
    points: float


class ScoreResult:
    """A company's priority 0–100 (the sum of its reasons' points) and its reasons, in PARTS order.

    The reasons are built when first read: scoring a whole registry then costs one array row per company,
    and only the companies shown (a page, a campaign's targets) pay for their Reason tuples."""

    __slots__ = ("company_id", "score", "_reasons", "_points", "_values")

    def __init__(self, company_id: int, score: float, reasons: tuple[Reason, ...] | None = None, *,
                 points: Sequence[float] = (), values: Sequence[int | float | str | None] = ()) -> None:
        self.company_id, self.score = company_id, score
        self._reasons, self._points, self._values = reasons, points, values

    @property
    def reasons(self) -> tuple[Reason, ...]:
        if self._reasons is None:
            self._reasons = tuple(Reason(code, value, float(points))
                                  for code, value, points in zip(PARTS, self._values, self._points, strict=True))
        return self._reasons

    def reason(self, code: str) -> Reason | None:
        return next((r for r in self.reasons if r.code == code), None)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScoreResult):
            return NotImplemented
        return (self.company_id, self.score, self.reasons) == (other.company_id, other.score, other.reasons)

    def __hash__(self) -> int:
        return hash((self.company_id, self.score))

    def __repr__(self) -> str:
        return f"ScoreResult(company_id={self.company_id}, score={self.score}, reasons={self.reasons!r})"


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

def relationship_value(state: str, was_partner: bool) -> str:
    return FORMER_PARTNER if state == "dormant" and was_partner else state


def _credit_columns(companies: Sequence[CompanyFacts], population: Population, near: np.ndarray,
                    weights: Weights) -> np.ndarray:
    """The credit 0–1 of each part (columns in PARTS order) for every company (rows), vectorised."""
    total = population.total
    demand = np.asarray([population.demand_by_division.get(c.ateco_division, 0) if c.ateco_division else 0
                         for c in companies], dtype=np.float64)
    employees = np.asarray([np.nan if c.employees is None else max(0, c.employees) for c in companies],
                           dtype=np.float64)
    shortfall = np.asarray([c.law68_shortfall for c in companies], dtype=np.float64)
    days = np.asarray([np.nan if c.days_since_contact is None else max(0, c.days_since_contact) for c in companies],
                      dtype=np.float64)
    relation = np.asarray([weights.relationship_credit.get(relationship_value(c.state, c.was_partner), 0.0)
                           for c in companies], dtype=np.float64)
    share = demand / total if total else np.zeros(len(companies))
    size = np.clip(np.log1p(np.nan_to_num(employees)) / math.log1p(weights.size_full_employees), 0.0, 1.0)
    located = (near >= 0) & (total > 0)
    nearness = np.clip(np.where(located, near, 0) / max(total, 1) / weights.distance_full_share, 0.0, 1.0)
    return np.column_stack([
        np.clip(share / weights.demand_full_share, 0.0, 1.0),
        np.where(np.isnan(employees), weights.unknown_credit, size),
        np.clip(shortfall / weights.law68_full_places, 0.0, 1.0),
        np.where(located, nearness, weights.unknown_credit),
        relation,
        np.where(np.isnan(days), 1.0, np.clip(np.nan_to_num(days) / weights.contact_cooldown_days, 0.0, 1.0)),
    ])


def _values(company: CompanyFacts, population: Population, near: int) -> tuple[int | float | str | None, ...]:
    demand = population.demand_by_division.get(company.ateco_division, 0) if company.ateco_division else 0
    return (demand, company.employees, company.law68_shortfall, near if near >= 0 else None,
            relationship_value(company.state, company.was_partner), company.days_since_contact)


def _near(companies: Sequence[CompanyFacts], population: Population, weights: Weights) -> np.ndarray:
    """Candidates near each company; -1 where the company has no point."""
    near = np.full(len(companies), -1, dtype=np.int64)
    located = [i for i, c in enumerate(companies) if c.point is not None]
    if located:
        points = np.asarray([companies[i].point for i in located], dtype=np.float64)
        near[located] = near_counts(points, population.homes, weights.near_km)
    return near


def _results(companies: Sequence[CompanyFacts], population: Population, weights: Weights) -> list[ScoreResult]:
    if not companies:
        return []
    near = _near(companies, population, weights)
    maxima = np.asarray([weights.points()[part] for part in PARTS])
    points = np.round(_credit_columns(companies, population, near, weights) * maxima, SCORE_DECIMALS)
    # the score is the sum of the rounded points, so what the page shows adds up exactly
    scores = np.round(np.minimum(100.0, points.sum(axis=1)), SCORE_DECIMALS)
    rows, totals, nears = points.tolist(), scores.tolist(), near.tolist()
    return [ScoreResult(company.id, totals[i], points=rows[i], values=_values(company, population, nears[i]))
            for i, company in enumerate(companies)]


def score_one(company: CompanyFacts, population: Population, weights: Weights) -> ScoreResult:
    """One company alone (the per-company baseline; the same arithmetic as ``score_all`` on one row)."""
    return _results([company], population, weights)[0]


def score_all(companies: Sequence[CompanyFacts], population: Population, weights: Weights) -> list[ScoreResult]:
    """Every company scored, best first (ties by company id): each part computed for all companies at once."""
    return sorted(_results(companies, population, weights), key=lambda r: (-r.score, r.company_id))
