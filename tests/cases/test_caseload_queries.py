"""The caseload costs a constant number of queries however many cases it lists (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from florwork.cases import selectors


@pytest.fixture
def cases_of_the_case_manager(make_case):
    def make(n: int) -> None:
        states = ["referred", "intake", "assessed", "active"]
        for i in range(n):
            make_case(state=states[i % len(states)])

    return make


def _selector_queries(actor) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        rows = selectors.caseload_rows(selectors.caseload(actor=actor, mine=True))
    return len(captured), len(rows)


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("caseload"))
    assert response.status_code == 200
    return len(captured)


def test_caseload_selectors_query_count_does_not_grow_with_the_rows(actors, cases_of_the_case_manager):
    cases_of_the_case_manager(5)
    few, listed_few = _selector_queries(actors["case_manager"])
    cases_of_the_case_manager(45)
    many, listed_many = _selector_queries(actors["case_manager"])
    assert (listed_few, listed_many) == (5, 50)
    assert few == many


@pytest.mark.parametrize("persona", ["case_manager", "programme_manager"])
def test_caseload_page_query_count_does_not_grow_with_the_rows(client, login, persona, cases_of_the_case_manager):
    try:
        reverse("caseload")
    except NoReverseMatch:
        pytest.skip("the caseload page does not exist yet")
    login(client, persona)
    cases_of_the_case_manager(5)
    few = _page_queries(client)
    cases_of_the_case_manager(45)
    many = _page_queries(client)
    assert few == many


def test_caseload_api_query_count_does_not_grow_with_the_rows(client, login, cases_of_the_case_manager):
    login(client, "case_manager")
    cases_of_the_case_manager(5)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/cases").json()["count"] == 5
    cases_of_the_case_manager(45)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/cases").json()["count"] == 50
    assert len(few) == len(many)
