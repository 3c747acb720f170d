"""The ranking's weights and parameters, as data (a dict or JSON), validated on load."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

from florwork.matching.ranking.model import PARTS, ProfileError


class WeightsError(ProfileError):
    pass


@dataclass(frozen=True)
class Weights:
    # points of each part of the score (relative; scaled to 100 over the parts that apply)
    essential: float = 40.0
    optional: float = 10.0
    experience: float = 20.0
    education: float = 10.0
    language: float = 10.0
    readiness: float = 10.0
    # partial credit, 0–1
    related_credit: float = 0.5  # ESCO skill-skill relation, either direction
    broader_credit: float = 0.6  # ESCO broader/narrower skill
    inferred_credit: float = 0.7  # a skill inferred from a past occupation, not declared or assessed
    occupation_broader_credit: float = 0.5  # experience in a broader or narrower occupation
    full_experience_months: float = 24.0  # months in the occupation that give full experience credit
    education_gap_penalty: float = 0.34  # per ISCED level below the minimum
    language_gap_penalty: float = 0.34  # per CEFR level below the required one
    # readiness: pathway 1..4 credit mixed with the assessment's readiness score
    pathway_credit: tuple[float, float, float, float] = (1.0, 0.75, 0.5, 0.25)
    pathway_share: float = 0.5
    unknown_readiness: float = 0.5  # when the pathway or the assessment is missing
    # hard constraints
    eligible_case_states: tuple[str, ...] = ("assessed", "planned", "active")
    road_factor: float = 1.3  # road distance / great-circle distance
    speed_kmh: float = 30.0  # door-to-door average speed

    def __post_init__(self) -> None:
        for name in PARTS:
            if getattr(self, name) < 0:
                raise WeightsError(f"weights: {name} must not be negative, got {getattr(self, name)}")
        if sum(getattr(self, name) for name in PARTS) <= 0:
            raise WeightsError(f"weights: the parts ({', '.join(PARTS)}) must sum to more than 0")
        unit = ("related_credit", "broader_credit", "inferred_credit", "occupation_broader_credit",
                "education_gap_penalty", "language_gap_penalty", "pathway_share", "unknown_readiness")
        for name in unit:
            if not 0 <= getattr(self, name) <= 1:
                raise WeightsError(f"weights: {name} must be between 0 and 1, got {getattr(self, name)}")
        if len(self.pathway_credit) != 4 or not all(0 <= v <= 1 for v in self.pathway_credit):
            raise WeightsError("weights: pathway_credit must be four values between 0 and 1 (pathways 1–4)")
        for name in ("full_experience_months", "speed_kmh"):
            if getattr(self, name) <= 0:
                raise WeightsError(f"weights: {name} must be more than 0, got {getattr(self, name)}")
        if self.road_factor < 1:
            raise WeightsError(f"weights: road_factor must be at least 1, got {self.road_factor}")

    @classmethod
    def from_dict(cls, values: Mapping[str, object]) -> Weights:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise WeightsError(f"weights: unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})")
        converted: dict[str, object] = {}
        for name, value in values.items():
            try:
                if name in ("pathway_credit", "eligible_case_states"):
                    items = list(value)  # type: ignore[call-overload]
                    converted[name] = tuple(str(v) for v in items) if name == "eligible_case_states" else tuple(
                        float(v) for v in items)
                else:
                    converted[name] = float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError) as problem:
                raise WeightsError(f"weights: {name} has a bad value {value!r}") from problem
        return cls(**converted)  # type: ignore[arg-type]

    @classmethod
    def from_json(cls, text: str) -> Weights:
        try:
            values = json.loads(text)
        except ValueError as problem:
            raise WeightsError(f"weights: not JSON ({problem})") from problem
        if not isinstance(values, dict):
            raise WeightsError("weights: expected a JSON object")
        return cls.from_dict(values)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def part_weights(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in PARTS}

    def source_credit(self, source: str) -> float:
        return self.inferred_credit if source == "inferred" else 1.0
