"""The shortlists API: a vacancy's shortlist and ranked candidates, add (consent, duplicates), advance,
interview request, agreement, reveal (audited), remove, the presentation as JSON and PDF, the funnel; per
operation the allowed role, 403, 404, bad bodies."""

import io
import json

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from florwork.accounts.services import apitoken_create
from florwork.audit.models import AuditEntry
from florwork.shortlists.models import ShortlistEntry
from tests.shortlists import conftest as shortlist_fixtures

candidate, company, make_entry = shortlist_fixtures.candidate, shortlist_fixtures.company, shortlist_fixtures.make_entry
make_vacancy, vacancy = shortlist_fixtures.make_vacancy, shortlist_fixtures.vacancy

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def api(actors):
    class As:
        def __init__(self, key):
            _, raw = apitoken_create(by=actors[key], name="test")
            self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def get(self, path, **params):
            return Client().get(path, params, **self.auth)

        def post(self, path, body=None):
            return Client().post(path, json.dumps(body or {}), content_type="application/json", **self.auth)

        def delete(self, path):
            return Client().delete(path, **self.auth)

    return As


def _fields(response):
    return {f["field"]: f["message"] for f in response.json()["error"]["fields"]}


def _today():
    return timezone.localdate().isoformat()


@pytest.fixture
def officer(api):
    return api("company_officer")


def test_the_officer_lists_ranked_candidates_and_adds_one(officer, vacancy, candidate):
    case = candidate(first_name="Nives")
    ranked = officer.get(f"/api/vacancies/{vacancy.pk}/shortlist/candidates").json()
    assert [c["case_id"] for c in ranked] == [case.pk] and "Nives" not in json.dumps(ranked)
    added = officer.post(f"/api/vacancies/{vacancy.pk}/shortlist", {"case_id": case.pk})
    assert added.status_code == 201 and added.json()["stage"] == "proposed"
    listed = officer.get(f"/api/vacancies/{vacancy.pk}/shortlist").json()
    assert [e["code"] for e in listed["entries"]] == [added.json()["code"]]
    assert officer.get(f"/api/vacancies/{vacancy.pk}/shortlist/candidates").json() == []


def test_adding_twice_or_without_consent_is_refused_naming_the_field(officer, vacancy, candidate):
    case = candidate()
    officer.post(f"/api/vacancies/{vacancy.pk}/shortlist", {"case_id": case.pk})
    twice = officer.post(f"/api/vacancies/{vacancy.pk}/shortlist", {"case_id": case.pk})
    assert twice.status_code == 422 and "already" in _fields(twice)["case_id"]
    refused = officer.post(f"/api/vacancies/{vacancy.pk}/shortlist", {"case_id": candidate(consent=False).pk})
    assert refused.status_code == 422 and "consent" in _fields(refused)["case_id"]
    assert ShortlistEntry.objects.count() == 1


def test_the_funnel_steps_the_request_the_agreement_and_the_reveal(officer, vacancy, candidate):
    case = candidate(first_name="Ofelia", email="ofelia@esempio.it")
    entry = officer.post(f"/api/vacancies/{vacancy.pk}/shortlist", {"case_id": case.pk}).json()
    base = f"/api/shortlist-entries/{entry['id']}"
    presented = officer.post(f"{base}/advance", {"stage": "presented", "on": _today(), "version": 1})
    assert presented.status_code == 200 and presented.json()["presented_on"] == _today()
    assert officer.post(f"{base}/reveal").status_code == 422
    requested = officer.post(f"{base}/interview-request", {"note": "email del 3/12", "version": 2}).json()
    agreed = officer.post(f"{base}/agreement", {"version": requested["version"]}).json()
    assert agreed["person_agreed_by_label"] and agreed["person_agreed_at"]
    revealed = officer.post(f"{base}/reveal").json()
    assert (revealed["first_name"], revealed["email"]) == ("Ofelia", "ofelia@esempio.it")
    assert AuditEntry.objects.filter(object_id=str(entry["id"]), operation="export").count() == 1
    interview = officer.post(f"{base}/advance", {"stage": "interview", "on": _today(), "version": agreed["version"]})
    assert interview.json()["stage"] == "interview"


def test_bad_steps_name_their_field(officer, vacancy, candidate):
    entry = officer.post(f"/api/vacancies/{vacancy.pk}/shortlist", {"case_id": candidate().pk}).json()
    base = f"/api/shortlist-entries/{entry['id']}"
    skip = officer.post(f"{base}/advance", {"stage": "hired", "on": _today(), "version": 1})
    assert skip.status_code == 422 and "stage" in _fields(skip)
    unknown = officer.post(f"{base}/advance", {"stage": "promoted", "on": _today(), "version": 1})
    assert unknown.status_code == 422 and "stage" in _fields(unknown)
    stale = officer.post(f"{base}/advance", {"stage": "presented", "on": _today(), "version": 9})
    assert stale.status_code == 409
    officer.post(f"{base}/advance", {"stage": "presented", "on": _today(), "version": 1})
    no_reason = officer.post(f"{base}/advance", {"stage": "not_hired", "on": _today(), "version": 2})
    assert no_reason.status_code == 422 and "reason" in _fields(no_reason)
    bad_reason = officer.post(f"{base}/advance", {"stage": "not_hired", "on": _today(), "reason": "bored",
                                                  "version": 2})
    assert bad_reason.status_code == 422


def test_remove_while_proposed(officer, vacancy, candidate):
    entry = officer.post(f"/api/vacancies/{vacancy.pk}/shortlist", {"case_id": candidate().pk}).json()
    assert officer.delete(f"/api/shortlist-entries/{entry['id']}").status_code == 204
    assert not ShortlistEntry.objects.exists()


def test_the_presentation_as_json_and_pdf_without_identity(officer, vacancy, candidate):
    case = candidate(first_name="Filomena", last_name="Zappacosta", skills=["saldatura"])
    entry = officer.post(f"/api/vacancies/{vacancy.pk}/shortlist", {"case_id": case.pk}).json()
    data = officer.get(f"/api/shortlist-entries/{entry['id']}/presentation").json()
    assert data["code"] == entry["code"] and "saldatura" in data["other_skills"]
    assert "Filomena" not in json.dumps(data) and "Zappacosta" not in json.dumps(data)
    pdf = officer.get(f"/api/shortlist-entries/{entry['id']}/presentation.pdf", language="en")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert entry["code"] in text and "Zappacosta" not in text


def test_other_roles_get_403_and_unknown_entries_404(api, officer, vacancy, candidate):
    entry = officer.post(f"/api/vacancies/{vacancy.pk}/shortlist", {"case_id": candidate().pk}).json()
    for role in ("case_manager", "programme_manager", "social_worker"):
        assert api(role).get(f"/api/shortlist-entries/{entry['id']}").status_code == 403
        assert api(role).post(f"/api/vacancies/{vacancy.pk}/shortlist", {"case_id": 1}).status_code == 403
    assert officer.get("/api/shortlist-entries/9999").status_code == 404
    assert officer.get(f"/api/vacancies/{vacancy.pk + 50}/shortlist").status_code == 404


def test_the_funnel_counts_consenting_candidates_for_the_company_side(api, officer, vacancy, candidate,
                                                                     make_entry):
    make_entry(vacancy=vacancy, case=candidate(), stage="presented")
    make_entry(vacancy=vacancy, case=candidate(consent=False), stage="hired")
    rows = officer.get("/api/shortlist-funnel").json()
    total = rows[-1]
    assert total["label"] == "all" and total["total"] == 1
    aggregate = api("programme_manager").get("/api/shortlist-funnel/aggregate", by="company").json()
    assert aggregate[-1]["total"] is None  # two entries: a small cell
    assert api("programme_manager").get("/api/shortlist-funnel").status_code == 403
