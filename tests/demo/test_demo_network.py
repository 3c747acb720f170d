"""The demo partner network: a believable catalogue and partner referrals in every state, through the services.

The demo (people and network) is loaded once for the module inside a transaction rolled back at the end.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from florwork.audit.models import AuditEntry
from florwork.demo.network import CATALOGUE, demo_network_load
from florwork.network.models import PartnerReferral, ReferralState, Service
from florwork.network.services import has_sharing_consent

PEOPLE = 120
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_network(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", "--people", str(PEOPLE), "--json", stdout=out)  # the demo loads the network
        report = json.loads(out.getvalue())
        yield report["services_created"], report["partner_referrals_created"]
        transaction.set_rollback(True)


def test_the_catalogue_is_there_in_italian_with_places_and_prices(demo_network):
    services, _referrals = demo_network
    assert services == len(CATALOGUE) == Service.objects.count()
    kinds = set(Service.objects.values_list("kind", flat=True))
    assert {"soft_skills_lab", "on_the_job_training", "italian_course", "tirocinio", "job_coaching",
            "psychological_support", "care_support", "debt_advice"} <= kinds
    park = Service.objects.get(title__contains="Cascine")
    assert park.comune.name == "Firenze" and park.organization.name.startswith("Cooperativa Sociale Orti")
    assert all(s.comune.province_code == "FI" for s in Service.objects.select_related("comune"))


def test_referrals_in_every_state(demo_network):
    states = set(PartnerReferral.objects.values_list("state", flat=True))
    assert states == set(ReferralState.values)


def test_referrals_respect_consent_and_the_loop(demo_network):
    for referral in PartnerReferral.objects.select_related("case"):
        assert has_sharing_consent(person_id=referral.person_id, organization_id=referral.organization_id)
        assert referral.sent_at <= (referral.answered_at or referral.sent_at)
        if referral.state in ("declined", "interrupted"):
            assert referral.state_reason
        if referral.state in ("accepted", "started"):
            assert referral.seat_period is not None
        if referral.state == "expired":
            assert referral.answered_at is None and referral.closed_at.date() > referral.answer_due


def test_every_referral_and_change_is_audited(demo_network):
    referrals = PartnerReferral.objects.count()
    assert AuditEntry.objects.filter(object_type="network.PartnerReferral", operation="create").count() == referrals
    assert AuditEntry.objects.filter(object_type="network.Service", operation="create").count() == len(CATALOGUE)


def test_reloading_creates_nothing_twice(demo_network):
    before = PartnerReferral.objects.count()
    assert demo_network_load(seed=1) == (0, 0)
    assert PartnerReferral.objects.count() == before
