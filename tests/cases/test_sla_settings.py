"""Programme managers tune the SLA targets; the clocks follow at once; nobody else may."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from florwork.audit.models import AuditEntry
from florwork.cases.models import Case, SlaTarget
from florwork.cases.selectors import case_sla, sla_targets
from florwork.cases.sla import SlaState
from florwork.cases.workdays import FLORENCE

URL = reverse("sla_settings")


def _post(client, first=(5, 3), intake=(10, 7), assessment=(20, 15)):
    return client.post(URL, {
        "referral_to_first_contact_days": first[0], "referral_to_first_contact_warn": first[1],
        "referral_to_intake_days": intake[0], "referral_to_intake_warn": intake[1],
        "intake_to_assessment_days": assessment[0], "intake_to_assessment_warn": assessment[1]})


def test_programme_manager_changes_a_target_and_it_is_audited(client, login):
    login(client, "programme_manager")
    assert client.get(URL).status_code == 200
    response = _post(client, first=(2, 1))
    assert response.status_code == 302
    assert SlaTarget.objects.get(clock="referral_to_first_contact").working_days == 2
    entry = AuditEntry.objects.get(object_type="cases.SlaTarget")
    assert entry.fields == ["referral_to_first_contact"]


def test_a_shorter_target_breaches_a_clock_at_once(client, login, make_case):
    case = make_case()
    referred = timezone.localdate()
    while FLORENCE.working_days_between(referred, timezone.localdate()) < 3:
        referred -= dt.timedelta(days=1)
    Case.objects.filter(pk=case.pk).update(referred_at=timezone.now() - (timezone.localdate() - referred))
    case.refresh_from_db()
    first_clock = lambda: case_sla(case, sla_targets(), timezone.localdate())[0].state  # noqa: E731
    assert first_clock() in (SlaState.RUNNING, SlaState.DUE_SOON)
    login(client, "programme_manager")
    _post(client, first=(1, 0), intake=(2, 1))
    assert first_clock() == SlaState.BREACHED


def test_a_warning_after_the_target_is_refused_on_the_field(client, login):
    login(client, "programme_manager")
    response = _post(client, first=(3, 5))
    assert response.status_code == 200
    assert response.context["form"].errors["referral_to_first_contact_warn"]
    assert SlaTarget.objects.get(clock="referral_to_first_contact").working_days == 5


def test_other_roles_cannot_change_targets(client, login):
    for key in ("case_manager", "social_worker", "administrator"):
        client.logout()
        login(client, key)
        assert client.get(URL).status_code == 403
