"""Fixtures of the network tests (also used by tests/api/test_network_api.py): a few comuni, a partner's service,
a case whose person may be referred, another partner organization."""

import pytest
from django.utils import timezone

COMUNI = {
    "Firenze": ("048017", "D612"),
    "Scandicci": ("048041", "B962"),
    "Empoli": ("048014", "D403"),
    "Prato": ("100005", "G999"),
}


@pytest.fixture
def comuni(db):
    from florwork.territory.models import Comune

    return {name: Comune.objects.create(istat_code=istat, name=name, cadastral_code=cadastral,
                                        province_code="PO" if name == "Prato" else "FI",
                                        province_name="Prato" if name == "Prato" else "Firenze", region="Toscana")
            for name, (istat, cadastral) in COMUNI.items()}


@pytest.fixture
def make_service(actors, organizations, comuni):
    """make_service(seats_per_period=2, ...) -> a service of the partner operator's cooperative."""
    from florwork.network.services import service_create

    def make(*, by="partner_operator", organization="coop_b", residence_comuni=(), **overrides):
        data = {"kind": "soft_skills_lab", "title": "Laboratorio soft skills", "dimension": "motivation",
                "comune": comuni["Firenze"], "seats_per_period": 10, "cost_per_participant": "450.00"}
        data.update(overrides)
        return service_create(by=actors[by], organization=organizations[organization], data=data,
                              residence_comuni=residence_comuni)

    return make


@pytest.fixture
def consent(actors, organizations):
    """consent(case, partner="coop_b") records the person's consent to share with the partner."""
    from florwork.people.services import consent_give

    def give(case, partner="coop_b"):
        return consent_give(by=actors["case_manager"], person=case.person, purpose="partner_sharing",
                            organization_id=organizations[partner].pk, given_at=timezone.now())

    return give


@pytest.fixture
def referable(make_case, consent, comuni):
    """referable(**person fields) -> an assessed case of the hub whose person consented to sharing with coop_b."""

    def make(partner="coop_b", **fields):
        fields.setdefault("residence_istat", comuni["Firenze"].istat_code)
        case = make_case(state="assessed", **fields)
        consent(case, partner)
        return case

    return make


@pytest.fixture
def send(actors):
    def do(case, service, reason="Needs to regain confidence before a tirocinio", **kwargs):
        from florwork.network.services import partner_referral_send

        return partner_referral_send(by=actors["case_manager"], case=case, service=service, reason=reason, **kwargs)

    return do


@pytest.fixture
def move(actors):
    def do(referral, to_state, reason="", by="partner_operator"):
        from florwork.network.services import partner_referral_transition

        referral.refresh_from_db()
        return partner_referral_transition(by=actors[by], referral=referral, to_state=to_state, reason=reason,
                                           version=referral.version)

    return do


@pytest.fixture
def other_partner(organizations):
    """A partner operator of another cooperative (for "another partner organization gets 404")."""
    from florwork.accounts.models import Membership, Organization, User
    from florwork.accounts.selectors import actor_for_membership

    org = Organization.objects.create(name="Cooperativa Sociale Altrove", kind="social_coop_a")
    organizations["other_coop"] = org
    user = User.objects.create_user(username="other_partner", password="x", email="other_partner@example.org")
    membership = Membership.objects.create(user=user, organization=org, role="partner_operator")
    return {"user": user, "organization": org,
            "actor": actor_for_membership(Membership.objects.select_related("organization", "user").get(
                pk=membership.pk))}
