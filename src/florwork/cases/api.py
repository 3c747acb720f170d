"""API operations on referrals and cases: refer, caseload, read with SLA clocks, transition, assign,
log a contact, timeline.

The same rules as the pages: the policy through the selectors and services, 404 for a case the actor may
not see (or not change), audited reads, and a stale ``version`` answered with 409 and the error body.
"""

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field, model_validator

from florwork.accounts.models import Organization
from florwork.accounts.policy import Action, Actor
from florwork.accounts.roles import Role
from florwork.apicore import Error, Page, allow, paginate
from florwork.audit.models import Purpose
from florwork.cases import selectors, services
from florwork.cases.lifecycle import allowed_targets
from florwork.cases.models import Case, CaseState, ContactChannel, EventKind, Need, Urgency
from florwork.cases.sla import SlaStatus
from florwork.conflicts import Conflict
from florwork.people.api import PersonIn, new_person_data, read_purpose
from florwork.people.selectors import visible_persons

router = Router(tags=["cases"])


# --- schemas ------------------------------------------------------------------------------------------

class ReferralIn(Schema):
    """Refer a person already registered (``person_id``) or a new one (``person``), not both."""

    person_id: int | None = None
    person: PersonIn | None = None
    reason: str = Field(min_length=1, max_length=4000)
    needs: list[Need] = []
    urgency: Urgency = Urgency.NORMAL
    team_id: int | None = Field(None, description="the hub team to refer to (default: the hub operator)")

    @model_validator(mode="after")
    def one_person(self):
        if (self.person_id is None) == (self.person is None):
            raise ValueError(_("Give either person_id or person, not both and not neither."))
        return self


class SlaOut(Schema):
    clock: str
    state: str
    elapsed_working_days: int
    remaining_working_days: int
    overdue_working_days: int
    due_date: date | None


class PersonRefOut(Schema):
    id: int
    first_name: str
    last_name: str


class CaseRowOut(Schema):
    id: int
    code: str
    state: str
    version: int
    owner_id: int | None
    owner_name: str
    # null when the actor may no longer see the person (e.g. the case-management consent was withdrawn)
    person: PersonRefOut | None
    referred_at: datetime
    last_contact_at: datetime | None
    days_since_contact: int | None
    next_due_date: date | None
    risk_flags: list[str]
    breaches: int
    due_soon: bool
    sla: list[SlaOut]


class ReferralOut(Schema):
    id: int
    referring_organization: str
    reason: str
    needs: list[str]
    urgency: str
    created_at: datetime


class CaseOut(CaseRowOut):
    state_reason: str
    state_changed_at: datetime
    team_organization_id: int
    first_contact_at: datetime | None
    intake_at: datetime | None
    assessed_at: datetime | None
    closed_at: datetime | None
    allowed_transitions: list[str]
    referral: ReferralOut


class TransitionIn(Schema):
    to_state: CaseState
    reason: str = Field("", max_length=300)
    version: int = Field(ge=1)


class AssignIn(Schema):
    case_manager_id: int
    version: int = Field(ge=1)


class ContactIn(Schema):
    channel: ContactChannel
    occurred_at: datetime | None = Field(None, description="default: now")
    text: str = Field("", max_length=4000)


class EventOut(Schema):
    id: int
    kind: str
    channel: str
    occurred_at: datetime
    recorded_at: datetime
    by_label: str
    text: str
    from_state: str
    to_state: str
    has_document: bool


# --- building the bodies ------------------------------------------------------------------------------

def _sla(statuses: list[SlaStatus]) -> list[dict]:
    return [{"clock": s.clock.value, "state": s.state.value, "elapsed_working_days": s.elapsed_working_days,
             "remaining_working_days": s.remaining_working_days, "overdue_working_days": s.overdue_working_days,
             "due_date": s.due_date} for s in statuses]


def _row(row: selectors.CaseloadRow, *, person_visible: bool) -> dict:
    case = row.case
    return {
        "id": case.pk, "code": case.code, "state": case.state, "version": case.version, "owner_id": case.owner_id,
        "owner_name": str(case.owner) if case.owner else "",
        "person": {"id": case.person.pk, "first_name": case.person.first_name,
                   "last_name": case.person.last_name} if person_visible else None,
        "referred_at": case.referred_at, "last_contact_at": case.last_contact_at,
        "days_since_contact": row.days_since_contact, "next_due_date": case.next_due_date,
        "risk_flags": [str(flag) for flag in case.risk_flags], "breaches": row.breaches, "due_soon": row.due_soon,
        "sla": _sla(row.sla),
    }


def _with_person_visibility(cases, actor: Actor):
    """Whether the actor may see each case's person, in the same query (the policy's own scope)."""
    return cases.annotate(person_visible=Exists(visible_persons(actor=actor).filter(pk=OuterRef("person_id"))))


def case_out(*, actor: Actor, case: Case) -> dict:
    case = _with_person_visibility(Case.objects.filter(pk=case.pk), actor).select_related(
        "person", "owner", "referral__referring_organization").get()
    row = selectors.caseload_rows([case])[0]
    referral = case.referral
    return {
        **_row(row, person_visible=case.person_visible),
        "state_reason": case.state_reason, "state_changed_at": case.state_changed_at,
        "team_organization_id": case.team_organization_id, "first_contact_at": case.first_contact_at,
        "intake_at": case.intake_at, "assessed_at": case.assessed_at, "closed_at": case.closed_at,
        "allowed_transitions": sorted(allowed_targets(case.state, case.suspended_from or None)),
        "referral": {"id": referral.pk, "referring_organization": referral.referring_organization.name,
                     "reason": referral.reason, "needs": referral.needs, "urgency": referral.urgency,
                     "created_at": referral.created_at},
    }


def _case_to_change(actor: Actor, case_id: int, action: Action) -> Case:
    """The case if the actor may perform ``action`` on it; 404 otherwise, as for a missing one."""
    case = selectors.visible_cases(actor=actor, action=action).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


REFERRAL_FIELDS = {"reason", "needs", "urgency", "team"}


def _named_after_the_body(error: ValidationError, payload: ReferralIn) -> ValidationError:
    """Name the fields as the body did: ``person_id``, or ``person.<field>`` of a new person."""
    if not hasattr(error, "error_dict"):
        return error
    if payload.person_id is not None:
        rename = {"person": "person_id"}
    else:
        rename = {name: f"person.{name}" for name in error.error_dict if name not in REFERRAL_FIELDS | {"person"}}
    return ValidationError({rename.get(name, name): errors for name, errors in error.error_dict.items()})


# --- operations ---------------------------------------------------------------------------------------

@router.post("/referrals", response={201: CaseOut, 404: Error, 422: Error})
@allow(Action.REFERRAL_CREATE, Purpose.REFERRAL)
def referral_create(request, payload: ReferralIn):
    actor = request.actor
    team = None
    if payload.team_id is not None:
        team = Organization.objects.filter(pk=payload.team_id, is_active=True).first()
        if team is None:
            raise ValidationError({"team_id": _("There is no such hub team.")})
    referral = {"reason": payload.reason, "needs": [n.value for n in payload.needs],
                "urgency": payload.urgency.value, "team": team}
    try:
        if payload.person is not None:
            case = services.referral_create_for_new_person(
                by=actor, person_data=new_person_data(actor=actor, data=payload.person),
                accept_mismatches=payload.person.accept_mismatches, **referral)
        else:
            person = visible_persons(actor=actor).filter(pk=payload.person_id).first()
            if person is None:
                raise Http404
            case = services.referral_create(by=actor, person=person, **referral)
    except ValidationError as error:
        raise _named_after_the_body(error, payload) from None
    return Status(201, case_out(actor=actor, case=case))


@router.get("/cases", response=Page[CaseRowOut])
@allow(Action.CASE_VIEW)
def case_list(request, mine: bool | None = None, state: CaseState | None = None, owner_id: int | None = None,
              unassigned: bool = False, q: str = "", include_closed: bool = False, page: int = 1,
              page_size: int = 50):
    """The actor's caseload; ``mine`` defaults to true for case managers and false for everyone else."""
    actor = request.actor
    mine = actor.role == Role.CASE_MANAGER if mine is None else mine
    cases = selectors.caseload(actor=actor, mine=mine, state=state.value if state else "", owner_id=owner_id,
                               unassigned=unassigned, query=q, include_closed=include_closed)
    result = paginate(_with_person_visibility(cases, actor), page=page, page_size=page_size)
    selectors.caseload_audit(actor=actor, purpose=read_purpose(actor), cases=result["items"])
    rows = selectors.caseload_rows(result["items"])
    result["items"] = [_row(row, person_visible=row.case.person_visible) for row in rows]
    return result


@router.get("/cases/{case_id}", response=CaseOut)
@allow(Action.CASE_VIEW)
def case_get(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id, purpose=read_purpose(request.actor))
    return case_out(actor=request.actor, case=case)


@router.post("/cases/{case_id}/transition", response={200: CaseOut, 404: Error, 409: Error, 422: Error})
@allow(Action.CASE_UPDATE, Purpose.CASE_MANAGEMENT)
def case_transition(request, case_id: int, payload: TransitionIn):
    case = _case_to_change(request.actor, case_id, Action.CASE_UPDATE)
    services.case_transition(by=request.actor, case=case, to_state=payload.to_state.value,
                             reason=payload.reason, version=payload.version)
    return case_out(actor=request.actor, case=case)


@router.post("/cases/{case_id}/assign", response={200: CaseOut, 404: Error, 409: Error, 422: Error})
@allow(Action.CASE_ASSIGN, Purpose.CASE_MANAGEMENT)
def case_assign(request, case_id: int, payload: AssignIn):
    case = _case_to_change(request.actor, case_id, Action.CASE_ASSIGN)
    if case.version != payload.version:  # the service only writes on a change: check the version here too
        raise Conflict
    services.case_assign(by=request.actor, case=case, case_manager_id=payload.case_manager_id,
                         version=payload.version)
    return case_out(actor=request.actor, case=case)


@router.post("/cases/{case_id}/contacts", response={201: EventOut, 404: Error, 422: Error})
@allow(Action.CASE_UPDATE, Purpose.CASE_MANAGEMENT)
def case_log_contact(request, case_id: int, payload: ContactIn):
    case = _case_to_change(request.actor, case_id, Action.CASE_UPDATE)
    event = services.case_log_contact(by=request.actor, case=case, channel=payload.channel.value,
                                      occurred_at=payload.occurred_at or timezone.now(), text=payload.text)
    return Status(201, _event(event))


def _event(event) -> dict:
    return {"id": event.pk, "kind": event.kind, "channel": event.channel, "occurred_at": event.occurred_at,
            "recorded_at": event.recorded_at, "by_label": event.by_label, "text": event.text,
            "from_state": event.from_state, "to_state": event.to_state, "has_document": bool(event.document)}


@router.get("/cases/{case_id}/timeline", response=Page[EventOut])
@allow(Action.CASE_VIEW)
def case_timeline(request, case_id: int, kind: Annotated[list[EventKind], Query()] = (), page: int = 1,
                  page_size: int = 50):
    case = selectors.case_get(actor=request.actor, case_id=case_id, purpose=read_purpose(request.actor))
    events = selectors.case_timeline(case=case, kinds=[k.value for k in kind])
    result = paginate(events, page=page, page_size=page_size)
    result["items"] = [_event(event) for event in result["items"]]
    return result
