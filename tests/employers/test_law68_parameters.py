"""Art. 14 parameters are data: the administrator records the framework agreement's figures and every
company's shortfall follows; example values are marked; other roles cannot change them."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from florwork.audit.models import AuditEntry
from florwork.employers import services
from florwork.employers.models import Art14Parameters
from tests.employers import registry_support as support

florence, make_company = support.florence, support.make_company  # the fixtures


def test_the_migration_loads_example_values_marked_as_such(db):
    rows = Art14Parameters.objects.filter(region="Toscana")

    assert rows.filter(year=timezone.localdate().year).exists()
    assert all(row.is_example and "Example" in row.source for row in rows)


def test_the_administrator_records_the_figures_and_shortfalls_follow(client, login, make_company):
    company = make_company(computable_headcount=100, disabled_employed=3, protected_employed=1)
    assert company.law68_art14_room == 2
    login(client, "administrator")

    response = client.post("/employers/art14-parameters/", {
        "region": "Toscana", "year": timezone.localdate().year, "coefficient": "1.2", "annual_labour_cost": "30000",
        "max_share_of_quota": "0.5", "source": "Convenzione quadro (test)"})

    company.refresh_from_db()
    row = Art14Parameters.objects.get(region="Toscana", year=timezone.localdate().year)
    assert response.status_code == 302 and not row.is_example and row.coefficient == Decimal("1.2")
    assert company.law68_art14_room == 3  # half of the quota of 7, within the 4 missing
    assert AuditEntry.objects.filter(object_type="employers.Art14Parameters").count() == 1


def test_a_share_above_one_is_refused_and_nothing_changes(client, login, florence):
    login(client, "administrator")

    response = client.post("/employers/art14-parameters/", {
        "region": "Toscana", "year": 2026, "coefficient": "1", "annual_labour_cost": "30000",
        "max_share_of_quota": "1.5", "source": "x"})

    assert response.status_code == 400
    assert Art14Parameters.objects.get(region="Toscana", year=2026).is_example


@pytest.mark.parametrize("key", ["company_officer", "programme_manager", "case_manager"])
def test_other_roles_cannot_change_them(client, login, actors, florence, key):
    assert login(client, key).get("/employers/art14-parameters/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.art14_parameters_save(by=actors[key], region="Toscana", year=2026, coefficient=Decimal(1),
                                       annual_labour_cost=Decimal(1), max_share_of_quota=Decimal("0.1"),
                                       reference_contract="", source="x")
