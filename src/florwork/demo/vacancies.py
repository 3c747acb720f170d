"""Demo vacancies and the demo people's skills in ESCO terms, so that rankings are meaningful.

Vacancies: a few dozen from the demo companies, each an ESCO occupation of the bundled taxonomy that fits the
company's ATECO sector, with that occupation's essential skills (some dropped, as a real company would) and a
few optional ones; two thirds published, the rest drafts; one without essential skills (the ranking says so).
Skills: each person with an open case declares the ESCO skills of the first occupation they seek (a share of
them, at a level), and their free-text skills are mapped to ESCO skills by the taxonomy search.

Deterministic for a seed (``random.Random(f"{seed}:…")`` per item) and idempotent: a vacancy whose company
already has one with the same title is skipped, a skill already recorded is kept. Through the services, as the
demo company officer and the SYSTEM actor, so every row has its audit entry.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from florwork.accounts.models import Membership
from florwork.accounts.policy import SYSTEM, Actor
from florwork.accounts.roles import Role
from florwork.accounts.selectors import actor_for_membership
from florwork.matching.forms import occupation_skills
from florwork.matching.models import Occupation, Skill
from florwork.matching.profile_models import PersonSkill
from florwork.matching.services import person_skill_add, vacancy_create, vacancy_publish
from florwork.matching.vacancy_models import Vacancy

OCC = "http://data.europa.eu/esco/occupation/"
# ATECO division of the company -> ESCO occupations (bundled) it hires for, with an Italian job title
SECTOR_JOBS: dict[str, tuple[tuple[str, str], ...]] = {
    "56": (("e1cf6897-158d-4b48-a39e-2a3a8cac216c", "Aiuto cuoco"), ("d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471",
           "Cameriere/a di sala"), ("f756fdab-7726-4c48-bfcc-94ff8810fc08", "Lavapiatti"),
           ("b4bff870-5c8f-4c33-b07f-f04d79830633", "Addetto/a mensa")),
    "55": (("731ecac4-06e8-4ec2-a559-101fecbd9183", "Cameriere/a ai piani"),
           ("82025c02-9082-416c-998b-f51eb0359ee6", "Receptionist d'albergo"),
           ("3cc51201-cd20-47f8-92ad-4d5861f963cf", "Facchino d'albergo")),
    "47": (("0b15375e-dfdd-4047-9efb-096e0aaee7d2", "Commesso/a"), ("2b871272-bd61-4206-bd1a-0b96d7023098",
           "Cassiere/a"), ("d35f9e79-5778-43b4-8667-0e3ba1fcb19a", "Addetto/a rifornimento scaffali")),
    "10": (("1aadb308-432a-4d01-b54b-b4f7f76dd419", "Panettiere"),
           ("f5cb9901-86fc-48d0-9cde-667fbe8cef3a", "Addetto/a al confezionamento")),
    "13": (("7d4266b3-2108-4330-b27b-430a96012c21", "Operatore/trice macchine per cucire"),),
    "15": (("3e0b4b9b-b624-4ceb-9bc9-9627cdfb0b81", "Operatore/trice macchine pelletteria"),
           ("e666c384-2a14-4cd9-981f-7067dc0bb9a9", "Cucitore/trice pelletteria a mano")),
    "25": (("7aedaa07-3884-4c5b-88f9-80997b2aa54b", "Saldatore"), ("245be6d1-fe9a-4ac8-9f81-122a687e4724",
           "Operaio/a generico/a")),
    "28": (("245be6d1-fe9a-4ac8-9f81-122a687e4724", "Operaio/a di linea"),),
    "41": (("fb7e2f4f-1545-42f1-972e-94082e49c6dc", "Manovale edile"),
           ("15620506-fb5d-49cd-87a2-1c9047fb406a", "Imbianchino")),
    "43": (("33960bab-4423-4808-af6c-ec2b485dba41", "Aiuto elettricista"),),
    "49": (("0c408028-c48f-4df8-ba5d-c3d3be15f5a2", "Autista per consegne"),
           ("bea705fe-06ac-4147-b8e0-6e8ac1208d8f", "Magazziniere")),
    "52": (("bea705fe-06ac-4147-b8e0-6e8ac1208d8f", "Magazziniere"), ("cd94def5-3442-4c2e-ae3d-0761a3008bcb",
           "Addetto/a al picking"), ("eeac6251-1974-42f5-91ed-513c6c883755", "Carrellista")),
    "81": (("303a1e34-cb16-4054-b323-81e5eec17397", "Addetto/a alle pulizie"),
           ("a10eb17a-3c78-4f7a-a1da-8f31146339d3", "Operaio/a del verde")),
    "87": (("d38c2107-98f2-47b7-8bb4-f69750d51082", "Operatore/trice socio-sanitario/a"),
           ("1391bdf9-bd61-4fb5-91ca-c29036ab2b60", "Assistente familiare")),
    "96": (("55f6380c-7511-4c33-8fc4-c74f10f524fa", "Aiuto parrucchiere"),),
    "01": (("c9191f7f-28b5-4df8-991d-804c53009b83", "Operaio/a agricolo/a"),),
    "11": (("e5e3ea36-4ed9-4c57-987c-9974385551a8", "Operaio/a vitivinicolo/a"),),
}
CONTRACTS = ("fixed_term", "fixed_term", "tirocinio", "permanent", "apprenticeship", "agency")
SKILL_MIN_SCORE = 0.7  # a free-text skill mapped below this is left as the person wrote it


@dataclass(frozen=True)
class VacancyPlan:
    company_id: int
    title: str
    occupation_uri: str
    publish: bool
    keep_essential: float  # share of the occupation's essential skills the company asks for
    optional: int
    contract: str
    part_time: bool
    italian: str
    licence: bool
    law68: bool
    no_essential: bool


def _officer() -> Actor:
    seat = (Membership.objects.filter(role=Role.COMPANY_OFFICER, is_active=True, user__username="company_officer")
            .select_related("organization", "user").first())
    return actor_for_membership(seat) if seat is not None else SYSTEM


def vacancies_plan(*, seed: int, companies, count: int) -> list[VacancyPlan]:
    """Up to ``count`` vacancies over the companies (in order), one or two each, of the company's sector."""
    plans: list[VacancyPlan] = []
    for company in companies:
        jobs = SECTOR_JOBS.get((company.ateco_code or "")[:2])
        if not jobs:
            continue
        rng = random.Random(f"{seed}:vacancy:{company.partita_iva or company.pk}")
        for uri, title in rng.sample(jobs, min(len(jobs), rng.choice((1, 1, 2)))):
            if len(plans) >= count:
                return plans
            plans.append(VacancyPlan(
                company_id=company.pk, title=title, occupation_uri=OCC + uri, publish=rng.random() < 0.67,
                keep_essential=rng.choice((0.5, 0.6, 0.75, 1.0)), optional=rng.randint(0, 4),
                contract=rng.choice(CONTRACTS), part_time=rng.random() < 0.3,
                italian=rng.choice(("", "", "A2", "B1")), licence=uri.startswith("0c408028"),
                law68=bool(company.law68_shortfall) and rng.random() < 0.5, no_essential=len(plans) == 3))
    return plans


def _data(plan: VacancyPlan, company, occupation: Occupation) -> dict:
    essential, optional = occupation_skills(occupation)
    keep = max(1, round(len(essential) * plan.keep_essential))
    rng = random.Random(plan.title + plan.occupation_uri)
    return {"title": plan.title, "occupation": occupation, "description": "",
            "essential_skills": [] if plan.no_essential else sorted(rng.sample(essential, keep), key=lambda s: s.pk),
            "optional_skills": sorted(rng.sample(optional, min(plan.optional, len(optional))), key=lambda s: s.pk),
            "contract_kind": plan.contract, "hours": "part_time" if plan.part_time else "full_time",
            "weekly_hours": 24 if plan.part_time else 40, "positions": rng.randint(1, 3),
            "site": company.sites.order_by("-is_headquarters", "pk").first(),
            "required_licences": ["B"] if plan.licence else [], "min_isced_level": None,
            "min_italian_level": plan.italian, "other_requirements": "", "accessibility": [],
            "law68_eligible": plan.law68, "closes_on": None}


def demo_vacancies_load(*, seed: int = 1, count: int = 36) -> int:
    """Create the missing demo vacancies; returns how many were created (one transaction each)."""
    from florwork.employers.models import Company

    officer = _officer()
    companies = list(Company.objects.exclude(ateco_code="").order_by("partita_iva", "pk"))
    occupations = Occupation.objects.in_bulk([p.occupation_uri for p in vacancies_plan(
        seed=seed, companies=companies, count=count)], field_name="uri")
    by_id = {c.pk: c for c in companies}
    created = 0
    for plan in vacancies_plan(seed=seed, companies=companies, count=count):
        occupation = occupations.get(plan.occupation_uri)
        if occupation is None or Vacancy.objects.filter(company_id=plan.company_id, title=plan.title).exists():
            continue
        with transaction.atomic():
            vacancy = vacancy_create(company_id=plan.company_id, data=_data(plan, by_id[plan.company_id], occupation),
                                     by=officer)
            if plan.publish:
                vacancy_publish(vacancy_id=vacancy.pk, by=officer)
                # a demo with history: published weeks ago, so the shortlists' steps (never dated before the
                # publication) spread over those weeks instead of all falling on the day the demo is loaded
                published = timezone.now() - dt.timedelta(days=random.Random(plan.title + plan.occupation_uri)
                                                          .randint(20, 90))
                Vacancy.objects.filter(pk=vacancy.pk).update(published_at=published,
                                                             created_at=published - dt.timedelta(days=3))
        created += 1
    return created


def demo_person_skills_load(*, seed: int = 1) -> int:
    """Declared ESCO skills for the people with an open case; returns how many were recorded."""
    from florwork.cases.lifecycle import FINAL
    from florwork.cases.models import Case
    from florwork.matching.profiles import map_job_title
    from florwork.matching.selectors import search_index
    from florwork.matching.taxonomy.search import SKILL

    index = search_index()
    cases = (Case.objects.exclude(state__in=[s.value for s in FINAL]).select_related("person").order_by("pk"))
    held = set(PersonSkill.objects.values_list("person_id", "skill_id"))
    created = 0
    for case in cases:
        person = case.person
        rng = random.Random(f"{seed}:skills:{person.codice_fiscale or person.pk}")
        wanted: dict[int, int] = {}
        sought = map_job_title(person.occupations_sought[0]) if person.occupations_sought else None
        if sought:
            essential, _optional = occupation_skills(Occupation.objects.get(uri=sought))
            share = rng.choice((0.3, 0.5, 0.7, 0.9))
            for skill in rng.sample(essential, round(len(essential) * share)):
                wanted[skill.pk] = rng.choice((2, 3, 3, 4))
        for text in person.skills or []:
            hits = index.search(str(text), concept=SKILL, limit=1)
            if hits and hits[0].score >= SKILL_MIN_SCORE:
                skill = Skill.objects.filter(uri=hits[0].uri).first()
                if skill is not None:
                    wanted.setdefault(skill.pk, 3)
        skills = Skill.objects.in_bulk([pk for pk in wanted if (person.pk, pk) not in held])
        with transaction.atomic():
            for pk, skill in sorted(skills.items()):
                person_skill_add(person=person, skill=skill, level=wanted[pk], by=SYSTEM)
                created += 1
    return created


def demo_matching_load(*, seed: int = 1) -> tuple[int, int]:
    """The demo's vacancies, then its people's skills: (vacancies created, skills recorded)."""
    return demo_vacancies_load(seed=seed), demo_person_skills_load(seed=seed)
