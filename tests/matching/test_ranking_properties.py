"""Properties of the ranking core over generated profiles (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from florwork.matching.ranking import CandidateIndex, CandidateProfile, SkillClaim, Vacancy, Weights, score_pair

from .test_ranking_fixture import CLEAN, COOK, FIRENZE, FOOD, FORKLIFT, HACCP, KNIFE, O_CHEF, O_COOK, STOCK, view

SKILLS = [COOK, HACCP, KNIFE, FOOD, CLEAN, FORKLIFT, STOCK]
W = Weights()

claims = st.builds(SkillClaim, st.sampled_from(SKILLS), st.sampled_from(["declared", "assessed", "inferred"]),
                   st.one_of(st.none(), st.floats(0, 1)))
candidates = st.builds(
    CandidateProfile, id=st.text("abcdef", min_size=1, max_size=4),
    skills=st.lists(claims, max_size=5).map(tuple),
    licences=st.sets(st.sampled_from(["B", "C"])).map(frozenset),
    legal_status=st.sets(st.just("law68_enrolled")).map(frozenset),
    hours_max=st.sampled_from([20.0, 48.0]), max_commute_min=st.one_of(st.none(), st.sampled_from([10.0, 60.0])),
    home=st.sampled_from([None, (43.88, 11.10), (43.32, 11.33)]),
    accessibility_needs=st.sets(st.just("step_free")).map(frozenset),
    pathway=st.one_of(st.none(), st.integers(1, 4)), readiness=st.one_of(st.none(), st.floats(0, 1)),
    consent_to_present=st.booleans(), case_state=st.sampled_from(["active", "closed", "planned"]))
vacancies = st.builds(
    Vacancy, id=st.just("v"), occupation_uri=st.sampled_from([None, O_COOK, O_CHEF]),
    essential_skills=st.lists(st.sampled_from(SKILLS), max_size=3).map(tuple),
    optional_skills=st.lists(st.sampled_from(SKILLS), max_size=3).map(tuple),
    required_licences=st.sets(st.sampled_from(["B", "C"])).map(frozenset),
    legal_requirements=st.sets(st.just("law68_enrolled")).map(frozenset),
    weekly_hours=st.sampled_from([None, 20.0, 38.0]), site=st.sampled_from([None, FIRENZE]),
    accessibility_offered=st.sets(st.just("step_free")).map(frozenset))


@settings(max_examples=200, deadline=None)
@given(candidates, vacancies, st.sampled_from(SKILLS), st.sampled_from(["declared", "assessed", "inferred"]))
def test_adding_a_skill_never_lowers_the_score(person, vacancy, skill, source):
    richer = CandidateProfile(**{**person.__dict__, "skills": (*person.skills, SkillClaim(skill, source))})

    before, after = score_pair(person, vacancy, view(), W), score_pair(richer, vacancy, view(), W)

    assert after.score >= before.score - 1e-9


@settings(max_examples=100, deadline=None)
@given(st.lists(candidates, max_size=8, unique_by=lambda c: c.id), vacancies)
def test_a_failed_hard_constraint_is_never_ranked_and_scores_agree(people, vacancy):
    index = CandidateIndex(people, view(), W)
    shortlist = index.rank_candidates(vacancy, top=None)

    expected = {p.id: score_pair(p, vacancy, view(), W) for p in people}
    vectorised = index.scores(vacancy).score
    assert all(abs(vectorised[row] - expected[p.id].score) < 1e-9 for row, p in enumerate(people))
    ranked = [r.candidate_id for r in shortlist.results]
    assert set(ranked) == {i for i, r in expected.items() if r.passed}
    assert all(r.passed and not r.failed_constraints for r in shortlist.results)
    assert all(abs(r.score - sum(r.parts.values())) < 1e-9 and 0 <= r.score <= 100 + 1e-9 for r in shortlist.results)
    scores = [round(r.score, 9) for r in shortlist.results]
    assert scores == sorted(scores, reverse=True)
    assert all(p.consent_to_present for p in people if p.id in ranked)
