"""The JSON API: session and token authentication, the same policy as the pages, one error shape."""

import json

import pytest
from django.test import Client

from florwork.accounts.policy import SYSTEM
from florwork.accounts.services import apitoken_create, apitoken_revoke
from florwork.audit.models import AuditEntry, Operation


def _error(response):
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message", "fields"} <= set(body["error"])
    return body["error"]


@pytest.fixture
def token_for(actors):
    def make(key):
        _, raw = apitoken_create(by=actors[key], name="test")
        return raw

    return make


def test_openapi_docs_are_served(client, db):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/users" in schema["paths"]


def test_anonymous_request_gets_401_with_the_error_body(client, db):
    response = client.get("/api/users")
    assert response.status_code == 401
    assert _error(response)["code"] == "not_authenticated"


def test_session_authentication(client, login):
    login(client, "case_manager")
    response = client.get("/api/me")
    assert response.status_code == 200
    assert response.json()["role"] == "case_manager"


def test_token_authentication_acts_through_the_tokens_membership(db, token_for):
    raw = token_for("administrator")
    response = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["role"] == "administrator"


def test_a_revoked_or_invented_token_is_refused(db, actors):
    token, raw = apitoken_create(by=actors["administrator"], name="t")
    apitoken_revoke(by=actors["administrator"], token=token)
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert Client().get("/api/me", HTTP_AUTHORIZATION="Bearer fw_invented").status_code == 401


def test_role_without_the_action_gets_403(db, token_for):
    response = Client().get("/api/users", HTTP_AUTHORIZATION=f"Bearer {token_for('funder')}")
    assert response.status_code == 403
    assert _error(response)["code"] == "forbidden"


def test_another_organizations_records_are_404_like_missing_ones(db, token_for, organizations, personas):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for('social_worker')}"}
    client = Client()
    other = client.get(f"/api/organizations/{organizations['hub'].pk}", **auth)
    missing = client.get("/api/organizations/999999", **auth)
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    assert client.get(f"/api/users/{personas['other_case_manager'].pk}", **auth).status_code == 404


def test_lists_are_paginated_and_reads_audited(db, token_for):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for('administrator')}"}
    page = Client().get("/api/users?page=2&page_size=3", **auth).json()
    assert page["page"] == 2 and page["page_size"] == 3
    assert page["count"] == 10 and page["pages"] == 4
    assert len(page["items"]) == 3
    entry = AuditEntry.objects.filter(operation=Operation.READ, object_type="accounts.User").first()
    assert entry.detail["ids"] == [item["id"] for item in page["items"]]


def test_page_size_out_of_range_is_a_clear_422(db, token_for):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for('administrator')}"}
    response = Client().get("/api/users?page_size=100000", **auth)
    assert response.status_code == 422


def test_create_user_through_the_api(db, token_for, organizations):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for('administrator')}"}
    body = {"username": "m.rossi", "first_name": "Mario", "last_name": "Rossi", "email": "m.rossi@example.org",
            "organization_id": organizations["hub"].pk, "role": "case_manager"}
    response = Client().post("/api/users", json.dumps(body), content_type="application/json", **auth)
    assert response.status_code == 201
    assert response.json()["memberships"][0]["role"] == "case_manager"


def test_malformed_body_gets_422_naming_the_field(db, token_for, organizations):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for('administrator')}"}
    body = {"username": "m.rossi", "first_name": "Mario", "last_name": "Rossi", "email": "m.rossi@example.org",
            "organization_id": "not-a-number", "role": "case_manager"}
    response = Client().post("/api/users", json.dumps(body), content_type="application/json", **auth)
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "invalid"
    assert any(f["field"] == "organization_id" for f in error["fields"])


def test_body_that_is_not_json_gets_a_clear_error(db, token_for):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for('administrator')}"}
    response = Client().post("/api/users", "{not json", content_type="application/json", **auth)
    assert response.status_code in (400, 422)
    _error(response)


def test_domain_rule_violation_gets_422_naming_the_field(db, token_for, organizations):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for('administrator')}"}
    body = {"username": "m.rossi", "first_name": "Mario", "last_name": "Rossi", "email": "m.rossi@example.org",
            "organization_id": organizations["funder"].pk, "role": "case_manager"}
    response = Client().post("/api/users", json.dumps(body), content_type="application/json", **auth)
    assert response.status_code == 422
    assert _error(response)["fields"][0]["field"] == "role"


def test_session_writes_need_the_csrf_token(personas, organizations):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["administrator"])
    response = client.post("/api/users", "{}", content_type="application/json")
    assert response.status_code in (401, 403)
    _error(response)


def test_system_actor_is_never_reachable_from_the_api(db):
    assert SYSTEM.user_id is None
    assert Client().get("/api/me").status_code == 401


@pytest.mark.parametrize(("language", "words"), [("it", "Non sei autorizzato"), ("en", "You are not allowed")])
def test_a_token_client_is_answered_in_its_owner_s_language(db, token_for, personas, language, words):
    personas["funder"].language = language
    personas["funder"].save(update_fields=["language"])

    response = Client().get("/api/users", HTTP_AUTHORIZATION=f"Bearer {token_for('funder')}")

    assert response.status_code == 403 and words in response.json()["error"]["message"]
    assert response.headers["Content-Language"] == language
