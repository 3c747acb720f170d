"""Weights are data, validated; bad profiles and vacancies are refused naming the field."""

import pytest

from florwork.matching.ranking import (
    CandidateIndex,
    CandidateProfile,
    ProfileError,
    SkillClaim,
    TaxonomyView,
    Vacancy,
    Weights,
    WeightsError,
    hours_range,
)
from florwork.matching.taxonomy.data import Link, TaxonomyData

from .test_ranking_fixture import COOK, candidate, vacancy, view


def test_weights_round_trip_through_a_dict():
    weights = Weights.from_dict({"essential": 50, "pathway_credit": [1, 0.8, 0.5, 0.2],
                                 "eligible_case_states": ["active"]})

    assert Weights.from_dict(weights.to_dict()) == weights
    assert weights.pathway_credit == (1.0, 0.8, 0.5, 0.2) and weights.eligible_case_states == ("active",)


@pytest.mark.parametrize("values, message", [
    ({"essential": -1}, "essential must not be negative"),
    ({p: 0 for p in ("essential", "optional", "experience", "education", "language", "readiness")},
     "must sum to more than 0"),
    ({"related_credit": 1.5}, "related_credit must be between 0 and 1"),
    ({"speed_kmh": 0}, "speed_kmh must be more than 0"),
    ({"road_factor": 0.5}, "road_factor must be at least 1"),
    ({"pathway_credit": [1, 0.5]}, "pathway_credit must be four values"),
    ({"essentail": 3}, "unknown key 'essentail'"),
    ({"optional": "lots"}, "optional has a bad value"),
])
def test_bad_weights_are_refused_naming_the_field(values, message):
    with pytest.raises(WeightsError, match=message):
        Weights.from_dict(values)


def test_weights_from_bad_json_are_refused():
    with pytest.raises(WeightsError, match="not JSON"):
        Weights.from_json("{essential: 1")
    with pytest.raises(WeightsError, match="expected a JSON object"):
        Weights.from_json("[1, 2]")


@pytest.mark.parametrize("kwargs, message", [
    ({"pathway": 5}, "pathway must be 1–4"),
    ({"readiness": 1.2}, "readiness must be 0–1"),
    ({"isced_level": 9}, "isced_level must be an ISCED level"),
    ({"languages": {"en": "B3"}}, r"languages\['en'\] = 'B3' is not a CEFR level"),
    ({"hours_min": 30, "hours_max": 20}, "hours_min 30"),
    ({"skills": (SkillClaim(COOK, "guessed"),)}, "source 'guessed'"),
])
def test_bad_profiles_are_refused_naming_the_candidate_and_field(kwargs, message):
    with pytest.raises(ProfileError, match=message) as raised:
        CandidateProfile(id="p-7", **kwargs)
    assert "candidate 'p-7'" in str(raised.value)


def test_bad_vacancies_are_refused_naming_the_field():
    with pytest.raises(ProfileError, match="vacancy 'v9': weekly_hours"):
        Vacancy(id="v9", weekly_hours=60)
    with pytest.raises(ProfileError, match="vacancy 'v9': min_isced"):
        Vacancy(id="v9", min_isced=-1)


def test_duplicate_candidate_ids_are_refused():
    with pytest.raises(ValueError, match="unique"):
        CandidateIndex([candidate("a"), candidate("a")], view(), Weights())


def test_hours_preferences_map_to_weekly_ranges():
    assert hours_range("part_time")[1] <= hours_range("full_time")[0]
    with pytest.raises(ProfileError, match="hours preference 'night'"):
        hours_range("night")


def test_the_view_builds_from_the_importers_taxonomy_data():
    data = TaxonomyData(occupation_skills=[Link("o:1", "s:1", "essential"), Link("o:1", "s:2", "optional")],
                        skill_skills=[Link("s:1", "s:3", "optional")], skill_broader=[Link("s:1", "s:4")],
                        occupation_broader=[Link("o:1", "o:2")])

    built = TaxonomyView.from_taxonomy_data(data)

    assert built.occupation_essential == {"o:1": ("s:1",)}
    assert built.skill_neighbours["s:1"] == {"s:3": "related", "s:4": "broader"}
    assert built.skill_neighbours["s:4"] == {"s:1": "broader"}
    assert built.occupation_neighbours["o:2"] == frozenset({"o:1"})


def test_a_vacancy_with_nothing_to_score_gives_zero_and_says_so():
    weights = Weights.from_dict({p: 0 for p in ("optional", "experience", "education", "language", "readiness")})
    shortlist = CandidateIndex([candidate("a", [COOK])], view(), weights).rank_candidates(
        vacancy(essential=(), optional=()))

    assert shortlist.results[0].score == 0
    assert "no_applicable_parts" in [n.code for n in shortlist.results[0].notes]
