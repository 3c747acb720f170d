"""The tasks API: my tasks, done, snooze; the alert rules. 403 without the grant, 404 on another's task,
422 on bad bodies (naming the field), 409 on a stale version; nothing written on a refusal."""

import datetime as dt
import json

import pytest
from django.test import Client

from florwork.accounts.services import apitoken_create
from florwork.alerts.models import AlertRule, Task
from tests.alerts.conftest import TODAY, at, backdate

pytestmark = pytest.mark.django_db


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

    return As


@pytest.fixture
def task(make_case, db):
    from florwork.alerts.models import AlertRule
    from florwork.alerts.services import alerts_scan

    AlertRule.objects.exclude(code="no_contact").update(enabled=False)
    case = backdate(make_case(state="intake"), last_contact_at=at(TODAY - dt.timedelta(days=40)))
    alerts_scan(today=TODAY)
    return Task.objects.get(case=case)


def _fields(response):
    return {f["field"] for f in response.json()["error"]["fields"]}


def test_my_tasks_lists_the_case_managers_open_tasks(api, task):
    body = api("case_manager").get("/api/tasks").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == task.pk and item["rule"] == "no_contact" and item["case_code"] == task.case.code
    assert item["overdue"] is False and "40" in item["text"]


def test_another_case_manager_sees_none_of_them(api, task):
    assert api("other_case_manager").get("/api/tasks").json()["count"] == 0


def test_a_role_without_tasks_is_refused(api, task):
    assert api("social_worker").get("/api/tasks").status_code == 403


def test_done(api, task):
    response = api("case_manager").post(f"/api/tasks/{task.pk}/done", {"version": task.version, "note": "Called"})
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert api("case_manager").get("/api/tasks?show=done").json()["items"][0]["note"] == "Called"


def test_done_on_another_hubs_task_is_404_and_writes_nothing(api, task):
    assert api("other_case_manager").post(f"/api/tasks/{task.pk}/done", {"version": task.version}).status_code == 404
    task.refresh_from_db()
    assert task.status == "open"


def test_a_stale_version_is_409(api, task):
    response = api("case_manager").post(f"/api/tasks/{task.pk}/done", {"version": task.version + 1})
    assert response.status_code == 409 and response.json()["error"]["code"]


def test_snooze(api, task):
    until = (TODAY + dt.timedelta(days=7)).isoformat()
    response = api("case_manager").post(f"/api/tasks/{task.pk}/snooze",
                                        {"version": task.version, "until": until, "reason": "In hospital"})
    assert response.status_code == 200
    assert response.json()["status"] == "snoozed" and response.json()["snoozed_until"] == until
    assert api("case_manager").get("/api/tasks?show=snoozed").json()["count"] == 1


@pytest.mark.parametrize("body, field", [
    ({"until": "2020-01-01", "reason": "late"}, "until"),
    ({"until": "not a date", "reason": "x"}, "until"),
    ({"reason": "x"}, "until"),
])
def test_a_bad_snooze_names_the_field_and_writes_nothing(api, task, body, field):
    response = api("case_manager").post(f"/api/tasks/{task.pk}/snooze", {"version": task.version, **body})
    assert response.status_code == 422 and field in _fields(response)
    task.refresh_from_db()
    assert task.status == "open" and task.version == 1


def test_a_snooze_without_a_reason_is_refused(api, task):
    until = (TODAY + dt.timedelta(days=3)).isoformat()
    response = api("case_manager").post(f"/api/tasks/{task.pk}/snooze",
                                        {"version": task.version, "until": until, "reason": "  "})
    assert response.status_code == 422 and "reason" in _fields(response)


def test_the_programme_manager_sees_escalated_tasks(api, task):
    from florwork.alerts.services import alerts_scan

    assert api("programme_manager").get("/api/tasks").json()["count"] == 0
    alerts_scan(today=TODAY + dt.timedelta(days=10))
    items = api("programme_manager").get("/api/tasks").json()["items"]
    assert [i["id"] for i in items] == [task.pk] and items[0]["escalated_at"]


def test_the_rules_list(api, db):
    rules = api("case_manager").get("/api/alert-rules").json()
    by_code = {r["code"]: r for r in rules}
    assert len(rules) == AlertRule.objects.count() == 10 and by_code["no_contact"]["threshold"] == 30
    assert all(rule["evaluated"] for rule in rules)  # every rule has its evaluator (placements registers theirs)
    assert api("funder").get("/api/alert-rules").status_code == 403


def test_bad_paging_is_422(api, task):
    assert api("case_manager").get("/api/tasks?page=0").status_code == 422
    assert api("case_manager").get("/api/tasks?show=everything").status_code == 422
