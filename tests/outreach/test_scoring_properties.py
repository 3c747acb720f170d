"""The scoring core, alone: bounded, explained, monotone where it should be, deterministic, and the
set-based path equal to the per-company one."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from florwork.outreach import scoring
from florwork.outreach.sectors import sector_map

STATES = ["prospect", "contacted", "visited", "partner", "dormant"]
points = st.tuples(st.floats(43.4, 44.2), st.floats(10.7, 11.8))
companies = st.builds(
    scoring.CompanyFacts, id=st.integers(1, 10_000), ateco_division=st.sampled_from(["", "56", "41", "47", "87"]),
    employees=st.one_of(st.none(), st.integers(0, 5000)), law68_shortfall=st.integers(0, 20),
    state=st.sampled_from(STATES), was_partner=st.booleans(),
    days_since_contact=st.one_of(st.none(), st.integers(0, 2000)), point=st.one_of(st.none(), points))
populations = st.builds(
    scoring.Population, total=st.integers(0, 500),
    demand_by_division=st.dictionaries(st.sampled_from(["56", "41", "47", "87"]), st.integers(0, 500)),
    homes=st.lists(st.tuples(st.floats(43.4, 44.2), st.floats(10.7, 11.8), st.integers(1, 50)), max_size=20))
weights = st.builds(scoring.Weights, sector_demand=st.floats(0, 50), size=st.floats(0, 50),
                    law68_shortfall=st.floats(0, 50), distance=st.floats(0, 50), relationship=st.floats(0, 50),
                    last_contact=st.floats(1, 50))


@given(companies, populations, weights)
def test_the_score_is_bounded_and_is_the_sum_of_its_reasons(company, population, w):
    result = scoring.score_one(company, population, w)

    assert 0 <= result.score <= 100
    assert result.score == pytest.approx(sum(r.points for r in result.reasons), abs=0.011)
    assert [r.code for r in result.reasons] == list(scoring.PARTS)
    maxima = w.points()
    assert all(0 <= r.points <= maxima[r.code] + 0.01 for r in result.reasons)


@given(companies, populations, st.integers(0, 10))
def test_a_larger_shortfall_never_lowers_the_score(company, population, more):
    w = scoring.Weights()
    before = scoring.score_one(company, population, w).score
    after = scoring.score_one(dataclasses.replace(company, law68_shortfall=company.law68_shortfall + more),
                              population, w).score
    assert after >= before


@given(companies, populations, st.integers(0, 400))
def test_a_longer_silence_never_lowers_the_score(company, population, more):
    w = scoring.Weights()
    days = company.days_since_contact or 0
    recent = scoring.score_one(dataclasses.replace(company, days_since_contact=days), population, w).score
    later = scoring.score_one(dataclasses.replace(company, days_since_contact=days + more), population, w).score
    never = scoring.score_one(dataclasses.replace(company, days_since_contact=None), population, w).score
    assert recent <= later <= never


@settings(max_examples=50)
@given(st.lists(companies, max_size=30, unique_by=lambda c: c.id), populations)
def test_set_based_equals_one_by_one_and_is_ordered(items, population):
    w = scoring.Weights()

    together = scoring.score_all(items, population, w)

    assert {r.company_id: r for r in together} == {c.id: scoring.score_one(c, population, w) for c in items}
    assert [(r.score, r.company_id) for r in together] == sorted(((r.score, r.company_id) for r in together),
                                                                 key=lambda x: (-x[0], x[1]))
    assert scoring.score_all(list(reversed(items)), population, w) == together


def test_weights_round_trip_and_bad_values_are_named():
    w = scoring.Weights(size=5)
    assert scoring.Weights.from_dict(w.to_dict()) == w
    with pytest.raises(scoring.WeightsError, match="unknown key 'colour'"):
        scoring.Weights.from_dict({"colour": 1})
    with pytest.raises(scoring.WeightsError, match="size must not be negative"):
        scoring.Weights.from_dict({"size": -1})
    with pytest.raises(scoring.WeightsError, match="near_km has a bad value"):
        scoring.Weights.from_dict({"near_km": "far"})
    with pytest.raises(scoring.WeightsError, match="relationship_credit lacks"):
        scoring.Weights.from_dict({"relationship_credit": {"prospect": 1}})


def test_a_dormant_former_partner_ranks_above_a_dormant_stranger():
    population = scoring.Population(total=10)
    stranger = scoring.CompanyFacts(1, state="dormant")
    former = scoring.CompanyFacts(2, state="dormant", was_partner=True)

    assert scoring.score_one(former, population, scoring.Weights()).score > \
        scoring.score_one(stranger, population, scoring.Weights()).score


def test_sector_demand_counts_each_candidate_once_per_division():
    groups = [frozenset({"5131", "5120"}), frozenset({"7112"}), frozenset()]

    demand = scoring.sector_demand(groups, {"56": ("512", "513"), "41": ("71",), "47": ("52",)})

    assert demand == {"56": 1, "41": 1, "47": 0}


def test_near_counts_only_homes_within_the_radius():
    import numpy as np

    florence, empoli = (43.7696, 11.2558), (43.7190, 10.9460)  # about 25 km apart
    counts = scoring.near_counts(np.asarray([florence]), [(*florence, 3), (*empoli, 5)], near_km=15)

    assert counts.tolist() == [3]


def test_every_division_resolves_to_some_occupations_and_sections_follow_the_edition():
    sectors = sector_map()

    assert sectors.section_of("56") == "I" and sectors.section_of("68", "2025") == "M"
    assert sectors.groups_of("56") and sectors.groups_of("10")
    assert sectors.divisions_of("I", "2025") == ["55", "56"]
