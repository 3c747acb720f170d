"""Rankings: the candidates for a vacancy (company side), the vacancies for a person (case manager).

Who is a candidate (company side): an open case in a state fit for matching — assessed, planned or active
(``Weights.eligible_case_states``, data): before the assessment the hub does not yet know what the person
can do, and the case-management consent may not even exist; placed, follow-up, suspended and closed cases
are not looking for work through the hub — whose person has a live consent to be presented to employers
(GDPR art. 6(1)(a), ``ConsentPurpose.EMPLOYER_PRESENTATION``) and is available. People without that consent
are filtered out in the database query itself: they are never loaded, scored or counted.

Every ranking that names people (even by code) is a read of personal data and is audited with the case ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404

from florwork.accounts.policy import Action, Actor, may
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.matching import profiles
from florwork.matching.explain import Explanation, explain, skill_labels
from florwork.matching.pseudonyms import candidate_code
from florwork.matching.ranking import CandidateIndex, Ranked, rank_vacancies
from florwork.matching.vacancy_models import Vacancy, VacancyStatus
from florwork.matching.vacancy_selectors import vacancy_get

AUDIT_IDS_KEPT = 200
RANKABLE = (VacancyStatus.DRAFT, VacancyStatus.PUBLISHED)  # a draft's ranking is a preview before publishing


@dataclass
class CandidateResult:
    case_id: int
    person_id: int
    code: str  # pseudonymous, per person and vacancy
    score: int  # 0–100
    explanation: Explanation
    ranked: Ranked


@dataclass
class VacancyRanking:
    vacancy: Vacancy
    results: list[CandidateResult]
    eligible: int  # presentable candidates passing every hard constraint
    excluded: dict[str, int] = field(default_factory=dict)  # constraint label -> presentable people left out
    no_essential_skills: bool = False
    weights_version: int | None = None


@dataclass
class VacancyResult:
    vacancy: Vacancy
    score: int
    explanation: Explanation
    missing_essential: list[str]
    ranked: Ranked


def _require_matching(actor: Actor) -> None:
    if not may(actor, Action.MATCHING_RUN):
        raise PermissionDenied


def vacancy_ranking(*, actor: Actor, vacancy_id: int, limit: int = 50) -> VacancyRanking:
    """The ranked candidates for a vacancy, with their explanations and the counts the company side may see."""
    _require_matching(actor)
    vacancy = vacancy_get(actor=actor, vacancy_id=vacancy_id)
    if vacancy.status not in RANKABLE:
        raise Http404  # a filled or closed vacancy is no longer ranked
    weights, weights_row = profiles.weights_current()
    view = profiles.taxonomy_view()
    site = profiles.site_points([vacancy])[vacancy.pk]
    core = profiles.core_vacancy(vacancy, site)
    cases = list(profiles.presentable_cases(weights.eligible_case_states))
    index = CandidateIndex(profiles.build_profiles(cases, weights=weights), view, weights)
    shortlist = index.rank_candidates(core, top=max(0, limit))
    by_id = {str(c.pk): c for c in cases}
    labels = skill_labels(shortlist.results)
    part_weights = weights.part_weights()
    show_special = may(actor, Action.PERSON_VIEW_SPECIAL)
    results = []
    for ranked in shortlist.results:
        case = by_id[ranked.candidate_id]
        results.append(CandidateResult(
            case_id=case.pk, person_id=case.person_id,
            code=candidate_code(person_id=case.person_id, vacancy_id=vacancy.pk), score=round(ranked.score),
            explanation=explain(ranked, labels, part_weights, show_special=show_special), ranked=ranked))
    from florwork.matching.explain import CONSTRAINT_LABELS, SPECIAL_CONSTRAINTS

    excluded = {str(CONSTRAINT_LABELS.get(code, code)): n for code, n in shortlist.excluded.items()
                if show_special or code not in SPECIAL_CONSTRAINTS}
    _audit_ranking(actor, vacancy, results)
    return VacancyRanking(vacancy=vacancy, results=results, eligible=shortlist.eligible, excluded=excluded,
                          no_essential_skills=not core.essential_unique,
                          weights_version=weights_row.version if weights_row else None)


def _audit_ranking(actor: Actor, vacancy: Vacancy, results: list[CandidateResult]) -> None:
    audit_record(actor=actor, operation=Operation.READ, purpose=Purpose.EMPLOYER_ENGAGEMENT,
                 object_type="matching.Vacancy", object_id=vacancy.pk, object_label=vacancy.code,
                 fields=["ranking"], detail={"cases": [r.case_id for r in results[:AUDIT_IDS_KEPT]],
                                             "shown": len(results)})


def candidates_for_vacancy(*, actor: Actor, vacancy_id: int, limit: int = 50) -> list[CandidateResult]:
    """Only eligible candidates (see the module's docstring), best first, ties by case id."""
    return vacancy_ranking(actor=actor, vacancy_id=vacancy_id, limit=limit).results


def open_vacancies():
    return profiles.vacancy_queryset(Vacancy.objects.filter(status=VacancyStatus.PUBLISHED))


def vacancies_for_case(*, actor: Actor, case_id: int, limit: int = 10) -> list[VacancyResult]:
    """The open vacancies worth pursuing for the case's person, best first, with the missing essential skills.

    The case manager's own view: the consent and case-state constraints are about presenting the person to a
    company, so they do not hide matches here (the page says when the person is not yet presentable)."""
    from florwork.cases.selectors import case_get

    _require_matching(actor)
    case = case_get(actor=actor, case_id=case_id, purpose=Purpose.CASE_MANAGEMENT)
    return rank_for_case(case=case, limit=limit)


def rank_for_case(*, case, limit: int = 10) -> list[VacancyResult]:
    """The ranking of ``vacancies_for_case`` for a case already fetched through its gate."""
    vacancies = list(open_vacancies())
    if not vacancies:
        return []  # nothing to rank: the profile (and the job-title search index) is not even built
    weights, _row = profiles.weights_current()
    profile = profiles.build_profiles([case], weights=weights, force_presentable=True)[0]
    points = profiles.site_points(vacancies)
    cores = [profiles.core_vacancy(v, points[v.pk]) for v in vacancies]
    ranked = rank_vacancies(profile, cores, profiles.taxonomy_view(), weights, top=max(0, limit))
    by_id = {str(v.pk): v for v in vacancies}
    labels = skill_labels(ranked)
    part_weights = weights.part_weights()
    results = []
    for item in ranked:
        explanation = explain(item, labels, part_weights, show_special=True)
        results.append(VacancyResult(vacancy=by_id[item.vacancy_id], score=round(item.score),
                                     explanation=explanation, missing_essential=explanation.missing_essential,
                                     ranked=item))
    return results


@dataclass
class Presentable:
    consent: bool
    state_ok: bool


def case_presentable(case) -> Presentable:
    """Whether the person may be presented to companies now (for the case manager's notice)."""
    from florwork.people.models import Consent

    weights, _row = profiles.weights_current()
    consent = Consent.objects.filter(person_id=case.person_id, purpose=profiles.EMPLOYER_PRESENTATION,
                                     withdrawn_at__isnull=True).exists()
    return Presentable(consent=consent, state_ok=case.state in weights.eligible_case_states)
