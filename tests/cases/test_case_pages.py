"""The case page: header, SLA clocks, the actions the actor may take, documents behind the policy."""

import datetime as dt
import re
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.audit.models import AuditEntry
from florwork.cases.models import CaseEvent
from florwork.cases.services import case_add_note

from .conftest import pdf

pytestmark = pytest.mark.usefixtures("english")
ROME = ZoneInfo("Europe/Rome")


def _page(client, case):
    return client.get(reverse("case_detail", args=[case.pk]))


def test_the_case_manager_sees_the_header_and_the_actions(client, login, make_case, organizations):
    case = make_case(state="intake")
    login(client, "case_manager")
    response = _page(client, case)
    assert response.status_code == 200
    html = response.content.decode()
    assert case.code in html and case.person.full_name in html
    assert "Case Manager Test" in html  # the owner
    assert organizations["hub"].name in html and organizations["municipality"].name in html
    for form_id in ("transition", "contact", "note"):
        assert f'id="{form_id}"' in html
    assert f'name="version" value="{case.version}"' in html


def test_only_the_allowed_targets_are_offered(client, login, make_case):
    case = make_case(state="intake")
    login(client, "case_manager")
    html = _page(client, case).content.decode()
    select = re.search(r'<select name="to_state".*?</select>', html, re.S).group(0)
    offered = set(re.findall(r'value="([a-z_]+)"', select))
    assert offered == {"assessed", "suspended", "dropped"}


def test_the_page_view_is_audited(client, login, make_case):
    case = make_case()
    login(client, "case_manager")
    before = AuditEntry.objects.count()
    _page(client, case)
    entry = AuditEntry.objects.filter(object_type="cases.Case", object_id=str(case.pk), operation="read").last()
    assert AuditEntry.objects.count() > before and entry.purpose == "case_management"


def test_a_case_manager_of_another_hub_team_gets_404(client, login, make_case):
    case = make_case()
    login(client, "other_case_manager")
    assert _page(client, case).status_code == 404
    response = client.post(reverse("case_transition", args=[case.pk]),
                           {"to_state": "intake", "version": case.version})
    assert response.status_code == 404


def test_a_social_worker_sees_the_case_of_their_referral_but_cannot_act(client, login, make_case):
    case = make_case()
    login(client, "social_worker")
    html = _page(client, case).content.decode()
    assert case.code in html
    assert 'id="transition"' not in html and 'id="contact"' not in html
    response = client.post(reverse("case_transition", args=[case.pk]), {"to_state": "intake",
                                                                        "version": case.version})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.state == "referred"


def test_another_municipality_social_worker_gets_404(client, login, make_case):
    case = make_case()
    login(client, "other_social_worker")
    assert _page(client, case).status_code == 404


def test_the_person_is_linked_only_when_the_actor_may_see_them(client, login, make_case):
    case = make_case(state="active")  # past intake with a consent: visible to the case manager
    login(client, "case_manager")
    assert case.person.full_name in _page(client, case).content.decode()
    case.person.consents.update(withdrawn_at=timezone.now())
    html = _page(client, case).content.decode()
    assert case.person.full_name not in html and "Person not visible to you" in html


def test_sla_clocks_show_elapsed_working_days(client, login, make_case):
    case = make_case()
    # referred on Monday 2 February 2026, seen on Thursday 5 February: 3 working days
    referred = dt.datetime(2026, 2, 2, 10, 0, tzinfo=ROME)
    type(case).objects.filter(pk=case.pk).update(referred_at=referred)
    login(client, "case_manager")
    with mock.patch("florwork.cases.views.timezone.localdate", return_value=dt.date(2026, 2, 5)):
        response = _page(client, case)
    html = response.content.decode()
    sla = html.split('id="sla"')[1].split("</ul>")[0]
    assert "3 working days elapsed" in sla
    assert "due 09/02/2026" in sla or "due 02/09/2026" in sla  # 5 working days after the referral
    assert "2 left" in sla


def test_a_breached_clock_shows_how_late_it_is(client, login, make_case):
    case = make_case()
    referred = dt.datetime(2026, 1, 5, 10, 0, tzinfo=ROME)
    type(case).objects.filter(pk=case.pk).update(referred_at=referred)
    login(client, "case_manager")
    with mock.patch("florwork.cases.views.timezone.localdate", return_value=dt.date(2026, 1, 16)):
        html = _page(client, case).content.decode()
    assert "breached" in html and "working days overdue" in html


def test_a_document_is_served_only_through_the_policy_checked_view(client, login, make_case, actors):
    case = make_case()
    event = case_add_note(by=actors["case_manager"], case=case, text="CV", document=pdf("cv.pdf"))
    url = reverse("case_document", args=[case.pk, event.pk])
    login(client, "case_manager")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and "cv" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert any(e.fields == ["document"] for e in AuditEntry.objects.filter(object_id=str(case.pk)))
    # the page links the view, never the storage path
    html = _page(client, case).content.decode()
    assert url in html and event.document.name not in html
    login(client, "other_case_manager")
    assert client.get(url).status_code == 404


def test_a_note_that_is_not_a_document_cannot_be_downloaded(client, login, make_case, actors):
    case = make_case()
    event = case_add_note(by=actors["case_manager"], case=case, text="just words")
    login(client, "case_manager")
    assert client.get(reverse("case_document", args=[case.pk, event.pk])).status_code == 404


def test_a_referral_attachment_is_downloadable_by_who_sees_the_case(client, login, actors, make_person):
    from florwork.cases.services import referral_create

    case = referral_create(by=actors["social_worker"], person=make_person(), reason="r", needs=[],
                           urgency="normal", attachments=[pdf("letter.pdf")])
    attachment = case.referral.attachments.get()
    url = reverse("referral_attachment", args=[case.pk, attachment.pk])
    login(client, "case_manager")
    response = client.get(url)
    assert response.status_code == 200 and "letter.pdf" in response["Content-Disposition"]
    login(client, "other_social_worker")
    assert client.get(url).status_code == 404


def test_adding_a_note_with_a_document(client, login, make_case):
    case = make_case()
    login(client, "case_manager")
    response = client.post(reverse("case_note", args=[case.pk]), {"text": "Signed CV", "document": pdf("cv.pdf")})
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, kind="document")
    assert event.text == "Signed CV" and event.document


def test_an_empty_note_is_refused(client, login, make_case):
    case = make_case()
    login(client, "case_manager")
    response = client.post(reverse("case_note", args=[case.pk]), {"text": "  "})
    assert response.status_code == 400
    assert "Write the note or attach a document." in response.content.decode()
