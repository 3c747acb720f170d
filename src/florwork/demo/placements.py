"""Demo placements: tirocini and contracts of the demo cases, at every point of their life.

1. The cases the demo stories left ``placed`` get the placement that put them there, dated from the day the
   case entered ``placed`` (its timeline), by their case manager: a tirocinio still running, one ending within
   the alert's days (so ``placement_ending`` fires), a tirocinio that ended and was followed by a contract,
   a short agency mission or fixed-term contract, and about one in six cut short (the case goes back to active).
2. The shortlist entries at the interview stage whose case is active: the company officer records a
   tirocinio (the entry moves to trial) or a contract (hired) from the entry, as on the entry's page.

Through the placements services (rules, case lifecycle, follow-ups, audit). Deterministic for a seed and
idempotent: a case that has a placement is skipped. Load after the demo shortlists and before the alert scan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from florwork.accounts.models import Membership, Organization
from florwork.accounts.policy import SYSTEM, Actor
from florwork.accounts.roles import OrganizationKind, Role
from florwork.accounts.selectors import actor_for_membership
from florwork.cases.models import Case, CaseState
from florwork.employers.models import Company
from florwork.placements.models import TerminationReason
from florwork.placements.rules import add_months
from florwork.placements.services import placement_create, placement_terminate

JOBS = ("Addetto al magazzino", "Aiuto cuoco", "Addetto alle pulizie", "Commesso", "Operatore di linea",
        "Addetto alla logistica", "Receptionist", "Operaio agricolo", "Aiuto pasticcere", "Addetto mensa")
TUTORS = ("Anna Bellini", "Marco Ferri", "Giulia Conti", "Paolo Fabbri", "Sara Galli", "Luca Mancini")
PROJECTS = ("Accoglienza, sicurezza sul lavoro, affiancamento al tutor; poi mansioni in autonomia con verifica "
            "mensile delle competenze.",
            "Orientamento in azienda, uso delle attrezzature, rispetto delle procedure HACCP; valutazione finale "
            "con il tutor aziendale.",
            "Formazione sulla movimentazione merci e l'inventario, uso del palmare, lavoro in squadra.")
CONTRACT_WAGES = (Decimal("1280.00"), Decimal("1350.00"), Decimal("1420.00"), Decimal("1510.00"))


@dataclass(frozen=True)
class DemoPlacementsReport:
    tirocini: int
    contracts: int
    terminated: int


def _managers() -> dict[int, Actor]:
    seats = Membership.objects.filter(is_active=True, role=Role.CASE_MANAGER).select_related(
        "user", "organization").order_by("pk")
    managers: dict[int, Actor] = {}
    for seat in seats:
        managers.setdefault(seat.user_id, actor_for_membership(seat))
    return managers


def _officer() -> Actor:
    seat = (Membership.objects.filter(role=Role.COMPANY_OFFICER, is_active=True).select_related("organization", "user")
            .order_by("pk").first())
    return actor_for_membership(seat) if seat is not None else SYSTEM


def _placed_on(case: Case) -> date:
    event = case.events.filter(to_state=CaseState.PLACED).order_by("-occurred_at").first()
    return timezone.localtime(event.occurred_at).date() if event else timezone.localdate()


def _tirocinio(rng: random.Random, start: date, end: date, job: str) -> dict:
    return {"job_title": job, "start_on": start, "end_on": end, "weekly_hours": rng.choice((25, 30, 36)),
            "monthly_allowance": rng.choice((Decimal("600.00"), Decimal("650.00"), Decimal("700.00")))
            if start >= date(2024, 2, 26) else Decimal("500.00"),
            "trainee_category": rng.choice(("general", "general", "disadvantaged")),
            "host_tutor": rng.choice(TUTORS), "promoter_tutor": rng.choice(TUTORS),
            "training_project": rng.choice(PROJECTS)}


def _contract(rng: random.Random, start: date, job: str, kind: str, end: date | None) -> dict:
    return {"job_title": job, "start_on": start, "end_on": end, "contract_kind": kind,
            "weekly_hours": rng.choice((20, 30, 38, 40)), "gross_monthly_wage": rng.choice(CONTRACT_WAGES),
            "part_time_percentage": rng.choice((None, None, 50, 75))}


def _company(rng: random.Random, companies: list[Company]):
    company = rng.choice(companies)
    return company, company.sites.order_by("pk").first()


SCENARIOS = ("ended_then_contract", "ending_soon", "terminated", "running", "short_contract")


def _record_for_placed(case: Case, by: Actor, rng: random.Random, scenario: str, companies: list[Company], promoter,
                       today: date, counts: dict) -> None:
    """The placement behind a case the stories left placed, from the day it was placed (earlier when the
    scenario needs a longer past: a tirocinio lasts at least two months)."""
    placed_on = min(_placed_on(case), today)
    company, site = _company(rng, companies)
    job = rng.choice(JOBS)
    common = {"by": by, "case": case, "company": company, "site": site}
    if scenario == "ended_then_contract":  # a tirocinio that ran its course, then a contract
        start = min(placed_on, today - timedelta(days=rng.randint(90, 150)))
        end = add_months(start, 2)
        placement_create(kind="tirocinio", data=_tirocinio(rng, start, end, job), promoter=promoter, **common)
        kind = rng.choice(("permanent", "fixed_term", "apprenticeship"))
        placement_create(kind="contract", data=_contract(rng, end + timedelta(days=1), job, kind,
                                                         add_months(end, 12) if kind == "fixed_term" else None),
                         **common)
        counts["tirocini"] += 1
        counts["contracts"] += 1
    elif scenario == "ending_soon":  # ending within the alert's fortnight, nothing next yet
        start = min(placed_on, today - timedelta(days=rng.randint(62, 120)))
        end = today + timedelta(days=rng.randint(3, 12))
        placement_create(kind="tirocinio", data=_tirocinio(rng, start, end, job), promoter=promoter, **common)
        counts["tirocini"] += 1
    elif scenario == "short_contract":  # a short agency mission or fixed-term contract, ending soon
        kind = rng.choice(("agency", "fixed_term"))
        placement_create(kind="contract", data=_contract(rng, placed_on, job, kind,
                                                         today + timedelta(days=rng.randint(4, 13))), **common)
        counts["contracts"] += 1
    else:  # a six-month tirocinio, running or cut short (the case goes back to active)
        placement = placement_create(kind="tirocinio", data=_tirocinio(rng, placed_on, add_months(placed_on, 6),
                                                                       job), promoter=promoter, **common)
        counts["tirocini"] += 1
        if scenario == "terminated":
            on = today - timedelta(days=rng.randint(0, (today - placed_on).days))
            placement_terminate(by=by, placement=placement, on=on,
                                reason=rng.choice((TerminationReason.RESIGNED, TerminationReason.TRIAL_FAILED,
                                                   TerminationReason.HEALTH)), version=placement.version,
                                note="Interrotto dopo un colloquio con il tutor.", today=today)
            counts["terminated"] += 1


def _record_from_entries(seed: int, promoter, today: date, counts: dict) -> None:
    """The company officer records a tirocinio or a contract on interview-stage entries of active cases."""
    try:
        from florwork.shortlists.models import ShortlistEntry, Stage
    except ImportError:  # the shortlists app is not installed
        return
    officer = _officer()
    entries = (ShortlistEntry.objects.filter(stage=Stage.INTERVIEW, case__state=CaseState.ACTIVE,
                                             case__placements__isnull=True)
               .select_related("vacancy__company", "vacancy__site", "case").order_by("pk"))
    seen: set[int] = set()
    for entry in entries:
        rng = random.Random(f"{seed}:placements:entry:{entry.vacancy_id}:{entry.person_id}")
        if entry.case_id in seen or rng.random() < 0.4:  # some interviews are still going on
            continue
        seen.add(entry.case_id)
        start = min(today, (entry.interview_on or today) + timedelta(days=rng.randint(3, 10)))
        vacancy = entry.vacancy
        common = {"by": officer, "case": entry.case, "company": vacancy.company, "site": vacancy.site,
                  "vacancy": vacancy, "entry_id": entry.pk}
        with transaction.atomic():
            if rng.random() < 0.6:
                placement_create(kind="tirocinio", data=_tirocinio(rng, start, add_months(start, 6), vacancy.title),
                                 promoter=promoter, **common)
                counts["tirocini"] += 1
            else:
                placement_create(kind="contract", data=_contract(rng, start, vacancy.title, "fixed_term",
                                                                 add_months(start, 12)), **common)
                counts["contracts"] += 1


def demo_placements_load(*, seed: int = 1, today: date | None = None) -> DemoPlacementsReport:
    """Placements for the placed demo cases and the interview-stage shortlist entries; one transaction each."""
    today = today or timezone.localdate()
    companies = list(Company.objects.filter(sites__isnull=False).distinct().order_by("pk")[:200])
    promoter = Organization.objects.filter(kind=OrganizationKind.HUB_OPERATOR, is_active=True).order_by("pk").first()
    counts = {"tirocini": 0, "contracts": 0, "terminated": 0}
    if not companies or promoter is None:
        return DemoPlacementsReport(0, 0, 0)
    managers = _managers()
    placed = (Case.objects.filter(state=CaseState.PLACED, placements__isnull=True, owner_id__in=list(managers))
              .select_related("person").order_by("pk"))
    for i, case in enumerate(placed):
        rng = random.Random(f"{seed}:placements:{case.person.codice_fiscale}")
        with transaction.atomic():
            _record_for_placed(case, managers[case.owner_id], rng, SCENARIOS[i % len(SCENARIOS)], companies,
                               promoter, today, counts)
    _record_from_entries(seed, promoter, today, counts)
    return DemoPlacementsReport(**counts)

