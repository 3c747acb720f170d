"""The prioritised list, its filters and the company page's outreach section."""

from django.urls import reverse


def test_the_list_shows_companies_best_first_with_reasons(client, login, in_english, make_company, make_candidate):
    make_candidate(sought=["cameriere"])
    make_company(name="Edil Rossi", ateco_code="41.00.00", employees=3)
    make_company(name="Trattoria Da Gino", ateco_code="56.11.11", employees=40)
    login(client, "company_officer")

    page = client.get(reverse("outreach_priorities"))

    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("Trattoria Da Gino") < text.index("Edil Rossi")
    assert "1 active candidate seeks or has done jobs this sector employs" in text
    assert "never contacted" in text


def test_filters_narrow_the_list(client, login, make_company):
    make_company(name="Trattoria Da Gino", ateco_code="56.11.11", employees=40)
    make_company(name="Edil Rossi", ateco_code="41.00.00", employees=3, comune="Empoli")
    login(client, "company_officer")

    by_section = client.get(reverse("outreach_priorities"), {"section": "I"}).content.decode()
    by_size = client.get(reverse("outreach_priorities"), {"size": "micro"}).content.decode()
    by_days = client.get(reverse("outreach_priorities"), {"not_contacted_days": "30"}).content.decode()

    assert "Trattoria Da Gino" in by_section and "Edil Rossi" not in by_section
    assert "Edil Rossi" in by_size and "Trattoria Da Gino" not in by_size
    assert "Edil Rossi" in by_days and "Trattoria Da Gino" in by_days  # never contacted counts as long ago


def test_htmx_gets_only_the_rows(client, login, make_company):
    make_company(name="Trattoria Da Gino")
    login(client, "company_officer")

    page = client.get(reverse("outreach_priorities"), HTTP_HX_REQUEST="true")

    assert "Trattoria Da Gino" in page.content.decode()
    assert "<html" not in page.content.decode()


def test_a_role_without_the_registry_is_refused(client, login):
    login(client, "social_worker")

    assert client.get(reverse("outreach_priorities")).status_code == 403


def test_the_company_page_shows_the_score_and_its_reasons(client, login, in_english, make_company):
    company = make_company(name="Trattoria Da Gino", ateco_code="56.11.11", employees=40)
    login(client, "company_officer")

    page = client.get(reverse("company_detail", args=[company.pk])).content.decode()

    assert "Outreach priority" in page
    assert "40 employees" in page


def test_the_weights_page_shows_the_version_in_force(client, login, in_english):
    login(client, "company_officer")

    page = client.get(reverse("outreach_weights"))

    assert page.status_code == 200
    assert "Sector demand" in page.content.decode()
    assert "Save a new version" not in page.content.decode()
