"""Recording a tirocinio or a contract: the rules (Tuscany's minimum allowance, durations, contract ends),
the case moving to placed through the lifecycle, the follow-up schedule, and refusals that write nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from florwork.audit.models import AuditEntry
from florwork.placements.models import FollowUp, Placement
from florwork.placements.rules import add_months
from florwork.placements.services import placement_create
from tests.placements.conftest import contract_data, tirocinio_data

pytestmark = pytest.mark.usefixtures("in_english")


def test_a_tirocinio_moves_the_active_case_to_placed_and_starts_the_follow_ups(make_case, make_placement):
    case = make_case(state="active")
    placement = make_placement(case)
    case.refresh_from_db()
    assert case.state == "placed"
    assert placement.status == "ongoing" and placement.original_end_on == placement.end_on
    start = placement.start_on
    assert [(f.months, f.due_on, f.status) for f in placement.follow_ups.all()] == [
        (3, add_months(start, 3), "due"), (6, add_months(start, 6), "due"), (12, add_months(start, 12), "due")]
    assert AuditEntry.objects.filter(object_type="placements.Placement", object_id=str(placement.pk),
                                     operation="create").exists()
    assert case.events.filter(kind="state_change", to_state="placed").exists()


def test_an_allowance_below_the_tuscan_minimum_is_refused_naming_the_field(make_case, make_placement):
    case = make_case(state="active")
    with pytest.raises(ValidationError) as refused:
        make_placement(case, monthly_allowance=Decimal("450.00"))
    message = refused.value.message_dict["monthly_allowance"][0]
    assert "600.00" in message and "Tuscany" in message
    assert not Placement.objects.exists() and not FollowUp.objects.exists()
    case.refresh_from_db()
    assert case.state == "active"


def test_the_minimum_is_the_one_in_force_at_the_start(make_case, make_placement):
    case = make_case(state="active")
    placement = make_placement(case, start=dt.date(2023, 5, 2), monthly_allowance=Decimal("500.00"))
    assert placement.monthly_allowance == Decimal("500.00")


def test_a_tirocinio_longer_than_its_category_allows_is_refused(make_case, make_placement):
    case = make_case(state="active")
    with pytest.raises(ValidationError) as refused:
        make_placement(case, trainee_category="recent_graduate", months=8)
    assert "at most 6 months" in refused.value.message_dict["end_on"][0]
    make_placement(case, trainee_category="disabled", months=20)  # up to 24 months under L. 68/1999


def test_a_contract_end_before_its_start_is_refused(make_case, make_placement):
    case = make_case(state="active")
    start = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        make_placement(case, kind="contract", start=start, end_on=start - dt.timedelta(days=1))
    assert refused.value.message_dict["end_on"] == ["The end cannot be before the start."]
    assert not Placement.objects.exists()


def test_the_database_refuses_an_end_before_the_start(make_case, make_placement):
    placement = make_placement(make_case(state="active"), kind="contract")
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.filter(pk=placement.pk).update(end_on=placement.start_on - dt.timedelta(days=1))


@pytest.mark.parametrize(("contract_kind", "end", "error"), [
    ("fixed_term", None, "A fixed-term or agency contract needs its end date."),
    ("agency", None, "A fixed-term or agency contract needs its end date."),
    ("permanent", dt.date(2030, 1, 1), "A permanent contract has no end date: leave it empty."),
])
def test_the_contract_end_follows_its_kind(make_case, make_placement, contract_kind, end, error):
    case = make_case(state="active")
    with pytest.raises(ValidationError) as refused:
        make_placement(case, kind="contract", contract_kind=contract_kind, end_on=end)
    assert refused.value.message_dict["end_on"] == [error]


def test_a_permanent_part_time_contract(make_case, make_placement):
    placement = make_placement(make_case(state="active"), kind="contract", contract_kind="permanent", end_on=None,
                               part_time_percentage=75)
    assert placement.end_on is None and placement.part_time_percentage == 75 and placement.status == "ongoing"
    assert placement.monthly_allowance is None  # a contract keeps no tirocinio terms


def test_a_case_not_yet_active_cannot_be_placed(make_case, make_placement):
    case = make_case(state="planned")
    with pytest.raises(ValidationError) as refused:
        make_placement(case)
    assert "once the case is active" in refused.value.message_dict["case"][0]
    assert not Placement.objects.exists()


def test_a_new_placement_in_follow_up_goes_back_to_placed_through_active(make_case, make_placement):
    case = make_case(state="follow_up")
    make_placement(case, kind="contract")
    case.refresh_from_db()
    assert case.state == "placed"
    assert list(case.events.filter(kind="state_change").values_list("to_state", flat=True)[:2]) == [
        "placed", "active"]


def test_a_company_officer_records_a_placement_and_the_case_still_moves(make_case, make_placement, actors):
    case = make_case(state="active")
    make_placement(case, by="company_officer")
    case.refresh_from_db()
    assert case.state == "placed"
    assert case.events.filter(to_state="placed").get().by_label == f"{actors['company_officer'].label} (placement)"


def test_a_role_without_the_grant_is_refused(make_case, actors, company, organizations):
    case = make_case(state="active")
    with pytest.raises(PermissionDenied):
        placement_create(by=actors["social_worker"], case=case, kind="tirocinio", company=company,
                         data=tirocinio_data(), promoter=organizations["hub"])


def test_a_case_manager_of_another_hub_is_refused(make_case, actors, company, organizations):
    case = make_case(state="active")
    with pytest.raises(PermissionDenied):
        placement_create(by=actors["other_case_manager"], case=case, kind="tirocinio", company=company,
                         data=tirocinio_data(), promoter=organizations["hub"])
    assert not Placement.objects.exists()


def test_a_tirocinio_without_promoter_is_refused(make_case, actors, company):
    case = make_case(state="active")
    with pytest.raises(ValidationError) as refused:
        placement_create(by=actors["case_manager"], case=case, kind="tirocinio", company=company,
                         data=tirocinio_data())
    assert "promoter" in refused.value.message_dict


def test_the_contract_wage_is_required(make_case, actors, company):
    case = make_case(state="active")
    with pytest.raises(ValidationError) as refused:
        placement_create(by=actors["case_manager"], case=case, kind="contract", company=company,
                         data=contract_data(gross_monthly_wage=None))
    assert "gross_monthly_wage" in refused.value.message_dict
