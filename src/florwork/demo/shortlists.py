"""Demo shortlists: the best ranked candidates of most published demo vacancies, followed through the
funnel — proposed, presented, the company's interview request with the person's agreement, interview, and
not hired with a reason from the list. Trial (tirocinio) and hired come from the placements demo, which
records tirocini and contracts on the interview-stage entries (a placement moves its entry forward).

Deterministic for a seed (``random.Random(f"{seed}:shortlist:…")`` per vacancy) and idempotent: a vacancy
that already has a shortlist is skipped. Through the services (ranking, consent check, audit), as the demo
company officer (or the SYSTEM actor when there is none), with each step dated in the past.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from florwork.accounts.models import Membership
from florwork.accounts.policy import SYSTEM, Actor
from florwork.accounts.roles import Role
from florwork.accounts.selectors import actor_for_membership
from florwork.matching.selectors import candidates_for_vacancy
from florwork.matching.vacancy_models import Vacancy, VacancyStatus
from florwork.shortlists.models import NotHiredReason, ShortlistEntry, Stage
from florwork.shortlists.services import (
    entry_add,
    entry_advance,
    entry_interview_request,
    entry_person_agree,
)

# the stage each ranked candidate of a shortlist reaches, by rank; a few patterns so that the funnel narrows
PATTERNS: tuple[tuple[str, ...], ...] = (
    (Stage.INTERVIEW, Stage.PRESENTED, Stage.NOT_HIRED, Stage.PROPOSED),
    (Stage.INTERVIEW, Stage.NOT_HIRED, Stage.PRESENTED),
    (Stage.PRESENTED, Stage.INTERVIEW, Stage.PROPOSED, Stage.PROPOSED, Stage.NOT_HIRED),
    (Stage.INTERVIEW, Stage.INTERVIEW, Stage.NOT_HIRED, Stage.PRESENTED),
    (Stage.PROPOSED, Stage.PROPOSED, Stage.PROPOSED),
)
REASONS = (NotHiredReason.SKILLS, NotHiredReason.NO_SHOW, NotHiredReason.WITHDREW, NotHiredReason.SEARCH_CLOSED,
           NotHiredReason.CANDIDATE_REFUSED, NotHiredReason.OTHER)
SKIP_EVERY = 5  # one published vacancy in five keeps an empty shortlist (the page shows how to build one)
MAX_OPEN_PER_PERSON = 2  # a person is followed for at most two vacancies at a time in the demo


def _officer() -> Actor:
    seat = (Membership.objects.filter(role=Role.COMPANY_OFFICER, is_active=True, user__username="company_officer")
            .select_related("organization", "user").first())
    return actor_for_membership(seat) if seat is not None else SYSTEM


def _at(day: dt.date) -> dt.datetime:
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30))), timezone.now())


def _walk(entry: ShortlistEntry, target: str, start: dt.date, rng: random.Random, by: Actor) -> None:
    """Move a fresh entry to ``target`` through the steps before it, each a few days after the last (never
    after today: the steps of a recently published vacancy are close together)."""
    today = timezone.localdate()

    def later(day: dt.date, low: int, high: int) -> dt.date:
        return min(day + dt.timedelta(days=rng.randint(low, high)), today)

    if target == Stage.PROPOSED:
        return
    day = later(start, 2, 6)
    entry_advance(entry_id=entry.pk, stage=Stage.PRESENTED, on=day, by=by)
    interview = target == Stage.INTERVIEW or (target == Stage.NOT_HIRED and rng.random() < 0.5)
    if interview:
        day = later(day, 2, 5)
        entry_interview_request(entry_id=entry.pk, by=by, at=_at(day), note="Richiesta telefonica dell'azienda")
        day = later(day, 1, 1)
        entry_person_agree(entry_id=entry.pk, by=by, at=_at(day))
        day = later(day, 2, 6)
        entry_advance(entry_id=entry.pk, stage=Stage.INTERVIEW, on=day, by=by)
    if target == Stage.NOT_HIRED:
        day = later(day, 3, 8)
        reason = rng.choice(REASONS if interview else (NotHiredReason.SKILLS, NotHiredReason.SEARCH_CLOSED))
        entry_advance(entry_id=entry.pk, stage=Stage.NOT_HIRED, on=day, reason=reason, by=by,
                      note="" if reason != NotHiredReason.OTHER else "Trasferita in altra provincia")


def demo_shortlists_load(*, seed: int = 1) -> int:
    """Shortlists on the published demo vacancies from their rankings; returns the entries created."""
    officer = _officer()
    today = timezone.localdate()
    created = 0
    followed: dict[int, int] = {}
    for person_id in ShortlistEntry.objects.exclude(stage__in=[Stage.HIRED, Stage.NOT_HIRED]).values_list(
            "person_id", flat=True):
        followed[person_id] = followed.get(person_id, 0) + 1
    vacancies = list(Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).order_by("pk"))
    for index, vacancy in enumerate(vacancies):
        if index % SKIP_EVERY == SKIP_EVERY - 1 or ShortlistEntry.objects.filter(vacancy=vacancy).exists():
            continue
        rng = random.Random(f"{seed}:shortlist:{vacancy.pk}")
        pattern = PATTERNS[index % len(PATTERNS)]
        ranked = [c for c in candidates_for_vacancy(actor=officer, vacancy_id=vacancy.pk, limit=20)
                  if followed.get(c.person_id, 0) < MAX_OPEN_PER_PERSON][: len(pattern)]
        for candidate, target in zip(ranked, pattern, strict=False):
            # never before the vacancy was published
            start = max(today - dt.timedelta(days=rng.randint(25, 70)), timezone.localdate(vacancy.published_at))
            with transaction.atomic():
                entry = entry_add(vacancy_id=vacancy.pk, case_id=candidate.case_id, by=officer, on=start,
                                  score=candidate.score, explanation=candidate.explanation.as_dict())
                _walk(entry, target, start, rng, officer)
            created += 1
            if target != Stage.NOT_HIRED:
                followed[candidate.person_id] = followed.get(candidate.person_id, 0) + 1
    return created
