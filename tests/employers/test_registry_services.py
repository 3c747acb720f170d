"""The registry's use cases: claims per field, the provenance rule, unique partita IVA, state history, sites,
Law 68 and Art. 14, contacts and opt-out. Each failure leaves nothing written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from florwork.accounts.models import Organization
from florwork.audit.models import AuditEntry, Operation, Purpose
from florwork.conflicts import Conflict
from florwork.employers import selectors, services
from florwork.employers.models import Company, Contact, CoordinatesSource, FieldClaim, MarketingBasis, StateChange
from tests.employers import registry_support as support
from tests.employers.registry_support import new_partita_iva, wrong_check_digit

florence, make_company = support.florence, support.make_company  # the fixtures
EMPLOYERS = Purpose.EMPLOYER_ENGAGEMENT


def test_a_new_company_keeps_a_claim_per_field_with_its_source(make_company):
    company = make_company(ateco_code="561011", ateco_edition="2022", employees=40,
                           employees_as_of=dt.date(2026, 1, 31), legal_form="srl")

    claims = {c.field: c for c in FieldClaim.objects.filter(company=company)}
    assert set(claims) == {"legal_name", "partita_iva", "ateco_code", "employees", "legal_form"}
    assert all(c.source == "manual" and c.by_label for c in claims.values())
    assert company.ateco_code == "56.10.11" and company.ateco_label == "Ristorazione con somministrazione"
    assert company.employees == 40 and company.employees_as_of == dt.date(2026, 1, 31)
    assert company.employees_source == "manual"
    assert AuditEntry.objects.filter(operation=Operation.CREATE, object_type="employers.Company",
                                     object_id=str(company.pk)).exists()


def test_a_site_without_geocode_takes_the_comunes_point(make_company, florence):
    company = make_company()

    site = company.sites.get()
    assert site.is_headquarters and site.coordinates_source == CoordinatesSource.COMUNE
    assert (site.latitude, site.longitude) == (florence["Firenze"].latitude, florence["Firenze"].longitude)


def test_an_invalid_partita_iva_is_refused_with_its_reason_and_nothing_is_written(actors, florence):
    with pytest.raises(ValidationError) as error:
        services.company_create(by=actors["company_officer"], values={
            "legal_name": "Errata S.r.l.", "partita_iva": wrong_check_digit(new_partita_iva())})

    assert "check digit" in error.value.message_dict["partita_iva"][0]
    assert not Company.objects.exists() and not FieldClaim.objects.exists()


def test_the_partita_iva_is_unique_in_the_service_and_in_the_database(make_company):
    first = make_company()

    with pytest.raises(ValidationError) as error:
        make_company(name="Copia S.r.l.", partita_iva=first.partita_iva)
    assert "partita_iva" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Company.objects.create(legal_name="Bypass", partita_iva=first.partita_iva, state_changed_at=timezone.now(),
                               created_at=timezone.now(), updated_at=timezone.now())
    assert Company.objects.count() == 1


def test_a_company_without_partita_iva_may_be_many(make_company):
    make_company(name="Uno", partita_iva="")
    make_company(name="Due", partita_iva="")

    assert Company.objects.filter(partita_iva="").count() == 2


def test_an_import_never_overrides_a_manual_value_but_is_kept(make_company, actors):
    company = make_company(employees=40)

    changed = services.company_update(by=actors["company_officer"], company=company, values={"employees": 55},
                                      version=None, source="import:camera.csv",
                                      observed_at=timezone.now() + dt.timedelta(days=1))

    company.refresh_from_db()
    assert changed == [] and company.employees == 40
    assert list(FieldClaim.objects.filter(company=company, field="employees").values_list("source", flat=True)
                ).count("import:camera.csv") == 1


def test_without_a_manual_value_the_latest_import_wins(make_company, actors):
    company = make_company()
    officer = actors["company_officer"]
    old, new = timezone.now() - dt.timedelta(days=300), timezone.now() - dt.timedelta(days=10)

    services.company_update(by=officer, company=company, values={"phone": "055 111"}, version=None,
                            source="import:new.csv", observed_at=new)
    services.company_update(by=officer, company=company, values={"phone": "055 999"}, version=None,
                            source="import:old.csv", observed_at=old)

    company.refresh_from_db()
    assert company.phone == "055 111"
    provenance = {item.field: item for item in selectors.company_provenance(company=company)}
    assert len(provenance["phone"].claims) == 2 and provenance["phone"].disagreement


def test_the_same_source_saying_the_same_again_adds_no_claim(make_company, actors):
    company = make_company()

    services.company_update(by=actors["company_officer"], company=company, values={"legal_name": company.legal_name},
                            version=company.version)

    assert FieldClaim.objects.filter(company=company, field="legal_name").count() == 1


def test_a_stale_version_is_a_conflict_and_writes_nothing(make_company, actors):
    company = make_company()
    stale = company.version
    services.company_update(by=actors["company_officer"], company=company, values={"phone": "055 1"}, version=stale)

    with pytest.raises(Conflict):
        services.company_update(by=actors["company_officer"], company=company, values={"phone": "055 2"},
                                version=stale)
    company.refresh_from_db()
    assert company.phone == "055 1" and FieldClaim.objects.filter(field="phone").count() == 1


def test_the_relationship_moves_with_its_history(make_company, actors):
    company = make_company()

    services.company_transition(by=actors["company_officer"], company=company, to_state="contacted",
                                reason="called HR", version=company.version)
    services.company_transition(by=actors["company_officer"], company=company, to_state="visited",
                                version=company.version)

    history = list(StateChange.objects.filter(company=company).order_by("at", "pk").values_list(
        "from_state", "to_state"))
    assert history == [("", "prospect"), ("prospect", "contacted"), ("contacted", "visited")]
    assert AuditEntry.objects.filter(object_type="employers.Company", fields=["state"]).count() == 2


def test_a_transition_not_allowed_is_refused(make_company, actors):
    company = make_company()

    with pytest.raises(ValidationError) as error:
        services.company_transition(by=actors["company_officer"], company=company, to_state="prospect",
                                    version=company.version)
    assert "to_state" in error.value.message_dict
    assert StateChange.objects.filter(company=company).count() == 1


def test_only_company_managers_write(make_company, actors):
    company = make_company()

    for key in ("case_manager", "programme_manager", "social_worker"):
        with pytest.raises(PermissionDenied):
            services.company_update(by=actors[key], company=company, values={"phone": "1"}, version=company.version)


# --- Law 68 and Art. 14 ----------------------------------------------------------------------------------------

def test_the_shortfall_is_computed_from_the_computable_headcount(make_company):
    company = make_company(employees=120, computable_headcount=100, disabled_employed=3, protected_employed=1)

    assert company.law68_shortfall == 4  # quota 7 - 3 disabled; art. 18 covered
    assert company.law68_art14_room == 2  # 30% of 7 (example parameters)


def test_an_art14_convention_covers_part_of_the_quota(make_company, actors, organizations):
    company = make_company(computable_headcount=100, disabled_employed=3, protected_employed=1)
    year = timezone.localdate().year

    services.convention_add(by=actors["company_officer"], company=company, cooperative=organizations["coop_b"],
                            year=year, commission_value=Decimal("60000"), disabled_workers_placed=2)

    company.refresh_from_db()
    assert company.law68_shortfall == 2 and company.law68_art14_room == 0
    row = selectors.company_conventions(company=company)[0]
    assert row.positions == 2  # 60,000 / (1.0 × 28,000) = 2 whole positions


def test_a_convention_needs_a_type_b_cooperative_and_parameters(make_company, actors, organizations):
    company = make_company(computable_headcount=100)

    with pytest.raises(ValidationError) as error:
        services.convention_add(by=actors["company_officer"], company=company,
                                cooperative=organizations["agency"], year=1999, commission_value=Decimal("1"),
                                disabled_workers_placed=1)
    assert {"cooperative", "year"} <= set(error.value.message_dict)
    assert not company.art14_conventions.exists()


def test_small_companies_have_no_shortfall(make_company):
    assert make_company(employees=14).law68_shortfall == 0
    assert make_company(name="Quindici", employees=15).law68_shortfall == 1


# --- contacts ---------------------------------------------------------------------------------------------------

def _contact(actors, company, **data):
    return services.contact_add(by=actors["company_officer"], company=company,
                                data={"first_name": "Anna", "last_name": "Neri", **data})


def test_an_opted_out_contact_is_never_listed_for_outreach(make_company, actors):
    company = make_company()
    kept = _contact(actors, company, last_name="Verdi")
    gone = _contact(actors, company, last_name="Bruni")
    _contact(actors, company, last_name="Gialli", opted_out=True)

    services.contact_opt_out(by=actors["company_officer"], contact=gone)

    listed = selectors.outreach_contacts(actor=actors["company_officer"], companies=[company], purpose=EMPLOYERS)
    assert list(listed) == [kept]
    assert AuditEntry.objects.filter(fields=["contacts.opted_out"]).count() == 1


def test_a_consent_basis_needs_its_date(make_company, actors):
    company = make_company()

    with pytest.raises(ValidationError) as error:
        _contact(actors, company, marketing_basis=MarketingBasis.CONSENT)
    assert "consent_given_at" in error.value.message_dict
    assert not Contact.objects.exists()


def test_reading_contacts_is_audited_and_the_programme_manager_does_not(make_company, actors):
    company = make_company()
    _contact(actors, company)

    assert selectors.company_contacts(actor=actors["programme_manager"], company=company, purpose=EMPLOYERS) is None
    contacts = selectors.company_contacts(actor=actors["case_manager"], company=company, purpose=EMPLOYERS)
    assert len(contacts) == 1
    assert AuditEntry.objects.filter(operation=Operation.READ, fields=["contacts"]).count() == 1
    assert not Organization.objects.filter(pk=0).exists()
