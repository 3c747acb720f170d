"""Loading the demo people: each person and their story through the people and cases services, as the
operators would have done it, one transaction per person.

The social worker registers and refers, the programme manager assigns, the case managers take the
contacts, notes, consents, state changes and assessments (see assessments.py), so the audit log and
the timelines read like real work.
A person whose codice fiscale is already in the database is skipped: re-running creates nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from florwork.accounts.models import Membership, Organization
from florwork.accounts.policy import Actor
from florwork.accounts.roles import Role
from florwork.accounts.selectors import actor_for_membership
from florwork.cases.models import Case, CaseEvent, EventKind
from florwork.cases.services import case_add_note, case_assign, case_log_contact, case_transition, referral_create
from florwork.demo import population as pop
from florwork.demo.assessments import Instrumentation, assessment_load, demo_instrumentation
from florwork.demo.assessments_plan import AssessmentPlan
from florwork.demo.people_plan import PersonPlan, people_plan
from florwork.demo.plan import DEMO_CASE_MANAGERS, ORGANIZATIONS
from florwork.demo.profiles import Places
from florwork.demo.stories import Step
from florwork.people.models import Consent, Person
from florwork.people.services import (
    benefit_add,
    consent_give,
    consent_withdraw,
    person_create,
    sensitive_update,
    work_experience_add,
)
from florwork.territory.selectors import comune_by_name, comuni_in_province

SEATS = {"social_worker": Role.SOCIAL_WORKER, "programme_manager": Role.PROGRAMME_MANAGER}
ORG_KEYS = {spec.key: spec.name for spec in ORGANIZATIONS}
BATCH = 50


class PeopleLoadError(Exception):
    pass


@dataclass
class _Context:
    actors: dict[str, Actor]
    organizations: dict[str, int]  # plan key -> id
    instrumentation: Instrumentation | None = None
    cases: dict[int, Case] = field(default_factory=dict)
    consents: dict[tuple[str, str], Consent] = field(default_factory=dict)

    def actor(self, key: str) -> Actor:
        return self.actors[key]


def demo_places() -> Places:
    residence = tuple(
        (c.istat_code, c.name, *pop.RESIDENCE_WEIGHTS.get(c.name, (1, "")))
        for c in comuni_in_province(province_code="FI")
    )
    birth = []
    for name, province, weight in pop.BIRTH_COMUNI:
        comune = comune_by_name(name=name, province_code=province)
        if comune is not None:
            birth.append((comune.cadastral_code, weight))
    firenze = comune_by_name(name="Firenze", province_code="FI")
    if firenze is None or not residence:
        raise PeopleLoadError("the comuni of the province of Florence are not in the territory table")
    return Places(residence=residence, birth=tuple(birth), firenze_birth_code=firenze.cadastral_code)


def demo_anchor() -> datetime:
    """The moment the demo partnership was first loaded: the stories end the working day before it."""
    municipality = Organization.objects.filter(name=ORG_KEYS["municipality"]).first()
    if municipality is None:
        raise PeopleLoadError("load the demo organizations first")
    return municipality.created_at


def _actors() -> dict[str, Actor]:
    seats = Membership.objects.filter(user__username__in=[*SEATS, *DEMO_CASE_MANAGERS], is_active=True) \
        .select_related("user", "organization")
    actors = {}
    for seat in seats:
        wanted = SEATS.get(seat.user.username, Role.CASE_MANAGER)
        if seat.role == wanted:
            actors[seat.user.username] = actor_for_membership(seat)
    missing = {*SEATS, *DEMO_CASE_MANAGERS} - set(actors)
    if missing:
        raise PeopleLoadError(f"demo users without their seat: {', '.join(sorted(missing))}")
    return actors


def demo_people_load(*, seed: int, count: int) -> tuple[int, int]:
    """Creates the planned people missing from the database; returns (people, cases) created."""
    if count <= 0:
        return 0, 0
    anchor = timezone.localdate(demo_anchor())
    plans = people_plan(seed=seed, count=count, anchor=anchor, places=demo_places(),
                        managers=list(DEMO_CASE_MANAGERS))
    existing = set(Person.objects.filter(codice_fiscale__in=[p.codice_fiscale for p in plans])
                   .values_list("codice_fiscale", flat=True))
    actors = _actors()
    organizations = dict(Organization.objects.filter(name__in=ORG_KEYS.values()).values_list("name", "pk"))
    org_ids = {key: organizations[name] for key, name in ORG_KEYS.items() if name in organizations}
    missing = [plan for plan in plans if plan.codice_fiscale not in existing]
    instrumentation = demo_instrumentation(seed=seed, anchor=anchor)
    cases = 0
    for start in range(0, len(missing), BATCH):
        # a commit per batch, not per person: on SQLite each commit waits for the disk
        with transaction.atomic():
            for plan in missing[start: start + BATCH]:
                with transaction.atomic():  # each person whole or not at all
                    cases += _load_person(plan, _Context(actors=actors, organizations=org_ids,
                                                         instrumentation=instrumentation))
    return len(missing), cases


def _load_person(plan: PersonPlan, ctx: _Context) -> int:
    person = person_create(by=ctx.actor("social_worker"), data=plan.profile.data)
    # the assessments happen within the story, each while its case is still open
    assessments = ctx.instrumentation.plan(plan) if ctx.instrumentation is not None else []
    for step in plan.steps:
        while assessments and assessments[0].at < step.at:
            _assess(ctx, assessments.pop(0))
        _HANDLERS[step.kind](ctx, person, step, plan)
    for assessment in assessments:
        _assess(ctx, assessment)
    # registered when first referred, not when the demo ran
    Person.objects.filter(pk=person.pk).update(created_at=plan.steps[0].at)
    return len(ctx.cases)


def _assess(ctx: _Context, assessment: AssessmentPlan) -> None:
    assert ctx.instrumentation is not None
    assessment_load(ctx.actor(assessment.by), ctx.cases[assessment.case], assessment, ctx.instrumentation)


def _refer(ctx: _Context, person: Person, step: Step, plan: PersonPlan) -> None:
    ctx.cases[step.case] = referral_create(by=ctx.actor("social_worker"), person=person, reason=step.text,
                                           needs=list(step.needs), urgency=step.urgency, at=step.at)


def _backdate(event_id: int, at: datetime) -> None:
    """case_assign and case_add_note stamp their event with the current time; the demo tells a past
    story, so the event is moved to the moment it is told to have happened."""
    CaseEvent.objects.filter(pk=event_id).update(occurred_at=at)


def _assign(ctx: _Context, person: Person, step: Step, plan: PersonPlan) -> None:
    case = ctx.cases[step.case]
    case_assign(by=ctx.actor(step.by), case=case, case_manager_id=ctx.actor(step.manager).user_id,
                version=case.version)
    latest = CaseEvent.objects.filter(case=case, kind=EventKind.ASSIGNMENT).order_by("-pk").values_list(
        "pk", flat=True).first()
    if latest is not None:
        _backdate(latest, step.at)


def _profile(ctx: _Context, person: Person, step: Step, plan: PersonPlan) -> None:
    by, profile = ctx.actor(step.by), plan.profile
    for b in profile.benefits:
        benefit_add(by=by, person=person, kind=b.kind, monthly_amount=b.monthly_amount, start=b.start, end=b.end)
    for j in profile.jobs:
        work_experience_add(by=by, person=person, occupation=j.occupation, employer=j.employer, start=j.start,
                            end=j.end, contract_kind=j.contract_kind)
    if profile.sensitive:
        sensitive_update(by=by, person=person, changes=profile.sensitive)


def _contact(ctx: _Context, person: Person, step: Step, plan: PersonPlan) -> None:
    case_log_contact(by=ctx.actor(step.by), case=ctx.cases[step.case], channel=step.channel,
                     occurred_at=step.at, text=step.text)


def _note(ctx: _Context, person: Person, step: Step, plan: PersonPlan) -> None:
    event = case_add_note(by=ctx.actor(step.by), case=ctx.cases[step.case], text=step.text)
    _backdate(event.pk, step.at)


def _move(ctx: _Context, person: Person, step: Step, plan: PersonPlan) -> None:
    case = ctx.cases[step.case]
    case_transition(by=ctx.actor(step.by), case=case, to_state=step.to_state, reason=step.text,
                    version=case.version, at=step.at)


def _consent(ctx: _Context, person: Person, step: Step, plan: PersonPlan) -> None:
    partner = ctx.organizations.get(step.partner) if step.partner else None
    ctx.consents[(step.purpose, step.partner)] = consent_give(
        by=ctx.actor(step.by), person=person, purpose=step.purpose, organization_id=partner, given_at=step.at)


def _withdraw(ctx: _Context, person: Person, step: Step, plan: PersonPlan) -> None:
    consent_withdraw(by=ctx.actor(step.by), consent=ctx.consents[(step.purpose, step.partner)],
                     withdrawn_at=step.at)


def _job(ctx: _Context, person: Person, step: Step, plan: PersonPlan) -> None:
    assert step.job is not None and step.at is not None
    occupation, employer, contract, end = step.job
    work_experience_add(by=ctx.actor(step.by), person=person, occupation=occupation, employer=employer,
                        start=timezone.localdate(step.at), end=end, contract_kind=contract)


_HANDLERS = {"refer": _refer, "assign": _assign, "profile": _profile, "contact": _contact, "note": _note,
             "move": _move, "consent": _consent, "withdraw": _withdraw, "job": _job}
