"""Shared helpers of the statistical profile tests: trained cores (once per module: training takes seconds),
stored as database models, and closed hub cases written straight to the database (fast)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from florwork.assessment import profile as core
from florwork.demo.profile_model import BIASED_SEED, FEATURES, HISTORY_SEED, history_csv

PROTECTED = ["sex", "citizenship", "disability", "age_band"]


def train_core(*, horizon=12, underrecord=0.0, n=2000) -> core.TrainedProfile:
    seed = BIASED_SEED if underrecord else HISTORY_SEED
    table = core.parse_table(history_csv(n, seed=seed, underrecord=underrecord), "history.csv")
    return core.train(table, core.TrainOptions(outcome=f"in_work_{horizon}m", features=list(FEATURES),
                                               protected=PROTECTED, seed=1, date_column="intake_date"))


@pytest.fixture(scope="module")
def fair_core():
    return train_core()


@pytest.fixture(scope="module")
def biased_core():
    """Non-EU citizens' jobs recorded for half of them: the audit must catch it."""
    return train_core(underrecord=0.5)


def store(trained: core.TrainedProfile, *, horizon=12, source="imported"):
    from florwork.assessment.profile_models import ProfileTraining
    from florwork.assessment.profile_services import profile_model_store

    training = ProfileTraining.objects.create(horizon=horizon, source=source, status="done",
                                              requested_at=timezone.now(), requested_by_label="test")
    model = profile_model_store(trained=trained, training=training)
    training.model = model
    training.save(update_fields=["model"])
    return model


def closed_cases(organizations, *, n=40, seed=0):
    """n closed or dropped cases of the hub team, each with a finalized assessment at intake; half of them
    reached ``placed`` three months after intake (those with the higher digital score), half never did."""
    import random

    from florwork.assessment.models import Assessment, Instrument
    from florwork.cases.models import Case, CaseEvent, Referral
    from florwork.people.models import Person, WorkExperience

    rng = random.Random(seed)
    instrument = Instrument.objects.get(status="published")
    base = timezone.now() - dt.timedelta(days=900)
    cases = []
    for i in range(n):
        placed = i % 2 == 0
        person = Person.objects.create(first_name=f"P{i}", last_name="Test", birth_date=dt.date(1970 + i % 35, 3, 1),
                                       sex="F" if i % 3 else "M", citizenship=["IT", "RO", "MA"][i % 3],
                                       isced_level=rng.choice([1, 2, 3, 6]), italian_level="B1")
        WorkExperience.objects.create(person=person, occupation="magazziniere", start=dt.date(2015, 1, 1),
                                      end=dt.date(2019, 1, 1), contract_kind="fixed_term")
        intake = base + dt.timedelta(days=i * 5)
        referral = Referral.objects.create(person=person, referring_organization=organizations["municipality"],
                                           reason="test", created_at=intake - dt.timedelta(days=10))
        closed = intake + dt.timedelta(days=300)
        case = Case.objects.create(person=person, referral=referral, team_organization=organizations["hub"],
                                   state="closed" if placed else "dropped", state_changed_at=closed,
                                   referred_at=referral.created_at, intake_at=intake, closed_at=closed)
        if placed:
            CaseEvent.objects.create(case=case, kind="state_change", occurred_at=intake + dt.timedelta(days=90),
                                     recorded_at=intake, by_label="test", from_state="active", to_state="placed")
        digital = rng.uniform(35, 90) if placed else rng.uniform(10, 65)  # overlapping: not separable
        Assessment.objects.create(case=case, person=person, instrument=instrument, started_at=intake,
                                  status="finalized", finalized_at=intake + dt.timedelta(days=20),
                                  scores={"dimensions": {"basic_digital": round(digital, 1), "motivation": 50.0},
                                          "overall": round(digital / 2 + 25, 1)})
        cases.append(case)
    return cases
