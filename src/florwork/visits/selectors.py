"""Reads of visits and visit plans, filtered by the access policy; reads of reports (personal data) audited."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from florwork.accounts.policy import Action, Actor, may, may_read_contacts
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.employers.models import Company
from florwork.visits.models import PlanStop, RoutingParameters, Visit, VisitPlan


def routing_parameters() -> RoutingParameters:
    """The routing parameters row (the data migration makes it; recreated with defaults if someone deleted it)."""
    row = RoutingParameters.objects.order_by("pk").first()
    return row if row is not None else RoutingParameters.objects.create()


# --- visit reports ------------------------------------------------------------------------------------------

def visible_visits(*, actor: Actor) -> QuerySet[Visit]:
    if not may(actor, Action.COMPANY_VIEW):
        return Visit.objects.none()
    return Visit.objects.select_related("company", "site", "organization", "stop")


def visit_get(*, actor: Actor, visit_id: int, purpose: str, action: Action = Action.COMPANY_VIEW) -> Visit:
    """The visit if the actor may act on it (404 otherwise); the read is audited (it names people met)."""
    visit = visible_visits(actor=actor).filter(pk=visit_id).first()
    if visit is None or not may(actor, action, visit):
        raise Http404
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="visits.Visit",
                 object_id=visit.pk, object_label=visit.code, fields=["report"])
    return visit


def visit_contacts(*, actor: Actor, visit: Visit) -> list | None:
    """The company's people met, or None when the actor's role may not read contacts."""
    if not may_read_contacts(actor):
        return None
    return list(visit.contacts.all())


def company_visits(*, actor: Actor, company: Company) -> QuerySet[Visit]:
    return visible_visits(actor=actor).filter(company=company).order_by("-date", "-pk")


def visit_list(*, actor: Actor, company_id: int | None = None, organization_only: bool = False) -> QuerySet[Visit]:
    visits = visible_visits(actor=actor)
    if company_id is not None:
        visits = visits.filter(company_id=company_id)
    if organization_only:
        visits = visits.filter(organization_id=actor.organization_id)
    return visits.order_by("-date", "-pk")


# --- visit plans ----------------------------------------------------------------------------------------------

def visible_plans(*, actor: Actor) -> QuerySet[VisitPlan]:
    if not may(actor, Action.COMPANY_VIEW):
        return VisitPlan.objects.none()
    if actor.is_system:
        return VisitPlan.objects.all()
    return VisitPlan.objects.filter(organization_id=actor.organization_id)


def plan_get(*, actor: Actor, plan_id: int, action: Action = Action.COMPANY_VIEW) -> VisitPlan:
    plan = visible_plans(actor=actor).filter(pk=plan_id).first()
    if plan is None or not may(actor, action, plan):
        raise Http404
    return plan


def stop_get(*, actor: Actor, stop_id: int) -> PlanStop:
    """A planned visit of one of the actor's organization's plans (404 otherwise)."""
    stop = PlanStop.objects.select_related("route__plan", "route__officer", "company").filter(pk=stop_id).first()
    if stop is None or not may(actor, Action.COMPANY_MANAGE, stop.route.plan):
        raise Http404
    return stop
