"""Recording and moving opportunities through the services: rules named by field, nothing written on bad
input, history and audit kept, no lost update, only who may manage the registry."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from florwork.audit.models import AuditEntry
from florwork.conflicts import Conflict
from florwork.opportunities import services
from florwork.opportunities.models import Opportunity, OpportunityStatusChange


def test_a_direct_opportunity_is_recorded_with_its_officer_history_and_audit(actors, personas, make_opportunity):
    opportunity = make_opportunity(expected_places=2)

    assert opportunity.status == "identified" and opportunity.is_direct
    assert opportunity.officer == personas["company_officer"]
    assert list(opportunity.status_changes.values_list("to_status", flat=True)) == ["identified"]
    entry = AuditEntry.objects.get(object_type="opportunities.Opportunity", operation="create")
    assert entry.detail["company"] == opportunity.company_id and "Two warehouse" not in str(entry.detail)


def test_an_art14_commission_needs_a_type_b_cooperative_and_nothing_is_written(actors, company, organizations):
    with pytest.raises(ValidationError) as error:
        services.opportunity_create(by=actors["company_officer"], company=company, data={
            "kind": "art14", "title": "Cleaning", "cooperative": organizations["hub"],
            "expected_value": Decimal("30000")})

    assert "cooperative" in error.value.message_dict
    assert not Opportunity.objects.exists() and not OpportunityStatusChange.objects.exists()


def test_a_qualified_art14_commission_needs_its_yearly_value(actors, company, coop):
    with pytest.raises(ValidationError) as error:
        services.opportunity_create(by=actors["company_officer"], company=company, status="qualified",
                                    data={"kind": "art14", "title": "Cleaning", "cooperative": coop})

    assert list(error.value.message_dict) == ["expected_value"]


def test_bad_values_are_named_by_field(actors, company):
    with pytest.raises(ValidationError) as error:
        services.opportunity_create(by=actors["company_officer"], company=company, data={
            "kind": "csr", "title": " ", "expected_value": Decimal("-1"), "cooperative": None,
            "officer": actors and None, "source": "rumour"})

    assert set(error.value.message_dict) == {"title", "expected_value", "source"}


def test_a_case_manager_sees_but_cannot_record(actors, company):
    with pytest.raises(PermissionDenied):
        services.opportunity_create(by=actors["case_manager"], company=company,
                                    data={"kind": "vacancy", "title": "x"})


def test_moves_are_kept_and_lost_needs_a_reason(actors, make_opportunity):
    opportunity = make_opportunity()
    officer = actors["company_officer"]
    services.opportunity_transition(by=officer, opportunity=opportunity, to_status="qualified",
                                    version=opportunity.version)

    with pytest.raises(ValidationError) as error:
        services.opportunity_transition(by=officer, opportunity=opportunity, to_status="lost",
                                        version=opportunity.version)
    services.opportunity_transition(by=officer, opportunity=opportunity, to_status="lost",
                                    reason="Hired through an agency", version=opportunity.version)

    assert "reason" in error.value.message_dict
    opportunity.refresh_from_db()
    assert opportunity.status == "lost" and opportunity.lost_reason == "Hired through an agency"
    assert [c.to_status for c in opportunity.status_changes.order_by("pk")] == ["identified", "qualified", "lost"]


def test_a_move_the_lifecycle_does_not_allow_is_refused(actors, make_opportunity):
    opportunity = make_opportunity()

    with pytest.raises(ValidationError) as error:
        services.opportunity_transition(by=actors["company_officer"], opportunity=opportunity, to_status="won",
                                        version=opportunity.version)

    assert "to_status" in error.value.message_dict
    assert Opportunity.objects.get().status == "identified"


def test_a_stale_version_is_a_conflict_and_nothing_is_overwritten(actors, make_opportunity):
    opportunity = make_opportunity()
    stale = opportunity.version
    services.opportunity_update(by=actors["company_officer"], opportunity=opportunity,
                                data={"next_step": "Call back"}, version=stale)

    with pytest.raises(Conflict):
        services.opportunity_update(by=actors["company_officer"], opportunity=Opportunity.objects.get(),
                                    data={"next_step": "Other"}, version=stale)

    assert Opportunity.objects.get().next_step == "Call back"


def test_an_opportunity_found_at_a_visit_points_to_it(actors, company, visit):
    opportunity = services.opportunity_create(by=actors["company_officer"], company=company, visit=visit,
                                              data={"kind": "tirocinio", "title": "Tirocinio in the warehouse"})

    assert opportunity.visit == visit and opportunity.source == "visit"


def test_a_visit_to_another_company_is_refused(actors, make_company, visit):
    other = make_company(name="Panificio Bianchi")

    with pytest.raises(ValidationError) as error:
        services.opportunity_create(by=actors["company_officer"], company=other, visit=visit,
                                    data={"kind": "vacancy", "title": "x"})

    assert "visit" in error.value.message_dict
