"""Law 68 flags: companies with a shortfall listed as opportunities for direct hiring and Art. 14 indirect
placement, recorded with one click; the coverage an Art. 14 commission would yield; a won one becomes the
company's convention through the registry's service."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from florwork.employers.models import Art14Convention
from florwork.opportunities import selectors, services
from florwork.opportunities.models import Opportunity


def test_the_flags_list_companies_with_a_shortfall_and_their_room(client, login, company, make_company):
    make_company(name="Piccola Bottega", computable_headcount=10)
    login(client, "company_officer")

    page = client.get("/opportunities/law68/")

    assert "Officine Rossi" in page.text and "Piccola Bottega" not in page.text
    assert page.text.count(f"/opportunities/law68/{company.pk}/record/") == 2  # direct and Art. 14


def test_one_click_records_a_direct_and_an_indirect_opportunity(client, login, company):
    login(client, "company_officer")

    direct = client.post(f"/opportunities/law68/{company.pk}/record/", {"kind": "direct"})
    indirect = client.post(f"/opportunities/law68/{company.pk}/record/", {"kind": "indirect"})

    rows = {o.kind: o for o in Opportunity.objects.all()}
    assert direct.status_code == indirect.status_code == 302
    assert rows["vacancy"].expected_places == 4 and rows["vacancy"].source == "law68"
    assert rows["art14"].expected_places == 2 and rows["art14"].cooperative is None
    assert "2 open" not in client.get("/opportunities/law68/").text  # one of each kind
    assert client.get("/opportunities/law68/").text.count("1 open") == 2


def test_a_company_without_room_cannot_be_flagged(actors, make_company):
    small = make_company(name="Piccola Bottega", computable_headcount=10)

    with pytest.raises(ValidationError):
        services.opportunity_from_law68(by=actors["company_officer"], company=small, indirect=False)

    assert not Opportunity.objects.exists()


def test_the_case_manager_cannot_record_from_a_flag(client, login, company):
    login(client, "case_manager")

    assert client.get("/opportunities/law68/").status_code == 200
    assert client.post(f"/opportunities/law68/{company.pk}/record/", {"kind": "direct"}).status_code == 403


def test_the_art14_estimate_follows_the_framework_parameters(actors, company, coop, make_opportunity):
    # example Toscana parameters: 1.0 × € 28,000 a position, at most 30% of the quota of 7 (2 positions)
    opportunity = make_opportunity(kind="art14", cooperative=coop, expected_value=Decimal("90000"),
                                   expected_places=4)

    estimate = selectors.art14_estimate(opportunity=opportunity)

    assert estimate.value_per_position == Decimal("28000")
    assert estimate.positions_paid_for == 3 and estimate.positions_counted == 2
    assert estimate.parameters.is_example


def test_a_won_art14_opportunity_becomes_the_company_convention(client, login, actors, company, coop,
                                                               make_opportunity):
    opportunity = make_opportunity(kind="art14", cooperative=coop, expected_value=Decimal("56000"),
                                   expected_places=2)
    officer = actors["company_officer"]
    for status in ("qualified", "in_progress", "won"):
        services.opportunity_transition(by=officer, opportunity=opportunity, to_status=status,
                                        version=opportunity.version)
    login(client, "company_officer")

    page = client.get(f"/opportunities/{opportunity.pk}/")
    response = client.post(f"/opportunities/{opportunity.pk}/convention/", {
        "year": opportunity.status_changed_at.year, "commission_value": "56000", "disabled_workers_placed": "2"})

    convention = Art14Convention.objects.get()
    opportunity.refresh_from_db()
    company.refresh_from_db()
    assert "Record the convention" in page.text and response.status_code == 302
    assert opportunity.convention == convention and convention.cooperative == coop
    assert company.law68_art14_room == 0 and company.law68_shortfall == 2  # 4 missing, 2 now covered


def test_a_convention_cannot_be_recorded_before_the_opportunity_is_won(actors, coop, make_opportunity):
    opportunity = make_opportunity(kind="art14", cooperative=coop, expected_value=Decimal("56000"))

    with pytest.raises(ValidationError) as error:
        services.opportunity_record_convention(by=actors["company_officer"], opportunity=opportunity, year=2026,
                                               commission_value=Decimal("56000"), disabled_workers_placed=2)

    assert "status" in error.value.message_dict and not Art14Convention.objects.exists()
