"""The assessment API: instruments, starting and filling in, finalizing, the pathway decision."""

import json

import pytest
from django.test import Client

from florwork.accounts.services import apitoken_create
from florwork.assessment.models import Assessment, Instrument, InstrumentStatus, Item, PathwayDecision
from florwork.audit.models import AuditEntry, Operation
from tests.assessment import conftest as assessment_fixtures

started = assessment_fixtures.started  # the assessment tests' fixtures, shared
fill = assessment_fixtures.fill


@pytest.fixture
def api(actors):
    class As:
        def __init__(self, key):
            _, raw = apitoken_create(by=actors[key], name="test")
            self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def get(self, path):
            return Client().get(path, **self.auth)

        def post(self, path, body):
            return Client().post(path, json.dumps(body), content_type="application/json", **self.auth)

        def put(self, path, body):
            return Client().put(path, json.dumps(body), content_type="application/json", **self.auth)

    return As


def _error(response):
    body = response.json()
    assert set(body) == {"error"} and {"code", "message", "fields"} <= set(body["error"])
    return body["error"]


def _fields(response):
    return {f["field"]: f["message"] for f in _error(response)["fields"]}


def _audited(operation, assessment, **detail):
    entries = AuditEntry.objects.filter(operation=operation, object_type="assessment.Assessment",
                                        object_id=str(assessment.pk), purpose="case_management")
    return [e for e in entries if all(e.detail.get(k) == v for k, v in detail.items())]


def _an_item(assessment, respondent="operator"):
    return Item.objects.filter(dimension__instrument=assessment.instrument, respondent=respondent).first()


def _finalized(started, fill, actors):
    from florwork.assessment.services import assessment_finalize

    assessment = fill(started())
    assessment.refresh_from_db()
    return assessment_finalize(by=actors["case_manager"], assessment=assessment, version=assessment.version)


# --- instruments ----------------------------------------------------------------------------------

def test_instruments_lists_the_published_ones_with_dimensions_and_items(api):
    response = api("case_manager").get("/api/instruments")
    assert response.status_code == 200
    published = Instrument.objects.get(status=InstrumentStatus.PUBLISHED)
    [body] = response.json()
    assert body["id"] == published.pk and body["status"] == "published" and set(body["title"]) == {"it", "en"}
    items = [item for d in body["dimensions"] for item in d["items"]]
    assert len(items) == Item.objects.filter(dimension__instrument=published).count()
    assert items[0]["scale_min"] < items[0]["scale_max"] and items[0]["anchors"]
    assert api("case_manager").get(f"/api/instruments/{published.pk}").json()["code"] == published.code


def test_instruments_have_no_personal_data_and_are_not_audited(api):
    client = api("case_manager")  # creating the token is audited
    before = AuditEntry.objects.count()
    client.get("/api/instruments")
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("persona", ["programme_manager", "social_worker"])
def test_instruments_are_forbidden_to_roles_that_do_not_assess(api, persona):
    response = api(persona).get("/api/instruments")
    assert response.status_code == 403 and _error(response)["code"] == "forbidden"


def test_an_unknown_instrument_is_404(api):
    assert api("case_manager").get("/api/instruments/999999").status_code == 404


# --- starting and listing -------------------------------------------------------------------------

def test_the_case_manager_starts_an_assessment_and_resumes_the_same_one(api, make_case):
    case = make_case(state="intake")
    first = api("case_manager").post(f"/api/cases/{case.pk}/assessments", {})
    assert first.status_code == 201
    body = first.json()
    assert body["status"] == "in_progress" and body["scores"] is None and body["answered"] == 0
    assessment = Assessment.objects.get(pk=body["id"])
    assert _audited(Operation.CREATE, assessment)
    again = api("case_manager").post(f"/api/cases/{case.pk}/assessments", {})
    assert again.status_code == 200 and again.json()["id"] == body["id"]


def test_starting_forbidden_to_a_programme_manager(api, make_case):
    response = api("programme_manager").post(f"/api/cases/{make_case(state='intake').pk}/assessments", {})
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_starting_on_another_hubs_case_is_404(api, make_case):
    response = api("other_case_manager").post(f"/api/cases/{make_case(state='intake').pk}/assessments", {})
    assert response.status_code == 404 and _error(response)["code"] == "not_found"
    assert not Assessment.objects.exists()


def test_starting_with_a_bad_body_names_the_field(api, make_case):
    case = make_case(state="intake")
    response = api("case_manager").post(f"/api/cases/{case.pk}/assessments", {"instrument_code": ""})
    assert response.status_code == 422 and "instrument_code" in _fields(response)
    unknown = api("case_manager").post(f"/api/cases/{case.pk}/assessments", {"instrument_code": "nope"})
    assert unknown.status_code == 422 and _error(unknown)["fields"]
    assert not Assessment.objects.exists()


def test_the_list_of_a_case_is_audited(api, started):
    assessment = started()
    response = api("case_manager").get(f"/api/cases/{assessment.case_id}/assessments")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [assessment.pk]
    assert _audited(Operation.READ, assessment)
    assert AuditEntry.objects.filter(operation=Operation.READ, object_type="cases.Case",
                                     object_id=str(assessment.case_id)).exists()


@pytest.mark.parametrize(("persona", "status"), [("programme_manager", 403), ("other_case_manager", 404)])
def test_the_list_is_refused_to_others(api, started, persona, status):
    assessment = started()
    assert api(persona).get(f"/api/cases/{assessment.case_id}/assessments").status_code == status
    assert not _audited(Operation.READ, assessment)


def test_the_list_refuses_a_bad_case_id(api):
    response = api("case_manager").get("/api/cases/abc/assessments")
    assert response.status_code == 422 and "case_id" in _fields(response)


# --- reading --------------------------------------------------------------------------------------

def test_reading_an_assessment_is_audited(api, started):
    assessment = started()
    response = api("case_manager").get(f"/api/assessments/{assessment.pk}")
    assert response.status_code == 200 and response.json()["case_id"] == assessment.case_id
    assert _audited(Operation.READ, assessment)


@pytest.mark.parametrize(("persona", "status"), [("programme_manager", 403), ("other_case_manager", 404)])
def test_reading_is_refused_to_others(api, started, persona, status):
    assessment = started()
    assert api(persona).get(f"/api/assessments/{assessment.pk}").status_code == status
    assert not _audited(Operation.READ, assessment)


def test_reading_refuses_a_bad_id(api):
    response = api("case_manager").get("/api/assessments/abc")
    assert response.status_code == 422 and "assessment_id" in _fields(response)


def test_a_finalized_assessment_shows_scores_strengths_barriers_and_the_proposal(api, started, fill, actors):
    assessment = _finalized(started, fill, actors)
    body = api("case_manager").get(f"/api/assessments/{assessment.pk}").json()
    assert body["status"] == "finalized" and body["overall"] == body["scores"]["overall"]
    assert {d["code"] for d in body["scores"]["dimensions"]} == set(assessment.scores["dimensions"])
    assert body["scores"]["strengths"] == assessment.scores["strengths"]
    assert body["scores"]["barriers"] == assessment.scores["barriers"]
    assert body["proposal"]["pathway"] == assessment.scores["proposal"]["pathway"] == body["proposed_pathway"]
    assert body["proposal"]["rule_set_version"] and body["scores"]["formula"]
    assert body["answered"] == body["items"] == len(body["answers"])


# --- answering ------------------------------------------------------------------------------------

def test_an_answer_is_saved_and_audited(api, started):
    assessment = started()
    item = _an_item(assessment)
    response = api("case_manager").put(f"/api/assessments/{assessment.pk}/answers/{item.code}",
                                       {"value": item.scale_min, "note": "  says so  "})
    assert response.status_code == 200
    assert response.json()["value"] == item.scale_min and response.json()["note"] == "says so"
    assert _audited(Operation.UPDATE, assessment, item=item.code)


def test_a_self_assessment_answer_is_recorded_as_the_persons(api, started):
    assessment = started()
    item = _an_item(assessment, respondent="person")
    response = api("case_manager").put(f"/api/assessments/{assessment.pk}/answers/{item.code}",
                                       {"value": item.scale_max, "answered_by": "person"})
    assert response.status_code == 200 and response.json()["answered_by"] == "person"


def test_an_answer_outside_the_scale_is_refused_naming_the_value(api, started):
    assessment = started()
    item = _an_item(assessment)
    response = api("case_manager").put(f"/api/assessments/{assessment.pk}/answers/{item.code}",
                                       {"value": item.scale_max + 1})
    assert response.status_code == 422 and str(item.scale_max) in _fields(response)["value"]
    assert not assessment.answers.exists()


@pytest.mark.parametrize("body", [{"value": "a lot"}, {}, {"value": 3, "note": "x" * 501},
                                  {"value": 3, "answered_by": "neighbour"}])
def test_a_bad_answer_body_names_the_field(api, started, body):
    assessment = started()
    item = _an_item(assessment)
    response = api("case_manager").put(f"/api/assessments/{assessment.pk}/answers/{item.code}", body)
    assert response.status_code == 422
    assert set(_fields(response)) & {"value", "note", "answered_by"}
    assert not assessment.answers.exists()


def test_an_unknown_item_is_refused(api, started):
    assessment = started()
    response = api("case_manager").put(f"/api/assessments/{assessment.pk}/answers/no-such-item", {"value": 3})
    assert response.status_code == 422 and "item" in _fields(response)


@pytest.mark.parametrize(("persona", "status"), [("programme_manager", 403), ("other_case_manager", 404)])
def test_answering_is_refused_to_others(api, started, persona, status):
    assessment = started()
    item = _an_item(assessment)
    response = api(persona).put(f"/api/assessments/{assessment.pk}/answers/{item.code}", {"value": item.scale_min})
    assert response.status_code == status
    assert not assessment.answers.exists() and not _audited(Operation.UPDATE, assessment)


# --- finalizing -----------------------------------------------------------------------------------

def test_finalizing_scores_and_is_audited(api, started, fill):
    assessment = fill(started())
    assessment.refresh_from_db()
    response = api("case_manager").post(f"/api/assessments/{assessment.pk}/finalize",
                                        {"version": assessment.version})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "finalized" and body["scores"]["overall"] is not None and body["proposal"]
    assert _audited(Operation.UPDATE, assessment, status="finalized")


def test_finalizing_an_incomplete_assessment_names_the_missing_items(api, started, fill):
    assessment = started()
    missing = list(Item.objects.filter(dimension__instrument=assessment.instrument)[:2])
    fill(assessment, skip={item.code for item in missing})
    assessment.refresh_from_db()
    response = api("case_manager").post(f"/api/assessments/{assessment.pk}/finalize",
                                         {"version": assessment.version})
    assert response.status_code == 422
    assert set(_fields(response)) == {f"answers.{item.code}" for item in missing}
    assert all(item.code in _error(response)["message"] for item in missing)
    assessment.refresh_from_db()
    assert not assessment.is_finalized


def test_finalizing_a_stale_version_is_a_conflict(api, started, fill):
    assessment = fill(started())
    assessment.refresh_from_db()
    response = api("case_manager").post(f"/api/assessments/{assessment.pk}/finalize",
                                        {"version": assessment.version + 5})
    assert response.status_code == 409 and "version" in _fields(response)
    assessment.refresh_from_db()
    assert not assessment.is_finalized


def test_finalizing_with_a_bad_body_names_the_field(api, started):
    assessment = started()
    response = api("case_manager").post(f"/api/assessments/{assessment.pk}/finalize", {"version": 0})
    assert response.status_code == 422 and "version" in _fields(response)


@pytest.mark.parametrize(("persona", "status"), [("programme_manager", 403), ("other_case_manager", 404)])
def test_finalizing_is_refused_to_others(api, started, fill, persona, status):
    assessment = fill(started())
    assessment.refresh_from_db()
    response = api(persona).post(f"/api/assessments/{assessment.pk}/finalize", {"version": assessment.version})
    assert response.status_code == status
    assessment.refresh_from_db()
    assert not assessment.is_finalized and not _audited(Operation.UPDATE, assessment, status="finalized")


# --- the pathway ----------------------------------------------------------------------------------

def test_confirming_the_proposed_pathway(api, started, fill, actors):
    assessment = _finalized(started, fill, actors)
    proposed = assessment.scores["proposal"]["pathway"]
    response = api("case_manager").post(f"/api/assessments/{assessment.pk}/pathway", {"chosen": proposed})
    assert response.status_code == 201
    assert response.json()["chosen"] == proposed and response.json()["override"] is False
    assert _audited(Operation.UPDATE, assessment, chosen=proposed, override=False)
    assert api("case_manager").get(f"/api/assessments/{assessment.pk}").json()["decision"]["chosen"] == proposed
    again = api("case_manager").post(f"/api/assessments/{assessment.pk}/pathway", {"chosen": proposed})
    assert again.status_code == 409 and PathwayDecision.objects.count() == 1


def test_overriding_needs_a_reason(api, started, fill, actors):
    assessment = _finalized(started, fill, actors)
    other = 4 if assessment.scores["proposal"]["pathway"] != 4 else 1
    refused = api("case_manager").post(f"/api/assessments/{assessment.pk}/pathway", {"chosen": other})
    assert refused.status_code == 422 and "reason" in _fields(refused)
    assert not PathwayDecision.objects.exists()
    response = api("case_manager").post(f"/api/assessments/{assessment.pk}/pathway",
                                        {"chosen": other, "reason": "Health first, per the GP"})
    assert response.status_code == 201 and response.json()["override"] is True
    assert _audited(Operation.UPDATE, assessment, chosen=other, override=True)


@pytest.mark.parametrize("body", [{"chosen": 7}, {"chosen": "first"}, {}])
def test_a_bad_pathway_body_names_the_field(api, started, fill, actors, body):
    assessment = _finalized(started, fill, actors)
    response = api("case_manager").post(f"/api/assessments/{assessment.pk}/pathway", body)
    assert response.status_code == 422 and "chosen" in _fields(response)


def test_deciding_before_finalizing_is_refused(api, started):
    assessment = started()
    response = api("case_manager").post(f"/api/assessments/{assessment.pk}/pathway", {"chosen": 1})
    assert response.status_code == 422 and not PathwayDecision.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("programme_manager", 403), ("other_case_manager", 404)])
def test_deciding_is_refused_to_others(api, started, fill, actors, persona, status):
    assessment = _finalized(started, fill, actors)
    response = api(persona).post(f"/api/assessments/{assessment.pk}/pathway",
                                 {"chosen": assessment.scores["proposal"]["pathway"]})
    assert response.status_code == status and not PathwayDecision.objects.exists()
