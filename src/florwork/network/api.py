"""API operations on the services catalogue and partner referrals.

The same rules as the pages: the policy through the selectors and services, 404 for what the actor may not
see (or change), the partner reads a referral only through the shared view (``network/sharing.py``), and a
stale ``version`` is answered with 409.
"""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from florwork.accounts.models import Organization
from florwork.accounts.policy import Action, Actor
from florwork.accounts.roles import Role
from florwork.apicore import Error, Page, allow, paginate
from florwork.audit.models import Purpose
from florwork.cases.selectors import case_get
from florwork.network import rules, selectors, services
from florwork.network.models import CapacityPeriod, DisabilityRule, PartnerReferral, ReferralState, Service, ServiceKind
from florwork.network.sharing import shared_view
from florwork.territory.models import Comune

router = Router(tags=["network"])


# --- schemas ------------------------------------------------------------------------------------------

class ServiceFields(Schema):
    kind: ServiceKind | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=4000)
    dimension: str | None = Field(None, max_length=60, description="code of the assessment dimension addressed")
    min_age: int | None = Field(None, ge=0, le=120)
    max_age: int | None = Field(None, ge=0, le=120)
    pathways: list[int] | None = Field(None, description="GOL pathways 1-4; empty: every pathway")
    disability: DisabilityRule | None = None
    residence_comuni: list[str] | None = Field(None, description="ISTAT codes; empty: residents of any comune")
    capacity_period: CapacityPeriod | None = None
    seats_per_period: int | None = Field(None, ge=0, description="null: no seat limit")
    waiting_list: bool | None = None
    cost_per_participant: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)
    comune: str | None = Field(None, description="ISTAT code of the comune where the service is delivered")
    address: str | None = Field(None, max_length=200)
    schedule: str | None = Field(None, max_length=300)
    contact_name: str | None = Field(None, max_length=200)
    contact_phone: str | None = Field(None, max_length=30)
    contact_email: str | None = Field(None, max_length=254)


class ServiceIn(ServiceFields):
    kind: ServiceKind
    title: str = Field(min_length=1, max_length=200)
    comune: str
    organization_id: int | None = Field(None, description="the partner (programme manager only; default: yours)")


class ServicePatch(ServiceFields):
    version: int = Field(ge=1)


class ServiceOut(Schema):
    id: int
    organization_id: int
    organization: str
    kind: str
    title: str
    description: str
    dimension: str
    min_age: int | None
    max_age: int | None
    pathways: list[int]
    disability: str
    residence_comuni: list[str]
    capacity_period: str
    seats_per_period: int | None
    seats_left: int | None
    waiting_list: bool
    cost_per_participant: Decimal
    comune: str
    comune_name: str
    address: str
    schedule: str
    contact_name: str
    contact_phone: str
    contact_email: str
    is_archived: bool
    version: int
    ineligible: list[str] = Field([], description="for a case_id search: the rules the person does not meet")


class RemovedOut(Schema):
    outcome: str = Field(description="deleted, or archived when referrals point at the service")


class SendIn(Schema):
    case_id: int
    service_id: int
    reason: str = Field(min_length=1, max_length=4000)


class CaseReferralOut(Schema):
    """A partner referral as the sending case manager follows it."""

    id: int
    code: str
    case_id: int
    service_id: int
    service_title: str
    partner: str
    state: str
    state_reason: str
    reason: str
    pathway: int | None
    sent_at: datetime
    answer_due: date
    answered_at: datetime | None
    started_at: datetime | None
    closed_at: datetime | None


class SharedPersonOut(Schema):
    first_name: str
    last_name: str
    phone: str
    email: str
    italian_level: str
    other_languages: list


class SharedReferralOut(Schema):
    """A partner referral as the receiving partner sees it (see network/sharing.py)."""

    id: int
    code: str
    state: str
    state_reason: str
    service_id: int
    service_title: str
    reason: str
    pathway: int | None
    sending_organization: str
    sent_by_label: str
    sent_at: datetime
    answer_due: date
    answered_at: datetime | None
    started_at: datetime | None
    closed_at: datetime | None
    version: int
    allowed_transitions: list[str]
    person: SharedPersonOut | None = Field(description="null once the person's sharing consent is withdrawn")


class TransitionIn(Schema):
    to_state: ReferralState
    reason: str = Field("", max_length=500)
    version: int = Field(ge=1)


# --- building the bodies ------------------------------------------------------------------------------

def _service(service: Service, ineligible=()) -> dict:
    return {
        "id": service.pk, "organization_id": service.organization_id, "organization": service.organization.name,
        **{name: getattr(service, name) for name in (
            "kind", "title", "description", "dimension", "min_age", "max_age", "pathways", "disability",
            "capacity_period", "seats_per_period", "waiting_list", "cost_per_participant", "address", "schedule",
            "contact_name", "contact_phone", "contact_email", "is_archived", "version")},
        "residence_comuni": [c.istat_code for c in service.residence_comuni.all()],
        "seats_left": selectors.seats_left(service), "comune": service.comune.istat_code,
        "comune_name": service.comune.name, "ineligible": list(ineligible),
    }


def _case_referral(referral: PartnerReferral) -> dict:
    return {"id": referral.pk, "code": referral.code, "case_id": referral.case_id, "service_id": referral.service_id,
            "service_title": referral.service.title, "partner": referral.organization.name, "state": referral.state,
            "state_reason": referral.state_reason, "reason": referral.reason, "pathway": referral.pathway,
            "sent_at": referral.sent_at, "answer_due": referral.answer_due, "answered_at": referral.answered_at,
            "started_at": referral.started_at, "closed_at": referral.closed_at}


def _shared(referral: PartnerReferral) -> dict:
    view = shared_view(referral, consent_live=referral.consent_live)
    body = {name: getattr(view, name) for name in SharedReferralOut.model_fields if hasattr(view, name)}
    body["person"] = None if view.person is None else vars(view.person)
    body["allowed_transitions"] = rules.allowed_targets(view.state)
    return body


def _comune(code: str, field: str) -> Comune:
    comune = Comune.objects.filter(istat_code=code).first()
    if comune is None:
        raise ValidationError({field: _("There is no comune with ISTAT code %(code)s.") % {"code": code}})
    return comune


def _data(payload: ServiceFields, *, partial: bool) -> tuple[dict, list[Comune] | None]:
    fields = payload.model_dump(exclude_unset=partial, exclude={"organization_id", "version"})
    data = {name: (value.value if hasattr(value, "value") else value) for name, value in fields.items()
            if name != "residence_comuni" and (partial or value is not None)}
    for name in ("description", "dimension", "address", "schedule", "contact_name", "contact_phone",
                 "contact_email"):
        if name in data and data[name] is None:
            data[name] = ""
    if "comune" in data:
        data["comune"] = _comune(data["comune"], "comune")
    comuni = fields.get("residence_comuni")
    residence = None if comuni is None else [_comune(code, "residence_comuni") for code in comuni]
    return data, residence


def _organization_for(actor: Actor, organization_id: int | None) -> Organization:
    if organization_id is None or actor.role != Role.PROGRAMME_MANAGER:
        if organization_id not in (None, actor.organization_id):
            raise ValidationError({"organization_id": _("You publish services of your own organization only.")})
        organization_id = actor.organization_id
    organization = Organization.objects.filter(pk=organization_id, is_active=True).first()
    if organization is None:
        raise ValidationError({"organization_id": _("There is no such organization.")})
    return organization


# --- the catalogue ------------------------------------------------------------------------------------

@router.get("/services", response=Page[ServiceOut])
@allow(Action.SERVICE_VIEW)
def service_list(request, kind: ServiceKind | None = None, dimension: str = "", comune: str = "",
                 available: bool = False, q: str = "", case_id: int | None = None, eligible: bool = False,
                 page: int = 1, page_size: int = 50):
    """Search by need (kind, dimension), place (comune ISTAT code) and free seats; with ``case_id`` (case
    managers), each service says which eligibility rules the person does not meet, and ``eligible`` keeps
    only those they meet."""
    actor = request.actor
    found = selectors.service_search(actor=actor, kind=kind.value if kind else "", dimension=dimension,
                                     comune_istat=comune, available=available, query=q)
    applicant = None
    if case_id is not None:
        case = case_get(actor=actor, case_id=case_id, purpose=Purpose.PARTNER_SERVICE, action=Action.CASE_UPDATE)
        applicant = selectors.applicant_for(actor, case)
        if eligible:
            found = selectors.eligible(found, applicant)
    result = paginate(found, page=page, page_size=page_size) if not isinstance(found, list) else _page_list(
        found, page, page_size)
    result["items"] = [_service(s, rules.ineligibility(selectors.eligibility_of(s), applicant) if applicant else ())
                       for s in result["items"]]
    return result


def _page_list(items: list, page: int, page_size: int) -> dict:
    class _Sized(list):
        def count(self):  # paginate() calls queryset.count()
            return len(self)

    return paginate(_Sized(items), page=page, page_size=page_size)


@router.get("/services/{service_id}", response=ServiceOut)
@allow(Action.SERVICE_VIEW)
def service_get(request, service_id: int):
    return _service(selectors.service_get(actor=request.actor, service_id=service_id))


@router.post("/services", response={201: ServiceOut, 403: Error, 422: Error})
@allow(Action.SERVICE_MANAGE, Purpose.PARTNER_SERVICE)
def service_create(request, payload: ServiceIn):
    organization = _organization_for(request.actor, payload.organization_id)
    data, residence = _data(payload, partial=False)
    service = services.service_create(by=request.actor, organization=organization, data=data,
                                      residence_comuni=residence or [])
    return Status(201, _service(selectors.service_get(actor=request.actor, service_id=service.pk)))


@router.patch("/services/{service_id}", response={200: ServiceOut, 404: Error, 409: Error, 422: Error})
@allow(Action.SERVICE_MANAGE, Purpose.PARTNER_SERVICE)
def service_update(request, service_id: int, payload: ServicePatch):
    service = selectors.service_get(actor=request.actor, service_id=service_id, action=Action.SERVICE_MANAGE)
    data, residence = _data(payload, partial=True)
    services.service_update(by=request.actor, service=service, version=payload.version, changes=data,
                            residence_comuni=residence)
    return _service(selectors.service_get(actor=request.actor, service_id=service.pk))


@router.delete("/services/{service_id}", response={200: RemovedOut, 404: Error})
@allow(Action.SERVICE_MANAGE, Purpose.PARTNER_SERVICE)
def service_remove(request, service_id: int):
    """Delete a service nobody was referred to; one with referrals is archived instead (never orphaned)."""
    service = selectors.service_get(actor=request.actor, service_id=service_id, action=Action.SERVICE_MANAGE)
    return {"outcome": services.service_remove(by=request.actor, service=service)}


# --- partner referrals: the sending case manager ------------------------------------------------------

@router.post("/partner-referrals", response={201: CaseReferralOut, 404: Error, 422: Error})
@allow(Action.PARTNER_REFERRAL_SEND, Purpose.PARTNER_SERVICE)
def partner_referral_send(request, payload: SendIn):
    """Refer the case's person to a service; needs their live consent to share with the service's partner."""
    actor = request.actor
    case = case_get(actor=actor, case_id=payload.case_id, purpose=request.purpose, action=Action.CASE_UPDATE)
    service = selectors.service_get(actor=actor, service_id=payload.service_id)
    referral = services.partner_referral_send(by=actor, case=case, service=service, reason=payload.reason)
    referral = PartnerReferral.objects.select_related("service", "organization").get(pk=referral.pk)
    return Status(201, _case_referral(referral))


@router.get("/cases/{case_id}/partner-referrals", response=list[CaseReferralOut])
@allow(Action.PARTNER_REFERRAL_SEND, Purpose.PARTNER_SERVICE)
def case_partner_referrals(request, case_id: int):
    case = case_get(actor=request.actor, case_id=case_id, purpose=request.purpose, action=Action.CASE_UPDATE)
    return [_case_referral(r) for r in selectors.case_partner_referrals(actor=request.actor, case=case)]


# --- partner referrals: the receiving partner ---------------------------------------------------------

@router.get("/partner-referrals/inbox", response=Page[SharedReferralOut])
@allow(Action.PARTNER_REFERRAL_RECEIVE, Purpose.PARTNER_SERVICE)
def inbox(request, state: ReferralState | None = None, open_only: bool = False, page: int = 1,
          page_size: int = 50):
    referrals = selectors.inbox(actor=request.actor, state=state.value if state else "", open_only=open_only)
    result = paginate(referrals, page=page, page_size=page_size)
    selectors.referrals_audit(actor=request.actor, purpose=request.purpose, referrals=result["items"])
    result["items"] = [_shared(r) for r in result["items"]]
    return result


@router.get("/partner-referrals/{referral_id}", response=SharedReferralOut)
@allow(Action.PARTNER_REFERRAL_RECEIVE, Purpose.PARTNER_SERVICE)
def partner_referral_get(request, referral_id: int):
    return _shared(selectors.partner_referral_get(actor=request.actor, referral_id=referral_id,
                                                  purpose=request.purpose))


@router.post("/partner-referrals/{referral_id}/transition",
             response={200: SharedReferralOut, 404: Error, 409: Error, 422: Error})
@allow(Action.PARTNER_REFERRAL_RECEIVE, Purpose.PARTNER_SERVICE)
def partner_referral_transition(request, referral_id: int, payload: TransitionIn):
    """Answer (accepted, declined with reason, waiting_list) or report (started, completed, interrupted with
    reason). Accepting beyond the period's seats is refused (422 on ``to_state``, offering the waiting list)."""
    actor = request.actor
    referral = selectors.partner_referral_get(actor=actor, referral_id=referral_id, purpose=request.purpose)
    services.partner_referral_transition(by=actor, referral=referral, to_state=payload.to_state.value,
                                         reason=payload.reason, version=payload.version)
    return _shared(selectors.partner_referral_get(actor=actor, referral_id=referral_id, purpose=request.purpose))
