"""One candidate against one vacancy, in plain Python: the full explanation.

The vectorised ranker (``engine``) computes the same scores for many candidates at once and calls this
module only for the results it returns; the tests hold the two equal, and the benchmark uses this module
as the straightforward per-pair baseline.
"""

from __future__ import annotations

import math

from florwork.matching.ranking.model import (
    ACCESSIBILITY,
    BROADER,
    CASE_STATE,
    CEFR_RANK,
    COMMUTE,
    CONSENT,
    EDUCATION,
    ESSENTIAL,
    EXACT,
    EXPERIENCE,
    HOURS,
    INFERRED,
    LANGUAGE,
    LEGAL,
    LICENCE,
    OPTIONAL,
    READINESS,
    CandidateProfile,
    Note,
    Ranked,
    SkillClaim,
    SkillMatch,
    Vacancy,
)
from florwork.matching.ranking.taxonomy_view import TaxonomyView
from florwork.matching.ranking.weights import Weights

EARTH_RADIUS_KM = 6371.0088


def commute_minutes(home: tuple[float, float], site: tuple[float, float], weights: Weights) -> float:
    """Great-circle distance × road factor ÷ average speed: no network, no routing service."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*home, *site))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
    return km * weights.road_factor / weights.speed_kmh * 60.0


def with_inferred_skills(candidate: CandidateProfile, view: TaxonomyView, weights: Weights) -> dict[str, SkillClaim]:
    """The candidate's skills by URI, the best-credited claim of each: declared/assessed ones, plus the
    essential skills of past occupations marked as inferred (kept only where they give more credit)."""
    claims: dict[str, SkillClaim] = {}
    inferred = [SkillClaim(uri, "inferred") for item in candidate.experience
                for uri in view.occupation_essential.get(item.occupation_uri, ())]
    for claim in [*candidate.skills, *inferred]:
        held = claims.get(claim.uri)
        if held is None or claim_credit(claim, weights) > claim_credit(held, weights):
            claims[claim.uri] = claim
    return claims


def claim_credit(claim: SkillClaim, weights: Weights) -> float:
    base = weights.source_credit(claim.source)
    return base * (1.0 if claim.level is None else claim.level)


def best_match(skill: str, claims: dict[str, SkillClaim], view: TaxonomyView, weights: Weights) -> SkillMatch | None:
    """The claim giving the most credit for a required skill (ties: exact first, then by URI)."""
    best: SkillMatch | None = None
    options = [(skill, EXACT, 1.0)] + sorted(
        (uri, how, weights.broader_credit if how == BROADER else weights.related_credit)
        for uri, how in view.skill_neighbours.get(skill, {}).items())
    for uri, how, factor in options:
        claim = claims.get(uri)
        if claim is None:
            continue
        credit = factor * claim_credit(claim, weights)
        if credit > 0 and (best is None or credit > best.credit):
            label = INFERRED if how == EXACT and claim.source == "inferred" else how
            best = SkillMatch(skill, label, uri, credit)
    return best


def experience_value(candidate: CandidateProfile, occupation: str, view: TaxonomyView, weights: Weights) -> float:
    months: dict[str, float] = {}
    for item in candidate.experience:
        months[item.occupation_uri] = months.get(item.occupation_uri, 0.0) + item.months
    value = min(months.get(occupation, 0.0) / weights.full_experience_months, 1.0)
    for near in view.occupation_neighbours.get(occupation, frozenset()):
        if near in months:
            near_value = min(months[near] / weights.full_experience_months, 1.0) * weights.occupation_broader_credit
            value = max(value, near_value)
    return value


def education_value(level: int | None, minimum: int, weights: Weights) -> float:
    if level is None:
        return 0.0
    return max(0.0, 1.0 - max(0, minimum - level) * weights.education_gap_penalty)


def language_value(candidate: CandidateProfile, required: dict[str, str], weights: Weights) -> float:
    values = []
    for language, level in sorted(required.items()):
        gap = CEFR_RANK[level] - CEFR_RANK[candidate.languages.get(language, "none")]
        values.append(max(0.0, 1.0 - max(0, gap) * weights.language_gap_penalty))
    return sum(values) / len(values)


def readiness_value(candidate: CandidateProfile, weights: Weights) -> float:
    pathway = weights.unknown_readiness if candidate.pathway is None else weights.pathway_credit[candidate.pathway - 1]
    assessed = weights.unknown_readiness if candidate.readiness is None else candidate.readiness
    return weights.pathway_share * pathway + (1 - weights.pathway_share) * assessed


def constraints(candidate: CandidateProfile, vacancy: Vacancy, weights: Weights
                ) -> tuple[list[str], list[str], list[Note]]:
    """(failed, passed, notes) over the hard constraints that apply to this pair."""
    failed: list[str] = []
    passed: list[str] = []
    notes: list[Note] = []

    def check(code: str, ok: bool) -> None:
        (passed if ok else failed).append(code)

    check(CONSENT, candidate.consent_to_present)
    check(CASE_STATE, candidate.case_state in weights.eligible_case_states)
    if vacancy.required_licences:
        check(LICENCE, vacancy.required_licences <= candidate.licences)
    if vacancy.legal_requirements:
        check(LEGAL, vacancy.legal_requirements <= candidate.legal_status)
    if vacancy.weekly_hours is not None:
        check(HOURS, candidate.hours_min <= vacancy.weekly_hours <= candidate.hours_max)
    if candidate.max_commute_min is not None:
        if candidate.home is None or vacancy.site is None:
            notes.append(Note("commute_not_checked"))
        else:
            minutes = commute_minutes(candidate.home, vacancy.site, weights)
            notes.append(Note("commute_minutes", {"minutes": round(minutes), "limit": candidate.max_commute_min}))
            check(COMMUTE, minutes <= candidate.max_commute_min)
    if candidate.accessibility_needs:
        check(ACCESSIBILITY, candidate.accessibility_needs <= vacancy.accessibility_offered)
    return failed, passed, notes


def part_values(candidate: CandidateProfile, vacancy: Vacancy, view: TaxonomyView, weights: Weights,
                claims: dict[str, SkillClaim]) -> tuple[dict[str, float], list[SkillMatch], list[str], list[Note]]:
    """Each applicable part's value 0–1, the matched skills, the missing essential ones, notes."""
    values: dict[str, float] = {}
    matched: list[SkillMatch] = []
    missing: list[str] = []
    notes: list[Note] = []
    for part, skills in ((ESSENTIAL, vacancy.essential_unique), (OPTIONAL, vacancy.optional_only)):
        if not skills:
            notes.append(Note(f"no_{part}_skills"))
            continue
        total = 0.0
        for skill in skills:
            match = best_match(skill, claims, view, weights)
            if match:
                matched.append(match)
                total += match.credit
            elif part == ESSENTIAL:
                missing.append(skill)
        values[part] = total / len(skills)
    if vacancy.occupation_uri:
        values[EXPERIENCE] = experience_value(candidate, vacancy.occupation_uri, view, weights)
    if vacancy.min_isced is not None:
        values[EDUCATION] = education_value(candidate.isced_level, vacancy.min_isced, weights)
        if candidate.isced_level is None:
            notes.append(Note("education_unknown"))
    if vacancy.languages:
        values[LANGUAGE] = language_value(candidate, dict(vacancy.languages), weights)
    values[READINESS] = readiness_value(candidate, weights)
    if candidate.pathway is None or candidate.readiness is None:
        notes.append(Note("readiness_unknown"))
    return values, matched, missing, notes


def points(values: dict[str, float], weights: Weights) -> dict[str, float]:
    """Each applicable part's contribution, scaled so that a perfect candidate scores 100."""
    part_weights = weights.part_weights()
    total = sum(part_weights[p] for p in values)
    if total <= 0:
        return {p: 0.0 for p in values}
    return {p: 100.0 * part_weights[p] * values[p] / total for p in values}


def score_pair(candidate: CandidateProfile, vacancy: Vacancy, view: TaxonomyView, weights: Weights) -> Ranked:
    claims = with_inferred_skills(candidate, view, weights)
    failed, passed, constraint_notes = constraints(candidate, vacancy, weights)
    values, matched, missing, notes = part_values(candidate, vacancy, view, weights, claims)
    parts = points(values, weights)
    if sum(weights.part_weights()[p] for p in values) <= 0:
        notes.append(Note("no_applicable_parts"))
    skipped = [p for p in weights.part_weights() if p not in values]
    notes += [Note("part_not_applicable", {"part": p}) for p in skipped]
    return Ranked(candidate_id=candidate.id, vacancy_id=vacancy.id, score=sum(parts.values()), passed=not failed,
                  failed_constraints=tuple(failed), constraints_passed=tuple(passed), parts=parts,
                  matched_skills=tuple(matched), missing_essential=tuple(missing),
                  notes=tuple(constraint_notes + notes))
