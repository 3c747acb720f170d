"""Demo visits: the routing parameters, last week's plan with some visit reports, and next week's plan for the
demo company officers. Deterministic for a seed (relative to today's week), idempotent (a plan whose title
exists is not made again), through the visits services with the system actor."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from django.utils import timezone

from florwork.accounts.models import Membership
from florwork.accounts.policy import SYSTEM
from florwork.accounts.roles import Role
from florwork.employers.models import Company
from florwork.visits import planning, services
from florwork.visits.models import PlanStop, VisitOutcome, VisitPlan
from florwork.visits.selectors import routing_parameters

OFFICER_USERNAME = "company_officer"
COMPANIES_PER_PLAN = 24
REPORTS = 6
LEARNED = (
    "Magazzino in crescita: cercano due addetti al picking da settembre, turni diurni. Accesso al piano terra, "
    "bagno accessibile. Interessati alla quota L. 68.",
    "Il titolare vuole capire meglio il tirocinio di inclusione: chiede un incontro con il tutor. Nessuna "
    "assunzione immediata, ma possibile commessa di pulizie a una cooperativa B.",
    "Reparto confezionamento: servono persone con manualità fine, part-time mattina. Già un lavoratore "
    "disabile in organico; scoperta di una posizione.",
    "Cucina centralizzata: cercano aiuto cuoco e lavapiatti. Orari spezzati; disponibili ad affiancamento.",
    "Ufficio amministrativo piccolo: nessun fabbisogno ora. Disponibili a una partnership CSR per giornate di "
    "volontariato aziendale.",
    "Nessun referente presente: lasciato materiale informativo alla reception, richiamare la responsabile HR.",
)
NEXT_STEPS = ("Inviare due profili", "Fissare incontro con il tutor", "Proporre convenzione Art. 14",
              "Richiamare tra un mese", "Inviare scheda CSR", "Richiamare la responsabile HR")
MET_OTHERS = ("Titolare", "Responsabile di reparto")
OUTCOMES = (VisitOutcome.OPPORTUNITY, VisitOutcome.INTERESTED, VisitOutcome.OPPORTUNITY, VisitOutcome.INTERESTED,
            VisitOutcome.NOT_NOW, VisitOutcome.NOT_MET)


@dataclass(frozen=True)
class DemoVisitsReport:
    plans_created: int
    visits_created: int


def _officers():
    seat = (Membership.objects.filter(role=Role.COMPANY_OFFICER, is_active=True, user__username=OFFICER_USERNAME)
            .select_related("organization").first())
    if seat is None:
        return None, []
    return seat.organization, list(planning.officers_of(seat.organization_id))


def _companies(rng: random.Random) -> list[Company]:
    located = list(Company.objects.filter(sites__latitude__isnull=False).distinct().order_by("pk")[:400])
    return rng.sample(located, min(COMPANIES_PER_PLAN, len(located)))


def _plan(*, title: str, monday: date, organization, officers, companies, rng: random.Random) -> VisitPlan | None:
    if VisitPlan.objects.filter(organization=organization, title=title).exists():
        return None
    days = [monday + timedelta(days=d) for d in range(5)]
    start_points = [("Firenze", "43.77140", "11.25420"), ("Empoli", "43.71890", "10.94760"),
                    ("Sesto Fiorentino", "43.83010", "11.19950")]
    choices = []
    for n, company in enumerate(companies):
        appointment = {}
        if n in (3, 11):  # two companies gave an appointment
            hour = 10 if n == 3 else 15
            appointment = {"appointment_day": days[1 + n % 3], "appointment_start": time(hour),
                           "appointment_end": time(hour, 30)}
        choices.append(planning.CompanyChoice(company.pk, **appointment))
    plan = planning.plan_create(
        by=SYSTEM, organization=organization, title=title, days=days, companies=choices,
        officers=[planning.OfficerChoice(m.user_id, start_points[i % 3][0], Decimal(start_points[i % 3][1]),
                                         Decimal(start_points[i % 3][2]), time(8, 30), time(17, 30))
                  for i, m in enumerate(officers)])
    return planning.plan_solve(by=SYSTEM, plan=plan)


def _reports(plan: VisitPlan, rng: random.Random) -> int:
    today = timezone.localdate()
    stops = list(PlanStop.objects.filter(route__plan=plan, route__day__lt=today, visit__isnull=True,
                                         company__company__isnull=False)
                 .select_related("company__company", "route__officer__user").order_by("route__day", "start_at"))
    created = 0
    for n, stop in enumerate(stops[:REPORTS]):
        company = stop.company.company
        contacts = [c for c in company.contacts.all() if c.may_be_contacted][:1]
        services.visit_record(by=SYSTEM, company=company, stop=stop, officer=stop.route.officer.user,
                              organization=plan.organization, values={
                                  "date": stop.route.day, "notes": LEARNED[n % len(LEARNED)],
                                  "outcome": OUTCOMES[n % len(OUTCOMES)], "contacts": contacts,
                                  "site": stop.company.site, "next_step": NEXT_STEPS[n % len(NEXT_STEPS)],
                                  "next_step_on": stop.route.day + timedelta(days=14),
                                  "met_others": "" if contacts else rng.choice(MET_OTHERS)})
        created += 1
    return created


def demo_visits_load(*, seed: int = 1) -> DemoVisitsReport:
    """Last week's plan (six of its visits reported) and next week's plan, for the agency's company officers."""
    routing_parameters()  # the data migration's row, made again if someone removed it
    organization, officers = _officers()
    if organization is None or not officers:
        return DemoVisitsReport(0, 0)
    rng = random.Random(seed * 7919)
    this_monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    plans = visits = 0
    for monday in (this_monday - timedelta(days=7), this_monday + timedelta(days=7)):
        title = f"Visite settimana {monday:%d/%m/%Y}"
        plan = _plan(title=title, monday=monday, organization=organization, officers=officers,
                     companies=_companies(rng), rng=rng)
        if plan is not None:
            plans += 1
            if monday < this_monday:
                visits += _reports(plan, rng)
    return DemoVisitsReport(plans, visits)
