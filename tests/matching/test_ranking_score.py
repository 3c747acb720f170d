"""The ranking score: skill coverage with ESCO partial credit, experience, education, languages, readiness;
explanations that add up; the same data always gives the same order."""

import random

import pytest

from florwork.matching.ranking import CandidateIndex, SkillClaim, Weights, rank_vacancies, score_pair

from .test_ranking_fixture import (
    CLEAN,
    COOK,
    FOOD,
    FORKLIFT,
    HACCP,
    KNIFE,
    O_CHEF,
    O_COOK,
    O_WAREHOUSE,
    STOCK,
    candidate,
    vacancy,
    view,
    worked,
)

W = Weights()


def _match(result, uri):
    return next(m for m in result.matched_skills if m.uri == uri)


def test_exact_skills_give_full_credit_and_missing_essential_ones_are_listed():
    result = score_pair(candidate(skills=[COOK]), vacancy(), view(), W)

    assert result.passed
    assert _match(result, COOK).how == "exact" and _match(result, COOK).credit == 1.0
    assert result.missing_essential == (HACCP,)


def test_a_related_skill_earns_partial_credit_and_says_how():
    knife_only = score_pair(candidate(skills=[KNIFE]), vacancy(optional=()), view(), W)
    nothing = score_pair(candidate(skills=[CLEAN]), vacancy(optional=()), view(), W)

    match = _match(knife_only, COOK)
    assert (match.how, match.via, match.credit) == ("related", KNIFE, W.related_credit)
    assert knife_only.parts["essential"] > nothing.parts["essential"] == 0
    assert COOK not in knife_only.missing_essential


def test_a_broader_or_narrower_skill_earns_partial_credit():
    result = score_pair(candidate(skills=[FOOD]), vacancy(optional=()), view(), W)

    assert _match(result, COOK).how == "broader" and _match(result, COOK).credit == W.broader_credit


def test_skills_inferred_from_a_past_occupation_are_marked_and_count_less_than_declared():
    inferred = score_pair(candidate(experience=worked(O_COOK, 12)), vacancy(), view(), W)
    declared = score_pair(candidate(skills=[COOK, HACCP], experience=worked(O_COOK, 12)), vacancy(), view(), W)

    assert {m.uri: m.how for m in inferred.matched_skills} == {COOK: "inferred", HACCP: "inferred",
                                                               KNIFE: "related"}  # via the inferred cooking
    assert _match(inferred, COOK).credit == W.inferred_credit
    assert _match(declared, COOK).how == "exact"
    assert declared.score > inferred.score


def test_experience_in_the_occupation_counts_and_a_broader_one_partly():
    v = vacancy(essential=(), optional=())
    exact = score_pair(candidate(experience=worked(O_COOK, 24)), v, view(), W).parts["experience"]
    broader = score_pair(candidate(experience=worked(O_CHEF, 24)), v, view(), W).parts["experience"]
    unrelated = score_pair(candidate(experience=worked(O_WAREHOUSE, 24)), v, view(), W).parts["experience"]

    assert exact == pytest.approx(2 * broader) and unrelated == 0


def test_a_vacancy_without_essential_skills_still_ranks_on_the_rest_and_says_so():
    v = vacancy(essential=(), optional=())
    people = [candidate("a", experience=worked(O_COOK, 24)), candidate("b", experience=worked(O_WAREHOUSE, 24))]

    shortlist = CandidateIndex(people, view(), W).rank_candidates(v, top=None)

    assert [r.candidate_id for r in shortlist.results] == ["a", "b"]
    assert shortlist.results[0].score > shortlist.results[1].score
    codes = [n.code for n in shortlist.results[0].notes]
    assert "no_essential_skills" in codes and "essential" not in shortlist.results[0].parts


def test_education_and_languages_fit():
    v = vacancy(min_isced=3, languages={"it": "B1"})
    fit = score_pair(candidate(isced_level=3, languages={"it": "native"}), v, view(), W)
    short = score_pair(candidate(isced_level=2, languages={"it": "A2"}), v, view(), W)
    unknown = score_pair(candidate(), v, view(), W)

    assert fit.parts["education"] > short.parts["education"] > unknown.parts["education"] == 0
    assert fit.parts["language"] > short.parts["language"] > unknown.parts["language"] == 0
    assert "education_unknown" in [n.code for n in unknown.notes]


def test_readiness_follows_the_pathway_and_the_assessment():
    v = vacancy()
    ready = score_pair(candidate(pathway=1, readiness=0.9), v, view(), W).parts["readiness"]
    far = score_pair(candidate(pathway=4, readiness=0.2), v, view(), W).parts["readiness"]
    unknown = score_pair(candidate(pathway=None, readiness=None), v, view(), W)

    assert ready > unknown.parts["readiness"] > far
    assert "readiness_unknown" in [n.code for n in unknown.notes]


def test_weights_are_data_and_change_the_order():
    people = [candidate("skilled", [COOK, HACCP, KNIFE], pathway=4, readiness=0.1),
              candidate("ready", [COOK], pathway=1, readiness=1.0)]
    skills_first = Weights.from_dict({"essential": 60, "readiness": 5})
    readiness_first = Weights.from_json('{"essential": 5, "optional": 0, "readiness": 80}')

    def order(weights):
        return [r.candidate_id for r in CandidateIndex(people, view(), weights).rank_candidates(vacancy()).results]

    assert order(skills_first) == ["skilled", "ready"]
    assert order(readiness_first) == ["ready", "skilled"]


def test_the_parts_add_up_to_the_score_and_a_perfect_candidate_scores_100():
    perfect = candidate(skills=[COOK, HACCP, KNIFE], experience=worked(O_COOK, 36), isced_level=4,
                        languages={"it": "C1"}, pathway=1, readiness=1.0)
    v = vacancy(min_isced=3, languages={"it": "B2"})

    result = score_pair(perfect, v, view(), W)

    assert result.score == pytest.approx(100.0)
    assert sum(result.parts.values()) == pytest.approx(result.score)
    partial = score_pair(candidate(skills=[KNIFE], experience=worked(O_CHEF, 6)), v, view(), W)
    assert sum(partial.parts.values()) == pytest.approx(partial.score) and 0 < partial.score < 100


def _population(n, seed):
    rng = random.Random(seed)
    pool = [COOK, HACCP, KNIFE, FOOD, CLEAN, FORKLIFT, STOCK]
    occupations = [O_COOK, O_CHEF, O_WAREHOUSE]
    return [candidate(f"c{i:03d}", [SkillClaim(s, rng.choice(["declared", "assessed"])) for s in
                                    rng.sample(pool, rng.randint(0, 4))],
                      experience=worked(rng.choice(occupations), rng.randint(0, 40)),
                      isced_level=rng.randint(0, 8), languages={"it": rng.choice(["A2", "B1", "native"])},
                      pathway=rng.randint(1, 4), readiness=rng.random()) for i in range(n)]


def test_the_vectorised_scores_equal_the_per_pair_scores():
    people = _population(300, seed=3)
    v = vacancy(min_isced=3, languages={"it": "B1"})

    index = CandidateIndex(people, view(), W)
    scores = index.scores(v)

    for row, person in enumerate(people):
        assert scores.score[row] == pytest.approx(score_pair(person, v, view(), W).score, abs=1e-9)


def test_the_same_data_gives_the_same_order_and_ties_go_by_id():
    people = _population(200, seed=5)
    twins = [candidate(id, [COOK]) for id in ("t-b", "t-c", "t-a")]
    v = vacancy()

    first = [r.candidate_id for r in CandidateIndex(people + twins, view(), W).rank_candidates(v, top=None).results]
    shuffled = list(reversed(people + twins))
    again = [r.candidate_id for r in CandidateIndex(shuffled, view(), W).rank_candidates(v, top=None).results]

    assert first == again
    positions = [first.index(t) for t in ("t-a", "t-b", "t-c")]
    assert positions == sorted(positions) and positions[2] - positions[0] == 2


def test_top_k_is_the_head_of_the_full_order():
    people = _population(300, seed=7)
    index = CandidateIndex(people, view(), W)
    full = [r.candidate_id for r in index.rank_candidates(vacancy(), top=None).results]

    for k in (1, 5, 17, 400):
        assert [r.candidate_id for r in index.rank_candidates(vacancy(), top=k).results] == full[:k]


def test_for_a_candidate_every_open_vacancy_ranked_with_missing_skills():
    person = candidate(skills=[FORKLIFT], experience=worked(O_WAREHOUSE, 30), licences=frozenset({"B"}))
    vacancies = [vacancy("kitchen"), vacancy("store", essential=(FORKLIFT, STOCK), optional=(),
                                             occupation_uri=O_WAREHOUSE),
                 vacancy("truck", essential=(FORKLIFT,), required_licences=frozenset({"C"}))]

    results = rank_vacancies(person, vacancies, view(), W)

    assert [r.vacancy_id for r in results] == ["store", "kitchen"]
    assert results[1].missing_essential == (COOK, HACCP)
    assert rank_vacancies(candidate(consent_to_present=False), vacancies, view(), W) == []


def test_a_batch_gives_one_shortlist_per_vacancy_in_order():
    index = CandidateIndex(_population(100, seed=11), view(), W)
    vacancies = [vacancy("v2"), vacancy("v1", essential=(FORKLIFT,), occupation_uri=O_WAREHOUSE)]

    batch = list(index.rank_batch(vacancies, top=3))

    assert [s.vacancy_id for s in batch] == ["v2", "v1"]
    assert batch[1] == index.rank_candidates(vacancies[1], top=3) and len(batch[1].results) == 3
