"""Demo companies: valid identifiers across the province's comuni and real ATECO sectors, Law 68 shortfalls,
Art. 14 conventions with the demo's type-B cooperatives, contacts some of whom opted out; deterministic for a
seed and safe to re-run.

The partnership (which may already load the demo companies itself) and the first 60 companies of the plan are
loaded once for the module, inside a transaction rolled back at the end.
"""

import pytest
from django.db import transaction

from florwork.accounts.policy import SYSTEM
from florwork.audit.selectors import audit_verify
from florwork.demo.companies import companies_plan, demo_companies_load
from florwork.demo.services import demo_load
from florwork.employers.identifiers import validate_company_codice_fiscale, validate_partita_iva
from florwork.employers.models import Art14Convention, Company, Contact, FieldClaim, StateChange
from florwork.employers.relationship import Relationship
from florwork.territory.selectors import comuni_in_province

COUNT = 60
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_companies(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(by=SYSTEM, seed=1)  # the partnership only: no people, so no companies yet
        yield demo_companies_load(seed=1, count=COUNT)
        transaction.set_rollback(True)


def _comuni():
    return [(c.istat_code, c.name) for c in comuni_in_province(province_code="FI")]


def test_the_companies_are_created_with_valid_identifiers():
    planned = {spec.values["partita_iva"] for spec in companies_plan(seed=1, count=COUNT, comuni=_comuni())}
    assert len(planned) == COUNT
    assert planned <= set(Company.objects.values_list("partita_iva", flat=True))
    for company in Company.objects.all():
        assert validate_partita_iva(company.partita_iva) == company.partita_iva
        assert validate_company_codice_fiscale(company.codice_fiscale) == company.codice_fiscale
        assert company.ateco_label and company.ateco_edition == "2025"


def test_they_spread_over_comuni_sectors_and_sizes():
    companies = Company.objects.all()
    comuni = {site.comune_istat for c in companies for site in c.sites.all()}
    assert len(comuni) >= 8 and len({c.ateco_code for c in companies}) >= 12
    assert companies.filter(employees__lt=15).exists() and companies.filter(employees__gt=50).exists()


def test_some_miss_their_law68_quota_and_some_have_art14_conventions():
    assert Company.objects.filter(law68_shortfall__gt=0).count() >= 5
    assert Company.objects.filter(computable_headcount__gte=15, law68_shortfall=0).exists()
    conventions = Art14Convention.objects.select_related("cooperative")
    assert conventions.exists() and {c.cooperative.kind for c in conventions} == {"social_coop_b"}


def test_relationships_are_at_every_stage_with_their_history():
    assert set(Company.objects.values_list("state", flat=True)) == {s.value for s in Relationship}
    partner = Company.objects.filter(state="partner").first()
    assert list(StateChange.objects.filter(company=partner).order_by("at", "pk").values_list("to_state", flat=True)
                ) == ["prospect", "contacted", "visited", "partner"]


def test_provenance_shows_the_chamber_file_and_the_officers_corrections():
    assert FieldClaim.objects.filter(source="import:registro-imprese-fi-2025.csv").exists()
    corrected = FieldClaim.objects.filter(source="manual", field="employees").first()
    assert corrected is not None and corrected.by_label != "florwork (system)"
    assert corrected.company.employees == corrected.value


def test_contacts_include_some_who_opted_out():
    assert Contact.objects.filter(opted_out_at__isnull=False).exists()
    assert Contact.objects.filter(opted_out_at__isnull=True).exists()


def test_a_second_run_creates_nothing_and_the_audit_chain_holds():
    assert demo_companies_load(seed=1, count=COUNT) == 0
    _checked, breaks = audit_verify()
    assert breaks == []


def test_the_plan_is_deterministic_for_a_seed():
    first = companies_plan(seed=1, count=30, comuni=_comuni())
    again = companies_plan(seed=1, count=30, comuni=_comuni())
    other = companies_plan(seed=2, count=30, comuni=_comuni())

    assert [s.values for s in first] == [s.values for s in again]
    assert [s.values["partita_iva"] for s in first] != [s.values["partita_iva"] for s in other]
