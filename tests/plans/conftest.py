"""Helpers for the plans tests: a case whose pathway is decided (with chosen weak dimensions), a service of
the catalogue, a draft plan, a signed scan."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.network import fixtures as network_fixtures

comuni = network_fixtures.comuni  # the network tests' fixtures, shared
make_service = network_fixtures.make_service

START = dt.date(2026, 12, 1)
END = dt.date(2027, 5, 31)


@pytest.fixture
def decided(actors, make_case):
    """decided(weak=("italian",), pathway=None) -> an assessed case whose latest assessment is finalized with
    the weak dimensions at the bottom of the scale and the rest strong, and its pathway decided (the
    proposal, or ``pathway`` with a reason)."""
    from florwork.assessment.models import Item
    from florwork.assessment.services import answer_save, assessment_finalize, assessment_start, pathway_decide
    from florwork.people.services import consent_give

    def make(*, weak=("italian",), pathway=None, **case_fields):
        case = make_case(state="intake", **case_fields)
        by = actors["case_manager"]
        consent_give(by=by, person=case.person, purpose="case_management", given_at=timezone.now())
        assessment = assessment_start(by=by, case=case)
        for item in Item.objects.filter(dimension__instrument=assessment.instrument).select_related("dimension"):
            low = item.dimension.code in weak
            value = (item.scale_max if item.reverse_scored else item.scale_min) if low else (
                item.scale_min if item.reverse_scored else item.scale_max)
            answer_save(by=by, assessment=assessment, item_code=item.code, value=value,
                        answered_by=item.respondent)
        assessment.refresh_from_db()
        assessment_finalize(by=by, assessment=assessment, version=assessment.version)
        proposed = assessment.scores["proposal"]["pathway"]
        chosen = pathway or proposed
        pathway_decide(by=by, assessment=assessment, chosen=chosen, reason="" if chosen == proposed else "test")
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def draft(actors):
    """draft(case, reviews=[date], responsibilities=[…]) -> the first, draft revision of the case's plan."""
    from florwork.plans.services import plan_create

    def make(case, *, starts_on=START, ends_on=END, reviews=(dt.date(2027, 3, 1),),
             responsibilities=("Partecipare agli incontri concordati",), by="case_manager"):
        return plan_create(by=actors[by], case=case, data={
            "starts_on": starts_on, "ends_on": ends_on, "review_dates": [{"due_on": d} for d in reviews],
            "responsibilities": list(responsibilities)})

    return make


@pytest.fixture
def filled(actors, draft):
    """filled(case) -> a draft with one goal and one free action, ready to sign."""
    from florwork.plans.services import action_add, goal_add

    def make(case, **kwargs):
        revision = draft(case, **kwargs)
        by = actors["case_manager"]
        goal = goal_add(by=by, revision=revision, version=revision.version, data={
            "title": "Imparare l'italiano per il lavoro", "indicator": "Livello A2 certificato",
            "target_on": END})
        action_add(by=by, revision=revision, version=revision.version, data={
            "title": "Corso di italiano serale", "starts_on": START, "ends_on": dt.date(2027, 2, 28),
            "goal_id": goal.pk, "owner_name": "Anna Bianchi", "cost": "120.50"})
        return revision

    return make


def scan(name="patto-firmato.pdf", body=b"%PDF-1.4 signed scan"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def sign(actors):
    from florwork.plans.lifecycle import plan_sign

    def do(revision, by="case_manager"):
        return plan_sign(by=actors[by], revision=revision, version=revision.version, document=scan())

    return do
