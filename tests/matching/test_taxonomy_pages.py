"""The taxonomy pages: search (whole page and HTMX results), occupation and skill; who may see them."""

import pytest

from florwork.matching.models import Occupation, Skill

PRIVILEGED = ["case_manager", "company_officer"]


@pytest.mark.parametrize("persona", PRIVILEGED)
def test_search_page_lists_occupations_with_the_reason(client, login, personas, persona):
    personas[persona].language = "en"  # the reason's English words below
    personas[persona].save(update_fields=["language"])
    login(client, persona)

    response = client.get("/matching/taxonomy/", {"q": "aiuto cuoco in una mensa"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page and "aiuto cuoco" in page and "matched the" in page


def test_htmx_search_returns_only_the_results(client, login):
    login(client, "company_officer")

    response = client.get("/matching/taxonomy/", {"q": "magazziniere"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page and "magazziniere" in page


def test_empty_search_shows_the_form(client, login):
    login(client, "case_manager")

    response = client.get("/matching/taxonomy/")

    assert response.status_code == 200 and 'name="q"' in response.content.decode()


def test_occupation_page_shows_skills_and_labels_in_both_languages(client, login):
    login(client, "case_manager")
    occupation = Occupation.objects.get(preferred__en="kitchen assistant")

    response = client.get(f"/matching/taxonomy/occupations/{occupation.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "aiuto cuoco" in page and "kitchen assistant" in page and occupation.uri in page
    essential = occupation.skill_links.filter(relation="essential").select_related("skill").first().skill
    assert f"/matching/taxonomy/skills/{essential.pk}/" in page


def test_skill_page_shows_the_occupations_needing_it(client, login):
    login(client, "company_officer")
    skill = Skill.objects.get(preferred__en="operate forklift")

    response = client.get(f"/matching/taxonomy/skills/{skill.pk}/")

    page = response.content.decode()
    assert response.status_code == 200 and "carrellista" in page and "patentino muletto" in page


def test_unknown_occupation_is_404(client, login):
    login(client, "case_manager")

    assert client.get("/matching/taxonomy/occupations/999999/").status_code == 404


@pytest.mark.parametrize("persona", ["social_worker", "partner_operator", "evaluator", "funder", "administrator"])
def test_roles_without_matching_are_refused(client, login, persona):
    login(client, persona)
    occupation = Occupation.objects.first()

    assert client.get("/matching/taxonomy/", {"q": "cuoco"}).status_code == 403
    assert client.get(f"/matching/taxonomy/occupations/{occupation.pk}/").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/matching/taxonomy/")

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_navigation_shows_the_taxonomy_only_to_matching_roles(client, login):
    login(client, "case_manager")
    assert "/matching/taxonomy/" in client.get("/").content.decode()
    client.logout()
    login(client, "social_worker")
    assert "/matching/taxonomy/" not in client.get("/").content.decode()
