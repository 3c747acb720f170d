"""Consents by purpose: recorded with the signed document, served only through the policy, and a
withdrawal that takes effect on the very next request."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from florwork.audit.models import AuditEntry
from florwork.people.models import Consent
from florwork.people.services import consent_give
from tests.people.conftest import PDF, PNG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    return tmp_path


@pytest.fixture
def manager(client, login, followed):
    login(client, "case_manager")
    return client


def _give(client, person, **data):
    payload = {"purpose": "case_management", "given_on": timezone.localdate().isoformat(), **data}
    return client.post(reverse("person_consent_give", args=[person.pk]), payload)


def _pdf(name="consenso firmato Mario Rossi.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_consent_is_recorded_with_its_signed_document(manager, followed, organizations):
    response = _give(manager, followed, purpose="partner_sharing", organization=organizations["coop_b"].pk,
                     document=_pdf())
    assert response.status_code == 302
    consent = Consent.objects.get(person=followed)
    assert consent.organization_id == organizations["coop_b"].pk
    assert consent.document.read() == PDF
    assert "Rossi" not in consent.document.name  # stored under a random name, not the person's
    assert AuditEntry.objects.filter(operation="create", object_id=str(followed.pk), fields=["consents"]).exists()


def test_the_document_is_served_as_an_attachment_through_the_policy_only(manager, followed, client, login):
    _give(manager, followed, document=_pdf())
    consent = Consent.objects.get(person=followed)
    url = reverse("person_consent_document", args=[followed.pk, consent.pk])
    assert url == f"/people/{followed.pk}/consents/{consent.pk}/document/"  # ids only
    response = manager.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="consent-{consent.pk}.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    reads = AuditEntry.objects.filter(operation="read", object_id=str(followed.pk))
    assert any("consents.document" in entry.fields for entry in reads)
    outsider = Client()
    login(outsider, "other_social_worker")
    assert outsider.get(url).status_code == 404


def test_no_public_media_url_serves_the_document(manager, followed):
    _give(manager, followed, document=_pdf())
    consent = Consent.objects.get(person=followed)
    assert manager.get("/media/" + consent.document.name).status_code == 404


@pytest.mark.parametrize(("name", "content"), [
    ("consenso.exe", b"MZ\x90\x00" + b"\x00" * 20),
    ("consenso.pdf", b"MZ\x90\x00 not really a pdf"),  # the name lies
    ("consenso.txt", b"%PDF-1.4 a pdf with the wrong name"),
    ("consenso.png", PDF),  # a PDF calling itself a PNG
    ("vuoto.pdf", b""),
])
def test_only_real_pdf_jpeg_or_png_files_are_accepted(manager, followed, name, content):
    response = _give(manager, followed, document=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    assert not Consent.objects.filter(person=followed).exists()


def test_a_png_scan_is_accepted(manager, followed):
    assert _give(manager, followed, document=SimpleUploadedFile("scan.PNG", PNG)).status_code == 302


def test_a_document_larger_than_10_mb_is_refused(manager, followed):
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = _give(manager, followed, document=_pdf(content=big))
    assert "document" in response.context["form"].errors
    assert not Consent.objects.filter(person=followed).exists()


def test_sharing_needs_the_partner_organization(manager, followed):
    response = _give(manager, followed, purpose="partner_sharing")
    assert "organization" in response.context["form"].errors
    assert not Consent.objects.exists()


def test_the_same_live_consent_cannot_be_given_twice(manager, followed):
    assert _give(manager, followed).status_code == 302
    response = _give(manager, followed)
    assert "purpose" in response.context["form"].errors
    assert Consent.objects.filter(person=followed).count() == 1


def test_a_consent_dated_in_the_future_is_refused(manager, followed):
    response = _give(manager, followed, given_on=(timezone.localdate() + dt.timedelta(days=1)).isoformat())
    assert "given_on" in response.context["form"].errors


def test_a_consent_given_earlier_keeps_its_date(manager, followed):
    _give(manager, followed, given_on="2026-01-15")
    consent = Consent.objects.get(person=followed)
    assert timezone.localtime(consent.given_at).date() == dt.date(2026, 1, 15)


# --- withdrawal ---------------------------------------------------------------------------------------

@pytest.fixture
def shared(followed, actors, organizations):
    return consent_give(by=actors["case_manager"], person=followed, purpose="partner_sharing",
                        organization_id=organizations["coop_b"].pk)


def test_withdrawal_asks_for_confirmation_first(manager, followed, shared):
    response = manager.get(reverse("person_consent_withdraw", args=[followed.pk, shared.pk]))
    assert response.status_code == 200
    assert b'method="post"' in response.content
    shared.refresh_from_db()
    assert shared.withdrawn_at is None


def test_a_withdrawn_sharing_consent_takes_effect_on_the_next_request(manager, followed, shared, login):
    partner = Client()
    login(partner, "partner_operator")
    detail = reverse("person_detail", args=[followed.pk])
    assert partner.get(detail).status_code == 200
    assert followed.last_name.encode() in partner.get(reverse("person_list")).content

    response = manager.post(reverse("person_consent_withdraw", args=[followed.pk, shared.pk]))
    assert response.status_code == 302

    assert partner.get(detail).status_code == 404
    assert followed.last_name.encode() not in partner.get(reverse("person_list")).content
    shared.refresh_from_db()
    assert shared.withdrawn_at is not None  # kept, with its date: never deleted
    assert AuditEntry.objects.filter(operation="update", object_id=str(followed.pk), detail__withdrawn=True).exists()


def test_the_document_of_a_withdrawn_sharing_consent_is_out_of_the_partners_reach(manager, followed, organizations,
                                                                                   login):
    _give(manager, followed, purpose="partner_sharing", organization=organizations["coop_b"].pk, document=_pdf())
    consent = Consent.objects.get(person=followed)
    partner = Client()
    login(partner, "partner_operator")
    url = reverse("person_consent_document", args=[followed.pk, consent.pk])
    assert partner.get(url).status_code == 200
    manager.post(reverse("person_consent_withdraw", args=[followed.pk, consent.pk]))
    assert partner.get(url).status_code == 404


def test_withdrawing_twice_changes_nothing(manager, followed, shared):
    url = reverse("person_consent_withdraw", args=[followed.pk, shared.pk])
    manager.post(url)
    shared.refresh_from_db()
    first = shared.withdrawn_at
    assert manager.post(url).status_code == 302
    shared.refresh_from_db()
    assert shared.withdrawn_at == first


def test_a_case_manager_who_withdraws_the_consent_they_rely_on_is_sent_back_to_the_list(client, login, make_case):
    case = make_case(state="assessed")  # past intake: the case-management consent is what lets them in
    consent = Consent.objects.get(person=case.person, purpose="case_management")
    login(client, "case_manager")
    response = client.post(reverse("person_consent_withdraw", args=[case.person.pk, consent.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("person_list")
    assert client.get(reverse("person_detail", args=[case.person.pk])).status_code == 404


def test_the_partner_operator_cannot_withdraw_or_record_consents(client, login, followed, shared):
    login(client, "partner_operator")
    assert client.post(reverse("person_consent_withdraw", args=[followed.pk, shared.pk])).status_code == 403
    assert _give(client, followed).status_code == 403
    shared.refresh_from_db()
    assert shared.withdrawn_at is None


def test_a_consent_of_another_person_is_not_found(manager, followed, shared, make_case):
    other = make_case(state="intake", first_name="Anna", last_name="Verdi", sex="F").person
    assert manager.post(reverse("person_consent_withdraw", args=[other.pk, shared.pk])).status_code == 404
