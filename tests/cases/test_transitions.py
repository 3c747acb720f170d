"""Moving a case through its lifecycle from the case page: allowed targets, reasons, conflicts."""

import pytest
from django.urls import reverse

from florwork.cases.models import Case, CaseEvent

pytestmark = pytest.mark.usefixtures("english")


def _move(client, case, to_state, reason="", version=None):
    version = case.version if version is None else version
    return client.post(reverse("case_transition", args=[case.pk]),
                       {"to_state": to_state, "reason": reason, "version": version})


def test_a_case_manager_moves_a_case_to_intake(client, login, make_case, personas):
    case = make_case()
    login(client, "case_manager")
    response = _move(client, case, "intake")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "intake" and case.intake_at is not None and case.version == 3
    event = CaseEvent.objects.filter(case=case, kind="state_change").get()
    assert (event.from_state, event.to_state, event.by_user) == ("referred", "intake", personas["case_manager"])


def test_an_invalid_transition_is_refused_with_its_reason(client, login, make_case):
    case = make_case()
    login(client, "case_manager")
    response = _move(client, case, "placed")
    assert response.status_code == 400
    assert "a case cannot go from referred to placed" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "referred"


@pytest.mark.parametrize("target", ["suspended", "dropped"])
def test_suspending_or_dropping_needs_a_reason(client, login, make_case, target):
    case = make_case(state="intake")
    login(client, "case_manager")
    response = _move(client, case, target)
    assert response.status_code == 400
    assert "Say why the case is suspended or dropped." in response.content.decode()
    response = _move(client, case, target, reason="Moved to Milan")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == target and case.state_reason == "Moved to Milan"


def test_the_reason_is_shown_beside_the_state(client, login, make_case):
    case = make_case(state="suspended")
    login(client, "case_manager")
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "suspended" in html and "Reason: test" in html


def test_a_suspended_case_resumes_only_where_it_left(client, login, make_case):
    case = make_case(state="suspended")  # suspended from intake
    login(client, "case_manager")
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'value="intake"' in html and 'value="assessed"' not in html.split('name="to_state"')[1].split("</select>")[0]


def test_a_closed_case_cannot_change(client, login, make_case):
    case = make_case(state="closed")
    login(client, "case_manager")
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="transition"' not in html
    response = _move(client, case, "active")
    assert response.status_code == 400
    assert "a closed or dropped case cannot change" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "closed"


def test_two_case_managers_saving_at_once_the_second_gets_a_conflict(client, login, make_case):
    case = make_case()
    opened_at = case.version  # both opened the page at this version
    login(client, "case_manager")
    assert _move(client, case, "intake", version=opened_at).status_code == 302
    response = _move(client, case, "dropped", reason="No longer interested", version=opened_at)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this case while you had it open." in html
    case.refresh_from_db()
    assert case.state == "intake"  # the first is kept
    assert CaseEvent.objects.filter(case=case, kind="state_change").count() == 1
    assert f'name="version" value="{case.version}"' in html  # the form now carries the current version


def test_a_programme_manager_cannot_transition(client, login, make_case):
    case = make_case()
    login(client, "programme_manager")
    assert _move(client, case, "intake").status_code == 403
    assert Case.objects.get().state == "referred"


def test_a_transition_needs_post(client, login, make_case):
    case = make_case()
    login(client, "case_manager")
    assert client.get(reverse("case_transition", args=[case.pk])).status_code == 405
