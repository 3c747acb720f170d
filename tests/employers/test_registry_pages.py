"""The registry pages: list with search and filters (HTMX), company page with provenance, Law 68 box, sites,
contacts and history; create and edit forms naming wrong fields; relationship change; who may see what."""

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.audit.models import AuditEntry, Operation
from florwork.employers import services
from florwork.employers.models import Company, FieldClaim
from tests.employers import registry_support as support
from tests.employers.registry_support import new_partita_iva, wrong_check_digit

florence, make_company = support.florence, support.make_company  # the fixtures


pytestmark = pytest.mark.usefixtures("english")


def test_the_officer_searches_the_registry_by_name_and_partita_iva(client, login, make_company):
    rossi = make_company(name="Officine Rossi S.r.l.")
    make_company(name="Panificio Bianchi")
    login(client, "company_officer")

    by_name = client.get("/employers/", {"q": "rossi"})
    by_number = client.get("/employers/", {"q": rossi.partita_iva}, HTTP_HX_REQUEST="true")

    assert by_name.status_code == 200 and "Officine Rossi" in by_name.text and "Bianchi" not in by_name.text
    assert "Officine Rossi" in by_number.text and "<html" not in by_number.text  # the HTMX partial only


def test_filters_by_comune_state_ateco_and_shortfall(client, login, make_company, florence):
    make_company(name="Fiorentina Servizi", ateco_code="81.21.00", ateco_edition="2022")
    make_company(name="Empolese Meccanica", comune="Empoli", computable_headcount=60)
    login(client, "company_officer")

    assert "Empolese" not in client.get("/employers/", {"comune": florence["Firenze"].istat_code}).text
    assert "Fiorentina" not in client.get("/employers/", {"shortfall": "on"}).text
    assert "Empolese" not in client.get("/employers/", {"ateco": "81"}).text
    assert "Fiorentina" in client.get("/employers/", {"ateco": "8121"}).text
    assert "Empolese" in client.get("/employers/", {"state": "prospect"}).text


def test_the_company_page_shows_who_said_what_and_when(client, login, make_company, actors):
    company = make_company(employees=40)
    services.company_update(by=actors["company_officer"], company=company, values={"employees": 55}, version=None,
                            source="import:camera-commercio.csv")
    login(client, "company_officer")

    page = client.get(f"/employers/{company.pk}/")

    assert page.status_code == 200
    assert "import of camera-commercio.csv" in page.text and "entered by hand" in page.text
    assert "sources disagree" in page.text and "recorded by company_officer" in page.text
    assert AuditEntry.objects.filter(operation=Operation.READ, object_type="employers.Company",
                                     object_id=str(company.pk)).exists()


def test_the_law68_box_shows_quota_and_shortfall(client, login, make_company):
    company = make_company(computable_headcount=51, disabled_employed=1)
    login(client, "company_officer")

    page = client.get(f"/employers/{company.pk}/")

    box = page.text[page.text.index('id="h-law68"'):]
    assert "Computable headcount: <strong>51</strong>" in box and "4 positions missing" in page.text
    disabled_row = box[box.index("Disabled workers"):box.index("Other protected")]
    assert [cell.split(">")[-1] for cell in disabled_row.split("</td>")[:3]] == ["4", "1", "3"]
    assert "up to 30% of the quota" in box and "example parameters" in box


def test_case_managers_see_contacts_the_programme_manager_does_not(client, login, make_company, actors):
    company = make_company()
    services.contact_add(by=actors["company_officer"], company=company,
                         data={"first_name": "Lucia", "last_name": "Moretti"})

    assert "Moretti" in login(client, "case_manager").get(f"/employers/{company.pk}/").text
    page = login(client, "programme_manager").get(f"/employers/{company.pk}/")
    assert page.status_code == 200 and "Moretti" not in page.text and "your role does not see them" in page.text


@pytest.mark.parametrize("key", ["social_worker", "partner_operator", "evaluator", "funder", "administrator"])
def test_roles_without_the_grant_get_403(client, login, make_company, key):
    company = make_company()
    login(client, key)

    assert client.get("/employers/").status_code == 403
    assert client.get(f"/employers/{company.pk}/").status_code == 403


def test_viewers_cannot_edit(client, login, make_company):
    company = make_company()
    login(client, "programme_manager")

    assert client.get(f"/employers/{company.pk}/edit/").status_code == 403
    assert client.post(f"/employers/{company.pk}/relationship/", {"to_state": "contacted",
                                                                  "version": company.version}).status_code == 403


def test_an_unknown_company_is_404(client, login, florence):
    login(client, "company_officer")

    assert client.get("/employers/999999/").status_code == 404


def _create_data(**overrides):
    return {"legal_name": "Nuova Logistica S.r.l.", "partita_iva": new_partita_iva(), "legal_form": "srl",
            "ateco_code": "49.41.00", "ateco_edition": "2025", "employees": "20", "site_address": "Via Pratese 10",
            "site_comune": "Sesto Fiorentino", **overrides}


def test_the_officer_adds_a_company_with_its_registered_office(client, login, florence):
    login(client, "company_officer")

    response = client.post("/employers/new/", _create_data())

    company = Company.objects.get()
    assert response.status_code == 302 and response.url == f"/employers/{company.pk}/"
    assert company.ateco_label == "Trasporto di merci su strada"
    assert company.sites.get().comune_istat == florence["Sesto Fiorentino"].istat_code


def test_an_invalid_partita_iva_is_named_with_its_reason_and_nothing_is_saved(client, login, florence):
    login(client, "company_officer")

    response = client.post("/employers/new/", _create_data(partita_iva=wrong_check_digit(new_partita_iva()),
                                                           ateco_code="99.99.99"))

    assert response.status_code == 400
    assert "The check digit (the last one) does not match" in response.text
    assert "99.99.99 is not an ATECO 2025 code" in response.text
    assert not Company.objects.exists()


def test_a_duplicate_partita_iva_is_named(client, login, make_company):
    existing = make_company()
    login(client, "company_officer")

    response = client.post("/employers/new/", _create_data(partita_iva=existing.partita_iva))

    assert response.status_code == 400 and "Another company of the registry has this partita IVA" in response.text


def test_editing_records_only_what_changed(client, login, make_company):
    company = make_company(employees=10)
    login(client, "company_officer")
    form = client.get(f"/employers/{company.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(phone="055 123456", trade_names="Rossi Officine", ateco_edition="2025")

    response = client.post(f"/employers/{company.pk}/edit/", data)

    assert response.status_code == 302
    assert set(FieldClaim.objects.filter(company=company).values_list("field", flat=True)) == {
        "legal_name", "partita_iva", "employees", "phone", "trade_names"}


def test_a_stale_edit_is_refused(client, login, make_company, actors):
    company = make_company()
    login(client, "company_officer")
    stale = company.version
    services.company_update(by=actors["company_officer"], company=company, values={"phone": "1"}, version=stale)

    response = client.post(f"/employers/{company.pk}/edit/", {"legal_name": "X", "version": stale,
                                                              "ateco_edition": "2025"})

    assert response.status_code == 409 and "nothing was overwritten" in response.text


def test_the_relationship_is_changed_from_the_page_and_shown_in_the_history(client, login, make_company):
    company = make_company()
    login(client, "company_officer")

    response = client.post(f"/employers/{company.pk}/relationship/", {"to_state": "contacted", "reason": "call",
                                                                      "version": company.version})
    page = client.get(f"/employers/{company.pk}/")

    assert response.status_code == 302
    assert "Prospect → <strong>Contacted</strong>" in page.text.replace("prospect", "Prospect").replace(
        "contacted</strong>", "Contacted</strong>")


def test_a_contact_who_objects_is_marked_and_kept_out_of_outreach(client, login, make_company, actors):
    company = make_company()
    contact = services.contact_add(by=actors["company_officer"], company=company,
                                   data={"first_name": "Paolo", "last_name": "Ricci"})
    login(client, "company_officer")

    response = client.post(f"/employers/{company.pk}/contacts/{contact.pk}/opt-out/")

    contact.refresh_from_db()
    assert response.status_code == 302 and contact.opted_out_at is not None
    assert "do not contact" in client.get(f"/employers/{company.pk}/").text


def test_sites_contacts_and_conventions_are_added_from_their_forms(client, login, make_company, organizations):
    company = make_company(computable_headcount=100)
    login(client, "company_officer")

    site = client.post(f"/employers/{company.pk}/sites/new/", {"address": "Via Gramsci 5", "comune": "Empoli"})
    bad_site = client.post(f"/employers/{company.pk}/sites/new/", {"address": "Via X", "comune": "Atlantide"})
    contact = client.post(f"/employers/{company.pk}/contacts/new/", {
        "first_name": "Sara", "last_name": "Galli", "marketing_basis": "legitimate_interest"})
    convention = client.post(f"/employers/{company.pk}/art14/new/", {
        "cooperative": organizations["coop_b"].pk, "year": timezone.localdate().year, "commission_value": "30000",
        "disabled_workers_placed": "1"})

    assert [site.status_code, contact.status_code, convention.status_code] == [302, 302, 302]
    assert bad_site.status_code == 400 and "Atlantide" in bad_site.text
    company.refresh_from_db()
    assert company.sites.count() == 2 and company.contacts.count() == 1
    assert company.law68_shortfall == 7  # 8 - 1 by Art. 14


def test_the_registry_leads_to_the_law68_opportunities_with_their_filters(client, login, make_company):
    make_company(name="Grande Distribuzione", computable_headcount=200)
    make_company(name="Piccola Bottega", employees=5)
    login(client, "case_manager")

    registry = client.get(reverse("company_list"))
    assert reverse("opportunity_law68") in registry.text  # one Law 68 list, in the opportunities app
    page = client.get(reverse("opportunity_law68"))
    indirect = client.get(reverse("opportunity_law68"), {"kind": "indirect"})

    assert "Grande Distribuzione" in page.text and "Piccola Bottega" not in page.text
    assert "Grande Distribuzione" in indirect.text


def test_the_navigation_shows_companies_to_those_who_may_see_them(client, login, florence):
    assert "/employers/" in login(client, "company_officer").get("/").text
    assert 'href="/employers/"' not in login(client, "social_worker").get("/").text
