"""API of the company registry: list and search, detail with provenance, create, update (optimistic locking),
relationship change, contacts (opt-out honoured), Law 68 status.

The same rules as the pages: the policy through the selectors and services, audited reads, the field
and reason named on bad input, 409 on a stale ``version``.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Router, Schema, Status
from pydantic import Field

from florwork.accounts.policy import Action
from florwork.apicore import Error, Page, allow, paginate
from florwork.audit.models import Purpose
from florwork.employers import selectors, services
from florwork.employers.models import Company, LegalForm, MarketingBasis, RelationshipState
from florwork.employers.relationship import allowed_targets

router = Router(tags=["employers"])
EMPLOYERS = Purpose.EMPLOYER_ENGAGEMENT


# --- schemas ------------------------------------------------------------------------------------------------

class CompanyFields(Schema):
    """What a source says about a company; fields left out are not touched."""

    legal_name: str | None = Field(None, max_length=200)
    trade_names: list[str] | None = None
    partita_iva: str | None = Field(None, max_length=20)
    codice_fiscale: str | None = Field(None, max_length=20)
    ateco_code: str | None = Field(None, max_length=10)
    ateco_edition: str | None = Field(None, description="2025 (default), 2022 or 2007")
    legal_form: LegalForm | None = None
    employees: int | None = Field(None, ge=0)
    employees_as_of: date | None = None
    website: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    computable_headcount: int | None = Field(None, ge=0)
    disabled_employed: int | None = Field(None, ge=0)
    protected_employed: int | None = Field(None, ge=0)


class SiteIn(Schema):
    address: str = Field(min_length=1, max_length=200)
    postcode: str = Field("", max_length=5)
    comune_istat: str = Field(pattern=r"^[0-9]{6}$")
    label: str = Field("", max_length=100)
    latitude: Decimal | None = Field(None, ge=-90, le=90)
    longitude: Decimal | None = Field(None, ge=-180, le=180)
    is_headquarters: bool = False


class CompanyIn(CompanyFields):
    legal_name: str = Field(min_length=1, max_length=200)
    site: SiteIn | None = None


class CompanyUpdateIn(CompanyFields):
    version: int = Field(ge=1)


class TransitionIn(Schema):
    to_state: RelationshipState
    reason: str = Field("", max_length=300)
    version: int = Field(ge=1)


class ContactIn(Schema):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    job_title: str = Field("", max_length=100)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    marketing_basis: MarketingBasis = MarketingBasis.LEGITIMATE_INTEREST
    consent_given_at: datetime | None = None
    opted_out: bool = False


class CompanyRowOut(Schema):
    id: int
    code: str
    legal_name: str
    partita_iva: str
    ateco_code: str
    state: str
    employees: int | None
    law68_shortfall: int
    law68_art14_room: int
    version: int


class ClaimOut(Schema):
    value: Any
    source: str
    observed_at: datetime
    recorded_at: datetime
    by: str
    current: bool


class SiteOut(Schema):
    id: int
    label: str
    address: str
    postcode: str
    comune_istat: str
    latitude: Decimal | None
    longitude: Decimal | None
    coordinates_source: str
    is_headquarters: bool


class StateChangeOut(Schema):
    from_state: str
    to_state: str
    reason: str
    at: datetime
    by: str


class Law68Out(Schema):
    year: int
    estimated: bool
    computable_headcount: int
    disabled_quota: int
    protected_quota: int
    disabled_employed: int
    protected_employed: int
    art14_counted: int
    disabled_shortfall: int
    protected_shortfall: int
    shortfall: int
    art14_room: int


class ConventionOut(Schema):
    id: int
    cooperative_id: int
    cooperative: str
    year: int
    commission_value: Decimal
    disabled_workers_placed: int
    positions_covered: int


class CompanyOut(CompanyRowOut):
    trade_names: list[str]
    codice_fiscale: str
    ateco_edition: str
    ateco_label: str
    legal_form: str
    employees_as_of: date | None
    employees_source: str
    website: str
    phone: str
    email: str
    computable_headcount: int | None
    disabled_employed: int | None
    protected_employed: int | None
    state_changed_at: datetime
    allowed_transitions: list[str]
    provenance: dict[str, list[ClaimOut]]
    sites: list[SiteOut]
    state_history: list[StateChangeOut]
    law68: Law68Out | None
    art14_conventions: list[ConventionOut]


class ContactOut(Schema):
    id: int
    first_name: str
    last_name: str
    job_title: str
    phone: str
    email: str
    marketing_basis: str
    consent_given_at: datetime | None
    opted_out_at: datetime | None
    may_be_contacted: bool


# --- bodies ------------------------------------------------------------------------------------------------

ROW_FIELDS = ("id", "code", "legal_name", "partita_iva", "ateco_code", "state", "employees", "law68_shortfall",
              "law68_art14_room", "version")


def _row(company: Company) -> dict:
    return {name: getattr(company, name) for name in ROW_FIELDS}


def company_out(company: Company) -> dict:
    company.refresh_from_db()
    box = selectors.company_law68(company=company)
    law68 = None
    if box.status is not None:
        s = box.status
        law68 = {"year": box.year, "estimated": box.estimated, "shortfall": s.shortfall,
                 **{k: getattr(s, k) for k in Law68Out.model_fields if k not in ("year", "estimated", "shortfall")}}
    return {
        **_row(company),
        **{name: getattr(company, name) for name in (
            "trade_names", "codice_fiscale", "ateco_edition", "ateco_label", "legal_form", "employees_as_of",
            "employees_source", "website", "phone", "email", "computable_headcount", "disabled_employed",
            "protected_employed", "state_changed_at")},
        "allowed_transitions": [s.value for s in allowed_targets(company.state)],
        "provenance": {item.field: [{"value": c.value, "source": c.source, "observed_at": c.observed_at,
                                     "recorded_at": c.recorded_at, "by": c.by_label,
                                     "current": c.pk == item.current_id} for c in item.claims]
                       for item in selectors.company_provenance(company=company)},
        "sites": [{k: getattr(site, k) for k in SiteOut.model_fields} for site, _c in
                  selectors.company_sites(company=company)],
        "state_history": [{"from_state": h.from_state, "to_state": h.to_state, "reason": h.reason, "at": h.at,
                           "by": h.by_label} for h in selectors.state_history(company=company)],
        "law68": law68,
        "art14_conventions": [{"id": r.convention.pk, "cooperative_id": r.convention.cooperative_id,
                               "cooperative": r.convention.cooperative.name, "year": r.convention.year,
                               "commission_value": r.convention.commission_value,
                               "disabled_workers_placed": r.convention.disabled_workers_placed,
                               "positions_covered": r.positions}
                              for r in selectors.company_conventions(company=company)],
    }


def _contact(contact) -> dict:
    return {**{k: getattr(contact, k) for k in ContactOut.model_fields if k != "may_be_contacted"},
            "may_be_contacted": contact.may_be_contacted}


def _values(payload: CompanyFields) -> dict:
    values = payload.dict(exclude_unset=True, exclude={"version", "site"})
    if "legal_form" in values and values["legal_form"] is not None:
        values["legal_form"] = LegalForm(values["legal_form"]).value
    return values


# --- operations --------------------------------------------------------------------------------------------

@router.get("/companies", response=Page[CompanyRowOut])
@allow(Action.COMPANY_VIEW, EMPLOYERS)
def company_list(request, q: str = "", comune: str = "", ateco: str = "", state: RelationshipState | None = None,
                 shortfall: bool = False, opportunity: str = "", page: int = 1, page_size: int = 50):
    """Search the registry: ``q`` words of the name or a partita IVA; ``comune`` an ISTAT code (any site);
    ``ateco`` a code prefix; ``opportunity`` ``direct`` or ``indirect`` (Law 68)."""
    companies = selectors.company_search(actor=request.actor, query=q, comune=comune, ateco=ateco,
                                         state=state.value if state else "", shortfall=shortfall,
                                         opportunity=opportunity if opportunity in ("direct", "indirect") else "")
    result = paginate(companies, page=page, page_size=page_size)
    selectors.registry_audit(actor=request.actor, purpose=EMPLOYERS, companies=result["items"])
    result["items"] = [_row(c) for c in result["items"]]
    return result


@router.post("/companies", response={201: CompanyOut, 422: Error})
@allow(Action.COMPANY_MANAGE, EMPLOYERS)
def company_create(request, payload: CompanyIn):
    site = payload.site.dict() if payload.site else None
    company = services.company_create(by=request.actor, values=_values(payload), site=site)
    return Status(201, company_out(company))


@router.get("/companies/{company_id}", response={200: CompanyOut, 404: Error})
@allow(Action.COMPANY_VIEW, EMPLOYERS)
def company_get(request, company_id: int):
    company = selectors.company_get(actor=request.actor, company_id=company_id, purpose=EMPLOYERS)
    return company_out(company)


@router.patch("/companies/{company_id}", response={200: CompanyOut, 404: Error, 409: Error, 422: Error})
@allow(Action.COMPANY_MANAGE, EMPLOYERS)
def company_update(request, company_id: int, payload: CompanyUpdateIn):
    """Record what the client says (as a manual claim); only the fields sent are touched."""
    company = selectors.company_get(actor=request.actor, company_id=company_id, purpose=EMPLOYERS,
                                    action=Action.COMPANY_MANAGE)
    services.company_update(by=request.actor, company=company, values=_values(payload), version=payload.version)
    return company_out(company)


@router.post("/companies/{company_id}/state", response={200: CompanyOut, 404: Error, 409: Error, 422: Error})
@allow(Action.COMPANY_MANAGE, EMPLOYERS)
def company_transition(request, company_id: int, payload: TransitionIn):
    company = selectors.company_get(actor=request.actor, company_id=company_id, purpose=EMPLOYERS,
                                    action=Action.COMPANY_MANAGE)
    services.company_transition(by=request.actor, company=company, to_state=payload.to_state.value,
                                reason=payload.reason, version=payload.version)
    return company_out(company)


@router.get("/companies/{company_id}/contacts", response={200: list[ContactOut], 403: Error, 404: Error})
@allow(Action.COMPANY_VIEW, EMPLOYERS)
def company_contacts(request, company_id: int, for_outreach: bool = False):
    """The company's contacts (personal data, audited). ``for_outreach=true`` leaves out whoever objected
    or has not given a consent that is needed."""
    from django.core.exceptions import PermissionDenied

    company = selectors.company_get(actor=request.actor, company_id=company_id, purpose=EMPLOYERS)
    if for_outreach:
        contacts = list(selectors.outreach_contacts(actor=request.actor, companies=[company], purpose=EMPLOYERS))
    else:
        contacts = selectors.company_contacts(actor=request.actor, company=company, purpose=EMPLOYERS)
    if contacts is None:
        raise PermissionDenied
    return [_contact(c) for c in contacts]


@router.post("/companies/{company_id}/contacts", response={201: ContactOut, 404: Error, 422: Error})
@allow(Action.COMPANY_MANAGE, EMPLOYERS)
def contact_add(request, company_id: int, payload: ContactIn):
    company = selectors.company_get(actor=request.actor, company_id=company_id, purpose=EMPLOYERS,
                                    action=Action.COMPANY_MANAGE)
    contact = services.contact_add(by=request.actor, company=company, data=payload.dict())
    return Status(201, _contact(contact))


@router.post("/companies/{company_id}/contacts/{contact_id}/opt-out", response={200: ContactOut, 404: Error})
@allow(Action.COMPANY_MANAGE, EMPLOYERS)
def contact_opt_out(request, company_id: int, contact_id: int):
    company = selectors.company_get(actor=request.actor, company_id=company_id, purpose=EMPLOYERS,
                                    action=Action.COMPANY_MANAGE)
    contact = selectors.contact_get(actor=request.actor, company=company, contact_id=contact_id,
                                    action=Action.COMPANY_MANAGE)
    return _contact(services.contact_opt_out(by=request.actor, contact=contact))


from florwork.employers import import_api  # noqa: E402, F401  (its operations join this router)
