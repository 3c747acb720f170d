"""Candidate–vacancy ranking, the pure core: hard constraints filter, a weighted score explains itself.

No Django here: the matching app builds ``CandidateProfile``/``Vacancy``/``TaxonomyView`` from its models
and translates the explanation codes.
"""

from florwork.matching.ranking.engine import CandidateIndex, Shortlist, VacancyScores, rank_vacancies
from florwork.matching.ranking.model import (
    CandidateProfile,
    Experience,
    Note,
    ProfileError,
    Ranked,
    SkillClaim,
    SkillMatch,
    Vacancy,
    hours_range,
)
from florwork.matching.ranking.pair import commute_minutes, score_pair, with_inferred_skills
from florwork.matching.ranking.taxonomy_view import TaxonomyView
from florwork.matching.ranking.weights import Weights, WeightsError

__all__ = ["CandidateIndex", "CandidateProfile", "Experience", "Note", "ProfileError", "Ranked", "Shortlist",
           "SkillClaim", "SkillMatch", "TaxonomyView", "Vacancy", "VacancyScores", "Weights", "WeightsError",
           "commute_minutes", "hours_range", "rank_vacancies", "score_pair", "with_inferred_skills"]
