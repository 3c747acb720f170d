"""Pathway routing by transparent rules over dimension scores (pure: no Django).

The rules are data (a RoutingRuleSet's JSON, edited by programme managers):

    {"rules": [{"id": "…", "pathway": 4, "match": "any" | "all", "label": {"it": "…", "en": "…"},
                "conditions": [{"dimension": "health", "op": "<", "value": 40}, …]}, …],
     "default": {"pathway": 2, "label": {…}}}

Rules are tried in order; the first that matches proposes its pathway, with the conditions it checked
and the scores it saw as the reasons. ``"dimension": "overall"`` names the overall score.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any


class Pathway(IntEnum):
    """The four pathways of Italy's GOL programme (D.M. 5 novembre 2021)."""

    JOB_READY = 1  # reinserimento lavorativo
    UPSKILLING = 2  # aggiornamento (upskilling)
    RESKILLING = 3  # riqualificazione (reskilling)
    WORK_AND_INCLUSION = 4  # lavoro e inclusione, with social and health services


OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
OVERALL = "overall"


@dataclass(frozen=True)
class ConditionResult:
    dimension: str
    op: str
    value: float
    score: float | None
    met: bool


@dataclass(frozen=True)
class Proposal:
    pathway: Pathway
    rule_id: str  # "" when no rule matched and the default applied
    label: Mapping[str, str]
    conditions: tuple[ConditionResult, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"pathway": int(self.pathway), "rule": self.rule_id, "label": dict(self.label),
                "conditions": [{"dimension": c.dimension, "op": c.op, "value": c.value, "score": c.score,
                                "met": c.met} for c in self.conditions]}


class InvalidRules(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _check_condition(where: str, condition: Any, dimensions: set[str]) -> list[str]:
    if not isinstance(condition, dict):
        return [f"{where}: a condition is an object with dimension, op and value"]
    errors = []
    if condition.get("dimension") not in dimensions | {OVERALL}:
        errors.append(f"{where}: unknown dimension {condition.get('dimension')!r}")
    if condition.get("op") not in OPERATORS:
        errors.append(f"{where}: op must be one of {', '.join(OPERATORS)}")
    value = condition.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        errors.append(f"{where}: value must be a number from 0 to 100")
    return errors


def _check_pathway(where: str, value: Any) -> list[str]:
    if isinstance(value, bool) or value not in {int(p) for p in Pathway}:
        return [f"{where}: pathway must be 1, 2, 3 or 4"]
    return []


def validate(rules: Any, dimensions: Iterable[str]) -> None:
    """Raise InvalidRules listing every problem of a rule set."""
    known = set(dimensions)
    if not isinstance(rules, dict) or not isinstance(rules.get("rules"), list):
        raise InvalidRules(["the rule set is an object with a list of rules"])
    errors: list[str] = []
    ids = set()
    for n, rule in enumerate(rules["rules"], start=1):
        where = f"rule {n}"
        if not isinstance(rule, dict):
            errors.append(f"{where}: a rule is an object")
            continue
        if not rule.get("id") or rule["id"] in ids:
            errors.append(f"{where}: each rule needs its own id")
        ids.add(rule.get("id"))
        errors += _check_pathway(where, rule.get("pathway"))
        if rule.get("match", "any") not in ("any", "all"):
            errors.append(f"{where}: match is 'any' or 'all'")
        conditions = rule.get("conditions")
        if not isinstance(conditions, list) or not conditions:
            errors.append(f"{where}: at least one condition")
            continue
        for m, condition in enumerate(conditions, start=1):
            errors += _check_condition(f"{where}, condition {m}", condition, known)
    default = rules.get("default")
    if not isinstance(default, dict):
        errors.append("default: an object with the pathway when no rule matches")
    else:
        errors += _check_pathway("default", default.get("pathway"))
    if errors:
        raise InvalidRules(errors)


def _evaluate(condition: Mapping[str, Any], scores: Mapping[str, float | None]) -> ConditionResult:
    score = scores.get(condition["dimension"])
    met = score is not None and OPERATORS[condition["op"]](score, condition["value"])
    return ConditionResult(condition["dimension"], condition["op"], condition["value"], score, met)


def propose(rules: Mapping[str, Any], scores: Mapping[str, float | None]) -> Proposal:
    """The first rule whose conditions hold proposes the pathway; otherwise the default."""
    for rule in rules["rules"]:
        results = tuple(_evaluate(c, scores) for c in rule["conditions"])
        matched = all(r.met for r in results) if rule.get("match", "any") == "all" else any(r.met for r in results)
        if matched:
            shown = results if rule.get("match", "any") == "all" else tuple(r for r in results if r.met)
            return Proposal(Pathway(rule["pathway"]), rule["id"], rule.get("label", {}), shown)
    default = rules["default"]
    return Proposal(Pathway(default["pathway"]), "", default.get("label", {}), ())
