"""Shared by the placement tests: a company with a site and a published vacancy, the hub's promoter, and
``make_placement`` (through the service, as the case manager)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from florwork.employers.models import Company, Site
from florwork.matching.models import Occupation
from florwork.matching.vacancy_models import Vacancy, VacancyStatus
from florwork.placements.services import placement_create


@pytest.fixture
def company(db):
    now = timezone.now()
    return Company.objects.create(legal_name="Officine Rossi S.r.l.", state_changed_at=now, created_at=now,
                                  updated_at=now)


@pytest.fixture
def site(company):
    return Site.objects.create(company=company, label="Magazzino", address="Via Pistoiese 10",
                               comune_istat="048017", created_at=timezone.now())


@pytest.fixture
def vacancy(company, site):
    now = timezone.now()
    return Vacancy.objects.create(company=company, site=site, title="Magazziniere",
                                  occupation=Occupation.objects.order_by("pk").first(), contract_kind="tirocinio",
                                  status=VacancyStatus.PUBLISHED, weekly_hours=30, published_at=now,
                                  created_at=now, updated_at=now)


def tirocinio_data(start=None, months=6, **overrides):
    start = start or timezone.localdate()
    end = start + dt.timedelta(days=months * 30)
    return {"job_title": "Addetto al magazzino", "start_on": start, "end_on": end, "weekly_hours": 30,
            "monthly_allowance": Decimal("600.00"), "trainee_category": "general", "host_tutor": "Anna Verdi",
            "promoter_tutor": "Marco Neri", "training_project": "Movimentazione merci, inventario.", **overrides}


def contract_data(start=None, **overrides):
    start = start or timezone.localdate()
    return {"job_title": "Magazziniere", "start_on": start, "end_on": start + dt.timedelta(days=365),
            "contract_kind": "fixed_term", "gross_monthly_wage": Decimal("1450.00"), "weekly_hours": 38,
            **overrides}


@pytest.fixture
def make_placement(actors, organizations, company):
    def make(case, *, kind="tirocinio", by="case_manager", **overrides):
        data = tirocinio_data(**overrides) if kind == "tirocinio" else contract_data(**overrides)
        return placement_create(by=actors[by], case=case, kind=kind, company=company, data=data,
                                promoter=organizations["hub"] if kind == "tirocinio" else None)

    return make
