"""Expiry: a referral unanswered after N Italian working days expires, once; N is the programme manager's."""

import datetime as dt
import json
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from florwork.audit.models import AuditEntry
from florwork.network.models import NetworkTerms, PartnerReferral
from florwork.network.services import network_terms_update, partner_referral_expire_due

ROME = ZoneInfo("Europe/Rome")
# Thursday 28 May 2026; 2 June (Festa della Repubblica) is a national holiday
SENT = dt.datetime(2026, 5, 28, 10, 0, tzinfo=ROME)


@pytest.fixture
def sent(make_service, referable, send, actors):
    network_terms_update(by=actors["programme_manager"], answer_within_working_days=3)
    return send(referable(), make_service(), at=SENT)


def test_due_day_counts_italian_working_days(sent):
    # Fri 29 May (1), Mon 1 June (2), Tue 2 June is a holiday, Wed 3 June (3)
    assert sent.answer_due == dt.date(2026, 6, 3)


def test_not_expired_on_the_due_day_expired_the_day_after(sent):
    assert partner_referral_expire_due(now=dt.datetime(2026, 6, 3, 23, 0, tzinfo=ROME)) == 0
    assert partner_referral_expire_due(now=dt.datetime(2026, 6, 4, 8, 0, tzinfo=ROME)) == 1
    sent.refresh_from_db()
    assert sent.state == "expired" and sent.closed_at and sent.answered_at is None
    entry = AuditEntry.objects.filter(object_type="network.PartnerReferral", operation="update").latest("seq")
    assert entry.detail["to_state"] == "expired" and entry.actor_label == "florwork (system)"


def test_expiry_is_idempotent(sent):
    later = dt.datetime(2026, 6, 10, 8, 0, tzinfo=ROME)
    assert partner_referral_expire_due(now=later) == 1
    assert partner_referral_expire_due(now=later) == 0
    assert AuditEntry.objects.filter(detail__to_state="expired").count() == 1


def test_answered_referrals_never_expire(sent, move):
    move(sent, "waiting_list")
    assert partner_referral_expire_due(now=dt.datetime(2026, 7, 1, tzinfo=ROME)) == 0
    sent.refresh_from_db()
    assert sent.state == "waiting_list"


def test_an_expired_referral_can_no_longer_be_answered(sent, move):
    partner_referral_expire_due(now=dt.datetime(2026, 7, 1, tzinfo=ROME))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        move(sent, "accepted")


def test_the_command_expires_and_reports(sent):
    out = StringIO()
    call_command("network", "expire", "--now", "2026-06-04T08:00", "--json", stdout=out)
    assert json.loads(out.getvalue())["expired"] == 1
    out = StringIO()
    call_command("network", "expire", "--now", "2026-06-04T08:00", stdout=out)
    assert "0 partner referral(s) expired" in out.getvalue()


def test_the_command_refuses_a_bad_date():
    with pytest.raises(CommandError, match="not an ISO"):
        call_command("network", "expire", "--now", "tomorrow")


def test_programme_manager_sets_the_working_days(client, login):
    login(client, "programme_manager")
    assert client.post(reverse("network_terms"), {"answer_within_working_days": "7"}).status_code == 302
    assert NetworkTerms.objects.get().answer_within_working_days == 7
    assert AuditEntry.objects.filter(object_type="network.NetworkTerms").exists()


def test_bad_working_days_are_refused(client, login):
    login(client, "programme_manager")
    response = client.post(reverse("network_terms"), {"answer_within_working_days": "0"})
    assert response.status_code == 400 and "answer_within_working_days" in response.context["form"].errors
    assert not AuditEntry.objects.filter(object_type="network.NetworkTerms").exists()


@pytest.mark.parametrize("persona", ["case_manager", "partner_operator"])
def test_other_roles_cannot_set_the_terms(client, login, persona):
    login(client, persona)
    assert client.post(reverse("network_terms"), {"answer_within_working_days": "7"}).status_code == 403


def test_a_change_applies_to_new_referrals_only(sent, actors, make_service, referable, send):
    network_terms_update(by=actors["programme_manager"], answer_within_working_days=10)
    sent.refresh_from_db()
    assert sent.answer_due == dt.date(2026, 6, 3)
    newer = send(referable(), make_service(title="Altro"), at=SENT)
    assert newer.answer_due > sent.answer_due
    assert PartnerReferral.objects.count() == 2
