"""Suggested plan actions from the pathway and the weakest assessment dimensions (pure: no Django).

The rules are data (a SuggestionRuleSet's JSON, edited by programme managers):

    {"weakest": {"count": 3, "below": 60},
     "rules": [{"id": "…", "when": {"pathway": [4]} | {"dimension": "italian"},
                "kind": "italian_course" | "",             # the kind of catalogue service, "" for a free action
                "action": {"it": "…", "en": "…"},
                "goal": {"it": "…", "en": "…"},            # optional: the goal the action serves
                "indicator": {"it": "…", "en": "…"},       # required with a goal: how it is measured
                "months": 3}, …]}

A pathway rule applies when the case's chosen pathway is listed; a dimension rule when its dimension is
one of the ``count`` weakest of the latest assessment and scores under ``below``. Suggestions are only
proposals: the case manager ticks the ones the plan takes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

PATHWAYS = {1, 2, 3, 4}
MAX_MONTHS = 36


@dataclass(frozen=True)
class Suggestion:
    key: str  # the rule id
    kind: str
    action: Mapping[str, str]
    goal: Mapping[str, str] | None
    indicator: Mapping[str, str]
    dimension: str  # the dimension the goal is linked to ("" for none)
    months: int
    pathway: int | None  # why: the pathway that matched …
    score: float | None  # … or the weak dimension's score


class InvalidRules(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _texts_ok(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("it"), str) and bool(value["it"].strip())


def _check_when(where: str, when: Any, dimensions: set[str]) -> list[str]:
    if not isinstance(when, dict) or len(when) != 1 or not ({"pathway", "dimension"} & set(when)):
        return [f"{where}: when is either {{\"pathway\": [1-4, …]}} or {{\"dimension\": code}}"]
    if "pathway" in when:
        pathways = when["pathway"]
        if not isinstance(pathways, list) or not pathways or any(
                isinstance(p, bool) or p not in PATHWAYS for p in pathways):
            return [f"{where}: pathway is a list of 1, 2, 3 or 4"]
        return []
    return [] if when["dimension"] in dimensions else [f"{where}: unknown dimension {when['dimension']!r}"]


def _check_rule(where: str, rule: Any, dimensions: set[str], kinds: set[str]) -> list[str]:
    if not isinstance(rule, dict):
        return [f"{where}: a rule is an object"]
    errors = _check_when(where, rule.get("when"), dimensions)
    if rule.get("kind", "") not in kinds | {""}:
        errors.append(f"{where}: unknown kind of service {rule.get('kind')!r}")
    if not _texts_ok(rule.get("action")):
        errors.append(f"{where}: action needs an Italian text")
    if "goal" in rule:
        if not _texts_ok(rule["goal"]):
            errors.append(f"{where}: goal needs an Italian text")
        if not _texts_ok(rule.get("indicator")):
            errors.append(f"{where}: a goal needs its measurable indicator")
    if rule.get("dimension", "") not in dimensions | {""}:
        errors.append(f"{where}: unknown dimension {rule.get('dimension')!r}")
    months = rule.get("months", 3)
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        errors.append(f"{where}: months must be a whole number from 1 to {MAX_MONTHS}")
    return errors


def validate(rules: Any, dimensions: Iterable[str], kinds: Iterable[str]) -> None:
    """Raise InvalidRules listing every problem of a rule set."""
    known, known_kinds = set(dimensions), set(kinds)
    if not isinstance(rules, dict) or not isinstance(rules.get("rules"), list):
        raise InvalidRules(["the rule set is an object with a list of rules"])
    errors: list[str] = []
    weakest = rules.get("weakest")
    if not isinstance(weakest, dict) or not isinstance(weakest.get("count"), int) \
            or isinstance(weakest.get("count"), bool) or not 0 <= weakest["count"] <= 10:
        errors.append("weakest: an object with count (0 to 10) and below (0 to 100)")
    elif isinstance(weakest.get("below"), bool) or not isinstance(weakest.get("below"), int | float) \
            or not 0 <= weakest["below"] <= 100:
        errors.append("weakest: below must be a number from 0 to 100")
    ids: set[str] = set()
    for n, rule in enumerate(rules["rules"], start=1):
        where = f"rule {n}"
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if not isinstance(rule_id, str) or not rule_id.strip() or rule_id in ids or len(rule_id) > 80:
            errors.append(f"{where}: each rule needs its own id (up to 80 characters)")
        ids.add(rule_id if isinstance(rule_id, str) else "")
        errors += _check_rule(where, rule, known, known_kinds)
    if errors:
        raise InvalidRules(errors)


def weakest(scores: Mapping[str, float | None], *, count: int, below: float) -> list[tuple[str, float]]:
    """The ``count`` lowest-scoring dimensions under ``below``, weakest first (ties by code)."""
    scored = sorted(((code, s) for code, s in scores.items() if s is not None and s < below),
                    key=lambda pair: (pair[1], pair[0]))
    return scored[:count]


def _suggestion(rule: Mapping[str, Any], *, pathway: int | None, score: float | None, dimension: str) -> Suggestion:
    return Suggestion(key=rule["id"], kind=rule.get("kind", ""), action=rule["action"], goal=rule.get("goal"),
                      indicator=rule.get("indicator", {}), dimension=rule.get("dimension") or dimension,
                      months=rule.get("months", 3), pathway=pathway, score=score)


def suggest(rules: Mapping[str, Any], *, pathway: int | None,
            scores: Mapping[str, float | None]) -> list[Suggestion]:
    """The pathway's suggestions in rule order, then the weak dimensions' ones, weakest first."""
    found: list[Suggestion] = []
    seen: set[str] = set()
    for rule in rules["rules"]:
        if pathway is not None and pathway in rule["when"].get("pathway", ()):
            found.append(_suggestion(rule, pathway=pathway, score=None, dimension=""))
            seen.add(rule["id"])
    limits = rules["weakest"]
    for code, score in weakest(scores, count=limits["count"], below=limits["below"]):
        for rule in rules["rules"]:
            if rule["when"].get("dimension") == code and rule["id"] not in seen:
                found.append(_suggestion(rule, pathway=None, score=score, dimension=code))
                seen.add(rule["id"])
    return found
