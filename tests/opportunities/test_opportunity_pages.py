"""The opportunity pages: list with filters, record from the company page and the visit report, detail with
its status form and history, edit; who may see (COMPANY_VIEW) and change (COMPANY_MANAGE) what."""

import pytest

from florwork.opportunities.models import Opportunity


def test_the_list_filters_by_kind_status_company_and_officer(client, login, make_company, make_opportunity, coop,
                                                               personas):
    other = make_company(name="Panificio Bianchi")
    make_opportunity(title="Warehouse workers")
    make_opportunity(title="Cleaning commission", kind="art14", cooperative=coop, of=other)
    login(client, "company_officer")

    direct = client.get("/opportunities/", {"kind": "direct"})
    by_company = client.get("/opportunities/", {"company": "bianchi"}, HTTP_HX_REQUEST="true")
    by_status = client.get("/opportunities/", {"status": "won"})
    by_officer = client.get("/opportunities/", {"officer": personas["company_officer"].pk})

    assert "Warehouse workers" in direct.text and "Cleaning commission" not in direct.text
    assert "Cleaning commission" in by_company.text and "<html" not in by_company.text
    assert "Warehouse" not in by_status.text and "Nothing matches" in by_status.text
    assert "Warehouse workers" in by_officer.text and "Cleaning commission" in by_officer.text


def test_the_officer_records_an_opportunity_from_the_company_page(client, login, company):
    login(client, "company_officer")
    page = client.get(f"/employers/{company.pk}/")

    response = client.post(f"/opportunities/new/{company.pk}/", {
        "kind": "vacancy", "title": "Two warehouse workers", "source": "call", "expected_places": "2"})

    opportunity = Opportunity.objects.get()
    assert f"/opportunities/new/{company.pk}/" in page.text
    assert response.status_code == 302 and response.url == f"/opportunities/{opportunity.pk}/"
    assert "Two warehouse workers" in client.get(f"/employers/{company.pk}/").text


def test_a_bad_form_names_the_field_and_writes_nothing(client, login, company, organizations):
    login(client, "company_officer")

    response = client.post(f"/opportunities/new/{company.pk}/", {
        "kind": "art14", "title": "Cleaning", "source": "call", "expected_value": "-5"})

    assert response.status_code == 400 and "is-invalid" in response.text or "invalid-feedback" in response.text
    assert not Opportunity.objects.exists()


def test_the_visit_report_shows_its_opportunities_and_records_one(client, login, visit, coop):
    login(client, "company_officer")
    page = client.get(f"/visits/reports/{visit.pk}/")

    response = client.post(f"/opportunities/visit/{visit.pk}/new/", {
        "kind": "art14", "title": "Cleaning of the offices", "expected_value": "60000", "expected_places": "2",
        "cooperative": coop.pk})

    assert "Add an opportunity" in page.text
    assert response.status_code == 302 and response.url == f"/visits/reports/{visit.pk}/#opportunities"
    assert "Cleaning of the offices" in client.get(f"/visits/reports/{visit.pk}/").text
    assert Opportunity.objects.get().visit == visit


def test_the_detail_moves_the_status_and_shows_the_history(client, login, make_opportunity):
    opportunity = make_opportunity()
    login(client, "company_officer")

    response = client.post(f"/opportunities/{opportunity.pk}/status/", {
        "to_status": "qualified", "reason": "Budget confirmed", "version": opportunity.version})
    page = client.get(f"/opportunities/{opportunity.pk}/")

    assert response.status_code == 302
    assert "Budget confirmed" in page.text and "qualified" in page.text


def test_a_lost_status_without_reason_is_refused_on_the_page(client, login, make_opportunity):
    opportunity = make_opportunity()
    login(client, "company_officer")

    response = client.post(f"/opportunities/{opportunity.pk}/status/", {
        "to_status": "lost", "reason": "", "version": opportunity.version})

    assert response.status_code == 400 and "Say why the opportunity was lost" in response.text
    assert Opportunity.objects.get().status == "identified"


def test_a_stale_edit_is_a_conflict(client, login, make_opportunity):
    opportunity = make_opportunity()
    login(client, "company_officer")

    response = client.post(f"/opportunities/{opportunity.pk}/edit/", {
        "kind": "vacancy", "title": "Renamed", "source": "other", "version": opportunity.version + 3})

    assert response.status_code == 409 and Opportunity.objects.get().title == "Two warehouse workers"


def test_the_case_manager_sees_but_cannot_change(client, login, make_opportunity, company):
    opportunity = make_opportunity()
    login(client, "case_manager")

    assert client.get(f"/opportunities/{opportunity.pk}/").status_code == 200
    assert client.get(f"/opportunities/{opportunity.pk}/edit/").status_code == 403
    assert client.post(f"/opportunities/new/{company.pk}/", {"kind": "vacancy", "title": "x"}).status_code == 403


@pytest.mark.parametrize("key", ["social_worker", "partner_operator", "evaluator", "funder"])
def test_roles_without_the_registry_see_nothing(client, login, make_opportunity, key):
    opportunity = make_opportunity()
    login(client, key)

    assert client.get("/opportunities/").status_code == 403
    assert client.get(f"/opportunities/{opportunity.pk}/").status_code == 403


def test_an_unknown_opportunity_is_not_found(client, login):
    login(client, "company_officer")

    assert client.get("/opportunities/999999/").status_code == 404


def test_the_case_manager_sees_the_visit_opportunities_without_the_form(client, login, actors, visit):
    from florwork.opportunities.services import opportunity_create

    opportunity_create(by=actors["company_officer"], company=visit.company, visit=visit,
                       data={"kind": "csr", "title": "Volunteering day"})
    login(client, "case_manager")

    page = client.get(f"/visits/reports/{visit.pk}/")

    assert "Volunteering day" in page.text and "visit-opportunity-form" not in page.text
    assert client.post(f"/opportunities/visit/{visit.pk}/new/", {"kind": "csr", "title": "x"}).status_code == 403
