"""Batch matching from JSONL files (``florwork match rank``): parse, check the URIs, rank, explain. Pure.

Each candidate gets its top K vacancies. The vacancies are scored with ``CandidateIndex`` (every candidate
at once per vacancy, vectorised) and a running top K per candidate is kept as two (candidates × K) arrays,
so memory stays that size whatever the number of vacancies; only the kept pairs are explained, with
``pair.score_pair`` (the same arithmetic). Ties go to the vacancy with the smaller id, as in
``rank_vacancies``. File candidates carry no consent or case: the file itself is the presentation list,
so they are taken as consenting and in an eligible case state.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from florwork.matching.ranking import pair
from florwork.matching.ranking.engine import SCORE_DECIMALS, CandidateIndex
from florwork.matching.ranking.model import (
    CandidateProfile,
    Experience,
    ProfileError,
    Ranked,
    SkillClaim,
    Vacancy,
    hours_range,
)
from florwork.matching.ranking.taxonomy_view import TaxonomyView
from florwork.matching.ranking.weights import Weights

FILE_CANDIDATE_MONTHS = 12.0  # a past job listed without its length counts as a year
Progress = Callable[[str, int, int], None]
Place = Callable[[str], "tuple[float, float] | None"]


class BadLine(ValueError):
    """A line that is not usable at all (not JSON, a required field missing or wrong): exit 2."""


@dataclass
class Report:
    warnings: list[str] = field(default_factory=list)
    unknown_uris: list[dict[str, Any]] = field(default_factory=list)  # file, line, uri

    def unknown(self, where: tuple[str, int], uri: str, role: str) -> None:
        self.unknown_uris.append({"file": where[0], "line": where[1], "uri": uri, "field": role})
        self.warnings.append(f"{where[0]}:{where[1]}: unknown ESCO URI in {role}: {uri}")


@dataclass(frozen=True)
class Known:
    """The URIs the taxonomy knows (to report the others)."""

    occupations: frozenset[str]
    skills: frozenset[str]


def read_jsonl(lines: Iterable[str], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of each non-blank line; raises BadLine naming the file and line."""
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except ValueError as problem:
            raise BadLine(f"{name}:{number}: not valid JSON ({problem})") from problem
        if not isinstance(value, dict):
            raise BadLine(f"{name}:{number}: expected a JSON object, got {type(value).__name__}")
        yield number, value


def _id(where: str, obj: Mapping[str, Any]) -> str:
    value = obj.get("id")
    if isinstance(value, bool) or not isinstance(value, str | int) or str(value).strip() == "":
        raise BadLine(f"{where}: 'id' is missing or not a string/number")
    return str(value)


def _uris(where: str, obj: Mapping[str, Any], key: str, required: bool = False) -> list[str]:
    if key not in obj or obj[key] is None:
        if required:
            raise BadLine(f"{where}: '{key}' is missing (a list of ESCO URIs)")
        return []
    value = obj[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadLine(f"{where}: '{key}' must be a list of URI strings")
    return [v.strip() for v in value if v.strip()]


def _number(where: str, obj: Mapping[str, Any], key: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise BadLine(f"{where}: '{key}' must be a non-negative number")
    return float(value)


def _codes(where: str, value: Any, key: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadLine(f"{where}: '{key}' must be a list of strings")
    return frozenset(value)


def _keep_known(uris: list[str], known: frozenset[str] | None, report: Report, at: tuple[str, int],
                role: str) -> list[str]:
    if known is None:
        return uris
    kept = []
    for uri in uris:
        if uri in known:
            kept.append(uri)
        else:
            report.unknown(at, uri, role)
    return kept


def _place(where: str, value: Any, place: Place, report: Report, at: tuple[str, int]) -> tuple[float, float] | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str | int):
        raise BadLine(f"{where}: 'comune' must be an ISTAT code or a name")
    point = place(str(value))
    if point is None:
        report.warnings.append(f"{at[0]}:{at[1]}: comune {value!r} not found: commute not checked")
    return point


def parse_vacancy(obj: Mapping[str, Any], at: tuple[str, int], known: Known | None, place: Place,
                  report: Report) -> Vacancy:
    where = f"{at[0]}:{at[1]}"
    occupation = obj.get("occupation")
    if occupation is not None and not isinstance(occupation, str):
        raise BadLine(f"{where}: 'occupation' must be an ESCO URI string")
    kept = _keep_known([occupation.strip()] if occupation and occupation.strip() else [],
                       known.occupations if known else None, report, at, "occupation")
    essential = _keep_known(_uris(where, obj, "essential_skills"), known.skills if known else None, report, at,
                            "essential_skills")
    optional = _keep_known(_uris(where, obj, "optional_skills"), known.skills if known else None, report, at,
                           "optional_skills")
    requirements = obj.get("requirements") or {}
    if isinstance(requirements, list):
        requirements = {"licences": requirements}
    if not isinstance(requirements, dict):
        raise BadLine(f"{where}: 'requirements' must be an object (licences, legal, accessibility, min_isced, "
                      f"languages) or a list of licences")
    try:
        return Vacancy(id=_id(where, obj), occupation_uri=kept[0] if kept else None, essential_skills=tuple(essential),
                       optional_skills=tuple(optional), weekly_hours=_number(where, obj, "hours"),
                       site=_place(where, obj.get("comune"), place, report, at),
                       required_licences=_codes(where, requirements.get("licences"), "requirements.licences"),
                       legal_requirements=_codes(where, requirements.get("legal"), "requirements.legal"),
                       accessibility_offered=_codes(where, requirements.get("accessibility"),
                                                    "requirements.accessibility"),
                       min_isced=requirements.get("min_isced"), languages=dict(requirements.get("languages") or {}))
    except (ProfileError, TypeError, ValueError) as problem:
        raise BadLine(f"{where}: {problem}") from problem


def _hours(where: str, value: Any) -> tuple[float, float]:
    if value is None:
        return hours_range("any")
    try:
        if isinstance(value, str):
            return hours_range(value)
        if isinstance(value, list) and len(value) == 2:
            return float(value[0]), float(value[1])
        if isinstance(value, int | float) and not isinstance(value, bool):
            return 0.0, float(value)  # at most this many hours a week
    except (ProfileError, TypeError, ValueError) as problem:
        raise BadLine(f"{where}: 'hours' {problem}") from problem
    raise BadLine(f"{where}: 'hours' must be full_time/part_time/any, a number of weekly hours or [min, max]")


def parse_candidate(obj: Mapping[str, Any], at: tuple[str, int], known: Known | None, place: Place,
                    report: Report) -> CandidateProfile:
    where = f"{at[0]}:{at[1]}"
    skills = _keep_known(_uris(where, obj, "skills"), known.skills if known else None, report, at, "skills")
    jobs = _keep_known(_uris(where, obj, "occupations"), known.occupations if known else None, report, at,
                       "occupations")
    low, high = _hours(where, obj.get("hours"))
    try:
        return CandidateProfile(
            id=_id(where, obj), skills=tuple(SkillClaim(uri) for uri in dict.fromkeys(skills)),
            experience=tuple(Experience(uri, FILE_CANDIDATE_MONTHS) for uri in dict.fromkeys(jobs)),
            hours_min=low, hours_max=high, home=_place(where, obj.get("comune"), place, report, at),
            max_commute_min=_number(where, obj, "max_commute_min"),
            licences=_codes(where, obj.get("licences"), "licences"),
            legal_status=_codes(where, obj.get("legal_status"), "legal_status"),
            accessibility_needs=_codes(where, obj.get("accessibility_needs"), "accessibility_needs"),
            isced_level=obj.get("isced_level"), languages=dict(obj.get("languages") or {}),
            consent_to_present=True, case_state="active")
    except (ProfileError, TypeError, ValueError) as problem:
        raise BadLine(f"{where}: {problem}") from problem


def load(lines: Iterable[str], name: str, kind: str, known: Known | None, place: Place,
         report: Report) -> list[Any]:
    """Every line of a vacancies or candidates file parsed; a repeated id is bad input."""
    parse = parse_vacancy if kind == "vacancy" else parse_candidate
    items: list[Any] = []
    seen: dict[str, int] = {}
    for number, obj in read_jsonl(lines, name):
        item = parse(obj, (name, number), known, place, report)
        if item.id in seen:
            raise BadLine(f"{name}:{number}: {kind} id {item.id!r} already on line {seen[item.id]}")
        seen[item.id] = number
        items.append(item)
    return items


# --- ranking ----------------------------------------------------------------------------------------------

def top_vacancies(index: CandidateIndex, vacancies: list[Vacancy], top: int,
                  progress: Progress | None = None) -> list[list[tuple[int, float]]]:
    """For each candidate row, its best (vacancy position, score) pairs, best first, at most ``top``."""
    n = len(index)
    k = max(0, min(top, len(vacancies)))
    best = np.full((n, k), -np.inf)
    kept_rank = np.full((n, k), -1, dtype=np.int64)  # the vacancy's rank in id order; -1 for an empty slot
    order = sorted(range(len(vacancies)), key=lambda i: vacancies[i].id)  # smaller id first: it wins ties
    rows = np.arange(n)
    for rank, position in enumerate(order):
        if k:
            scores = index.scores(vacancies[position])
            value = np.where(scores.passed, np.round(scores.score, SCORE_DECIMALS), -np.inf)
            low = best.min(axis=1)
            # the entry to drop: the lowest score, and among equals the one with the largest id
            slot = np.where(best == low[:, None], kept_rank, -2).argmax(axis=1)
            better = value > low
            best[rows[better], slot[better]] = value[better]
            kept_rank[rows[better], slot[better]] = rank
        if progress is not None and ((rank + 1) % 50 == 0 or rank + 1 == len(order)):
            progress("ranking vacancies", rank + 1, len(order))
    result = []
    for row in range(n):
        kept = sorted((float(best[row, j]), int(kept_rank[row, j])) for j in range(k) if kept_rank[row, j] >= 0)
        kept.sort(key=lambda item: (-item[0], item[1]))
        result.append([(order[r], score) for score, r in kept])
    return result


def explanation(ranked: Ranked) -> dict[str, Any]:
    return {
        "matched_skills": [{"skill": m.uri, "how": m.how, "via": m.via, "credit": round(m.credit, 3)}
                           for m in ranked.matched_skills],
        "missing_essential": list(ranked.missing_essential),
        "constraints_passed": list(ranked.constraints_passed),
        "parts": {part: round(points, 2) for part, points in ranked.parts.items()},
        "notes": [{"code": note.code, **dict(note.params)} for note in ranked.notes],
    }


def results(index: CandidateIndex, vacancies: list[Vacancy], top: int,
            progress: Progress | None = None) -> Iterator[dict[str, Any]]:
    """One output object per candidate (in input order): its top vacancies with score and explanation."""
    kept = top_vacancies(index, vacancies, top, progress)
    for row, candidate in enumerate(index.candidates):
        out = []
        for rank, (position, _score) in enumerate(kept[row], start=1):
            ranked = pair.score_pair(candidate, vacancies[position], index.view, index.weights)
            out.append({"rank": rank, "vacancy": ranked.vacancy_id, "score": round(ranked.score, 2),
                        "explanation": explanation(ranked)})
        yield {"candidate": candidate.id, "vacancies": out}
        if progress is not None and ((row + 1) % 1000 == 0 or row + 1 == len(index.candidates)):
            progress("explaining", row + 1, len(index.candidates))


def build_index(candidates: list[CandidateProfile], view: TaxonomyView, weights: Weights) -> CandidateIndex:
    return CandidateIndex(candidates, view, weights)


__all__ = ["BadLine", "Known", "Report", "build_index", "explanation", "load", "parse_candidate", "parse_vacancy",
           "read_jsonl", "results", "top_vacancies"]
