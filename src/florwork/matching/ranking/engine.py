"""Vectorised ranking: every candidate scored for a vacancy at once with numpy.

``CandidateIndex`` turns the profiles into arrays once: skills as a column-compressed sparse matrix of
credits (inferred skills included), months per occupation the same way, and the hard-constraint inputs
as bitmasks and vectors. A vacancy then costs a few sparse column reads per required skill (its own and
its ESCO neighbours', scaled by the partial-credit factor) and a handful of vector operations. Only the
returned results get their full explanation, from ``pair.score_pair`` — the same arithmetic, so the
scores agree (the tests hold it).

Ties are broken by candidate (or vacancy) id, so the same data always gives the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from florwork.matching.ranking import pair
from florwork.matching.ranking.model import (
    ACCESSIBILITY,
    BROADER,
    CASE_STATE,
    CEFR_RANK,
    COMMUTE,
    CONSENT,
    CONSTRAINTS,
    EDUCATION,
    ESSENTIAL,
    EXPERIENCE,
    HOURS,
    LANGUAGE,
    LEGAL,
    LICENCE,
    OPTIONAL,
    READINESS,
    CandidateProfile,
    Ranked,
    Vacancy,
)
from florwork.matching.ranking.taxonomy_view import TaxonomyView
from florwork.matching.ranking.weights import Weights

SCORE_DECIMALS = 9  # scores are compared rounded, so float noise never decides a tie


class _Columns:
    """A sparse (rows × keys) matrix kept column by column: key -> (row indices, values)."""

    def __init__(self, entries: dict[str, tuple[list[int], list[float]]]) -> None:
        self._columns = {key: (np.asarray(rows, dtype=np.int32), np.asarray(values, dtype=np.float64))
                         for key, (rows, values) in entries.items()}

    def get(self, key: str) -> tuple[np.ndarray, np.ndarray] | None:
        return self._columns.get(key)

    def __len__(self) -> int:
        return len(self._columns)


def _bits(values: Iterable[frozenset[str]], vocabulary: dict[str, int]) -> np.ndarray:
    out = []
    for codes in values:
        mask = 0
        for code in codes:
            mask |= 1 << vocabulary.setdefault(code, len(vocabulary))
        out.append(mask)
    if len(vocabulary) > 62:
        raise ValueError("more than 62 distinct licence/legal/accessibility codes")
    return np.asarray(out, dtype=np.int64)


def _mask(codes: frozenset[str], vocabulary: dict[str, int]) -> tuple[int, bool]:
    """The bitmask of known codes, and whether some code is known to no candidate."""
    mask = 0
    for code in codes:
        if code in vocabulary:
            mask |= 1 << vocabulary[code]
    return mask, any(code not in vocabulary for code in codes)


@dataclass
class VacancyScores:
    """Arrays over the index's candidates for one vacancy."""

    score: np.ndarray
    passed: np.ndarray
    failed: dict[str, np.ndarray]  # constraint -> candidates failing it


@dataclass(frozen=True)
class Shortlist:
    vacancy_id: str
    results: tuple[Ranked, ...]
    eligible: int  # consenting candidates that pass every hard constraint
    # consenting candidates excluded, per constraint failed; people without consent are never counted
    excluded: dict[str, int] = field(default_factory=dict)


class CandidateIndex:
    def __init__(self, candidates: Sequence[CandidateProfile], view: TaxonomyView, weights: Weights) -> None:
        self.candidates = list(candidates)
        self.view, self.weights = view, weights
        ids = [c.id for c in self.candidates]
        if len(set(ids)) != len(ids):
            raise ValueError("candidate ids must be unique")
        self.id_rank = np.empty(len(ids), dtype=np.int64)
        self.id_rank[np.argsort(np.asarray(ids, dtype=object), kind="stable")] = np.arange(len(ids))
        self._build_skills()
        self._build_attributes()

    def __len__(self) -> int:
        return len(self.candidates)

    def _build_skills(self) -> None:
        skills: dict[str, tuple[list[int], list[float]]] = {}
        months: dict[str, tuple[list[int], list[float]]] = {}
        for row, candidate in enumerate(self.candidates):
            for uri, claim in pair.with_inferred_skills(candidate, self.view, self.weights).items():
                column = skills.setdefault(uri, ([], []))
                column[0].append(row)
                column[1].append(pair.claim_credit(claim, self.weights))
            totals: dict[str, float] = {}
            for item in candidate.experience:
                totals[item.occupation_uri] = totals.get(item.occupation_uri, 0.0) + item.months
            for uri, total in totals.items():
                column = months.setdefault(uri, ([], []))
                column[0].append(row)
                column[1].append(total)
        self.skills, self.months = _Columns(skills), _Columns(months)

    def _build_attributes(self) -> None:
        cs, w = self.candidates, self.weights
        self.consent = np.fromiter((c.consent_to_present for c in cs), dtype=bool, count=len(cs))
        states = set(w.eligible_case_states)
        self.state_ok = np.fromiter((c.case_state in states for c in cs), dtype=bool, count=len(cs))
        self.licence_vocabulary: dict[str, int] = {}
        self.legal_vocabulary: dict[str, int] = {}
        self.access_vocabulary: dict[str, int] = {}
        self.licences = _bits((c.licences for c in cs), self.licence_vocabulary)
        self.legal = _bits((c.legal_status for c in cs), self.legal_vocabulary)
        self.needs = _bits((c.accessibility_needs for c in cs), self.access_vocabulary)
        self.hours_min = np.asarray([c.hours_min for c in cs], dtype=np.float64)
        self.hours_max = np.asarray([c.hours_max for c in cs], dtype=np.float64)
        home = np.asarray([c.home if c.home else (np.nan, np.nan) for c in cs], dtype=np.float64).reshape(-1, 2)
        self.lat, self.lon = np.radians(home[:, 0]), np.radians(home[:, 1])
        self.limit = np.asarray([np.nan if c.max_commute_min is None else c.max_commute_min for c in cs],
                                dtype=np.float64)
        self.isced = np.asarray([-1 if c.isced_level is None else c.isced_level for c in cs], dtype=np.int16)
        self.languages: dict[str, np.ndarray] = {}
        for row, c in enumerate(cs):
            for language, level in c.languages.items():
                self.languages.setdefault(language, np.zeros(len(cs), dtype=np.int16))[row] = CEFR_RANK[level]
        self.readiness = np.asarray([pair.readiness_value(c, w) for c in cs], dtype=np.float64)

    # ---- parts -------------------------------------------------------------------------------
    def _skill_credit(self, skill: str) -> np.ndarray:
        credit = np.zeros(len(self), dtype=np.float64)
        w = self.weights
        options = [(skill, 1.0)] + [(uri, w.broader_credit if how == BROADER else w.related_credit)
                                    for uri, how in self.view.skill_neighbours.get(skill, {}).items()]
        for uri, factor in options:
            column = self.skills.get(uri)
            if column is not None and factor > 0:
                rows, values = column
                credit[rows] = np.maximum(credit[rows], values * factor)
        return credit

    def _coverage(self, skills: tuple[str, ...]) -> np.ndarray:
        total = np.zeros(len(self), dtype=np.float64)
        for skill in skills:
            total += self._skill_credit(skill)
        return total / len(skills)

    def _experience(self, occupation: str) -> np.ndarray:
        w = self.weights
        value = np.zeros(len(self), dtype=np.float64)
        column = self.months.get(occupation)
        if column is not None:
            value[column[0]] = np.minimum(column[1] / w.full_experience_months, 1.0)
        for near in self.view.occupation_neighbours.get(occupation, frozenset()):
            column = self.months.get(near)
            if column is not None:
                near_value = np.minimum(column[1] / w.full_experience_months, 1.0) * w.occupation_broader_credit
                value[column[0]] = np.maximum(value[column[0]], near_value)
        return value

    def _education(self, minimum: int) -> np.ndarray:
        gap = np.maximum(0, minimum - self.isced)
        value = np.maximum(0.0, 1.0 - gap * self.weights.education_gap_penalty)
        return np.where(self.isced < 0, 0.0, value)

    def _language(self, required: dict[str, str]) -> np.ndarray:
        total = np.zeros(len(self), dtype=np.float64)
        for language, level in sorted(required.items()):
            held = self.languages.get(language, np.zeros(len(self), dtype=np.int16))
            gap = np.maximum(0, CEFR_RANK[level] - held)
            total += np.maximum(0.0, 1.0 - gap * self.weights.language_gap_penalty)
        return total / len(required)

    def part_values(self, vacancy: Vacancy) -> dict[str, np.ndarray]:
        values: dict[str, np.ndarray] = {}
        if vacancy.essential_unique:
            values[ESSENTIAL] = self._coverage(vacancy.essential_unique)
        if vacancy.optional_only:
            values[OPTIONAL] = self._coverage(vacancy.optional_only)
        if vacancy.occupation_uri:
            values[EXPERIENCE] = self._experience(vacancy.occupation_uri)
        if vacancy.min_isced is not None:
            values[EDUCATION] = self._education(vacancy.min_isced)
        if vacancy.languages:
            values[LANGUAGE] = self._language(dict(vacancy.languages))
        values[READINESS] = self.readiness
        return values

    # ---- constraints --------------------------------------------------------------------------
    def _commute_minutes(self, site: tuple[float, float]) -> np.ndarray:
        lat2, lon2 = np.radians(site[0]), np.radians(site[1])
        h = np.sin((lat2 - self.lat) / 2) ** 2 + np.cos(self.lat) * np.cos(lat2) * np.sin((lon2 - self.lon) / 2) ** 2
        km = 2 * pair.EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        return km * self.weights.road_factor / self.weights.speed_kmh * 60.0

    def failures(self, vacancy: Vacancy) -> dict[str, np.ndarray]:
        failed: dict[str, np.ndarray] = {CONSENT: ~self.consent, CASE_STATE: ~self.state_ok}
        for code, required, held, vocabulary in (
                (LICENCE, vacancy.required_licences, self.licences, self.licence_vocabulary),
                (LEGAL, vacancy.legal_requirements, self.legal, self.legal_vocabulary)):
            if required:
                mask, unknown = _mask(required, vocabulary)
                failed[code] = np.ones(len(self), dtype=bool) if unknown else (held & mask) != mask
        if vacancy.weekly_hours is not None:
            failed[HOURS] = (self.hours_min > vacancy.weekly_hours) | (self.hours_max < vacancy.weekly_hours)
        if vacancy.site is not None:
            minutes = self._commute_minutes(vacancy.site)
            with np.errstate(invalid="ignore"):
                failed[COMMUTE] = minutes > self.limit  # NaN (no home or no limit) compares False
        offered, _ = _mask(vacancy.accessibility_offered, self.access_vocabulary)
        failed[ACCESSIBILITY] = (self.needs & ~offered) != 0
        return failed

    def scores(self, vacancy: Vacancy) -> VacancyScores:
        values = self.part_values(vacancy)
        part_weights = self.weights.part_weights()
        total_weight = sum(part_weights[p] for p in values)
        score = np.zeros(len(self), dtype=np.float64)
        if total_weight > 0:
            for part, value in values.items():
                score += 100.0 * part_weights[part] * value / total_weight
        failed = self.failures(vacancy)
        passed = np.ones(len(self), dtype=bool)
        for mask in failed.values():
            passed &= ~mask
        return VacancyScores(score=score, passed=passed, failed=failed)

    # ---- ranking ------------------------------------------------------------------------------
    def top_rows(self, scores: VacancyScores, top: int | None) -> np.ndarray:
        """Rows of the passing candidates, best first, ties by id; at most ``top``."""
        key = np.round(scores.score, SCORE_DECIMALS)
        eligible = np.flatnonzero(scores.passed)
        if top is not None and top < len(eligible):
            if top <= 0:
                return eligible[:0]
            threshold = -np.partition(-key[eligible], top - 1)[top - 1]
            eligible = eligible[key[eligible] >= threshold]  # ties at the threshold stay in, decided by id
        order = np.lexsort((self.id_rank[eligible], -key[eligible]))
        return eligible[order][:top] if top is not None else eligible[order]

    def rank_candidates(self, vacancy: Vacancy, top: int | None = 20) -> Shortlist:
        scores = self.scores(vacancy)
        rows = self.top_rows(scores, top)
        results = tuple(pair.score_pair(self.candidates[r], vacancy, self.view, self.weights) for r in rows)
        consenting = self.consent
        excluded = {code: int((mask & consenting).sum()) for code, mask in scores.failed.items()
                    if code != CONSENT and (mask & consenting).any()}
        return Shortlist(vacancy.id, results, eligible=int(scores.passed.sum()),
                         excluded={c: excluded[c] for c in CONSTRAINTS if c in excluded})

    def rank_batch(self, vacancies: Iterable[Vacancy], top: int = 20) -> Iterator[Shortlist]:
        """One shortlist per vacancy, in the vacancies' order; memory stays one vacancy's arrays."""
        for vacancy in vacancies:
            yield self.rank_candidates(vacancy, top)


def rank_vacancies(candidate: CandidateProfile, vacancies: Sequence[Vacancy], view: TaxonomyView,
                   weights: Weights, top: int | None = None) -> list[Ranked]:
    """The open vacancies worth pursuing for one person, best first (ties by vacancy id); vacancies the
    person fails a hard constraint for are left out. Without consent to be presented: none.

    One person is one row: numpy's per-call overhead would cost more than it saves, so each pair is scored
    (and explained) in plain Python — measured in the bench against 1,000 vacancies."""
    if not candidate.consent_to_present:
        return []
    scored = [r for r in (pair.score_pair(candidate, v, view, weights) for v in vacancies) if r.passed]
    scored.sort(key=lambda r: (-round(r.score, SCORE_DECIMALS), r.vacancy_id))
    return scored if top is None else scored[:top]
