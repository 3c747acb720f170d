"""The partner's inbox: only their organization's referrals, and only the shared fields of the person."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from florwork.audit.models import AuditEntry
from florwork.network.sharing import SHARED_PERSON_FIELDS, SharedPerson


@pytest.fixture
def rich_referral(make_service, referable, send, actors):
    """A referral of a person whose record holds much more than the partner may see."""
    from florwork.people.services import benefit_add, sensitive_update

    case = referable(first_name="Amina", last_name="Haddad", phone="333 1234567", email="amina@example.org",
                     address="Via dei Segreti 13", birth_date=dt.date(1987, 5, 9), italian_level="A2",
                     other_languages=[{"language": "ar", "level": "native"}])
    benefit_add(by=actors["case_manager"], person=case.person, kind="adi", monthly_amount=Decimal("512.34"),
                start=dt.date(2025, 1, 1), end=None)
    sensitive_update(by=actors["case_manager"], person=case.person,
                     changes={"health_notes": "Diagnosi riservata", "invalidity_percentage": 67})
    return send(case, make_service(), reason="Corso di italiano prima del tirocinio")


FORBIDDEN = ["Via dei Segreti", "1987", "09/05", "512", "Diagnosi riservata", "67%", "ADI", "codice"]


def test_partner_sees_the_shared_fields_and_nothing_more(client, login, rich_referral):
    login(client, "partner_operator")
    body = client.get(reverse("partner_referral_detail", args=[rich_referral.pk])).content.decode()
    for shown in ("Amina", "Haddad", "333 1234567", "amina@example.org", "A2", "Corso di italiano prima"):
        assert shown in body
    cf = rich_referral.person.codice_fiscale
    for hidden in [*FORBIDDEN, cf]:
        assert hidden not in body, hidden


def test_the_shared_view_is_written_down_in_one_place():
    assert set(SHARED_PERSON_FIELDS) == {"first_name", "last_name", "phone", "email", "italian_level",
                                         "other_languages"}
    assert set(SharedPerson.__dataclass_fields__) == set(SHARED_PERSON_FIELDS)


def test_inbox_lists_only_the_partners_own_referrals(client, login, make_service, referable, send, other_partner,
                                                     consent):
    mine = send(referable(first_name="Luca"), make_service())
    case = referable(first_name="Marta")
    consent(case, partner="other_coop")
    theirs = send(case, make_service(by="programme_manager", organization="other_coop", title="Orientamento"))
    login(client, "partner_operator")
    body = client.get(reverse("partner_inbox")).content.decode()
    assert mine.code in body and theirs.code not in body and "Marta" not in body
    assert client.get(reverse("partner_referral_detail", args=[theirs.pk])).status_code == 404
    client.force_login(other_partner["user"])
    assert client.get(reverse("partner_referral_detail", args=[mine.pk])).status_code == 404
    assert mine.code not in client.get(reverse("partner_inbox")).content.decode()


@pytest.mark.parametrize("persona", ["case_manager", "social_worker", "programme_manager"])
def test_roles_without_the_grant_have_no_inbox(client, login, persona):
    login(client, persona)
    assert client.get(reverse("partner_inbox")).status_code == 403


def test_inbox_filters_by_state_with_htmx(client, login, make_service, referable, send, move):
    service = make_service()
    waiting = send(referable(first_name="Luca"), service)
    done = send(referable(first_name="Sara"), service)
    move(done, "declined", reason="Fuori target")
    login(client, "partner_operator")
    open_only = client.get(reverse("partner_inbox"), headers={"HX-Request": "true"}).content.decode()
    assert waiting.code in open_only and done.code not in open_only and "<html" not in open_only
    declined = client.get(reverse("partner_inbox"), {"state": "declined"}).content.decode()
    assert done.code in declined and waiting.code not in declined


def test_withdrawn_consent_hides_the_person_from_the_partner(client, login, rich_referral, actors):
    from florwork.people.models import Consent
    from florwork.people.services import consent_withdraw

    consent_withdraw(by=actors["case_manager"], consent=Consent.objects.get(purpose="partner_sharing"))
    login(client, "partner_operator")
    body = client.get(reverse("partner_referral_detail", args=[rich_referral.pk])).content.decode()
    assert "Amina" not in body and "333 1234567" not in body
    found = client.get(reverse("partner_inbox"), {"q": "Amina"}, headers={"HX-Request": "true"}).content.decode()
    assert rich_referral.code not in found  # the name is searched only where it is shared


def test_reading_a_referral_is_audited(client, login, rich_referral):
    login(client, "partner_operator")
    client.get(reverse("partner_referral_detail", args=[rich_referral.pk]))
    entry = AuditEntry.objects.filter(object_type="network.PartnerReferral", operation="read").latest("seq")
    assert entry.purpose == "partner_service" and entry.object_id == str(rich_referral.pk)
