"""The taxonomy API: search, occupation and skill detail; MATCHING_RUN only."""

import pytest
from django.test import Client

from florwork.accounts.services import apitoken_create
from florwork.matching.models import Occupation, Skill


@pytest.fixture
def get(actors):
    def as_persona(key, path, **params):
        _, raw = apitoken_create(by=actors[key], name="test")
        return Client().get(path, params, HTTP_AUTHORIZATION=f"Bearer {raw}")

    return as_persona


def test_search_returns_occupations_and_skills_with_the_reason(get):
    response = get("company_officer", "/api/taxonomy/search", q="magazziniere con patentino muletto",
                   semantic="false")

    assert response.status_code == 200
    body = response.json()
    first = body["occupations"][0]
    assert first["label"]["en"] == "forklift operator" and first["label"]["it"] == "carrellista"
    assert first["matched_label"] == "magazziniere con patentino muletto" and first["matched_kind"] == "alternative"
    assert first["uri"].startswith("http://data.europa.eu/esco/occupation/") and 0 < first["score"] <= 1
    assert body["skills"][0]["label"]["en"] == "operate forklift" and body["semantic"] is False


def test_search_validates_its_parameters(get):
    response = get("case_manager", "/api/taxonomy/search", q="cuoco", limit=0)

    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["limit"]


def test_occupation_detail_lists_essential_and_optional_skills(get):
    occupation = Occupation.objects.get(preferred__en="cook")

    body = get("case_manager", f"/api/taxonomy/occupations/{occupation.pk}").json()

    assert body["uri"] == occupation.uri and body["label"]["it"] == "cuoco"
    assert "cuoca" in body["synonyms"]["it"]
    assert len(body["essential_skills"]) == occupation.skill_links.filter(relation="essential").count() > 0
    assert any(not skill["italian_label"] for skill in body["optional_skills"])


def test_occupation_by_uri(get):
    occupation = Occupation.objects.get(preferred__en="cashier")

    body = get("company_officer", "/api/taxonomy/occupations/by-uri", uri=occupation.uri).json()

    assert body["id"] == occupation.pk


def test_skill_detail(get):
    skill = Skill.objects.get(preferred__en="operate forklift")

    body = get("company_officer", f"/api/taxonomy/skills/{skill.pk}").json()

    assert body["label"]["it"] == "condurre il carrello elevatore"
    assert "forklift operator" in [o["label"]["en"] for o in body["essential_for"] + body["optional_for"]]


def test_unknown_ids_and_uris_are_404(get):
    assert get("case_manager", "/api/taxonomy/occupations/999999").status_code == 404
    assert get("case_manager", "/api/taxonomy/skills/999999").status_code == 404
    assert get("case_manager", "/api/taxonomy/occupations/by-uri", uri="http://example.org/x").status_code == 404


@pytest.mark.parametrize("persona", ["social_worker", "partner_operator", "programme_manager", "evaluator"])
def test_roles_without_matching_get_403(get, persona):
    occupation = Occupation.objects.first()

    assert get(persona, "/api/taxonomy/search", q="cuoco").status_code == 403
    assert get(persona, f"/api/taxonomy/occupations/{occupation.pk}").status_code == 403
    assert get(persona, f"/api/taxonomy/skills/{Skill.objects.first().pk}").status_code == 403
