"""Hard constraints of the ranking core: each one filters, and says which passed."""

import pytest

from florwork.matching.ranking import CandidateIndex, Weights, commute_minutes, score_pair

from .test_ranking_fixture import COOK, FIRENZE, HACCP, PRATO, SIENA, candidate, vacancy, view

W = Weights()


def _ranked_ids(candidates, v):
    return [r.candidate_id for r in CandidateIndex(candidates, view(), W).rank_candidates(v, top=None).results]


def test_a_candidate_without_consent_never_appears_not_even_in_the_counts():
    people = [candidate("ok", [COOK, HACCP]), candidate("no", [COOK, HACCP], consent_to_present=False)]

    shortlist = CandidateIndex(people, view(), W).rank_candidates(vacancy(), top=None)

    assert [r.candidate_id for r in shortlist.results] == ["ok"]
    assert shortlist.eligible == 1 and shortlist.excluded == {}
    assert score_pair(people[1], vacancy(), view(), W).failed_constraints == ("consent",)


@pytest.mark.parametrize("state, shown", [("active", True), ("planned", True), ("referred", False),
                                          ("closed", False), ("suspended", False)])
def test_only_cases_in_a_suitable_state_are_ranked(state, shown):
    assert _ranked_ids([candidate("c", [COOK], case_state=state)], vacancy()) == (["c"] if shown else [])


@pytest.mark.parametrize("field, held, required", [
    ("licences", frozenset({"B"}), "required_licences"),
    ("legal_status", frozenset({"law68_enrolled"}), "legal_requirements"),
])
def test_required_licences_and_legal_requirements_filter(field, held, required):
    code = "licence" if field == "licences" else "legal"
    v = vacancy(**{required: held})
    people = [candidate("with", [COOK], **{field: held}), candidate("without", [COOK])]

    shortlist = CandidateIndex(people, view(), W).rank_candidates(v, top=None)

    assert [r.candidate_id for r in shortlist.results] == ["with"]
    assert shortlist.excluded == {code: 1}
    assert code in shortlist.results[0].constraints_passed
    assert score_pair(people[1], v, view(), W).failed_constraints == (code,)


def test_a_requirement_no_candidate_holds_excludes_everyone():
    person = candidate("c", [COOK], licences=frozenset({"B"}))

    assert _ranked_ids([person], vacancy(required_licences=frozenset({"CQC"}))) == []


def test_hours_outside_the_persons_range_filter():
    people = [candidate("part", [COOK], hours_min=0, hours_max=30), candidate("full", [COOK], hours_min=30)]

    assert _ranked_ids(people, vacancy(weekly_hours=20)) == ["part"]
    assert _ranked_ids(people, vacancy(weekly_hours=40)) == ["full"]


def test_commute_from_home_to_the_site_within_the_persons_limit():
    minutes = commute_minutes(PRATO, FIRENZE, W)
    assert 30 < minutes < 45  # ~17 km great circle × 1.3 road factor at 30 km/h
    people = [candidate("near", [COOK], home=PRATO, max_commute_min=45),
              candidate("far", [COOK], home=SIENA, max_commute_min=45),
              candidate("nolimit", [COOK], home=SIENA), candidate("nohome", [COOK], max_commute_min=10)]

    shortlist = CandidateIndex(people, view(), W).rank_candidates(vacancy(site=FIRENZE), top=None)

    assert sorted(r.candidate_id for r in shortlist.results) == ["near", "nohome", "nolimit"]
    assert shortlist.excluded == {"commute": 1}
    near = next(r for r in shortlist.results if r.candidate_id == "near")
    assert "commute" in near.constraints_passed
    assert any(n.code == "commute_minutes" and n.params["limit"] == 45 for n in near.notes)
    nohome = next(r for r in shortlist.results if r.candidate_id == "nohome")
    assert [n.code for n in nohome.notes if n.code.startswith("commute")] == ["commute_not_checked"]


def test_accessibility_needs_must_be_offered_at_the_site():
    person = candidate("c", [COOK], accessibility_needs=frozenset({"step_free"}))

    assert _ranked_ids([person], vacancy()) == []
    assert _ranked_ids([person], vacancy(accessibility_offered=frozenset({"step_free", "lift"}))) == ["c"]
    assert score_pair(person, vacancy(), view(), W).failed_constraints == ("accessibility",)


def test_every_failed_constraint_is_listed_and_the_pair_is_not_passed():
    person = candidate("c", [COOK], consent_to_present=False, case_state="closed", hours_max=20)

    result = score_pair(person, vacancy(weekly_hours=38, required_licences=frozenset({"B"})), view(), W)

    assert not result.passed
    assert result.failed_constraints == ("consent", "case_state", "licence", "hours")
