"""Reads of vacancies, filtered by the access policy (``policy.vacancy_scope``).

A vacancy is the company's offer, not personal data: its reads are not audited (the rankings, which read
people, are; see ranking_selectors).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from florwork.accounts.policy import Action, Actor, role_may, vacancy_scope
from florwork.matching.vacancy_models import Vacancy, VacancyStatus


def _action(actor: Actor) -> Action:
    """The action the actor reads vacancies with: managing them, else ranking with them."""
    if actor.is_system or role_may(actor.role, Action.VACANCY_MANAGE):
        return Action.VACANCY_MANAGE
    if role_may(actor.role, Action.MATCHING_RUN):
        return Action.MATCHING_RUN
    raise PermissionDenied


def visible_vacancies(*, actor: Actor) -> QuerySet[Vacancy]:
    scope = vacancy_scope(actor, _action(actor))
    return Vacancy.objects.none() if scope is None else Vacancy.objects.filter(scope)


def vacancy_get(*, actor: Actor, vacancy_id: int) -> Vacancy:
    """The vacancy with its company, site, occupation and skills; 403 for a role that never sees vacancies,
    404 when it does not exist or is not visible (a draft, for a case manager)."""
    vacancy = (visible_vacancies(actor=actor).select_related("company", "site", "occupation")
               .prefetch_related("skill_links__skill").filter(pk=vacancy_id).first())
    if vacancy is None:
        raise Http404
    return vacancy


def vacancies_list(*, actor: Actor, company_id: int | None = None, status: str | None = None,
                   query: str = "") -> QuerySet[Vacancy]:
    vacancies = visible_vacancies(actor=actor).select_related("company", "occupation", "site")
    if company_id:
        vacancies = vacancies.filter(company_id=company_id)
    if status:
        vacancies = vacancies.filter(status=status)
    for word in query.split()[:5]:
        vacancies = vacancies.filter(Q(title__icontains=word) | Q(company__legal_name__icontains=word))
    return vacancies.annotate(
        essential_count=Count("skill_links", filter=Q(skill_links__essential=True)),
    ).order_by("status", "-created_at", "pk")


def vacancy_status_counts(*, actor: Actor, company_id: int | None = None) -> dict[str, int]:
    vacancies = visible_vacancies(actor=actor)
    if company_id:
        vacancies = vacancies.filter(company_id=company_id)
    counts = dict(vacancies.values_list("status").annotate(n=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in VacancyStatus.values}
