"""Demo shortlists: the published demo vacancies' best ranked candidates at every stage the shortlist app
records (trial and hired come from the placements demo), each step dated and in order, consenting people
only; deterministic and safe to re-run.

The partnership, demo people, companies and vacancies are loaded once for the module, inside a transaction
rolled back at the end.
"""

import pytest
from django.db import transaction
from django.utils import timezone

from florwork.accounts.policy import SYSTEM
from florwork.audit.selectors import audit_verify
from florwork.demo.companies import demo_companies_load
from florwork.demo.people import demo_people_load
from florwork.demo.services import demo_load
from florwork.demo.shortlists import demo_shortlists_load
from florwork.demo.vacancies import demo_matching_load
from florwork.people.models import Consent
from florwork.shortlists.models import STEP_DATE, ShortlistEntry, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(by=SYSTEM, seed=1)  # the partnership only
        demo_people_load(seed=1, count=60)
        demo_companies_load(seed=1, count=40)
        demo_matching_load(seed=1)
        created = demo_shortlists_load(seed=1)
        yield created, list(ShortlistEntry.objects.order_by("pk").values_list("vacancy_id", "person_id", "stage"))
        transaction.set_rollback(True)


def test_entries_at_every_stage_of_the_shortlist(loaded):
    created, _ = loaded
    stages = set(ShortlistEntry.objects.values_list("stage", flat=True))
    assert created == ShortlistEntry.objects.count() > 10
    assert stages == {Stage.PROPOSED, Stage.PRESENTED, Stage.INTERVIEW, Stage.NOT_HIRED}


def test_steps_are_dated_in_order_after_the_publication_and_interviews_were_agreed():
    for entry in ShortlistEntry.objects.all():
        dates = [getattr(entry, field) for field in STEP_DATE.values() if getattr(entry, field)]
        assert dates == sorted(dates)
        assert dates[0] >= timezone.localdate(entry.vacancy.published_at) and dates[-1] <= timezone.localdate()
        if entry.interview_on:
            assert entry.interview_requested_at and entry.person_agreed_at
        assert bool(entry.not_hired_reason) == (entry.stage == Stage.NOT_HIRED)


def test_only_consenting_people_are_on_shortlists():
    consenting = set(Consent.objects.filter(purpose="employer_presentation", withdrawn_at__isnull=True)
                     .values_list("person_id", flat=True))
    assert set(ShortlistEntry.objects.values_list("person_id", flat=True)) <= consenting


def test_a_second_run_adds_nothing_and_the_audit_chain_holds(loaded):
    _, before = loaded
    assert demo_shortlists_load(seed=1) == 0
    assert list(ShortlistEntry.objects.order_by("pk").values_list("vacancy_id", "person_id", "stage")) == before
    assert audit_verify()[1] == []
