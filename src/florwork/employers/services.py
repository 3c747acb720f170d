"""Use cases of the company registry: one transaction each, audited, the policy asked first.

Every value a source gives becomes a ``FieldClaim``; the company's field takes the value that
``provenance.current_claim`` chooses, so the page can show who said what and when, and an import can
never silently overwrite what an officer checked.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.models import Organization
from florwork.accounts.policy import Action, Actor, may
from florwork.accounts.roles import OrganizationKind
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.conflicts import Conflict
from florwork.employers import law68, provenance
from florwork.employers.checks import check_values
from florwork.employers.models import (
    Art14Convention,
    Art14Parameters,
    ClaimField,
    Company,
    Contact,
    CoordinatesSource,
    FieldClaim,
    MarketingBasis,
    RelationshipState,
    Site,
    StateChange,
)
from florwork.employers.relationship import may_move
from florwork.territory.models import Comune

MANUAL = provenance.MANUAL
DEFAULT_REGION = "Toscana"


def _require(actor: Actor, action: Action, obj=None) -> None:
    if not may(actor, action, obj):
        raise PermissionDenied


def _audit(by: Actor, operation: str, company: Company, fields, **detail) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.EMPLOYER_ENGAGEMENT,
                 object_type="employers.Company", object_id=company.pk, object_label=company.code,
                 fields=fields, detail=detail)


# --- claims and current values ------------------------------------------------------------------------

def _apply_current(company: Company, fields) -> list[str]:
    """Set each field to the value its claims choose; returns the fields whose value changed."""
    rows = FieldClaim.objects.filter(company=company, field__in=list(fields))
    claims = [provenance.Claim(r.field, r.value, r.source, r.observed_at, r.pk) for r in rows]
    changed = []
    for name, claim in provenance.current_values(claims).items():
        for attr, value in _attributes(name, claim).items():
            if getattr(company, attr) != value:
                setattr(company, attr, value)
                changed.append(attr)
    return changed


def _attributes(name: str, claim: provenance.Claim) -> dict[str, Any]:
    value = claim.value
    if name == ClaimField.ATECO_CODE:
        value = value or {}
        return {"ateco_code": value.get("code", ""), "ateco_edition": value.get("edition", ""),
                "ateco_label": value.get("label", "")}
    if name == ClaimField.EMPLOYEES:
        return {"employees": value, "employees_as_of": timezone.localtime(claim.observed_at).date()
                if value is not None else None, "employees_source": claim.source if value is not None else ""}
    if name == ClaimField.TRADE_NAMES:
        return {"trade_names": list(value or [])}
    if value is None and name in (ClaimField.LEGAL_NAME, ClaimField.PARTITA_IVA, ClaimField.CODICE_FISCALE,
                                  ClaimField.LEGAL_FORM, ClaimField.WEBSITE, ClaimField.PHONE, ClaimField.EMAIL):
        value = ""
    return {name: value}


def _observed(moment: date | datetime | None, default: datetime) -> datetime:
    if moment is None:
        return default
    if isinstance(moment, datetime):
        return moment
    return timezone.make_aware(datetime.combine(moment, time(12)))


def _record_claims(company: Company, cleaned: dict[str, Any], *, by: Actor, source: str, observed_at: datetime,
                   employees_as_of: date | None, now: datetime) -> list[str]:
    """One claim per field whose value differs from what this source last said about it."""
    last = {}
    for row in FieldClaim.objects.filter(company=company, source=source, field__in=list(cleaned)).order_by(
            "field", "-observed_at", "-pk"):
        last.setdefault(row.field, row.value)
    claimed = []
    for name, value in cleaned.items():
        if name in last and last[name] == value:
            continue
        when = _observed(employees_as_of, observed_at) if name == ClaimField.EMPLOYEES else observed_at
        FieldClaim.objects.create(company=company, field=name, value=value, source=source, observed_at=when,
                                  recorded_at=now, by_user_id=by.user_id, by_label=by.label[:200])
        claimed.append(name)
    return claimed


def _save(company: Company, version: int | None, attrs: list[str], now: datetime, *, bump: bool = True) -> None:
    """Write the changed attributes only if nobody saved the company since ``version`` (no lost update)."""
    values = {attr: getattr(company, attr) for attr in set(attrs)}
    query = Company.objects.filter(pk=company.pk)
    if version is not None:
        query = query.filter(version=version)
    if bump:
        values["version"] = F("version") + 1
    try:
        updated = query.update(**values, updated_at=now)
    except IntegrityError:
        raise ValidationError({"partita_iva": _("Another company of the registry has this partita IVA.")},
                              code="duplicate") from None
    if updated == 0:
        raise Conflict
    company.refresh_from_db(fields=["version", "updated_at"])


def _check_unique_partita_iva(cleaned: dict[str, Any], company_id: int | None) -> None:
    number = cleaned.get(ClaimField.PARTITA_IVA)
    if number and Company.objects.filter(partita_iva=number).exclude(pk=company_id).exists():
        raise ValidationError({"partita_iva": _("Another company of the registry has this partita IVA.")},
                              code="duplicate")


def company_create(*, by: Actor, values: dict[str, Any], source: str = MANUAL,
                   observed_at: datetime | None = None, site: dict[str, Any] | None = None) -> Company:
    """A new company from what one source says about it, with its first claims, state and (optionally) site."""
    _require(by, Action.COMPANY_MANAGE)
    cleaned = check_values(values, require_name=True)
    _check_unique_partita_iva(cleaned, None)
    now = timezone.now()
    with transaction.atomic():
        company = Company.objects.create(legal_name=cleaned[ClaimField.LEGAL_NAME], state_changed_at=now,
                                         created_at=now, updated_at=now)
        _record_claims(company, cleaned, by=by, source=source, observed_at=observed_at or now,
                       employees_as_of=values.get("employees_as_of"), now=now)
        changed = _apply_current(company, cleaned)
        StateChange.objects.create(company=company, from_state="", to_state=RelationshipState.PROSPECT, at=now,
                                   by_user_id=by.user_id, by_label=by.label[:200])
        if site:
            _site_create(company, site, source=source, now=now)
        _refresh_law68(company, changed)
        _save(company, None, changed + ["law68_shortfall", "law68_art14_room"], now, bump=False)
        _audit(by, Operation.CREATE, company, sorted(cleaned), source=source)
    return company


def company_update(*, by: Actor, company: Company, values: dict[str, Any], version: int | None,
                   source: str = MANUAL, observed_at: datetime | None = None) -> list[str]:
    """Record what ``source`` says now; returns the fields whose current value changed.

    ``version`` is required from people (optimistic locking); an import passes None and relies on the
    provenance rule instead (it never overrides a manual claim)."""
    _require(by, Action.COMPANY_MANAGE, company)
    if source == MANUAL and version is None:
        raise ValueError("a manual change needs the version the user saw")
    cleaned = check_values(values, require_name=False)
    _check_unique_partita_iva(cleaned, company.pk)
    now = timezone.now()
    with transaction.atomic():
        if version is not None and not Company.objects.filter(pk=company.pk, version=version).exists():
            raise Conflict
        claimed = _record_claims(company, cleaned, by=by, source=source, observed_at=observed_at or now,
                                 employees_as_of=values.get("employees_as_of"), now=now)
        changed = _apply_current(company, claimed)
        _refresh_law68(company, changed)
        if claimed:
            _save(company, version, changed + ["law68_shortfall", "law68_art14_room"], now)
            _audit(by, Operation.UPDATE, company, claimed, source=source, changed=sorted(changed))
    return changed


def company_claims_withdraw(*, by: Actor, company: Company, source: str) -> list[str]:
    """Take back everything ``source`` said about the company (an import's merge undone): its claims and the
    sites it added go, and every field takes again the value its remaining claims choose (empty when none is
    left). Returns the attributes whose value changed."""
    _require(by, Action.COMPANY_MANAGE, company)
    now = timezone.now()
    with transaction.atomic():
        claims = FieldClaim.objects.filter(company=company, source=source)
        fields = sorted(set(claims.values_list("field", flat=True)))
        claims.delete()
        for site in company.sites.filter(source=source):
            try:
                with transaction.atomic():
                    site.delete()
            except ProtectedError:  # a visit already points at it: the site stays, its source says where from
                pass
        changed = _apply_current(company, fields)
        left = set(FieldClaim.objects.filter(company=company, field__in=fields).values_list("field", flat=True))
        for name in (f for f in fields if f not in left):
            for attr, value in _attributes(name, provenance.Claim(name, None, source, now, 0)).items():
                if getattr(company, attr) != value:
                    setattr(company, attr, value)
                    changed.append(attr)
        _refresh_law68(company, changed)
        _save(company, None, changed + ["law68_shortfall", "law68_art14_room"], now)
        _audit(by, Operation.UPDATE, company, fields, source=source, withdrawn=True)
    return changed


def company_transition(*, by: Actor, company: Company, to_state: str, reason: str = "", version: int) -> Company:
    _require(by, Action.COMPANY_MANAGE, company)
    if to_state not in RelationshipState.values:
        raise ValidationError({"to_state": _("Choose one of the relationship states.")})
    if not may_move(company.state, to_state):
        raise ValidationError({"to_state": _("A company cannot go from “%(from)s” to “%(to)s”.") % {
            "from": company.get_state_display(), "to": RelationshipState(to_state).label}}, code="transition")
    now = timezone.now()
    from_state = company.state
    with transaction.atomic():
        updated = Company.objects.filter(pk=company.pk, version=version).update(
            state=to_state, state_changed_at=now, updated_at=now, version=F("version") + 1)
        if updated == 0:
            raise Conflict
        company.state, company.state_changed_at, company.version = to_state, now, version + 1
        StateChange.objects.create(company=company, from_state=from_state, to_state=to_state,
                                   reason=reason.strip()[:300], at=now, by_user_id=by.user_id,
                                   by_label=by.label[:200])
        _audit(by, Operation.UPDATE, company, ["state"], from_state=from_state, to_state=to_state)
    return company


# --- sites ----------------------------------------------------------------------------------------------

def _site_create(company: Company, data: dict[str, Any], *, source: str, now: datetime) -> Site:
    errors = {}
    address = " ".join(str(data.get("address") or "").split())
    if not address:
        errors["address"] = [_("Give the street and number.")]
    comune = Comune.objects.filter(istat_code=str(data.get("comune_istat") or "")).first()
    if comune is None:
        errors["comune_istat"] = [_("Give a comune by its name or ISTAT code.")]
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if (latitude is None) != (longitude is None):
        errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
    if errors:
        raise ValidationError(errors)
    if latitude is not None:
        point_source = CoordinatesSource.GEOCODE
    elif comune.latitude is not None:  # no geocode: the comune's own point (territory app)
        latitude, longitude, point_source = comune.latitude, comune.longitude, CoordinatesSource.COMUNE
    else:
        point_source = CoordinatesSource.NONE
    headquarters = bool(data.get("is_headquarters")) or not company.sites.exists()
    if headquarters:
        company.sites.filter(is_headquarters=True).update(is_headquarters=False)
    return Site.objects.create(
        company=company, label=str(data.get("label") or "")[:100], address=address[:200],
        postcode=str(data.get("postcode") or "")[:5], comune_istat=comune.istat_code, latitude=latitude,
        longitude=longitude, coordinates_source=point_source, is_headquarters=headquarters, source=source,
        created_at=now)


def site_add(*, by: Actor, company: Company, data: dict[str, Any], source: str = MANUAL) -> Site:
    _require(by, Action.COMPANY_MANAGE, company)
    now = timezone.now()
    with transaction.atomic():
        site = _site_create(company, data, source=source, now=now)
        _refresh_law68(company, ["sites"])
        Company.objects.filter(pk=company.pk).update(law68_shortfall=company.law68_shortfall,
                                                     law68_art14_room=company.law68_art14_room, updated_at=now)
        _audit(by, Operation.UPDATE, company, ["sites"], site=site.pk, comune=site.comune_istat)
    return site


# --- contacts -------------------------------------------------------------------------------------------

def contact_add(*, by: Actor, company: Company, data: dict[str, Any], source: str = MANUAL) -> Contact:
    _require(by, Action.COMPANY_MANAGE, company)
    first, last = (" ".join(str(data.get(k) or "").split()) for k in ("first_name", "last_name"))
    basis = data.get("marketing_basis") or MarketingBasis.LEGITIMATE_INTEREST
    errors = {}
    if not first:
        errors["first_name"] = [_("Give the contact's first name.")]
    if not last:
        errors["last_name"] = [_("Give the contact's last name.")]
    if basis not in MarketingBasis.values:
        errors["marketing_basis"] = [_("Choose why the hub may contact this person.")]
    elif basis == MarketingBasis.CONSENT and not data.get("consent_given_at"):
        errors["consent_given_at"] = [_("Say when the person gave their consent.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        contact = Contact.objects.create(
            company=company, first_name=first[:100], last_name=last[:100],
            job_title=str(data.get("job_title") or "")[:100], phone=str(data.get("phone") or "")[:30],
            email=str(data.get("email") or "")[:254], marketing_basis=basis,
            consent_given_at=data.get("consent_given_at") if basis == MarketingBasis.CONSENT else None,
            opted_out_at=now if data.get("opted_out") else None, source=source, created_at=now)
        _audit(by, Operation.CREATE, company, ["contacts"], contact=contact.pk, basis=basis)
    return contact


def contact_opt_out(*, by: Actor, contact: Contact) -> Contact:
    """The person objects to being contacted (GDPR art. 21): from now on no outreach list shows them."""
    _require(by, Action.COMPANY_MANAGE, contact)
    if contact.opted_out_at is not None:
        return contact
    now = timezone.now()
    with transaction.atomic():
        Contact.objects.filter(pk=contact.pk, opted_out_at__isnull=True).update(opted_out_at=now,
                                                                               version=F("version") + 1)
        contact.refresh_from_db(fields=["opted_out_at", "version"])
        _audit(by, Operation.UPDATE, contact.company, ["contacts.opted_out"], contact=contact.pk)
    return contact


# --- Law 68 and Art. 14 ------------------------------------------------------------------------------------

def company_region(company: Company) -> str:
    site = company.sites.filter(is_headquarters=True).first()
    comune = Comune.objects.filter(istat_code=site.comune_istat).first() if site else None
    return comune.region if comune else DEFAULT_REGION


def art14_parameters(*, region: str, year: int) -> law68.Art14Parameters | None:
    row = Art14Parameters.objects.filter(region=region, year=year).first()
    if row is None:
        return None
    return law68.Art14Parameters(row.coefficient, row.annual_labour_cost, row.max_share_of_quota)


def art14_convention_positions(convention: Art14Convention, parameters: law68.Art14Parameters | None) -> int:
    if parameters is None:
        return 0
    return law68.art14_positions(convention.commission_value, parameters, convention.disabled_workers_placed)


def law68_for(company: Company, *, year: int | None = None) -> tuple[law68.Law68Status | None, bool]:
    """The company's Law 68 status in ``year`` (default: this year), and whether the headcount is only the
    number of employees (an estimate: the computable headcount is not known)."""
    year = year or timezone.localdate().year
    headcount = company.computable_headcount
    estimated = headcount is None
    if headcount is None:
        headcount = company.employees
    if headcount is None:
        return None, estimated
    parameters = art14_parameters(region=company_region(company), year=year)
    positions = sum(art14_convention_positions(c, parameters)
                    for c in company.art14_conventions.filter(year=year)) if company.pk else 0
    coverage = law68.Coverage(company.disabled_employed or 0, company.protected_employed or 0, positions)
    return law68.law68_status(headcount, coverage, parameters), estimated


def _refresh_law68(company: Company, changed) -> None:
    status, _estimated = law68_for(company)
    company.law68_shortfall = status.shortfall if status else 0
    company.law68_art14_room = status.art14_room if status else 0


def convention_add(*, by: Actor, company: Company, cooperative: Organization, year: int,
                   commission_value: Decimal, disabled_workers_placed: int, signed_on: date | None = None,
                   notes: str = "") -> Art14Convention:
    _require(by, Action.COMPANY_MANAGE, company)
    errors = {}
    if cooperative.kind != OrganizationKind.SOCIAL_COOP_B or not cooperative.is_active:
        errors["cooperative"] = [_("Art. 14 conventions are made with an active type-B social cooperative.")]
    if commission_value < 0:
        errors["commission_value"] = [_("The value cannot be negative.")]
    if disabled_workers_placed < 0:
        errors["disabled_workers_placed"] = [_("The number cannot be negative.")]
    region = company_region(company)
    if not Art14Parameters.objects.filter(region=region, year=year).exists():
        errors["year"] = [_("There are no Art. 14 parameters for %(region)s in %(year)d: an administrator must "
                            "record the framework agreement's figures first.") % {"region": region, "year": year}]
    elif Art14Convention.objects.filter(company=company, cooperative=cooperative, year=year).exists():
        errors["year"] = [_("This company already has a convention with this cooperative for that year.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        convention = Art14Convention.objects.create(
            company=company, cooperative=cooperative, region=region, year=year, commission_value=commission_value,
            disabled_workers_placed=disabled_workers_placed, signed_on=signed_on, notes=notes.strip(),
            created_at=now, by_label=by.label[:200])
        _refresh_law68(company, ["art14"])
        Company.objects.filter(pk=company.pk).update(law68_shortfall=company.law68_shortfall,
                                                     law68_art14_room=company.law68_art14_room, updated_at=now)
        _audit(by, Operation.UPDATE, company, ["art14_conventions"], convention=convention.pk,
               cooperative=cooperative.pk, year=year)
    return convention


def law68_refresh(*, company_ids=None) -> int:
    """Recompute the stored Law 68 shortfall and Art. 14 room (after the parameters change); returns how many
    companies changed."""
    companies = Company.objects.all() if company_ids is None else Company.objects.filter(pk__in=company_ids)
    changed = []
    for company in companies.iterator(chunk_size=500):
        before = (company.law68_shortfall, company.law68_art14_room)
        _refresh_law68(company, [])
        if (company.law68_shortfall, company.law68_art14_room) != before:
            changed.append(company)
    Company.objects.bulk_update(changed, ["law68_shortfall", "law68_art14_room"], batch_size=500)
    return len(changed)


def art14_parameters_save(*, by: Actor, region: str, year: int, coefficient: Decimal, annual_labour_cost: Decimal,
                          max_share_of_quota: Decimal, reference_contract: str, source: str) -> Art14Parameters:
    """Record the framework agreement's figures for a region and year (they replace example values), and
    recompute every company's shortfall with them."""
    _require(by, Action.PARAMETERS_MANAGE)
    errors = {}
    if not region.strip():
        errors["region"] = [_("Give the region.")]
    if coefficient <= 0:
        errors["coefficient"] = [_("The coefficient must be above zero.")]
    if annual_labour_cost <= 0:
        errors["annual_labour_cost"] = [_("The labour cost must be above zero.")]
    if not 0 <= max_share_of_quota <= 1:
        errors["max_share_of_quota"] = [_("Give a share between 0 and 1 (0.30 is 30%).")]
    if not source.strip():
        errors["source"] = [_("Say which act the figures come from.")]
    if errors:
        raise ValidationError(errors)
    values = {"coefficient": coefficient, "annual_labour_cost": annual_labour_cost,
              "max_share_of_quota": max_share_of_quota, "reference_contract": reference_contract.strip()[:200],
              "source": source.strip()[:300], "is_example": False}
    with transaction.atomic():
        row, created = Art14Parameters.objects.select_for_update().update_or_create(
            region=region.strip(), year=year, defaults=values)
        law68_refresh()
        audit_record(actor=by, operation=Operation.CREATE if created else Operation.UPDATE,
                     purpose=Purpose.ADMINISTRATION, object_type="employers.Art14Parameters", object_id=row.pk,
                     object_label=str(row), fields=sorted(values),
                     detail={k: str(v) for k, v in values.items()})
    return row
