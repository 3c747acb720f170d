"""The services catalogue: who publishes and manages what, bad input, search, archive instead of delete."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from florwork.audit.models import AuditEntry
from florwork.network.models import Service
from florwork.network.services import service_archive, service_remove, service_update


def _form(comuni, **overrides):
    data = {"kind": "italian_course", "title": "Corso di italiano L2 – livello A2", "description": "Due sere a "
            "settimana", "dimension": "", "comune": comuni["Firenze"].pk, "address": "Via Pisana 10",
            "schedule": "lun e mer 18-20", "min_age": "", "max_age": "", "pathways": ["1", "4"], "disability": "any",
            "capacity_period": "quarter", "seats_per_period": "15", "waiting_list": "on",
            "cost_per_participant": "120.00", "contact_name": "Sara Neri", "contact_phone": "055 000111",
            "contact_email": "l2@example.org"}
    data.update(overrides)
    return data


def test_partner_operator_publishes_a_service_of_their_organization(client, login, comuni, organizations):
    login(client, "partner_operator")
    response = client.post(reverse("service_create"), _form(comuni))
    service = Service.objects.get()
    assert response.status_code == 302
    assert service.organization == organizations["coop_b"]
    assert service.pathways == [1, 4] and str(service.cost_per_participant) == "120.00"
    assert AuditEntry.objects.filter(object_type="network.Service", object_id=str(service.pk),
                                     operation="create").exists()


def test_programme_manager_publishes_for_any_partner(client, login, comuni, organizations):
    login(client, "programme_manager")
    response = client.post(reverse("service_create"), _form(comuni, organization=organizations["coop_b"].pk))
    assert response.status_code == 302
    assert Service.objects.get().organization == organizations["coop_b"]


@pytest.mark.parametrize("persona", ["case_manager", "social_worker", "evaluator"])
def test_roles_without_the_grant_cannot_publish(client, login, comuni, persona):
    login(client, persona)
    assert client.post(reverse("service_create"), _form(comuni)).status_code == 403
    assert not Service.objects.exists()


def test_only_partner_organizations_publish(actors, organizations, comuni):
    from florwork.network.services import service_create

    with pytest.raises(ValidationError) as error:
        service_create(by=actors["programme_manager"], organization=organizations["hub"],
                       data={"kind": "orientation", "title": "x", "comune": comuni["Firenze"]})
    assert "organization" in error.value.message_dict


@pytest.mark.parametrize(("field", "value", "name"), [
    ("title", "", "title"), ("cost_per_participant", "-5", "cost_per_participant"), ("kind", "yoga", "kind"),
    ("seats_per_period", "0", "seats_per_period"), ("min_age", "40", "max_age"),
    ("contact_email", "not-an-email", "contact_email"),
])
def test_bad_input_names_the_field_and_saves_nothing(client, login, comuni, field, value, name, english):
    login(client, "partner_operator")
    extra = {"max_age": "30"} if field == "min_age" else {}
    response = client.post(reverse("service_create"), _form(comuni, **{field: value}, **extra))
    assert response.status_code == 400
    assert name in response.context["form"].errors
    assert not Service.objects.exists()
    assert not AuditEntry.objects.filter(object_type="network.Service").exists()


def test_partner_edits_own_service_but_not_another_partners(client, login, make_service, other_partner):
    service = make_service()
    login(client, "partner_operator")
    response = client.post(reverse("service_edit", args=[service.pk]),
                           {**_form_of(service), "title": "Laboratorio competenze trasversali"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.title == "Laboratorio competenze trasversali" and service.version == 2
    client.force_login(other_partner["user"])
    assert client.get(reverse("service_edit", args=[service.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        service_update(by=other_partner["actor"], service=service, version=service.version, changes={"title": "x"})


def _form_of(service):
    return {"kind": service.kind, "title": service.title, "description": service.description,
            "dimension": service.dimension, "comune": service.comune_id, "capacity_period": service.capacity_period,
            "seats_per_period": service.seats_per_period or "", "disability": service.disability,
            "cost_per_participant": service.cost_per_participant, "version": service.version}


def test_a_stale_edit_is_a_conflict(client, login, make_service, actors):
    service = make_service()
    form = _form_of(service)
    service_update(by=actors["partner_operator"], service=service, version=1, changes={"title": "Nuovo titolo"})
    login(client, "partner_operator")
    response = client.post(reverse("service_edit", args=[service.pk]), {**form, "title": "Il mio titolo"})
    assert response.status_code == 409
    service.refresh_from_db()
    assert service.title == "Nuovo titolo"


def test_everyone_with_the_grant_browses_the_catalogue(client, login, make_service):
    service = make_service()
    for persona in ("case_manager", "social_worker", "partner_operator", "programme_manager"):
        login(client, persona)
        assert service.title in client.get(reverse("service_list")).content.decode()
        assert client.get(reverse("service_detail", args=[service.pk])).status_code == 200
    login(client, "funder")
    assert client.get(reverse("service_list")).status_code == 403


def test_search_by_need_place_and_availability(actors, make_service, comuni, referable, send, move):
    from florwork.network.selectors import service_search

    lab = make_service(title="Laboratorio", kind="soft_skills_lab", dimension="motivation", seats_per_period=1)
    course = make_service(title="Corso L2", kind="italian_course", dimension="italian", comune=comuni["Empoli"])
    open_desk = make_service(title="Sportello debiti", kind="debt_advice", dimension="practical",
                             seats_per_period=None)
    cm = actors["case_manager"]
    assert list(service_search(actor=cm, kind="italian_course")) == [course]
    assert list(service_search(actor=cm, dimension="motivation")) == [lab]
    assert list(service_search(actor=cm, comune_istat=comuni["Empoli"].istat_code)) == [course]
    assert list(service_search(actor=cm, query="debiti")) == [open_desk]
    move(send(referable(), lab), "accepted")  # the lab's only seat this month is taken
    assert set(service_search(actor=cm, available=True)) == {course, open_desk}


def test_search_page_filters_with_htmx(client, login, make_service):
    make_service(title="Laboratorio", kind="soft_skills_lab")
    make_service(title="Corso L2", kind="italian_course")
    login(client, "case_manager")
    response = client.get(reverse("service_list"), {"kind": "italian_course"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Corso L2" in body and "Laboratorio" not in body and "<html" not in body


def test_a_service_never_referred_to_is_deleted(actors, make_service):
    service = make_service()
    assert service_remove(by=actors["partner_operator"], service=service) == "deleted"
    assert not Service.objects.exists()


def test_a_service_with_referrals_is_archived_not_deleted(client, login, make_service, referable, send):
    service = make_service()
    referral = send(referable(), service)
    login(client, "partner_operator")
    response = client.post(reverse("service_remove", args=[service.pk]))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.is_archived and service.archived_at is not None
    referral.refresh_from_db()
    assert referral.service_id == service.pk  # never orphaned
    with pytest.raises(ProtectedError):
        service.delete()


def test_archived_services_leave_the_search_and_take_no_referrals(actors, make_service, referable, send):
    from florwork.network.selectors import service_search

    service = make_service()
    service_archive(by=actors["partner_operator"], service=service)
    assert not service_search(actor=actors["case_manager"]).exists()
    with pytest.raises(ValidationError) as error:
        send(referable(), service)
    assert "archiv" in str(error.value)  # "archived" / "archiviato": the language active when it is raised


def test_another_partner_cannot_remove_a_service(client, make_service, other_partner):
    service = make_service()
    client.force_login(other_partner["user"])
    assert client.post(reverse("service_remove", args=[service.pk])).status_code == 404
    assert Service.objects.filter(pk=service.pk, is_archived=False).exists()
