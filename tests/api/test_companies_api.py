"""The companies API: search, detail with provenance, create, update with optimistic locking, relationship change,
contacts honouring opt-out; the allowed roles, 403 for the others, bad bodies named by field, audit."""

import json

import pytest
from django.test import Client

from florwork.accounts.services import apitoken_create
from florwork.audit.models import AuditEntry, Operation
from florwork.employers.models import Company, Contact, FieldClaim
from tests.employers import registry_support as support
from tests.employers.registry_support import new_partita_iva, wrong_check_digit

pytestmark = pytest.mark.usefixtures("in_english")  # the assertions read English messages

florence, make_company = support.florence, support.make_company  # the fixtures


@pytest.fixture
def api(actors):
    class As:
        def __init__(self, key):
            _, raw = apitoken_create(by=actors[key], name="test")
            self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def get(self, path, **params):
            return Client().get(path, params, **self.auth)

        def post(self, path, body):
            return Client().post(path, json.dumps(body), content_type="application/json", **self.auth)

        def patch(self, path, body):
            return Client().patch(path, json.dumps(body), content_type="application/json", **self.auth)

    return As


def _fields(response):
    body = response.json()
    assert set(body) == {"error"}
    return {f["field"]: f["message"] for f in body["error"]["fields"]}


def test_the_officer_creates_a_company_with_its_office(api, florence):
    number = new_partita_iva()
    response = api("company_officer").post("/api/companies", {
        "legal_name": "Tessiture Pratesi S.p.A.", "partita_iva": number, "ateco_code": "13.20.00",
        "ateco_edition": "2022", "legal_form": "spa", "employees": 80, "employees_as_of": "2026-06-30",
        "site": {"address": "Via Roma 3", "comune_istat": florence["Firenze"].istat_code}})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["partita_iva"] == number and body["ateco_label"] == "Tessitura"
    assert body["provenance"]["employees"][0]["source"] == "manual" and body["provenance"]["employees"][0]["current"]
    assert body["sites"][0]["coordinates_source"] == "comune"
    assert body["law68"]["disabled_quota"] == 6 and body["law68"]["estimated"] is True
    assert [h["to_state"] for h in body["state_history"]] == ["prospect"]
    assert AuditEntry.objects.filter(operation=Operation.CREATE, object_type="employers.Company").count() == 1


def test_a_bad_body_names_each_field_and_writes_nothing(api, florence):
    response = api("company_officer").post("/api/companies", {
        "legal_name": "Errata", "partita_iva": wrong_check_digit(new_partita_iva()), "codice_fiscale": "ABC",
        "ateco_code": "00.00", "employees": -1})

    assert response.status_code == 422
    assert "employees" in _fields(response)
    response = api("company_officer").post("/api/companies", {
        "legal_name": "Errata", "partita_iva": wrong_check_digit(new_partita_iva()), "codice_fiscale": "ABC",
        "ateco_code": "00.00"})
    fields = _fields(response)
    assert response.status_code == 422 and {"partita_iva", "codice_fiscale", "ateco_code"} <= set(fields)
    assert "check digit" in fields["partita_iva"]
    assert not Company.objects.exists()


def test_a_duplicate_partita_iva_is_422(api, make_company):
    existing = make_company()

    response = api("company_officer").post("/api/companies", {"legal_name": "Altra", "partita_iva":
                                                              existing.partita_iva})

    assert response.status_code == 422 and "partita_iva" in _fields(response)


def test_search_and_detail_for_the_viewing_roles(api, make_company):
    company = make_company(name="Panificio Santa Croce", computable_headcount=60)
    make_company(name="Altro")

    for key in ("company_officer", "case_manager", "programme_manager"):
        listed = api(key).get("/api/companies", q="santa croce")
        assert [row["id"] for row in listed.json()["items"]] == [company.pk]
    assert [r["id"] for r in api("case_manager").get("/api/companies", shortfall="true").json()["items"]] == [
        company.pk]
    detail = api("programme_manager").get(f"/api/companies/{company.pk}")
    assert detail.status_code == 200 and detail.json()["law68"]["shortfall"] == 5
    assert AuditEntry.objects.filter(operation=Operation.READ, object_type="employers.Company",
                                     object_id=str(company.pk)).exists()


@pytest.mark.parametrize("key", ["social_worker", "partner_operator", "evaluator", "funder", "administrator"])
def test_other_roles_get_403(api, make_company, key):
    company = make_company()

    assert api(key).get("/api/companies").status_code == 403
    assert api(key).get(f"/api/companies/{company.pk}").status_code == 403
    assert api(key).post("/api/companies", {"legal_name": "X"}).status_code == 403


def test_viewers_cannot_write(api, make_company):
    company = make_company()

    assert api("case_manager").patch(f"/api/companies/{company.pk}", {"phone": "1", "version": 1}).status_code == 403
    assert api("programme_manager").post(f"/api/companies/{company.pk}/state", {
        "to_state": "contacted", "version": 1}).status_code == 403


def test_update_records_a_claim_and_a_stale_version_is_409(api, make_company):
    company = make_company()
    officer = api("company_officer")

    first = officer.patch(f"/api/companies/{company.pk}", {"phone": "055 765432", "version": company.version})
    stale = officer.patch(f"/api/companies/{company.pk}", {"phone": "055 000000", "version": company.version})

    assert first.status_code == 200 and first.json()["phone"] == "055 765432"
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert FieldClaim.objects.filter(company=company, field="phone").count() == 1


def test_the_relationship_changes_and_a_wrong_move_is_422(api, make_company):
    company = make_company()
    officer = api("company_officer")

    moved = officer.post(f"/api/companies/{company.pk}/state", {"to_state": "contacted", "version": 1})
    wrong = officer.post(f"/api/companies/{company.pk}/state", {"to_state": "prospect", "version": 2})
    unknown = officer.post(f"/api/companies/{company.pk}/state", {"to_state": "friend", "version": 2})

    assert moved.status_code == 200 and moved.json()["state"] == "contacted"
    assert [h["to_state"] for h in moved.json()["state_history"]] == ["contacted", "prospect"]
    assert wrong.status_code == 422 and "to_state" in _fields(wrong)
    assert unknown.status_code == 422


def test_contacts_honour_the_opt_out(api, make_company):
    company = make_company()
    officer = api("company_officer")
    kept = officer.post(f"/api/companies/{company.pk}/contacts", {"first_name": "Elena", "last_name": "Conti"})
    gone = officer.post(f"/api/companies/{company.pk}/contacts", {"first_name": "Marco", "last_name": "Fabbri"})

    opted = officer.post(f"/api/companies/{company.pk}/contacts/{gone.json()['id']}/opt-out", {})
    outreach = api("case_manager").get(f"/api/companies/{company.pk}/contacts", for_outreach="true")
    everyone = officer.get(f"/api/companies/{company.pk}/contacts")

    assert kept.status_code == gone.status_code == 201
    assert opted.status_code == 200 and opted.json()["may_be_contacted"] is False
    assert [c["last_name"] for c in outreach.json()] == ["Conti"]
    assert {c["last_name"]: c["may_be_contacted"] for c in everyone.json()} == {"Conti": True, "Fabbri": False}
    assert AuditEntry.objects.filter(operation=Operation.READ, fields=["contacts"]).exists()


def test_the_programme_manager_may_not_read_contacts(api, make_company, actors):
    company = make_company()
    Contact.objects.create(company=company, first_name="A", last_name="B", created_at=company.created_at)

    assert api("programme_manager").get(f"/api/companies/{company.pk}/contacts").status_code == 403


def test_a_contact_with_a_consent_basis_needs_its_date(api, make_company):
    company = make_company()

    response = api("company_officer").post(f"/api/companies/{company.pk}/contacts", {
        "first_name": "Irene", "last_name": "Sala", "marketing_basis": "consent"})

    assert response.status_code == 422 and "consent_given_at" in _fields(response)
    assert not Contact.objects.exists()


def test_an_unknown_company_is_404(api, florence):
    assert api("company_officer").get("/api/companies/424242").status_code == 404
