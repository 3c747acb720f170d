"""The persons API: list with search, read, create, with the same rules as the pages."""

import datetime as dt
import json

import pytest
from django.test import Client

from florwork.accounts.services import apitoken_create
from florwork.audit.models import AuditEntry, Operation
from florwork.people.codice_fiscale import generate
from florwork.people.models import Person
from florwork.people.services import sensitive_update


@pytest.fixture
def api(actors):
    """api("social_worker").get(path) / .post(path, body): a client acting through that persona's token."""

    class As:
        def __init__(self, key):
            _, raw = apitoken_create(by=actors[key], name="test")
            self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def get(self, path):
            return Client().get(path, **self.auth)

        def post(self, path, body):
            return Client().post(path, json.dumps(body), content_type="application/json", **self.auth)

    return As


def _error(response):
    body = response.json()
    assert set(body) == {"error"} and {"code", "message", "fields"} <= set(body["error"])
    return body["error"]


def _fields(response):
    return {f["field"]: f["message"] for f in _error(response)["fields"]}


def new_person(**overrides):
    born = overrides.pop("birth_date", dt.date(1985, 3, 14))
    body = {"first_name": "Giulia", "last_name": "Bianchi", "birth_date": born.isoformat(), "sex": "F",
            "birth_place_code": "D612", "codice_fiscale": generate("Bianchi", "Giulia", born, "F", "D612"),
            "italian_level": "native", "driving_licences": ["B"],
            "other_languages": [{"language": "en", "level": "B1"}]}
    return {**body, **overrides}


# --- list -----------------------------------------------------------------------------------------

def test_list_shows_the_people_the_actor_may_see_and_audits_the_read(api, make_person):
    mario = make_person(first_name="Mario", last_name="Rossi")
    response = api("social_worker").get("/api/persons")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [mario.pk]
    entry = AuditEntry.objects.filter(operation=Operation.READ, object_type="people.Person").first()
    assert entry.detail["ids"] == [mario.pk] and entry.purpose == "referral"


def test_list_searches_by_name(api, make_person):
    make_person(first_name="Mario", last_name="Rossi")
    anna = make_person(first_name="Anna", last_name="Verdi")
    items = api("social_worker").get("/api/persons?q=verdi").json()["items"]
    assert [item["id"] for item in items] == [anna.pk]


def test_list_is_paginated(api, make_person):
    for last_name in ("Rossi", "Verdi", "Neri"):
        make_person(last_name=last_name)
    page = api("social_worker").get("/api/persons?page=2&page_size=2").json()
    assert (page["count"], page["pages"], page["page"], len(page["items"])) == (3, 2, 2, 1)


def test_list_of_another_organization_is_empty(api, make_person):
    make_person()
    assert api("other_social_worker").get("/api/persons").json()["count"] == 0


def test_list_is_forbidden_to_a_role_without_person_view(api, make_person):
    response = api("company_officer").get("/api/persons")
    assert response.status_code == 403
    assert _error(response)["code"] == "forbidden"


# --- read -----------------------------------------------------------------------------------------

def test_read_gives_the_record_without_special_categories_to_a_social_worker(api, make_person):
    person = make_person()
    response = api("social_worker").get(f"/api/persons/{person.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["codice_fiscale"] == person.codice_fiscale and body["version"] == 1
    assert "sensitive" not in body
    entry = AuditEntry.objects.filter(operation=Operation.READ, object_id=str(person.pk)).first()
    assert "sensitive" not in entry.fields


def test_read_gives_special_categories_to_the_case_manager(api, actors, make_case):
    case = make_case(state="referred")
    sensitive_update(by=actors["case_manager"], person=case.person, changes={"invalidity_percentage": 67,
                                                                             "law68_enrolled": True})
    body = api("case_manager").get(f"/api/persons/{case.person_id}").json()
    assert body["sensitive"]["invalidity_percentage"] == 67 and body["sensitive"]["law68_enrolled"] is True
    entry = AuditEntry.objects.filter(operation=Operation.READ, object_id=str(case.person_id)).first()
    assert "sensitive" in entry.fields


def test_read_of_another_organizations_person_is_404_like_a_missing_one(api, make_person):
    person = make_person()
    other = api("other_social_worker").get(f"/api/persons/{person.pk}")
    missing = api("other_social_worker").get("/api/persons/999999")
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()


def test_read_is_forbidden_to_a_role_without_person_view(api, make_person):
    assert api("funder").get(f"/api/persons/{make_person().pk}").status_code == 403


# --- create ---------------------------------------------------------------------------------------

def test_create_registers_the_person_and_audits_it(api):
    response = api("social_worker").post("/api/persons", new_person())
    assert response.status_code == 201
    person = Person.objects.get(pk=response.json()["id"])
    assert person.italian_level == "native" and person.other_languages == [{"language": "en", "level": "B1"}]
    assert AuditEntry.objects.filter(operation=Operation.CREATE, object_id=str(person.pk)).exists()


def test_create_with_a_malformed_body_names_the_field(api):
    response = api("social_worker").post("/api/persons", {**new_person(), "birth_date": "yesterday", "sex": "X"})
    assert response.status_code == 422
    assert {"birth_date", "sex"} <= set(_fields(response))
    assert not Person.objects.exists()


def test_create_with_a_wrong_codice_fiscale_names_the_field(api):
    response = api("social_worker").post("/api/persons", new_person(codice_fiscale="BNCGLI85C54D612X"))
    assert response.status_code == 422
    assert "codice_fiscale" in _fields(response)


def test_create_with_a_codice_fiscale_disagreeing_with_the_stated_data_is_refused_unless_accepted(api):
    response = api("social_worker").post("/api/persons", new_person(first_name="Giovanna"))
    assert response.status_code == 422 and "first_name" in _fields(response)
    accepted = api("social_worker").post("/api/persons", new_person(first_name="Giovanna", accept_mismatches=True))
    assert accepted.status_code == 201
    assert accepted.json()["codice_fiscale_mismatches"][0]["field"] == "first_name"


def test_create_refuses_a_codice_fiscale_already_registered_naming_the_person(api):
    first = api("social_worker").post("/api/persons", new_person()).json()
    response = api("social_worker").post("/api/persons", new_person())
    assert response.status_code == 422
    assert str(first["id"]) in _fields(response)["codice_fiscale"]
    assert Person.objects.count() == 1


def test_create_does_not_name_a_duplicate_the_actor_may_not_see(api):
    first = api("social_worker").post("/api/persons", new_person()).json()
    response = api("other_social_worker").post("/api/persons", new_person())
    assert response.status_code == 422
    assert str(first["id"]) not in _fields(response)["codice_fiscale"]


def test_create_offers_a_similar_person_until_confirmed_as_someone_else(api):
    api("social_worker").post("/api/persons", new_person())
    similar = new_person(first_name="Giulia", last_name="Bianchini", codice_fiscale="")
    refused = api("social_worker").post("/api/persons", similar)
    assert refused.status_code == 422 and "not_a_duplicate" in _fields(refused)
    confirmed = api("social_worker").post("/api/persons", {**similar, "not_a_duplicate": True})
    assert confirmed.status_code == 201


def test_create_is_forbidden_to_a_role_without_person_create(api):
    assert api("programme_manager").post("/api/persons", new_person()).status_code == 403
    assert not Person.objects.exists()
