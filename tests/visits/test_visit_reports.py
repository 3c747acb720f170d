"""Visit reports: recorded by an officer, move the company to "visited", listed on the company page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.audit.models import AuditEntry
from florwork.employers.models import RelationshipState
from florwork.visits.models import Visit
from florwork.visits.services import visit_record

pytestmark = pytest.mark.django_db


def _post(today=None, **extra):
    data = {"date": (today or timezone.localdate()).isoformat(), "notes": "They need two warehouse workers.",
            "outcome": "opportunity", "met_others": "", "next_step": "Send profiles", "next_step_on": ""}
    data.update(extra)
    return data


def test_officer_records_a_visit_and_company_becomes_visited(client, login, company, contact):
    login(client, "company_officer")
    response = client.post(reverse("visit_create", args=[company.pk]), _post(contacts=[contact.pk]))
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == reverse("visit_detail", args=[visit.pk])
    assert list(visit.contacts.all()) == [contact]
    company.refresh_from_db()
    assert company.state == RelationshipState.VISITED
    assert AuditEntry.objects.filter(object_type="visits.Visit", operation="create").exists()
    page = client.get(reverse("visit_detail", args=[visit.pk]))
    assert page.status_code == 200 and "Laura" in page.content.decode()


def test_visit_page_has_the_place_for_opportunities():
    from django.template.loader import get_template

    source = get_template("visits/visit_detail.html").template.source
    assert "==== OPPORTUNITIES" in source


def test_company_page_lists_its_visits(client, login, company, actors):
    visit_record(by=actors["company_officer"], company=company,
                 values={"date": timezone.localdate(), "notes": "Met the owner.", "outcome": "interested"})
    login(client, "company_officer")
    page = client.get(reverse("company_detail", args=[company.pk])).content.decode()
    assert 'id="visits"' in page and "Met the owner." in page


def test_partner_stays_partner(company, actors):
    company.state = RelationshipState.PARTNER
    company.save(update_fields=["state"])
    visit_record(by=actors["company_officer"], company=company,
                 values={"date": timezone.localdate(), "notes": "Quarterly check.", "outcome": "interested"})
    company.refresh_from_db()
    assert company.state == RelationshipState.PARTNER


def test_bad_input_names_the_fields_and_writes_nothing(client, login, company):
    login(client, "company_officer")
    future = timezone.localdate() + timedelta(days=2)
    response = client.post(reverse("visit_create", args=[company.pk]), _post(today=future, notes="", outcome="x"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"notes", "outcome"} <= set(errors)
    response = client.post(reverse("visit_create", args=[company.pk]), _post(today=future))
    assert "date" in response.context["form"].errors
    assert not Visit.objects.exists()
    company.refresh_from_db()
    assert company.state == RelationshipState.PROSPECT


def test_role_without_manage_gets_403(client, login, company):
    login(client, "case_manager")
    assert client.get(reverse("visit_create", args=[company.pk])).status_code == 403


def test_other_organization_may_read_but_not_correct(client, company, actors, other_officer):
    visit = visit_record(by=actors["company_officer"], company=company,
                         values={"date": timezone.localdate(), "notes": "Met the owner.", "outcome": "interested"})
    user, _actor = other_officer
    client.force_login(user)
    assert client.get(reverse("visit_detail", args=[visit.pk])).status_code == 200
    assert client.get(reverse("visit_edit", args=[visit.pk])).status_code == 404


def test_officer_corrects_own_report(client, login, company, actors):
    visit = visit_record(by=actors["company_officer"], company=company,
                         values={"date": timezone.localdate(), "notes": "Met the owner.", "outcome": "interested"})
    login(client, "company_officer")
    response = client.post(reverse("visit_edit", args=[visit.pk]), _post(version=visit.version, notes="Fixed."))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.notes == "Fixed." and visit.version == 2
    stale = client.post(reverse("visit_edit", args=[visit.pk]), _post(version=1, notes="Lost?"))
    assert stale.status_code == 409
    visit.refresh_from_db()
    assert visit.notes == "Fixed."
