"""Demo opportunities: at the demo companies, every kind (vacancy, tirocinio, Art. 14 commission, purchase from a
social cooperative, CSR partnership) at every status, some found at the demo visits (when the visits demo has
run), some recorded from the Law 68 flags; a few direct ones turned into vacancies (drafts and published) and
a won Art. 14 one recorded as the company's convention.

Deterministic for a seed: the companies are taken in partita IVA order and every choice comes from
``random.Random(seed)``. Idempotent: an opportunity whose company and title already exist is skipped. Through
the opportunities' services as the SYSTEM actor (the demo officers are named as the opportunities' officers).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from florwork.accounts.models import Organization
from florwork.accounts.policy import SYSTEM
from florwork.accounts.roles import OrganizationKind
from florwork.employers.models import Company
from florwork.opportunities import services
from florwork.opportunities.models import Opportunity, OpportunityKind, OpportunitySource
from florwork.visits.models import Visit

K = OpportunityKind
# the path of statuses each demo opportunity walks after "identified"
PATHS = {
    "identified": (), "qualified": ("qualified",), "in_progress": ("qualified", "in_progress"),
    "won": ("qualified", "in_progress", "won"), "lost": ("qualified", "lost"),
}
DIRECT_TITLES = ("Magazziniere", "Addetto alle pulizie", "Aiuto cuoco", "Commesso di vendita", "Cameriere",
                 "Autista di furgone", "Operatore di call center", "Giardiniere")
INDIRECT_TITLES = {
    K.ART14: ("Pulizia degli uffici", "Manutenzione del verde", "Archiviazione documenti", "Servizio mensa"),
    K.COOP_SERVICES: ("Servizio di facchinaggio", "Lavanderia industriale", "Portierato"),
    K.CSR: ("Giornata di volontariato aziendale", "Mentoring per giovani NEET", "Donazione di attrezzature"),
}
LOST_REASONS = ("Assunto tramite un'altra agenzia", "Budget rinviato al prossimo anno", "Nessuna risposta dopo tre "
                "solleciti")
NEXT_STEPS = ("Inviare la proposta", "Richiamare il responsabile HR", "Fissare un incontro in sede",
              "Mandare i profili anonimi")


@dataclass(frozen=True)
class Planned:
    company_index: int
    kind: str
    title: str
    status: str
    places: int | None
    value: Decimal | None
    to_vacancy: str = ""  # "", "draft" or "published"


def opportunities_plan(*, seed: int, companies: int, art14_company: int = 0) -> list[Planned]:
    """Every kind at every status, spread over ``companies`` companies (the won Art. 14 commissions at
    ``art14_company``, a large one whose quota has room); three direct ones become vacancies."""
    rng = random.Random(seed)
    plan: list[Planned] = []
    taken: set[tuple[int, str, str]] = set()  # (company, kind, title): the key that makes the load idempotent
    for kind in [*K.values, *K.values]:
        for status in PATHS:
            titles = DIRECT_TITLES if kind in (K.VACANCY, K.TIROCINIO) else INDIRECT_TITLES[K(kind)]
            for _attempt in range(50):  # few companies may not give every pair: a repeat is skipped at load
                title, company = titles[rng.randrange(len(titles))], rng.randrange(companies)
                if kind == K.ART14 and status == "won":
                    company = art14_company
                if kind == K.TIROCINIO:
                    title = f"Tirocinio: {title.lower()}"
                if (company, kind, title) not in taken:
                    break
            taken.add((company, kind, title))
            places = rng.randint(1, 3) if kind != K.CSR else None
            value = Decimal(rng.randrange(20, 90) * 1000) if kind in (K.ART14, K.COOP_SERVICES) else None
            plan.append(Planned(company, kind, title, status, places, value))
    # a few open direct ones become vacancies: two drafts for the officer to finish, one already published
    direct = [i for i, p in enumerate(plan) if p.kind in (K.VACANCY, K.TIROCINIO)
              and p.status in ("qualified", "in_progress")]
    for i, mode in zip(direct[:3], ("published", "draft", "draft"), strict=False):
        plan[i] = Planned(**{**plan[i].__dict__, "to_vacancy": mode})
    return plan


def _vacancy_data(opportunity: Opportunity) -> dict | None:
    """What the vacancy form would hold for the opportunity: the occupation the title finds, its skills."""
    from florwork.matching.forms import occupation_hits, occupation_skills

    hits = occupation_hits(opportunity.title.removeprefix("Tirocinio: "), limit=1)
    if not hits:
        return None
    essential, optional = occupation_skills(hits[0])
    return {"title": opportunity.title, "occupation": hits[0], "description": opportunity.description,
            "essential_skills": essential[:6], "optional_skills": optional[:4],
            "contract_kind": "tirocinio" if opportunity.kind == K.TIROCINIO else "fixed_term",
            "hours": "full_time", "weekly_hours": None, "positions": opportunity.expected_places or 1,
            "site": opportunity.company.sites.order_by("-is_headquarters", "pk").first(), "required_licences": [],
            "min_isced_level": None, "min_italian_level": "", "other_requirements": "", "accessibility": [],
            "law68_eligible": opportunity.company.law68_shortfall > 0, "closes_on": None}


def _record_one(planned: Planned, company: Company, *, rng: random.Random, officers, cooperatives) -> Opportunity:
    # found at the company's first demo visit when the visits demo has recorded one
    visit = company.visits.order_by("date", "pk").first()
    cooperative = None
    if planned.kind == K.ART14:
        cooperative = cooperatives["b"][rng.randrange(len(cooperatives["b"]))] if cooperatives["b"] else None
    elif planned.kind == K.COOP_SERVICES and cooperatives["any"]:
        cooperative = cooperatives["any"][rng.randrange(len(cooperatives["any"]))]
    data = {"kind": planned.kind, "title": planned.title, "expected_places": planned.places,
            "expected_value": planned.value, "cooperative": cooperative,
            "officer": officers[rng.randrange(len(officers))] if officers else None,
            "description": "Emerso durante il colloquio con l'azienda." if visit else ""}
    if planned.status not in ("won", "lost"):  # only open ones have a next step
        data["next_step"] = NEXT_STEPS[rng.randrange(len(NEXT_STEPS))]
        data["next_step_on"] = timezone.localdate() + timedelta(days=rng.randint(3, 30))
    if visit is None:
        data["source"] = OpportunitySource.LAW68 if company.law68_shortfall else OpportunitySource.CALL
    if planned.kind in (K.ART14, K.COOP_SERVICES) and cooperative is None:
        data["kind"] = K.CSR  # no cooperative in the partnership: a CSR partnership instead
        data.pop("cooperative")
    opportunity = services.opportunity_create(by=SYSTEM, company=company, data=data, visit=visit)
    for step in PATHS[planned.status]:
        reason = LOST_REASONS[rng.randrange(len(LOST_REASONS))] if step == "lost" else ""
        services.opportunity_transition(by=SYSTEM, opportunity=opportunity, to_status=step, reason=reason,
                                        version=opportunity.version)
    return opportunity


def _finish(opportunity: Opportunity, planned: Planned) -> None:
    """Turn into a vacancy, or record the won Art. 14 commission as the company's convention."""
    from florwork.employers.services import art14_parameters, company_region

    if planned.to_vacancy and opportunity.is_direct:
        data = _vacancy_data(opportunity)
        if data is not None:
            services.opportunity_to_vacancy(by=SYSTEM, opportunity=opportunity, data=data,
                                            publish=planned.to_vacancy == "published")
    year = timezone.localdate().year
    if (opportunity.kind == K.ART14 and opportunity.status == "won" and opportunity.company.law68_art14_room
            and art14_parameters(region=company_region(opportunity.company), year=year) is not None
            and not opportunity.company.art14_conventions.filter(cooperative=opportunity.cooperative,
                                                                 year=year).exists()):
        services.opportunity_record_convention(
            by=SYSTEM, opportunity=opportunity, year=year, commission_value=opportunity.expected_value,
            disabled_workers_placed=opportunity.expected_places or 1, signed_on=timezone.localdate())


def _art14_company(companies: list[Company]) -> int:
    """The first company whose quota an Art. 14 convention can still cover, or whose convention this demo has
    already recorded (so that a re-run picks the same one)."""
    for index, company in enumerate(companies):
        if company.law68_art14_room > 0 or company.opportunities.filter(convention__isnull=False).exists():
            return index
    return 0


def demo_opportunities_load(*, seed: int = 1, companies: int = 24) -> int:
    """Record the demo opportunities that are missing; returns how many were created (one transaction each)."""
    # the visited companies (the opportunities found at their visits), then the largest ones (short of their
    # Law 68 quota, with room for Art. 14): orders nothing here changes, so a re-run finds the same companies
    visited = list(Company.objects.filter(Exists(Visit.objects.filter(company_id=OuterRef("pk"))))
                   .order_by("partita_iva")[:companies // 2])
    largest = list(Company.objects.exclude(pk__in=[c.pk for c in visited]).exclude(partita_iva="")
                   .order_by(F("computable_headcount").desc(nulls_last=True), F("employees").desc(nulls_last=True),
                             "partita_iva")[:companies - len(visited)])
    pool = visited + largest
    if not pool:
        return 0
    officers = list(services.officer_queryset().order_by("username"))
    cooperatives = {
        "b": list(Organization.objects.filter(kind=OrganizationKind.SOCIAL_COOP_B, is_active=True).order_by("name")),
        "any": list(Organization.objects.filter(kind__in=[OrganizationKind.SOCIAL_COOP_A,
                                                          OrganizationKind.SOCIAL_COOP_B],
                                                is_active=True).order_by("name")),
    }
    created = 0
    art14_company = len(visited) + _art14_company(largest) if largest else 0
    plan = opportunities_plan(seed=seed, companies=len(pool), art14_company=art14_company)
    for index, planned in enumerate(plan):
        company = pool[planned.company_index]
        if Opportunity.objects.filter(company=company, title=planned.title, kind=planned.kind).exists():
            continue
        rng = random.Random(f"{seed}:{index}")  # its own draws: a re-run that skips others changes nothing here
        with transaction.atomic():
            opportunity = _record_one(planned, company, rng=rng, officers=officers, cooperatives=cooperatives)
            _finish(opportunity, planned)
        created += 1
    return created
