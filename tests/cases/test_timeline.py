"""The timeline: contacts, notes, documents, state changes, assignments and the referral, in one view."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.cases.models import Case, CaseEvent
from florwork.cases.services import case_add_note, case_log_contact

from .conftest import pdf

pytestmark = pytest.mark.usefixtures("english")


def _referred_days_ago(case, days=2):
    """Contacts cannot precede the referral: move the referral back in time."""
    earlier = timezone.now() - dt.timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(referred_at=earlier)
    CaseEvent.objects.filter(case=case, kind="referral").update(occurred_at=earlier)
    case.refresh_from_db()
    return case


@pytest.fixture
def busy_case(make_case, actors):
    case = _referred_days_ago(make_case(state="intake"))
    now = timezone.now()
    case_log_contact(by=actors["case_manager"], case=case, channel="phone", occurred_at=now - dt.timedelta(hours=2),
                     text="Called about the interview")
    case_add_note(by=actors["case_manager"], case=case, text="Prefers mornings")
    case_add_note(by=actors["case_manager"], case=case, text="Signed privacy notice", document=pdf("privacy.pdf"))
    return case


def test_every_kind_is_on_one_chronological_timeline(client, login, busy_case):
    login(client, "case_manager")
    response = client.get(reverse("case_detail", args=[busy_case.pk]))
    kinds = [event.kind for event in response.context["page"]]
    assert set(kinds) == {"referral", "assignment", "state_change", "contact", "note", "document"}
    times = [event.occurred_at for event in response.context["page"]]
    assert times == sorted(times, reverse=True)
    html = response.content.decode()
    for text in ("Called about the interview", "Prefers mornings", "privacy.pdf", "From referred to intake",
                 "Referred to the hub", "Assigned to Case Manager Test", "Finding work"):
        assert text.lower() in html.lower(), text


def test_the_timeline_filters_by_kind_as_an_htmx_partial(client, login, busy_case):
    login(client, "case_manager")
    response = client.get(reverse("case_detail", args=[busy_case.pk]), {"kind": ["contact", "note"]},
                          HTTP_HX_REQUEST="true", HTTP_HX_TARGET="timeline-results")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Called about the interview" in html and "Prefers mornings" in html
    assert "privacy.pdf" not in html and "From referred to intake" not in html


def test_the_filter_works_without_javascript(client, login, busy_case):
    login(client, "case_manager")
    response = client.get(reverse("case_detail", args=[busy_case.pk]), {"kind": "document"})
    assert [e.kind for e in response.context["page"]] == ["document"]
    assert "<html" in response.content.decode()


def test_logging_a_contact_updates_the_last_contact_and_the_first_contact_clock(client, login, make_case):
    case = _referred_days_ago(make_case())
    login(client, "case_manager")
    when = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(hours=1)
    response = client.post(reverse("case_contact", args=[case.pk]),
                           {"channel": "meeting", "occurred_at": when.strftime("%Y-%m-%dT%H:%M"), "text": "First talk"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.first_contact_at == when and case.last_contact_at == when
    assert CaseEvent.objects.get(case=case, kind="contact").channel == "meeting"


def test_a_missed_appointment_is_logged_but_does_not_stop_the_clock(client, login, make_case):
    case = _referred_days_ago(make_case())
    login(client, "case_manager")
    when = timezone.localtime() - dt.timedelta(hours=1)
    client.post(reverse("case_contact", args=[case.pk]),
                {"channel": "missed", "occurred_at": when.strftime("%Y-%m-%dT%H:%M")})
    case.refresh_from_db()
    assert case.first_contact_at is None
    assert CaseEvent.objects.filter(case=case, channel="missed").exists()


def test_a_contact_in_the_future_is_refused(client, login, make_case):
    case = make_case()
    login(client, "case_manager")
    when = timezone.localtime() + dt.timedelta(days=2)
    response = client.post(reverse("case_contact", args=[case.pk]),
                           {"channel": "phone", "occurred_at": when.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 400
    assert "A contact cannot be logged in the future." in response.content.decode()
    assert not CaseEvent.objects.filter(kind="contact").exists()


def test_another_team_cannot_log_a_contact(client, login, make_case):
    case = _referred_days_ago(make_case())
    login(client, "other_case_manager")
    when = timezone.localtime() - dt.timedelta(hours=1)
    response = client.post(reverse("case_contact", args=[case.pk]),
                           {"channel": "phone", "occurred_at": when.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 404
    assert Case.objects.get().last_contact_at is None
