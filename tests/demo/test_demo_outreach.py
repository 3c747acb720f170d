"""Demo outreach: a weights version beside the defaults, one campaign on the Law 68 shortfall companies with
outcomes; deterministic and safe to re-run."""

import pytest
from django.db import transaction

from florwork.accounts.policy import SYSTEM
from florwork.demo.companies import demo_companies_load
from florwork.demo.outreach import CAMPAIGN_NAME, CONTACTED, demo_outreach_load
from florwork.demo.services import demo_load
from florwork.outreach.models import Campaign, CampaignContact, ScoringWeights

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(by=SYSTEM, seed=1)
        demo_companies_load(seed=1, count=60)
        yield demo_outreach_load(seed=1)
        transaction.set_rollback(True)


def test_the_campaign_targets_shortfall_companies_with_outcomes(loaded):
    campaign = Campaign.objects.get(name=CAMPAIGN_NAME)

    assert loaded.campaign_created and loaded.contacts == CONTACTED
    assert campaign.targets.exists()
    assert all(t.company.law68_shortfall > 0 for t in campaign.targets.select_related("company"))
    assert CampaignContact.objects.filter(target__campaign=campaign).count() == CONTACTED
    assert campaign.officers.filter(username="company_officer").exists()
    assert ScoringWeights.objects.count() == 2


def test_contacts_never_name_an_opted_out_person(loaded):
    named = CampaignContact.objects.exclude(contact=None).select_related("contact")
    assert all(c.contact.opted_out_at is None for c in named)


def test_loading_again_changes_nothing(loaded):
    again = demo_outreach_load(seed=1)

    assert (again.weights_created, again.campaign_created, again.contacts) == (False, False, 0)
    assert Campaign.objects.filter(name=CAMPAIGN_NAME).count() == 1
