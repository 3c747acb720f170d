"""The plan's life: applying the suggestions the case manager ticked, starting a new revision from the signed
one, signing (the scan of the patto uploaded back), and the suggestion rules. One transaction each, audited."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.policy import Action, Actor, may
from florwork.assessment.models import Dimension, InstrumentStatus, in_language
from florwork.audit.models import Operation
from florwork.cases.lifecycle import State
from florwork.cases.models import Case
from florwork.cases.services import case_transition
from florwork.network.models import Service, ServiceKind
from florwork.plans import selectors, services, suggest
from florwork.plans.models import Plan, PlanAction, PlanRevision, ReviewDate, RevisionStatus, SuggestionRuleSet
from florwork.rulesets import ruleset_save
from florwork.web.uploads import check_upload

_require, _audit, _changed, _locked, _bump = (services._require, services._audit, services._changed,
                                              services._locked, services._bump)


def suggestions_apply(*, by: Actor, revision: PlanRevision, version: int,
                      chosen: dict[str, int | None]) -> list[PlanAction]:
    """Add the suggestions the case manager ticked ({rule id: service id or None for a free action}): each
    becomes its goal (if the rule has one) and its action. Only what the rules in force suggest for the
    case now can be added; nothing else is ever applied."""
    plan = revision.plan
    _require(by, plan)
    if not chosen:
        raise ValidationError({"chosen": _("Tick at least one suggestion to add.")})
    offered = {row.suggestion.key: row for row in
               selectors.suggestions_for(actor=by, case=plan.case, revision=revision, with_services=False).rows}
    unknown = sorted(key for key in chosen if key not in offered)
    if unknown:
        raise ValidationError({"chosen": _("Not suggested for this case: %(keys)s.") % {"keys": ", ".join(unknown)}})
    applied = sorted(key for key in chosen if offered[key].applied)
    if applied:
        raise ValidationError({"chosen": _("Already in the plan: %(keys)s.") % {"keys": ", ".join(applied)}})
    decision = selectors.latest_decision(plan.case)
    dimensions = dict(Dimension.objects.filter(instrument_id=decision.assessment.instrument_id)
                      .values_list("code", "pk"))
    added = []
    with transaction.atomic():
        _locked(revision, version)
        for key, service_id in chosen.items():
            row = offered[key].suggestion
            service = _chosen_service(service_id, key)
            goal = None
            if row.goal:
                goal = services.goal_add(by=by, revision=revision, version=revision.version, suggestion=key, data={
                    "title": in_language(dict(row.goal)), "indicator": in_language(dict(row.indicator)),
                    "target_on": revision.ends_on, "dimension_id": dimensions.get(row.dimension)})
            data = services.suggestion_action_data(revision, row, service)
            added.append(services.action_add(by=by, revision=revision, version=revision.version, suggestion=key,
                                             data={**data, "goal_id": goal.pk if goal else None}))
        _audit(by, Operation.UPDATE, plan, ["goals", "actions"], revision=revision.number,
               suggestions=sorted(chosen), pathway=decision.chosen)
    return added


def _chosen_service(service_id: int | None, key: str) -> Service | None:
    if service_id is None:
        return None
    service = Service.objects.filter(pk=service_id, is_archived=False).first()
    if service is None:
        raise ValidationError({f"service.{key}": _("Choose a service of the catalogue that is still offered.")})
    return service


def revision_start(*, by: Actor, plan: Plan, version: int, note: str = "") -> PlanRevision:
    """A new draft revision, copied from the signed one (which stays as it is, readable and in force until
    the new one is signed)."""
    _require(by, plan)
    current = selectors.revision_current(plan)
    if current.status == RevisionStatus.DRAFT:
        raise ValidationError(_("Revision %(n)s is still a draft: change it, no new revision is needed.")
                              % {"n": current.number}, code="draft_open")
    note = note.strip()[:300]
    with transaction.atomic():
        _locked(current, version, draft=False)
        new = PlanRevision.objects.create(
            plan=plan, number=current.number + 1, starts_on=current.starts_on, ends_on=current.ends_on,
            responsibilities=list(current.responsibilities), pathway=current.pathway, note=note,
            created_at=timezone.now(), created_by_id=by.user_id, created_by_label=by.label[:200])
        _copy_contents(current, new)
        _bump(current)  # a second "new revision" from the same page is a conflict, not a second draft
        _audit(by, Operation.UPDATE, plan, ["revision"], revision=new.number, copied_from=current.number)
        _changed(plan)
    return new


def _copy_contents(source: PlanRevision, target: PlanRevision) -> None:
    goals = {}
    for goal in source.goals.all():
        old = goal.pk
        goal.pk, goal.revision = None, target
        goal.save()
        goals[old] = goal.pk
    PlanAction.objects.bulk_create([
        PlanAction(revision=target, goal_id=goals.get(a.goal_id), title=a.title, service_id=a.service_id,
                   service_kind=a.service_kind, owner_organization_id=a.owner_organization_id,
                   owner_name=a.owner_name, starts_on=a.starts_on, ends_on=a.ends_on, status=a.status,
                   cost=a.cost, suggestion=a.suggestion, order=a.order) for a in source.actions.all()])
    ReviewDate.objects.bulk_create([ReviewDate(revision=target, due_on=r.due_on, note=r.note)
                                    for r in source.reviews.all()])


def _check_signable(revision: PlanRevision) -> None:
    missing = []
    if not revision.goals.exists():
        missing.append(_("at least one goal"))
    if not revision.actions.exists():
        missing.append(_("at least one action"))
    if not revision.reviews.exists():
        missing.append(_("a review date"))
    if missing:
        raise ValidationError(_("Before signing, the plan needs %(missing)s.") % {"missing": ", ".join(missing)},
                              code="incomplete")


def plan_sign(*, by: Actor, revision: PlanRevision, version: int, document) -> PlanRevision:
    """Record the signed patto: the scan is kept, the revision frozen, the one it replaces superseded; a case
    still assessed moves to planned."""
    plan = revision.plan
    _require(by, plan)
    if document is None:
        raise ValidationError({"document": _("Upload the scan of the signed agreement.")})
    try:
        extension = check_upload(document)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from None
    # a random name: the person's name, often in the scan's, stays out of the file system
    document.name = f"patto-{uuid.uuid4().hex}{extension}"
    _check_signable(revision)
    at = timezone.now()
    with transaction.atomic():
        row = _locked(revision, version)
        previous = PlanRevision.objects.select_for_update().filter(plan=plan, status=RevisionStatus.SIGNED).first()
        if previous is not None:
            PlanRevision.objects.filter(pk=previous.pk).update(status=RevisionStatus.SUPERSEDED, superseded_at=at)
        row.signed_document = document
        row.status, row.signed_at, row.signed_by_id, row.signed_by_label = (
            RevisionStatus.SIGNED, at, by.user_id, by.label[:200])
        row.version = revision.version + 1
        row.save(update_fields=["signed_document", "status", "signed_at", "signed_by", "signed_by_label", "version"])
        for name in ("signed_document", "status", "signed_at", "signed_by_id", "signed_by_label", "version"):
            setattr(revision, name, getattr(row, name))
        case = Case.objects.get(pk=plan.case_id)
        if case.state == State.ASSESSED:
            case_transition(by=by, case=case, to_state=State.PLANNED, version=case.version, at=at)
        _audit(by, Operation.UPDATE, plan, ["status", "signed_document"], revision=revision.number,
               superseded=previous.number if previous else None, case_state=case.state)
        _changed(plan)
    return revision


# --- suggestion rules --------------------------------------------------------------------------------

def rules_save(*, by: Actor, rules: Any, note: str = "") -> SuggestionRuleSet:
    """Save the suggestion rules as a new version (the history is every version); invalid rules are refused."""
    if not may(by, Action.RULES_MANAGE):
        raise PermissionDenied
    known = Dimension.objects.filter(instrument__status=InstrumentStatus.PUBLISHED).values_list("code", flat=True)
    try:
        suggest.validate(rules, known, ServiceKind.values)
    except suggest.InvalidRules as invalid:
        raise ValidationError({"rules": invalid.errors}, code="invalid_rules") from None
    return ruleset_save(SuggestionRuleSet, by=by, rules=rules, note=note)
