"""Sending a partner referral: consent, eligibility, who may send, what is recorded."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from florwork.audit.models import AuditEntry
from florwork.cases.workdays import FLORENCE
from florwork.network.models import PartnerReferral


def test_case_manager_refers_a_consenting_person_from_the_case(client, login, make_service, referable):
    service, case = make_service(), referable()
    login(client, "case_manager")
    response = client.post(reverse("partner_referral_send", args=[case.pk, service.pk]),
                           {"reason": "Needs confidence before a tirocinio"})
    assert response.status_code == 302 and response["Location"].endswith("#partner-referrals")
    referral = PartnerReferral.objects.get()
    assert (referral.state, referral.case, referral.organization_id) == ("sent", case, service.organization_id)
    assert referral.sent_at is not None and referral.answered_at is None
    assert referral.answer_due == FLORENCE.add_working_days(timezone.localdate(), 10)
    entry = AuditEntry.objects.get(object_type="network.PartnerReferral", operation="create")
    assert entry.detail["case"] == case.pk and "Needs" not in str(entry.detail)  # ids and labels only


def test_referral_without_consent_is_refused_with_a_clear_message(client, login, make_service, make_case, english):
    service, case = make_service(), make_case(state="assessed")
    login(client, "case_manager")
    response = client.post(reverse("partner_referral_send", args=[case.pk, service.pk]), {"reason": "Needs"})
    assert response.status_code == 400
    assert "has not given a live consent to share their data" in response.content.decode()
    assert not PartnerReferral.objects.exists()
    assert not AuditEntry.objects.filter(object_type="network.PartnerReferral").exists()


def test_consent_for_another_partner_or_withdrawn_does_not_count(actors, make_service, make_case, consent, send):
    from florwork.people.services import consent_withdraw

    service = make_service()
    case = make_case(state="assessed")
    consent(case, partner="university")  # another organization
    with pytest.raises(ValidationError) as error:
        send(case, service)
    assert error.value.error_dict["service"][0].code == "no_consent"
    given = consent(case, partner="coop_b")
    consent_withdraw(by=actors["case_manager"], consent=given)
    with pytest.raises(ValidationError):
        send(case, service)
    assert not PartnerReferral.objects.exists()


def test_an_ineligible_person_is_refused_with_the_rules_not_met(make_service, referable, send, comuni):
    service = make_service(max_age=29, residence_comuni=[comuni["Empoli"]])
    case = referable()  # born in the 1980s, resident in Florence
    with pytest.raises(ValidationError) as error:
        send(case, service)
    message = str(error.value)
    assert "age range" in message and "residents" in message


def test_the_pathway_rule_reads_the_case_pathway(make_service, referable, send):
    service = make_service(pathways=[4])
    with pytest.raises(ValidationError, match="pathway"):
        send(referable(), service)


def test_a_person_has_one_open_referral_per_service(make_service, referable, send):
    service, case = make_service(), referable()
    send(case, service)
    with pytest.raises(ValidationError, match="already has an open referral"):
        send(case, service)
    assert PartnerReferral.objects.count() == 1


def test_a_reason_is_needed(make_service, referable, send):
    with pytest.raises(ValidationError) as error:
        send(referable(), make_service(), reason="   ")
    assert "reason" in error.value.message_dict


def test_another_hub_cannot_refer_the_case(client, make_service, referable, personas, actors):
    from florwork.network.services import partner_referral_send

    service, case = make_service(), referable()
    client.force_login(personas["other_case_manager"])
    assert client.post(reverse("partner_referral_send", args=[case.pk, service.pk]),
                       {"reason": "x"}).status_code == 404
    with pytest.raises(PermissionDenied):
        partner_referral_send(by=actors["other_case_manager"], case=case, service=service, reason="x")


@pytest.mark.parametrize("persona", ["partner_operator", "social_worker", "programme_manager"])
def test_roles_without_the_grant_cannot_refer(client, login, make_service, referable, persona):
    service, case = make_service(), referable()
    login(client, persona)
    assert client.post(reverse("partner_referral_send", args=[case.pk, service.pk]),
                       {"reason": "x"}).status_code == 403
    assert not PartnerReferral.objects.exists()


def test_case_page_lists_referrals_and_opens_the_filtered_catalogue(client, login, make_service, referable, send):
    service, case = make_service(), referable()
    send(case, service)
    login(client, "case_manager")
    body = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="partner-referrals"' in body and service.title in body
    assert f'{reverse("service_list")}?case={case.pk}' in body
    catalogue = client.get(reverse("service_list"), {"case": case.pk})
    assert catalogue.status_code == 200 and catalogue.context["filters"]["eligible"].value()
    assert 'id="referring-for"' in catalogue.content.decode()


def test_catalogue_for_a_case_hides_services_the_person_is_not_eligible_for(client, login, make_service, referable):
    make_service(title="Solo giovani", max_age=25)
    make_service(title="Per tutti")
    case = referable()
    login(client, "case_manager")
    body = client.get(reverse("service_list"), {"case": case.pk}).content.decode()
    assert "Per tutti" in body and "Solo giovani" not in body
    everything = client.get(reverse("service_list"), {"case": case.pk, "q": ""},
                            headers={"HX-Request": "true"}).content.decode()
    assert "Solo giovani" in everything  # with the eligibility filter off, shown with what is not met


def test_case_section_is_not_shown_to_other_roles(client, login, referable):
    case = referable()
    login(client, "programme_manager")
    assert 'id="partner-referrals"' not in client.get(reverse("case_detail", args=[case.pk])).content.decode()


def test_another_hub_cannot_open_the_catalogue_for_the_case(client, personas, referable):
    case = referable()
    client.force_login(personas["other_case_manager"])
    assert client.get(reverse("service_list"), {"case": case.pk}).status_code == 404
