"""No overbooking: partner operators accepting at the same moment never take more seats than the period has.

The acceptances lock the service row (SELECT ... FOR UPDATE) before counting the seats taken, so they
queue there; this test runs them in real threads with their own connections on PostgreSQL.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from florwork.network.models import PartnerReferral
from florwork.network.services import partner_referral_transition

SEATS, REFERRALS = 3, 8

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="row locks need PostgreSQL (SQLite serializes every writer anyway)")


@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_never_overbook(actors, make_service, referable, send):
    service = make_service(seats_per_period=SEATS)
    referrals = [send(referable(), service) for _ in range(REFERRALS)]
    start = threading.Barrier(REFERRALS)
    accepted, full, errors = [], [], []

    def accept(referral_id: int) -> None:
        try:
            referral = PartnerReferral.objects.select_related("service").get(pk=referral_id)
            start.wait(timeout=30)
            partner_referral_transition(by=actors["partner_operator"], referral=referral, to_state="accepted",
                                        version=referral.version)
            accepted.append(referral_id)
        except ValidationError as error:
            (full if error.error_dict["to_state"][0].code == "full" else errors).append(error)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(r.pk,)) for r in referrals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(accepted) == SEATS and len(full) == REFERRALS - SEATS
    assert PartnerReferral.objects.filter(service=service, seat_period__isnull=False).count() == SEATS
    assert PartnerReferral.objects.filter(service=service, state="sent").count() == REFERRALS - SEATS
