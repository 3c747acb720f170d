"""JSON API of vacancies and rankings (on the matching router).

Vacancies are written through ``VacancyForm``, like the page: ESCO URIs in, the same rules and messages,
the field named on bad input (an unknown URI names itself). The company side's ranking carries the
pseudonymous code only, never a case or person id.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from pydantic import Field

from florwork.accounts.policy import Action
from florwork.apicore import Error, Page, allow, paginate
from florwork.audit.models import Purpose
from florwork.matching import selectors, services
from florwork.matching.forms import VacancyForm
from florwork.matching.models import Occupation, Skill
from florwork.matching.vacancy_models import Vacancy, VacancyStatus

router = Router(tags=["vacancies"])
EMPLOYERS = Purpose.EMPLOYER_ENGAGEMENT


class VacancyIn(Schema):
    company_id: int
    occupation_uri: str = Field(max_length=200, description="ESCO occupation URI")
    title: str = Field("", max_length=200)
    description: str = ""
    essential_skills: list[str] = Field(default_factory=list, description="ESCO skill URIs")
    optional_skills: list[str] = Field(default_factory=list, description="ESCO skill URIs")
    contract_kind: str
    hours: str = "full_time"
    weekly_hours: int | None = None
    positions: int = 1
    site_id: int | None = None
    required_licences: list[str] = Field(default_factory=list)
    min_isced_level: int | None = None
    min_italian_level: str = ""
    other_requirements: str = ""
    accessibility: list[str] = Field(default_factory=list)
    law68_eligible: bool = False
    closes_on: date | None = None


class VacancyUpdateIn(VacancyIn):
    company_id: int | None = None  # a vacancy never moves to another company
    version: int = Field(ge=1)


class CloseIn(Schema):
    status: str = Field(description="filled or closed")


class SkillOut(Schema):
    uri: str
    label: str
    essential: bool


class VacancyOut(Schema):
    id: int
    code: str
    company_id: int
    company: str
    title: str
    occupation_uri: str
    occupation: str
    status: str
    contract_kind: str
    hours: str
    weekly_hours: int | None
    positions: int
    site_id: int | None
    required_licences: list[str]
    min_isced_level: int | None
    min_italian_level: str
    accessibility: list[str]
    law68_eligible: bool
    closes_on: date | None
    published_at: datetime | None
    version: int
    skills: list[SkillOut] = []


class CandidateOut(Schema):
    code: str = Field(description="pseudonymous, valid for this vacancy only")
    score: int
    explanation: dict


class RankingOut(Schema):
    vacancy_id: int
    eligible: int = Field(description="consenting candidates meeting every requirement")
    excluded: dict[str, int] = Field(description="consenting candidates left out, by requirement")
    no_essential_skills: bool
    weights_version: int | None
    candidates: list[CandidateOut]


class VacancyMatchOut(Schema):
    vacancy_id: int
    title: str
    company: str
    score: int
    missing_essential: list[str]
    explanation: dict


def _out(vacancy: Vacancy, *, skills: bool = True) -> dict:
    data = {name: getattr(vacancy, name) for name in (
        "id", "code", "company_id", "title", "status", "contract_kind", "hours", "weekly_hours", "positions",
        "site_id", "required_licences", "min_isced_level", "min_italian_level", "accessibility", "law68_eligible",
        "closes_on", "published_at", "version")}
    data.update(company=vacancy.company.legal_name, occupation_uri=vacancy.occupation.uri,
                occupation=vacancy.occupation.label)
    if skills:
        data["skills"] = [{"uri": link.skill.uri, "label": link.skill.label, "essential": link.essential}
                          for link in vacancy.skill_links.all()]
    return data


def _form_data(payload: VacancyIn) -> dict:
    """The payload as the form's data, URIs turned into ids; an unknown URI is refused by name."""
    errors: dict[str, list[str]] = {}
    occupation = Occupation.objects.filter(uri=payload.occupation_uri).first()
    if occupation is None:
        errors["occupation_uri"] = [f"unknown ESCO occupation URI: {payload.occupation_uri}"]
    skills = dict(Skill.objects.filter(uri__in=payload.essential_skills + payload.optional_skills)
                  .values_list("uri", "pk"))
    for name in ("essential_skills", "optional_skills"):
        unknown = [uri for uri in getattr(payload, name) if uri not in skills]
        if unknown:
            errors[name] = [f"unknown ESCO skill URI: {uri}" for uri in unknown]
    if errors:
        raise ValidationError(errors)
    data = payload.dict()
    data.update(occupation=occupation.pk, site=payload.site_id or "",
                essential_skills=[skills[u] for u in payload.essential_skills],
                optional_skills=[skills[u] for u in payload.optional_skills],
                min_isced_level="" if payload.min_isced_level is None else payload.min_isced_level,
                weekly_hours=payload.weekly_hours or "", closes_on=payload.closes_on or "")
    return data


def _cleaned(payload: VacancyIn, company) -> dict:
    form = VacancyForm(_form_data(payload), company=company)
    if not form.is_valid():
        names = {"occupation": "occupation_uri", "site": "site_id"}
        raise ValidationError({names.get(f, f): [str(m) for m in ms] for f, ms in form.errors.items()})
    return form.cleaned_data


def _company(request, company_id: int):
    from florwork.employers.selectors import company_get

    return company_get(actor=request.actor, company_id=company_id, purpose=EMPLOYERS)


@router.get("/vacancies", response={200: Page[VacancyOut], 403: Error})
@allow(Action.VACANCY_MANAGE, EMPLOYERS)
def vacancy_list(request, company_id: int | None = None, status: VacancyStatus | None = None, q: str = "",
                 page: int = 1, page_size: int = 50):
    vacancies = selectors.vacancies_list(actor=request.actor, company_id=company_id,
                                         status=status.value if status else None, query=q[:100])
    result = paginate(vacancies, page=page, page_size=page_size)
    result["items"] = [_out(v, skills=False) for v in result["items"]]
    return result


@router.post("/vacancies", response={201: VacancyOut, 403: Error, 404: Error, 422: Error})
@allow(Action.VACANCY_MANAGE, EMPLOYERS)
def vacancy_create(request, payload: VacancyIn):
    """A draft vacancy; skills and occupation by ESCO URI."""
    company = _company(request, payload.company_id)
    vacancy = services.vacancy_create(company_id=company.pk, data=_cleaned(payload, company), by=request.actor)
    return Status(201, _out(selectors.vacancy_get(actor=request.actor, vacancy_id=vacancy.pk)))


@router.get("/vacancies/{vacancy_id}", response={200: VacancyOut, 403: Error, 404: Error})
@allow(Action.MATCHING_RUN, EMPLOYERS)
def vacancy_detail(request, vacancy_id: int):
    return _out(selectors.vacancy_get(actor=request.actor, vacancy_id=vacancy_id))


@router.put("/vacancies/{vacancy_id}", response={200: VacancyOut, 403: Error, 404: Error, 409: Error, 422: Error})
@allow(Action.VACANCY_MANAGE, EMPLOYERS)
def vacancy_update(request, vacancy_id: int, payload: VacancyUpdateIn):
    vacancy = selectors.vacancy_get(actor=request.actor, vacancy_id=vacancy_id)
    services.vacancy_update(vacancy_id=vacancy.pk, version=payload.version,
                            data=_cleaned(payload, vacancy.company), by=request.actor)
    return _out(selectors.vacancy_get(actor=request.actor, vacancy_id=vacancy.pk))


@router.post("/vacancies/{vacancy_id}/publish", response={200: VacancyOut, 403: Error, 404: Error, 422: Error})
@allow(Action.VACANCY_MANAGE, EMPLOYERS)
def vacancy_publish(request, vacancy_id: int):
    vacancy = selectors.vacancy_get(actor=request.actor, vacancy_id=vacancy_id)
    services.vacancy_publish(vacancy_id=vacancy.pk, by=request.actor)
    return _out(selectors.vacancy_get(actor=request.actor, vacancy_id=vacancy.pk))


@router.post("/vacancies/{vacancy_id}/close", response={200: VacancyOut, 403: Error, 404: Error, 422: Error})
@allow(Action.VACANCY_MANAGE, EMPLOYERS)
def vacancy_close(request, vacancy_id: int, payload: CloseIn):
    vacancy = selectors.vacancy_get(actor=request.actor, vacancy_id=vacancy_id)
    services.vacancy_close(vacancy_id=vacancy.pk, status=payload.status, by=request.actor)
    return _out(selectors.vacancy_get(actor=request.actor, vacancy_id=vacancy.pk))


@router.get("/vacancies/{vacancy_id}/ranking", response={200: RankingOut, 403: Error, 404: Error, 422: Error})
@allow(Action.MATCHING_RUN, EMPLOYERS)
def vacancy_ranking(request, vacancy_id: int, limit: int = 50):
    """The consenting candidates ranked for the vacancy, by pseudonymous code, each with its explanation."""
    if not 1 <= limit <= 200:
        raise ValidationError({"limit": "limit must be between 1 and 200"})
    ranking = selectors.vacancy_ranking(actor=request.actor, vacancy_id=vacancy_id, limit=limit)
    return {"vacancy_id": ranking.vacancy.pk, "eligible": ranking.eligible, "excluded": ranking.excluded,
            "no_essential_skills": ranking.no_essential_skills, "weights_version": ranking.weights_version,
            "candidates": [{"code": r.code, "score": r.score, "explanation": r.explanation.as_dict()}
                           for r in ranking.results]}


@router.get("/cases/{case_id}/vacancies", response={200: list[VacancyMatchOut], 403: Error, 404: Error})
@allow(Action.MATCHING_RUN, Purpose.CASE_MANAGEMENT)
def case_vacancies(request, case_id: int, limit: int = 10):
    """The open vacancies worth pursuing for the case's person, with the essential skills they lack."""
    results = selectors.vacancies_for_case(actor=request.actor, case_id=case_id, limit=max(1, min(limit, 50)))
    return [{"vacancy_id": r.vacancy.pk, "title": r.vacancy.title, "company": r.vacancy.company.legal_name,
             "score": r.score, "missing_essential": r.missing_essential, "explanation": r.explanation.as_dict()}
            for r in results]
