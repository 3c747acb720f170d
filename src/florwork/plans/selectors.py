"""Reads of plans, revisions, suggestions and the catalogue for the plan, filtered by the access policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from florwork.accounts.policy import Action, Actor, may
from florwork.assessment.models import Dimension, PathwayDecision, in_language
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.cases.models import Case
from florwork.cases.selectors import case_get
from florwork.network.models import Service, ServiceKind
from florwork.network.selectors import seats_left, service_get, service_search
from florwork.people.models import Consent
from florwork.plans import suggest
from florwork.plans.models import ActionStatus, Plan, PlanAction, PlanRevision, RevisionStatus, SuggestionRuleSet
from florwork.rulesets import ruleset_current, ruleset_history


def rules_current() -> SuggestionRuleSet | None:
    return ruleset_current(SuggestionRuleSet)


def rules_history() -> list[SuggestionRuleSet]:
    return ruleset_history(SuggestionRuleSet)


def case_get_for_plan(*, actor: Actor, case_id: int, purpose: str) -> Case:
    """The case, if the actor may build its plan (a case manager of its hub team); 404 otherwise."""
    if not may(actor, Action.PLAN_MANAGE):
        raise Http404
    return case_get(actor=actor, case_id=case_id, purpose=purpose, action=Action.CASE_UPDATE)


def plan_of(case: Case) -> Plan | None:
    return Plan.objects.filter(case=case).first()


def revisions(plan: Plan) -> list[PlanRevision]:
    return list(plan.revisions.order_by("-number"))


def revision_current(plan: Plan) -> PlanRevision:
    """The revision worked on: the latest one (a draft, or the signed one when no new draft is open)."""
    return plan.revisions.select_related("plan__case").order_by("-number").first()


def revision_get(*, plan: Plan, number: int | None) -> PlanRevision:
    if number is None:
        return revision_current(plan)
    revision = plan.revisions.select_related("plan__case").filter(number=number).first()
    if revision is None:
        raise Http404
    return revision


def revision_in_force(case: Case) -> PlanRevision | None:
    """The revision the person signed and that still applies (for the alerts and the case page)."""
    return PlanRevision.objects.filter(plan__case=case, status=RevisionStatus.SIGNED).first()


def actions_overdue(*, today: date) -> QuerySet[PlanAction]:
    """Open actions of signed plans whose end date has passed (for the alert engine, with SYSTEM)."""
    return (PlanAction.objects.filter(revision__status=RevisionStatus.SIGNED, ends_on__lt=today,
                                      status__in=ActionStatus.open_values())
            .select_related("revision__plan"))


def audit_plan_read(*, actor: Actor, plan: Plan, purpose: str, fields=("goals", "actions", "reviews"),
                    **detail) -> None:
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="plans.Plan",
                 object_id=plan.pk, object_label=f"plan {plan.pk}", fields=list(fields),
                 detail={"case": plan.case_id, "person": plan.person_id, **detail})


def revision_content(revision: PlanRevision) -> PlanRevision:
    """The revision with its goals, actions and review dates loaded (one query each)."""
    revision.goal_list = list(revision.goals.select_related("dimension"))
    revision.action_list = list(revision.actions.select_related("service", "owner_organization", "goal"))
    revision.review_list = list(revision.reviews.all())
    revision.total_cost = sum((a.cost for a in revision.action_list if a.status != ActionStatus.CANCELLED),
                              start=0)
    return revision


def live_consents(person_id: int) -> list[Consent]:
    return list(Consent.objects.filter(person_id=person_id, withdrawn_at__isnull=True).order_by("given_at"))


# --- suggestions -------------------------------------------------------------------------------------

@dataclass
class SuggestionRow:
    suggestion: suggest.Suggestion
    action: str
    goal: str
    indicator: str
    dimension_label: str
    kind_label: str
    applied: bool
    services: list[Service] = field(default_factory=list)


@dataclass
class Suggestions:
    decision: PathwayDecision | None
    rule_set: SuggestionRuleSet | None
    rows: list[SuggestionRow]

    @property
    def pending(self) -> list[SuggestionRow]:
        return [row for row in self.rows if not row.applied]


def latest_decision(case: Case) -> PathwayDecision | None:
    """The case's confirmed pathway: the decision on its latest finalized assessment."""
    return (PathwayDecision.objects.filter(case=case).select_related("assessment")
            .order_by("-decided_at", "-pk").first())


def suggestions_for(*, actor: Actor, case: Case, revision: PlanRevision | None,
                    with_services: bool = True) -> Suggestions:
    """What the rules in force suggest for the case (pathway + weakest dimensions), each marked when the
    revision already has it; nothing is applied here."""
    decision = latest_decision(case)
    rule_set = rules_current()
    if decision is None or rule_set is None:
        return Suggestions(decision, rule_set, [])
    scores = decision.assessment.scores.get("dimensions", {})
    found = suggest.suggest(rule_set.rules, pathway=decision.chosen, scores=scores)
    labels = {d.code: d.label for d in Dimension.objects.filter(instrument_id=decision.assessment.instrument_id)}
    applied = set()
    if revision is not None:
        applied = set(revision.actions.exclude(suggestion="").values_list("suggestion", flat=True)) | set(
            revision.goals.exclude(suggestion="").values_list("suggestion", flat=True))
    kinds = dict(ServiceKind.choices)
    rows = []
    for s in found:
        rows.append(SuggestionRow(
            suggestion=s, action=in_language(dict(s.action)), goal=in_language(dict(s.goal)) if s.goal else "",
            indicator=in_language(dict(s.indicator)) if s.indicator else "",
            dimension_label=labels.get(s.dimension, s.dimension), kind_label=str(kinds.get(s.kind, "")),
            applied=s.key in applied,
            services=services_matching(actor=actor, kind=s.kind, pathway=decision.chosen, limit=8)
            if with_services and s.kind else []))
    return Suggestions(decision, rule_set, rows)


# --- the catalogue, for the plan ---------------------------------------------------------------------

def services_matching(*, actor: Actor, kind: str = "", query: str = "", pathway: int | None = None,
                      limit: int = 20) -> list[Service]:
    """Live catalogue services (through the network's search: by kind and words, with their free seats),
    open to the pathway when given."""
    found = []
    for service in service_search(actor=actor, kind=kind, query=query)[:limit * 3]:
        # the pathways are a short JSON list; filtered here, as SQLite has no JSON containment
        if pathway is None or not service.pathways or pathway in service.pathways:
            service.seats_left = seats_left(service)
            found.append(service)
    return found[:limit]


def service_for_plan(*, actor: Actor, service_id: int) -> Service:
    return service_get(actor=actor, service_id=service_id)
