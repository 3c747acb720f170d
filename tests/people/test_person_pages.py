"""The person list and the person page: who sees whom, what the page shows, and that reads are audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from florwork.audit.models import AuditEntry
from florwork.people.models import Benefit, WorkExperience
from florwork.people.services import sensitive_update

pytestmark = pytest.mark.django_db


def _detail(client, person):
    return client.get(reverse("person_detail", args=[person.pk]))


# --- the list ----------------------------------------------------------------------------------------

def test_list_shows_only_the_people_the_actor_may_see(client, login, make_person, actors):
    mine = make_person(first_name="Giulia", last_name="Bianchi", sex="F")
    theirs = make_person(first_name="Paolo", last_name="Verdi", by=actors["other_social_worker"])
    login(client, "social_worker")
    response = client.get(reverse("person_list"))
    assert response.status_code == 200
    assert b"Bianchi" in response.content
    assert theirs.last_name.encode() not in response.content
    assert mine.codice_fiscale.encode() in response.content


def test_list_searches_by_name_and_by_codice_fiscale(client, login, make_person):
    giulia = make_person(first_name="Giulia", last_name="Bianchi", sex="F")
    make_person(first_name="Paolo", last_name="Verdi")
    login(client, "social_worker")
    by_name = client.get(reverse("person_list"), {"q": "bianc"})
    assert b"Bianchi" in by_name.content and b"Verdi" not in by_name.content
    by_code = client.get(reverse("person_list"), {"q": giulia.codice_fiscale.lower()})
    assert b"Bianchi" in by_code.content and b"Verdi" not in by_code.content
    by_start_of_code = client.get(reverse("person_list"), {"q": giulia.codice_fiscale[:9]})
    assert b"Bianchi" in by_start_of_code.content and b"Verdi" not in by_start_of_code.content


def test_list_answers_htmx_with_the_results_only(client, login, make_person):
    make_person(last_name="Bianchi")
    login(client, "social_worker")
    response = client.get(reverse("person_list"), {"q": "bianchi"}, HTTP_HX_REQUEST="true")
    assert b"Bianchi" in response.content
    assert b"<html" not in response.content


def test_list_is_paginated(client, login, make_person):
    for i in range(30):
        make_person(last_name=f"Rossi{chr(65 + i % 26)}", first_name=f"Mario{chr(65 + i // 26)}")
    login(client, "social_worker")
    first = client.get(reverse("person_list"))
    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["rows"]) == 25
    assert len(client.get(reverse("person_list"), {"page": 2}).context["rows"]) == 5


def test_the_list_read_is_audited_with_the_ids_shown(client, login, make_person, personas):
    person = make_person()
    login(client, "social_worker")
    client.get(reverse("person_list"))
    entry = AuditEntry.objects.filter(actor_user_id=personas["social_worker"].pk, operation="read",
                                      object_type="people.Person").first()
    assert entry is not None and entry.detail["ids"] == [person.pk]


@pytest.mark.parametrize("persona", ["company_officer", "evaluator", "funder", "administrator"])
def test_roles_without_person_access_are_refused_the_list(client, login, persona):
    login(client, persona)
    assert client.get(reverse("person_list")).status_code == 403


# --- who may open a person ------------------------------------------------------------------------

def test_another_organizations_social_worker_gets_404(client, login, make_person):
    person = make_person()
    login(client, "other_social_worker")
    assert _detail(client, person).status_code == 404


def test_the_referring_social_worker_opens_the_person(client, login, make_person):
    person = make_person(last_name="Bianchi")
    login(client, "social_worker")
    response = _detail(client, person)
    assert response.status_code == 200
    assert b"Bianchi" in response.content


def test_a_case_manager_of_another_hub_gets_404(client, login, followed):
    login(client, "other_case_manager")
    assert _detail(client, followed).status_code == 404


def test_a_case_manager_without_a_case_for_the_person_gets_404(client, login, make_person):
    login(client, "case_manager")
    assert _detail(client, make_person()).status_code == 404


def test_the_case_manager_of_the_case_opens_the_person_and_may_edit(client, login, followed):
    login(client, "case_manager")
    response = _detail(client, followed)
    assert response.status_code == 200
    assert reverse("person_edit", args=[followed.pk]).encode() in response.content


def test_the_social_worker_sees_no_edit_buttons(client, login, followed):
    login(client, "social_worker")
    response = _detail(client, followed)
    assert reverse("person_edit", args=[followed.pk]).encode() not in response.content
    assert client.get(reverse("person_edit", args=[followed.pk])).status_code == 403


def test_a_partner_operator_without_a_sharing_consent_gets_404(client, login, followed):
    login(client, "partner_operator")
    assert _detail(client, followed).status_code == 404


# --- what the page shows --------------------------------------------------------------------------

def test_the_codice_fiscale_is_decoded_with_the_birth_comune_named(client, login, tuscany, make_person):
    person = make_person(first_name="Giulia", last_name="Bianchi", sex="F", birth_date=dt.date(1985, 3, 12),
                         birth_place_code="D612")
    login(client, "social_worker")
    response = _detail(client, person)
    identity = response.context["identity"]
    assert identity.decoded.birth_date == dt.date(1985, 3, 12)
    assert identity.decoded.sex == "F"
    assert identity.birth_comune.name == "Firenze"
    assert identity.mismatches == []
    assert "Firenze" in response.content.decode()


def test_a_foreign_birth_place_is_shown_as_a_foreign_state(client, login, tuscany, make_person):
    person = make_person(birth_place_code="Z129")
    login(client, "social_worker")
    response = _detail(client, person)
    assert response.context["identity"].decoded.is_foreign_born
    assert "Z129" in response.content.decode()


def test_the_residence_is_named_from_its_istat_code(client, login, tuscany, make_person):
    person = make_person(residence_istat="048017")  # Firenze
    login(client, "social_worker")
    response = _detail(client, person)
    assert response.context["residence"].name == "Firenze"


def test_benefits_show_amounts_in_euros_the_italian_way(client, login, followed):
    Benefit.objects.create(person=followed, kind="adi", monthly_amount=Decimal("1234.5"),
                           start=dt.date(2025, 1, 1), end=None)
    login(client, "case_manager")
    content = _detail(client, followed).content.decode()
    assert "Assegno di inclusione" in content or "ADI" in content
    assert "1.234,50" in content
    assert "01/01/2025" in content


def test_work_history_and_consents_are_listed(client, login, followed, organizations, actors):
    WorkExperience.objects.create(person=followed, occupation="Magazziniere", employer="Logistica Srl",
                                  start=dt.date(2019, 5, 1), end=dt.date(2021, 4, 30), contract_kind="fixed_term")
    from florwork.people.services import consent_give
    consent_give(by=actors["case_manager"], person=followed, purpose="partner_sharing",
                 organization_id=organizations["coop_b"].pk)
    login(client, "case_manager")
    content = _detail(client, followed).content.decode()
    assert "Magazziniere" in content and "Logistica Srl" in content
    assert organizations["coop_b"].name.replace("'", "&#x27;") in content


def test_languages_are_named_in_the_users_language(client, login, make_person):
    person = make_person(italian_level="B1", other_languages=[{"language": "ro", "level": "native"}])
    login(client, "social_worker")
    languages = _detail(client, person).context["languages"]
    assert languages[0][0].lower() == "rumeno"


def test_the_persons_cases_are_listed_by_code(client, login, make_case):
    case = make_case(state="intake")
    login(client, "case_manager")
    response = _detail(client, case.person)
    assert case.code in response.content.decode()


# --- special categories ---------------------------------------------------------------------------

@pytest.fixture
def with_health(followed, actors):
    sensitive_update(by=actors["case_manager"], person=followed,
                     changes={"invalidity_percentage": 67, "law68_enrolled": True,
                              "disability_detail": "Ipoacusia bilaterale", "health_notes": "Evitare rumore"})
    return followed


def test_the_case_manager_sees_health_and_disability(client, login, with_health):
    login(client, "case_manager")
    content = _detail(client, with_health).content.decode()
    assert "Ipoacusia bilaterale" in content and "67%" in content and "Evitare rumore" in content


@pytest.mark.parametrize("persona", ["social_worker", "programme_manager"])
def test_health_and_disability_are_hidden_from_other_roles(client, login, with_health, persona):
    login(client, persona)
    response = _detail(client, with_health)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ipoacusia" not in content and "67%" not in content and "Evitare rumore" not in content
    assert reverse("person_sensitive_edit", args=[with_health.pk]) not in content
    assert client.get(reverse("person_sensitive_edit", args=[with_health.pk])).status_code == 403


def test_a_partner_operator_never_sees_health_data(client, login, with_health, actors, organizations):
    from florwork.people.services import consent_give
    consent_give(by=actors["case_manager"], person=with_health, purpose="partner_sharing",
                 organization_id=organizations["coop_b"].pk)
    login(client, "partner_operator")
    response = _detail(client, with_health)
    assert response.status_code == 200
    assert "Ipoacusia" not in response.content.decode()


def test_reading_the_page_is_audited_with_the_special_section_only_when_shown(client, login, with_health,
                                                                                personas):
    login(client, "case_manager")
    _detail(client, with_health)
    login(client, "programme_manager")
    _detail(client, with_health)
    reads = {e.actor_user_id: e for e in AuditEntry.objects.filter(operation="read", object_id=str(with_health.pk))}
    assert "sensitive" in reads[personas["case_manager"].pk].fields
    assert "sensitive" not in reads[personas["programme_manager"].pk].fields
    assert "benefits" in reads[personas["programme_manager"].pk].fields


# --- the frame ------------------------------------------------------------------------------------

def test_every_person_page_renders_under_the_strict_csp(client, login, with_health, actors):
    import re

    from florwork.people.services import consent_give
    consent = consent_give(by=actors["case_manager"], person=with_health, purpose="follow_up")
    login(client, "case_manager")
    pk = with_health.pk
    urls = [reverse("person_list"), reverse("person_detail", args=[pk]), reverse("person_edit", args=[pk]),
            reverse("person_sensitive_edit", args=[pk]), reverse("person_benefit_add", args=[pk]),
            reverse("person_work_add", args=[pk]), reverse("person_consent_give", args=[pk]),
            reverse("person_consent_withdraw", args=[pk, consent.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content
        assert not re.search(rb"\sstyle=", html), url
        assert b"<style" not in html, url
        assert all(b" src=" in tag for tag in re.findall(rb"<script[^>]*>", html)), url


def test_a_name_mismatch_shows_the_letters_each_side_gives(client, login, followed, actors):
    from florwork.people.services import person_update
    person_update(by=actors["case_manager"], person=followed, version=followed.version,
                  changes={"first_name": "Luigi"}, accept_mismatches=True)
    login(client, "case_manager")
    rows = _detail(client, followed).context["mismatches"]
    assert rows == [{"field": "first_name", "label": rows[0]["label"], "stated": "Luigi (LGU)",
                     "from_code": followed.codice_fiscale[3:6]}]


def test_the_person_page_makes_as_many_queries_with_a_long_history_as_with_none(client, login, followed, actors,
                                                                                 organizations):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from florwork.people.services import consent_give

    login(client, "case_manager")
    url = reverse("person_detail", args=[followed.pk])
    consent_give(by=actors["case_manager"], person=followed, purpose="partner_sharing",
                 organization_id=organizations["coop_b"].pk)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for year in range(2000, 2020):
        Benefit.objects.create(person=followed, kind="other", monthly_amount=Decimal("100"),
                               start=dt.date(year, 1, 1), end=dt.date(year, 6, 30))
        WorkExperience.objects.create(person=followed, occupation="Commesso", start=dt.date(year, 1, 1),
                                      contract_kind="occasional")
    consent_give(by=actors["case_manager"], person=followed, purpose="follow_up")
    for key in ("agency", "university"):
        consent_give(by=actors["case_manager"], person=followed, purpose="partner_sharing",
                     organization_id=organizations[key].pk)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
