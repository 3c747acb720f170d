"""A social worker refers a person: a short form, duplicate detection before saving, nothing half-saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from florwork.cases.models import Case, Referral, ReferralAttachment
from florwork.cases.services import referral_create_for_new_person
from florwork.people.codice_fiscale import generate
from florwork.people.models import Person

from .conftest import pdf, png, referral_data

URL = reverse("referral_create")
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def sw(client, login):
    return login(client, "social_worker")


def test_the_form_renders_for_a_social_worker(sw):
    response = sw.get(URL)
    assert response.status_code == 200
    assert b'name="codice_fiscale"' in response.content and b'name="needs"' in response.content


@pytest.mark.parametrize("persona", ["case_manager", "programme_manager", "partner_operator", "evaluator"])
def test_only_social_workers_refer(client, login, persona):
    login(client, persona)
    assert client.get(URL).status_code == 403


def test_a_new_person_is_registered_and_referred_in_one_go(sw, organizations):
    response = sw.post(URL, referral_data(attachments=[pdf(), png()]))
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("case_detail", args=[case.pk])
    person = case.person
    assert (person.first_name, person.birth_date, person.birth_place_code) == ("Giulia", dt.date(1990, 3, 12), "D612")
    assert person.created_by_organization_id == organizations["municipality"].pk
    referral = case.referral
    assert referral.needs == ["work", "skills"] and referral.urgency == "high"
    assert referral.referring_organization == organizations["municipality"]
    assert sorted(a.name for a in referral.attachments.all()) == ["id.png", "report.pdf"]
    assert case.state == "referred" and case.team_organization == organizations["hub"]


def test_the_residence_is_found_by_name_or_by_istat_code(sw, tuscany):
    sw.post(URL, referral_data(residence="sesto fiorentino"))
    assert Person.objects.get().residence_istat == "048043"


def test_an_unknown_comune_is_refused(sw, tuscany):
    response = sw.post(URL, referral_data(residence="Atlantide"))
    assert response.status_code == 400
    assert "Atlantide" in response.content.decode()
    assert not Person.objects.exists()


def test_an_invalid_codice_fiscale_is_refused_with_its_reason(sw):
    response = sw.post(URL, referral_data(codice_fiscale="BNCGLI90C52D612X"))
    assert response.status_code == 400
    assert response.context["form"].errors["codice_fiscale"]
    assert not Person.objects.exists()


def test_a_birth_date_in_the_future_is_refused(sw):
    future = timezone.localdate() + dt.timedelta(days=30)
    response = sw.post(URL, referral_data(birth_date=future, codice_fiscale=""))
    assert response.status_code == 400
    assert "The birth date is in the future." in response.context["form"].errors["birth_date"]


def test_a_codice_fiscale_mismatch_is_shown_and_must_be_confirmed(sw):
    other_date = generate("Bianchi", "Giulia", dt.date(1991, 3, 12), "F", "D612")
    response = sw.post(URL, referral_data(codice_fiscale=other_date))
    assert response.status_code == 200
    assert response.context["mismatches"]
    assert b'id="mismatches"' in response.content
    assert not Person.objects.exists()

    response = sw.post(URL, referral_data(codice_fiscale=other_date, confirm_mismatch="on"))
    assert response.status_code == 302
    assert Person.objects.get().codice_fiscale == other_date  # kept as stated, not "fixed"


def test_same_codice_fiscale_offers_the_existing_person_and_never_a_second_one(sw, make_person):
    existing = make_person(first_name="Giulia", last_name="Bianchi", sex="F", birth_date=dt.date(1990, 3, 12))
    response = sw.post(URL, referral_data())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giulia Bianchi" in html and 'name="existing_person"' in html
    assert 'name="create_anyway"' not in html  # no way to register the same code twice
    # even when forced
    sw.post(URL, referral_data(create_anyway="on"))
    assert Person.objects.count() == 1 and not Case.objects.exists()
    # referring the existing person instead
    token = response.context["duplicates"][0]["token"]
    response = sw.post(URL, referral_data(existing_person=token))
    assert response.status_code == 302
    assert Case.objects.get().person == existing and Person.objects.count() == 1


def test_a_similar_name_with_the_same_birth_date_is_offered(sw, make_person):
    existing = make_person(first_name="Giulia", last_name="Bianchi", sex="F", birth_date=dt.date(1990, 3, 12))
    response = sw.post(URL, referral_data(first_name="Giulia", last_name="Bianki", codice_fiscale=""))
    assert response.status_code == 200
    [duplicate] = response.context["duplicates"]
    assert not duplicate["same_cf"] and duplicate["name"] == "Giulia Bianchi"
    assert 'name="create_anyway"' in response.content.decode()
    assert Person.objects.count() == 1
    sw.post(URL, referral_data(first_name="Giulia", last_name="Bianki", codice_fiscale="",
                               existing_person=duplicate["token"]))
    assert Case.objects.get().person == existing


def test_a_new_person_may_be_registered_when_no_duplicate_shares_the_code(sw, make_person):
    make_person(first_name="Giulia", last_name="Bianchi", sex="F", birth_date=dt.date(1990, 3, 12))
    response = sw.post(URL, referral_data(first_name="Giulia", last_name="Bianki", codice_fiscale="",
                                          create_anyway="on"))
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_a_duplicate_the_social_worker_may_not_see_is_masked(sw, make_person, actors):
    make_person(first_name="Giulia", last_name="Bianchi", sex="F", birth_date=dt.date(1990, 3, 12),
                by=actors["other_social_worker"])
    response = sw.post(URL, referral_data())
    html = response.content.decode()
    [duplicate] = response.context["duplicates"]
    assert not duplicate["visible"] and "name" not in duplicate
    assert "G. B." in html and "1990" in html and "already known to the hub" in html
    assert "Giulia" not in html.split('id="duplicates"')[1].split("</div>")[0]


def test_a_forged_choice_of_existing_person_is_refused(sw, make_person):
    make_person(first_name="Giulia", last_name="Bianchi", sex="F", birth_date=dt.date(1990, 3, 12))
    other = make_person(first_name="Paolo", last_name="Verdi")
    from django.core import signing

    from florwork.cases.views import DUPLICATE_SALT
    forged = signing.dumps(other.pk, salt=DUPLICATE_SALT)
    response = sw.post(URL, referral_data(existing_person=forged))
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_a_person_with_an_open_case_gets_a_message_naming_the_case(sw, make_case):
    open_case = make_case(state="intake", first_name="Giulia", last_name="Bianchi", sex="F",
                          birth_date=dt.date(1990, 3, 12))
    response = sw.post(URL, referral_data())
    token = response.context["duplicates"][0]["token"]
    response = sw.post(URL, referral_data(existing_person=token))
    assert response.status_code == 400
    assert open_case.code in response.content.decode()
    assert Case.objects.count() == 1 and Referral.objects.count() == 1


@pytest.mark.parametrize("upload, message", [
    (pdf("notes.txt", b"just text"), "not a PDF"),
    (pdf("fake.pdf", b"MZ\x90\x00 not a pdf"), "not a PDF"),
    (pdf("huge.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)), "10 MB"),
])
def test_bad_attachments_are_refused(sw, upload, message):
    response = sw.post(URL, referral_data(attachments=[upload]))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Person.objects.exists() and not ReferralAttachment.objects.exists()


def test_nothing_is_half_saved_when_the_referral_fails(actors, organizations):
    data = {"codice_fiscale": "", "first_name": "Anna", "last_name": "Neri", "birth_date": dt.date(1985, 1, 1),
            "sex": "F"}
    with pytest.raises(ValidationError):
        referral_create_for_new_person(by=actors["social_worker"], person_data=data, accept_mismatches=False,
                                       reason="   ", needs=[], urgency="normal")
    assert not Person.objects.exists() and not Referral.objects.exists()
