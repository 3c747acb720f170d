"""Outreach campaigns: built from the priorities, worked by officers, their outcomes counted; opt-outs respected,
two officers never overwrite each other, another organization never sees them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from florwork.accounts.models import Membership, Organization, User
from florwork.accounts.roles import OrganizationKind, Role
from florwork.accounts.selectors import actor_for_membership
from florwork.audit.models import AuditEntry
from florwork.conflicts import Conflict
from florwork.employers.services import contact_add, contact_opt_out
from florwork.outreach import services
from florwork.outreach.models import Campaign, CampaignContact
from florwork.outreach.selectors import campaign_progress, priority_scores


@pytest.fixture
def other_officer(organizations):
    """A company officer of another employment agency."""
    agency = Organization.objects.create(name="Agenzia Lavoro Prato", kind=OrganizationKind.EMPLOYMENT_AGENCY)
    user = User.objects.create_user(username="other_officer", password="x" * 20)
    membership = Membership.objects.create(user=user, organization=agency, role=Role.COMPANY_OFFICER)
    return user, actor_for_membership(membership)


@pytest.fixture
def campaign(actors, personas, make_company):
    companies = [make_company(name=f"Azienda {i}", employees=10 * i) for i in range(1, 4)]
    created = services.campaign_create(by=actors["company_officer"], name="Primavera", purpose="Posti L. 68",
                                       script="Presentarsi", officer_ids=[personas["company_officer"].pk],
                                       company_ids=[c.pk for c in companies])
    return created, companies


def test_a_campaign_takes_its_targets_in_priority_order(actors, campaign):
    created, companies = campaign
    scores = priority_scores(actor=actors["company_officer"], company_ids=[c.pk for c in companies])

    targets = list(created.targets.order_by("-priority", "company_id"))

    assert [t.company_id for t in targets] == sorted(scores, key=lambda pk: (-scores[pk].score, pk))
    assert targets[0].priority == scores[targets[0].company_id].score
    assert all(t.assigned_to is not None for t in targets)
    assert AuditEntry.objects.filter(object_type="outreach.Campaign", object_id=created.pk).exists()


def test_a_campaign_needs_a_name_a_purpose_and_officers_of_the_organization(actors, other_officer, make_company):
    company = make_company()
    with pytest.raises(ValidationError) as missing:
        services.campaign_create(by=actors["company_officer"], name=" ", purpose="", company_ids=[company.pk])
    with pytest.raises(ValidationError) as outsider:
        services.campaign_create(by=actors["company_officer"], name="X", purpose="Y", company_ids=[company.pk],
                                 officer_ids=[other_officer[0].pk])

    assert set(missing.value.message_dict) == {"name", "purpose"}
    assert "officers" in outsider.value.message_dict
    assert not Campaign.objects.exists()


def test_roles_without_company_manage_cannot_create(actors, make_company):
    with pytest.raises(PermissionDenied):
        services.campaign_create(by=actors["case_manager"], name="X", purpose="Y", company_ids=[])


def test_a_contact_is_recorded_counted_and_becomes_the_last_contact(actors, campaign):
    created, _companies = campaign
    target = created.targets.order_by("-priority").first()

    services.contact_record(by=actors["company_officer"], campaign=created, target=target, version=target.version,
                            channel="phone", outcome="call_back", notes="Richiamare lunedì")
    target.refresh_from_db()
    services.contact_record(by=actors["company_officer"], campaign=created, target=target, version=target.version,
                            channel="phone", outcome="appointment")

    target.refresh_from_db()
    assert target.last_outcome == "appointment"
    progress = campaign_progress(campaign=created)
    assert progress.contacted == 1 and progress.targets == 3
    assert progress.by_outcome["appointment"] == 1 and progress.by_outcome["call_back"] == 0
    assert progress.officers[0]["contacts"] == 2
    score = priority_scores(actor=actors["company_officer"], company_ids=[target.company_id])[target.company_id]
    assert score.reason("last_contact").value == 0


def test_two_officers_recording_at_once_get_a_conflict(actors, campaign):
    created, _companies = campaign
    target = created.targets.first()
    stale = target.version
    services.contact_record(by=actors["company_officer"], campaign=created, target=target, version=stale,
                            channel="phone", outcome="no_answer")

    with pytest.raises(Conflict):
        services.contact_record(by=actors["company_officer"], campaign=created, target=target, version=stale,
                                channel="email", outcome="interested")

    assert CampaignContact.objects.count() == 1


def test_an_opted_out_contact_cannot_be_contacted(actors, campaign):
    created, companies = campaign
    target = created.targets.get(company=companies[0])
    person = contact_add(by=actors["company_officer"], company=companies[0],
                         data={"first_name": "Anna", "last_name": "Neri", "phone": "055 123456"})
    contact_opt_out(by=actors["company_officer"], contact=person)

    with pytest.raises(ValidationError) as refused:
        services.contact_record(by=actors["company_officer"], campaign=created, target=target,
                                version=target.version, channel="phone", outcome="interested", contact=person)

    assert "contact" in refused.value.message_dict
    assert not CampaignContact.objects.exists()


def test_opted_out_as_outcome_records_the_objection(actors, campaign):
    created, companies = campaign
    target = created.targets.get(company=companies[0])
    person = contact_add(by=actors["company_officer"], company=companies[0],
                         data={"first_name": "Anna", "last_name": "Neri"})

    services.contact_record(by=actors["company_officer"], campaign=created, target=target, version=target.version,
                            channel="phone", outcome="opted_out", contact=person)

    person.refresh_from_db()
    assert person.opted_out_at is not None


def test_bad_channel_outcome_or_future_date_are_refused(actors, campaign):
    created, _companies = campaign
    target = created.targets.first()

    with pytest.raises(ValidationError) as bad:
        services.contact_record(by=actors["company_officer"], campaign=created, target=target,
                                version=target.version, channel="fax", outcome="maybe",
                                at=timezone.now() + timezone.timedelta(days=2))

    assert set(bad.value.message_dict) == {"channel", "outcome", "at"}
    assert not CampaignContact.objects.exists()


def test_another_organization_never_sees_the_campaign(client, other_officer, campaign):
    created, _companies = campaign
    client.force_login(other_officer[0])

    assert client.get(reverse("outreach_campaign_detail", args=[created.pk])).status_code == 404
    assert "Primavera" not in client.get(reverse("outreach_campaign_list")).content.decode()
    with pytest.raises(PermissionDenied):
        target = created.targets.first()
        services.contact_record(by=other_officer[1], campaign=created, target=target, version=target.version,
                                channel="phone", outcome="no_answer")


def test_the_programme_manager_sees_no_campaign_page_to_change(client, login, campaign):
    created, _companies = campaign
    login(client, "programme_manager")

    assert client.get(reverse("outreach_campaign_create")).status_code == 403
    assert client.get(reverse("outreach_campaign_detail", args=[created.pk])).status_code == 404


def test_create_from_the_filtered_list_through_the_page(client, login, personas, make_company):
    make_company(name="Trattoria Da Gino", ateco_code="56.11.11")
    make_company(name="Edil Rossi", ateco_code="41.00.00")
    login(client, "company_officer")
    url = reverse("outreach_campaign_create") + "?section=I"

    response = client.post(url, {"name": "Ristoranti", "purpose": "Camerieri",
                                 "officers": [str(personas["company_officer"].pk)]})

    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert [t.company.legal_name for t in campaign.targets.all()] == ["Trattoria Da Gino"]
    assert campaign.filters == {"section": "I"}


def test_record_a_contact_through_the_page_and_a_stale_form_is_a_conflict(client, login, campaign):
    created, _companies = campaign
    target = created.targets.first()
    login(client, "company_officer")
    url = reverse("outreach_contact_record", args=[created.pk, target.pk])
    form = {"at": "2026-01-10T10:00", "channel": "phone", "outcome": "interested", "notes": "", "contact": "",
            "version": target.version}

    first = client.post(url, form)
    second = client.post(url, form)

    assert first.status_code == 302
    assert second.status_code == 409
    assert CampaignContact.objects.count() == 1
