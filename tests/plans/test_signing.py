"""Signing: the scan of the signed patto is uploaded back, the revision is marked signed and frozen, the case
moves from assessed to planned; a bad upload or an incomplete plan is refused and writes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from florwork.audit.models import AuditEntry
from florwork.cases.models import Case, CaseEvent
from florwork.plans.lifecycle import plan_sign, revision_start
from florwork.plans.models import PlanRevision

from .conftest import scan

pytestmark = pytest.mark.usefixtures("english")


def test_uploading_the_signed_scan_marks_it_signed_and_moves_the_case_to_planned(client, login, decided, filled,
                                                                                personas):
    case = decided()
    assert case.state == "assessed"
    revision = filled(case)
    login(client, "case_manager")
    response = client.post(reverse("plan_sign", args=[case.pk]),
                           {"version": revision.version, "document": scan()})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.status == "signed" and revision.signed_at is not None
    assert revision.signed_by == personas["case_manager"] and revision.signed_document.name.endswith(".pdf")
    assert "firmato" not in revision.signed_document.name  # stored under a random name
    assert Case.objects.get(pk=case.pk).state == "planned"
    assert CaseEvent.objects.filter(case=case, to_state="planned").exists()
    assert any("signed_document" in e.fields and e.detail["case_state"] == "planned"
               for e in AuditEntry.objects.filter(object_type="plans.Plan", operation="update"))
    download = client.get(reverse("plan_signed_document", args=[case.pk, 1]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_signing_a_new_revision_supersedes_the_old_and_leaves_the_case_state(decided, filled, sign, actors):
    case = decided()
    first = filled(case)
    sign(first)
    second = revision_start(by=actors["case_manager"], plan=first.plan, version=first.version)
    sign(second)
    first.refresh_from_db()
    assert first.status == "superseded" and first.superseded_at is not None and first.signed_document
    assert second.status == "signed"
    assert Case.objects.get(pk=case.pk).state == "planned"


def test_a_file_that_is_not_a_scan_is_refused_and_nothing_changes(client, login, decided, filled):
    case = decided()
    revision = filled(case)
    login(client, "case_manager")
    response = client.post(reverse("plan_sign", args=[case.pk]),
                           {"version": revision.version, "document": scan("patto.pdf", b"MZ not a pdf")})
    assert response.status_code == 400 and "is not a PDF, JPEG or PNG file" in response.content.decode()
    assert PlanRevision.objects.get().status == "draft"
    assert Case.objects.get(pk=case.pk).state == "assessed"


def test_an_incomplete_plan_cannot_be_signed(decided, draft, actors):
    case = decided()
    revision = draft(case, reviews=())
    with pytest.raises(ValidationError, match="at least one goal, at least one action, a review date"):
        plan_sign(by=actors["case_manager"], revision=revision, version=revision.version, document=scan())
    assert PlanRevision.objects.get().status == "draft"


def test_another_organizations_case_manager_cannot_sign(client, login, decided, filled):
    case = decided()
    revision = filled(case)
    login(client, "other_case_manager")
    response = client.post(reverse("plan_sign", args=[case.pk]), {"version": revision.version, "document": scan()})
    assert response.status_code == 404
    assert client.get(reverse("plan_signed_document", args=[case.pk, 1])).status_code == 404
    assert PlanRevision.objects.get().status == "draft"
