"""The contract the visit planner uses: priority_scores(actor=…, company_ids=…) -> {id: ScoreResult}."""

import pytest

from florwork.outreach.selectors import priority_scores


def test_scores_every_visible_company_with_its_reasons(actors, make_company, make_candidate):
    make_candidate(sought=["cameriere"])
    restaurant = make_company(name="Trattoria Da Gino", ateco_code="56.11.11", employees=40)
    builder = make_company(name="Edil Rossi", ateco_code="41.00.00", employees=3)

    scores = priority_scores(actor=actors["company_officer"])

    assert set(scores) == {restaurant.pk, builder.pk}
    result = scores[restaurant.pk]
    assert 0 <= result.score <= 100
    assert [r.code for r in result.reasons] == ["sector_demand", "size", "law68_shortfall", "distance",
                                                "relationship", "last_contact"]
    assert result.reason("sector_demand").value == 1  # the candidate seeks a job restaurants employ
    assert scores[builder.pk].reason("sector_demand").value == 0
    assert result.score > scores[builder.pk].score
    assert result.score == pytest.approx(sum(r.points for r in result.reasons))


def test_only_the_companies_asked_for(actors, make_company):
    first = make_company(name="Uno")
    make_company(name="Due")

    assert set(priority_scores(actor=actors["company_officer"], company_ids=[first.pk])) == {first.pk}
    assert priority_scores(actor=actors["company_officer"], company_ids=[]) == {}


def test_a_role_without_the_registry_gets_nothing(actors, make_company):
    make_company(name="Uno")

    assert priority_scores(actor=actors["social_worker"]) == {}


def test_a_candidate_without_consent_is_not_counted(actors, make_company, make_candidate):
    make_candidate(sought=["cameriere"], consent=False)
    restaurant = make_company(name="Trattoria Da Gino", ateco_code="56.11.11")

    assert priority_scores(actor=actors["company_officer"])[restaurant.pk].reason("sector_demand").value == 0
