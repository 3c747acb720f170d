"""Reads of the catalogue and of partner referrals, filtered by the access policy (and audited where they
show personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from florwork.accounts.policy import Action, Actor, may, partner_referral_scope, service_scope
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.cases.models import Case
from florwork.network import rules
from florwork.network.models import CapacityPeriod, NetworkTerms, PartnerReferral, Service

# --- parameters --------------------------------------------------------------------------------------


def network_terms(*, lock: bool = False) -> NetworkTerms:
    """The one row of network terms (created with its defaults when missing)."""
    rows = NetworkTerms.objects.select_for_update() if lock else NetworkTerms.objects
    return rows.get_or_create(pk=1)[0]


# --- eligibility -------------------------------------------------------------------------------------

def eligibility_of(service: Service) -> rules.Eligibility:
    """The service's rules (uses ``residence_comuni`` prefetched when it is)."""
    return rules.Eligibility(
        min_age=service.min_age, max_age=service.max_age, pathways=tuple(service.pathways or ()),
        disability_required=service.disability == "required",
        residence_istat=tuple(c.istat_code for c in service.residence_comuni.all()))


def case_pathway(case: Case) -> int | None:
    """The GOL pathway chosen for the case's person (the latest decision), if any."""
    from florwork.assessment.models import PathwayDecision

    return (PathwayDecision.objects.filter(case__person_id=case.person_id).order_by("-decided_at", "-pk")
            .values_list("chosen", flat=True).first())


def applicant_for(actor: Actor, case: Case, *, today: date | None = None) -> rules.Applicant:
    """The facts eligibility is checked on; disability only if the actor may see special-category data."""
    from florwork.people.models import PersonSensitive

    person = case.person
    has_disability = None
    if may(actor, Action.PERSON_VIEW_SPECIAL, person):
        sensitive = PersonSensitive.objects.filter(person=person).first()
        # L. 68/1999 art. 1: civil invalidity above 45%, or enrolment in the collocamento mirato lists
        has_disability = bool(sensitive and (sensitive.law68_enrolled or (sensitive.invalidity_percentage or 0) > 45))
    return rules.Applicant(age=rules.age_on(person.birth_date, today or timezone.localdate()),
                           pathway=case_pathway(case), has_disability=has_disability,
                           residence_istat=person.residence_istat)


def eligible(services, applicant: rules.Applicant) -> list[Service]:
    """The services (with ``residence_comuni`` prefetched) the applicant is eligible for."""
    return [s for s in services if not rules.ineligibility(eligibility_of(s), applicant)]


# --- the catalogue -----------------------------------------------------------------------------------

def visible_services(*, actor: Actor, action: Action = Action.SERVICE_VIEW) -> QuerySet[Service]:
    if not may(actor, action):
        return Service.objects.none()
    scope = service_scope(actor, action)
    return Service.objects.none() if scope is None else Service.objects.filter(scope)


def seats_taken(service: Service, period: date) -> int:
    """Seats of the period held by referrals (accepted or started)."""
    return PartnerReferral.objects.filter(service_id=service.pk, seat_period=period).count()


def _with_seats(services: QuerySet[Service], today: date) -> QuerySet[Service]:
    """Each service with ``taken``: the seats of its current period held now."""
    current = Q()
    for period in CapacityPeriod.values:
        current |= Q(capacity_period=period, referrals__seat_period=rules.period_start(period, today))
    return services.annotate(taken=Count("referrals", filter=current))


def service_search(*, actor: Actor, kind: str = "", dimension: str = "", comune_istat: str = "",
                   available: bool = False, organization_id: int | None = None, query: str = "",
                   include_archived: bool = False, today: date | None = None) -> QuerySet[Service]:
    """The catalogue searched by need (kind, assessment dimension), place (comune) and availability."""
    services = _with_seats(visible_services(actor=actor), today or timezone.localdate())
    if not include_archived:
        services = services.filter(is_archived=False)
    if kind:
        services = services.filter(kind=kind)
    if dimension:
        services = services.filter(dimension=dimension)
    if comune_istat:
        services = services.filter(comune__istat_code=comune_istat)
    if organization_id:
        services = services.filter(organization_id=organization_id)
    for word in query.split():
        services = services.filter(Q(title__icontains=word) | Q(description__icontains=word)
                                   | Q(organization__name__icontains=word))
    if available:
        services = services.filter(Q(seats_per_period__isnull=True) | Q(seats_per_period__gt=F("taken")))
    return services.select_related("organization", "comune").prefetch_related("residence_comuni").order_by(
        "title", "pk")


def service_get(*, actor: Actor, service_id: int, action: Action = Action.SERVICE_VIEW,
                today: date | None = None) -> Service:
    """The service, if the actor may ``action`` it (404 otherwise, as for a missing one)."""
    service = (_with_seats(visible_services(actor=actor, action=action), today or timezone.localdate())
               .select_related("organization", "comune").prefetch_related("residence_comuni")
               .filter(pk=service_id).first())
    if service is None:
        raise Http404
    return service


def seats_left(service: Service) -> int | None:
    """Free seats in the current period of a service read through ``service_search``/``service_get``."""
    return rules.seats_left(service.seats_per_period, service.taken)


# --- partner referrals -------------------------------------------------------------------------------

def consenting_partners(*, person_id: int) -> set[int]:
    """The partner organizations the person has a live consent to share their data with."""
    from florwork.people.models import Consent

    return set(Consent.objects.filter(person_id=person_id, purpose="partner_sharing", withdrawn_at__isnull=True)
               .values_list("organization_id", flat=True))


def visible_referrals(*, actor: Actor, action: Action) -> QuerySet[PartnerReferral]:
    if not may(actor, action):
        return PartnerReferral.objects.none()
    scope = partner_referral_scope(actor, action)
    return PartnerReferral.objects.none() if scope is None else PartnerReferral.objects.filter(scope)


def _with_consent(referrals: QuerySet[PartnerReferral]) -> QuerySet[PartnerReferral]:
    """Each referral with ``consent_live``: whether the person's sharing consent with the partner is live."""
    from florwork.people.models import Consent

    live = Consent.objects.filter(person_id=OuterRef("person_id"), purpose="partner_sharing",
                                  organization_id=OuterRef("organization_id"), withdrawn_at__isnull=True)
    return referrals.annotate(consent_live=Exists(live))


def inbox(*, actor: Actor, state: str = "", query: str = "", open_only: bool = False) -> QuerySet[PartnerReferral]:
    """The referrals sent to the actor's organization, the unanswered first."""
    referrals = _with_consent(visible_referrals(actor=actor, action=Action.PARTNER_REFERRAL_RECEIVE))
    if state:
        referrals = referrals.filter(state=state)
    if open_only:
        referrals = referrals.filter(state__in=["sent", "waiting_list", "accepted", "started"])
    for word in query.split():
        # the name is searched only where it is shared (a live consent)
        referrals = referrals.filter(Q(consent_live=True) & (Q(person__first_name__icontains=word)
                                                             | Q(person__last_name__icontains=word)))
    return (referrals.select_related("person", "service", "sending_organization")
            .order_by(F("answered_at").asc(nulls_first=True), "answer_due", "-sent_at", "-pk"))


def referrals_audit(*, actor: Actor, purpose: str, referrals: list[PartnerReferral]) -> None:
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="network.PartnerReferral",
                 object_label=f"inbox of {len(referrals)}", fields=["state", "person.name"],
                 detail={"ids": [r.pk for r in referrals], "persons": [r.person_id for r in referrals
                                                                       if getattr(r, "consent_live", True)]})


def partner_referral_get(*, actor: Actor, referral_id: int, purpose: str,
                         action: Action = Action.PARTNER_REFERRAL_RECEIVE) -> PartnerReferral:
    """The referral if the actor may ``action`` it (404 otherwise); the read is audited."""
    referral = (_with_consent(visible_referrals(actor=actor, action=action))
                .select_related("person", "service__organization", "service__comune", "case",
                                "sending_organization", "organization")
                .filter(pk=referral_id).first())
    if referral is None:
        raise Http404
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="network.PartnerReferral",
                 object_id=referral.pk, object_label=referral.code, fields=["state", "shared"],
                 detail={"case": referral.case_id, "person": referral.person_id})
    return referral


def case_partner_referrals(*, actor: Actor, case: Case) -> list[PartnerReferral]:
    """The partner referrals of a case the actor may follow (the case managers of its hub team)."""
    return list(visible_referrals(actor=actor, action=Action.PARTNER_REFERRAL_SEND).filter(case=case)
                .select_related("service", "organization").order_by("-sent_at", "-pk"))


# --- distance travelled by service used (issue 4's cohort views) -------------------------------------

SMALL_GROUP = 5  # fewer people than this: no figure is shown (small-cell suppression)


@dataclass(frozen=True)
class ServiceCohortRow:
    service_id: int
    title: str
    organization: str
    people: int  # people who used the service and were assessed at least twice
    suppressed: bool
    change: dict[str, float | None]  # dimension code → average change; None where fewer than SMALL_GROUP


def cohort_by_service(*, actor: Actor) -> list[ServiceCohortRow]:
    """Average change per assessment dimension (latest − first finalized assessment, the assessment app's
    distance travelled) among the people who used each service (a referral started, whatever its end)."""
    from florwork.assessment.selectors import person_changes

    if not (may(actor, Action.RULES_MANAGE) or may(actor, Action.AGGREGATE_VIEW)):
        return []
    used: dict[int, set[int]] = {}
    for service_id, person_id in (PartnerReferral.objects.filter(started_at__isnull=False)
                                  .values_list("service_id", "person_id").distinct()):
        used.setdefault(service_id, set()).add(person_id)
    changes = person_changes(person_ids={p for people in used.values() for p in people})
    services = Service.objects.filter(pk__in=used).select_related("organization").order_by("title", "pk")
    rows = []
    for service in services:
        people = [changes[p] for p in used[service.pk] if p in changes]
        by_code: dict[str, list[float]] = {}
        for change in people:
            for code, value in change.items():
                by_code.setdefault(code, []).append(value)
        rows.append(ServiceCohortRow(
            service.pk, service.title, service.organization.name, len(people), len(people) < SMALL_GROUP,
            {code: round(sum(v) / len(v), 1) if len(v) >= SMALL_GROUP else None for code, v in by_code.items()}
            if len(people) >= SMALL_GROUP else {}))
    return rows
