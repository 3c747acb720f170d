"""The closed loop in the partner's inbox: answers, start and end, reasons, milestones, seats, audit, events."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from florwork import events
from florwork.audit.models import AuditEntry
from florwork.conflicts import Conflict
from florwork.network.models import PartnerReferral


@pytest.fixture
def referral(make_service, referable, send):
    return send(referable(), make_service(seats_per_period=2))


def _post(client, referral, to_state, reason=""):
    referral.refresh_from_db()
    return client.post(reverse("partner_referral_transition", args=[referral.pk]),
                       {"to_state": to_state, "reason": reason, "version": referral.version})


def test_partner_accepts_starts_and_completes(client, login, referral):
    login(client, "partner_operator")
    for state in ("accepted", "started", "completed"):
        assert _post(client, referral, state).status_code == 302
    referral.refresh_from_db()
    assert referral.state == "completed"
    assert referral.sent_at <= referral.answered_at <= referral.started_at <= referral.closed_at
    assert referral.seat_period is None  # the seat went back on completion
    moves = AuditEntry.objects.filter(object_type="network.PartnerReferral", operation="update")
    assert [(e.detail["from_state"], e.detail["to_state"]) for e in moves.order_by("seq")] == [
        ("sent", "accepted"), ("accepted", "started"), ("started", "completed")]


def test_declining_needs_a_reason_and_shares_it(client, login, referral, english):
    login(client, "partner_operator")
    response = _post(client, referral, "declined")
    assert response.status_code == 400 and "Give the reason" in response.content.decode()
    referral.refresh_from_db()
    assert referral.state == "sent"
    assert _post(client, referral, "declined", "Il corso è rivolto a under 30").status_code == 302
    referral.refresh_from_db()
    assert (referral.state, referral.state_reason) == ("declined", "Il corso è rivolto a under 30")
    assert referral.answered_at and referral.closed_at


def test_interrupting_needs_a_reason(move, referral):
    move(referral, "accepted")
    move(referral, "started")
    with pytest.raises(ValidationError) as error:
        move(referral, "interrupted")
    assert "reason" in error.value.message_dict
    move(referral, "interrupted", reason="Trasferita in altra regione")
    referral.refresh_from_db()
    assert referral.state == "interrupted" and referral.seat_period is None


def test_waiting_list_then_accepted_keeps_the_first_answer_time(move, referral):
    move(referral, "waiting_list")
    referral.refresh_from_db()
    first_answer = referral.answered_at
    move(referral, "accepted")
    referral.refresh_from_db()
    assert referral.answered_at == first_answer and referral.seat_period is not None


def test_a_service_without_waiting_list_refuses_it(make_service, referable, send, move):
    referral = send(referable(), make_service(waiting_list=False))
    with pytest.raises(ValidationError, match="no waiting list"):
        move(referral, "waiting_list")


def test_a_move_not_in_the_loop_is_refused(move, referral):
    with pytest.raises(ValidationError) as error:
        move(referral, "completed")
    assert error.value.error_dict["to_state"][0].code == "not_allowed"


def test_a_stale_version_is_a_conflict(actors, referral, client, login):
    from florwork.network.services import partner_referral_transition

    partner_referral_transition(by=actors["partner_operator"], referral=referral, to_state="accepted", version=1)
    stale = PartnerReferral.objects.get(pk=referral.pk)
    stale.version = 1
    with pytest.raises(Conflict):
        partner_referral_transition(by=actors["partner_operator"], referral=stale, to_state="started", version=1)
    login(client, "partner_operator")
    response = client.post(reverse("partner_referral_transition", args=[referral.pk]),
                           {"to_state": "started", "version": 1})
    assert response.status_code == 409


def test_accepting_beyond_capacity_is_refused_and_offers_the_waiting_list(make_service, referable, send, move):
    service = make_service(seats_per_period=1)
    first, second = send(referable(), service), send(referable(), service)
    move(first, "accepted")
    with translation.override("en"), pytest.raises(ValidationError) as error:  # the words checked below
        move(second, "accepted")
    assert error.value.error_dict["to_state"][0].code == "full"
    assert "waiting list" in str(error.value)
    second.refresh_from_db()
    assert second.state == "sent" and second.seat_period is None
    move(second, "waiting_list")
    move(first, "declined", reason="La persona non si è presentata")  # the seat goes back...
    move(second, "accepted")  # ...and the waiting list takes it
    second.refresh_from_db()
    assert second.state == "accepted"


def test_capacity_is_counted_per_period(make_service, referable, send, move):
    import datetime as dt

    service = make_service(seats_per_period=1)
    old = send(referable(), service)
    move(old, "accepted")
    PartnerReferral.objects.filter(pk=old.pk).update(seat_period=dt.date(2020, 1, 1))  # a past month's seat
    new = send(referable(), service)
    move(new, "accepted")
    new.refresh_from_db()
    assert new.state == "accepted"


def test_each_change_publishes_the_event(move, referral, django_capture_on_commit_callbacks):
    received = []

    def handler(**ids):
        received.append(ids)

    events.subscribe("partner_referral.changed", handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            move(referral, "accepted")
    finally:
        events._subscribers["partner_referral.changed"].remove(handler)
    assert received == [{"case_id": referral.case_id, "partner_referral_id": referral.pk}]


def test_only_the_receiving_partner_answers(actors, referral, other_partner, client):
    from florwork.network.services import partner_referral_transition

    for actor in (other_partner["actor"], actors["case_manager"]):
        with pytest.raises(PermissionDenied):
            partner_referral_transition(by=actor, referral=referral, to_state="accepted", version=1)
    client.force_login(other_partner["user"])
    assert client.post(reverse("partner_referral_transition", args=[referral.pk]),
                       {"to_state": "accepted", "version": 1}).status_code == 404
    referral.refresh_from_db()
    assert referral.state == "sent"
