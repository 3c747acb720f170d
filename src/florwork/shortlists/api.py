"""JSON API of shortlists: a vacancy's shortlist, adding a ranked candidate, the funnel steps, the
company's interview request, the person's agreement, the identity reveal, the anonymized profile (JSON
and PDF), the funnel figures.

The same rules as the pages: the services and selectors decide, so the policy and the audit apply; an
entry the actor may not see is a 404 like a missing one; a stale ``version`` is a 409; refusals name
their fields (422)."""


from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from florwork.accounts.policy import Action
from florwork.apicore import Error, allow
from florwork.audit.models import Purpose
from florwork.shortlists import presentation, selectors, services
from florwork.shortlists.models import NotHiredReason, ShortlistEntry, Stage

router = Router(tags=["shortlists"])
P = Action.PRESENTATION_MANAGE
MATCHING = Purpose.EMPLOYER_ENGAGEMENT


class EntryOut(Schema):
    id: int
    vacancy_id: int
    code: str
    stage: Stage
    score: float | None
    proposed_on: date
    presented_on: date | None
    interview_on: date | None
    trial_on: date | None
    hired_on: date | None
    not_hired_on: date | None
    not_hired_reason: str
    interview_requested_at: datetime | None
    person_agreed_at: datetime | None
    person_agreed_by_label: str
    first_revealed_at: datetime | None
    officer_label: str
    version: int


class ShortlistOut(Schema):
    vacancy_id: int
    vacancy_code: str
    title: str
    company: str
    entries: list[EntryOut]


class RankedOut(Schema):
    case_id: int
    code: str
    score: float


class AddIn(Schema):
    case_id: int = Field(description="a case of the vacancy's ranking (see GET …/ranking)")


class AdvanceIn(Schema):
    stage: Stage
    on: date
    reason: NotHiredReason | None = Field(None, description="required to close as not hired")
    note: str = Field("", max_length=300)
    version: int = Field(ge=1, description="the entry's version as read")


class RequestIn(Schema):
    note: str = Field("", max_length=300, description="who at the company asked, how")
    version: int = Field(ge=1)


class VersionIn(Schema):
    version: int = Field(ge=1)


class RevealOut(Schema):
    code: str
    first_name: str
    last_name: str
    phone: str
    email: str


class LanguageOut(Schema):
    language: str
    level: str


class JobOut(Schema):
    occupation: str
    months: int
    duration: str
    contract: str
    current: bool


class ProfileOut(Schema):
    code: str
    vacancy_title: str
    vacancy_code: str
    company: str
    matched_skills: list[str]
    other_skills: list[str]
    experience: list[JobOut]
    education: str
    education_title: str
    languages: list[LanguageOut]
    licences: list[str]
    own_vehicle: bool
    availability: str
    hours: str
    presented_by: str
    officer: str
    officer_email: str
    generated_on: date | None


class StepOut(Schema):
    stage: str
    count: int | None = Field(description="null: fewer than 5, suppressed")
    conversion: float | None


class FunnelRowOut(Schema):
    group: str
    label: str
    total: int | None
    steps: list[StepOut]


def _entry(request, entry_id: int) -> ShortlistEntry:
    return selectors.entry_get(actor=request.actor, entry_id=entry_id, purpose=request.purpose)


def _fresh(entry_id: int) -> ShortlistEntry:
    return ShortlistEntry.objects.get(pk=entry_id)


@router.get("/vacancies/{vacancy_id}/shortlist", response={200: ShortlistOut, 404: Error})
@allow(P, MATCHING)
def shortlist_get(request, vacancy_id: int):
    """The vacancy's shortlist: every proposed candidate by code, with their stage and dated steps."""
    vacancy = selectors.vacancy_for_shortlist(actor=request.actor, vacancy_id=vacancy_id)
    return {"vacancy_id": vacancy.pk, "vacancy_code": vacancy.code, "title": vacancy.title,
            "company": vacancy.company.legal_name, "entries": selectors.shortlist_of(vacancy)}


@router.get("/vacancies/{vacancy_id}/shortlist/candidates", response={200: list[RankedOut], 404: Error})
@allow(P, MATCHING)
def shortlist_candidates(request, vacancy_id: int, limit: int = 50):
    """The ranked candidates not yet on the shortlist (the matching app's ranking), by code."""
    vacancy = selectors.vacancy_for_shortlist(actor=request.actor, vacancy_id=vacancy_id)
    return [{"case_id": c.case_id, "code": c.code, "score": c.score}
            for c in selectors.ranked_candidates(actor=request.actor, vacancy=vacancy, limit=min(max(limit, 1), 200))]


@router.post("/vacancies/{vacancy_id}/shortlist", response={201: EntryOut, 404: Error, 422: Error})
@allow(P, MATCHING)
def entry_add(request, vacancy_id: int, payload: AddIn):
    """Propose a ranked candidate; refused without a live consent to be presented, or if already listed."""
    entry = services.entry_add_from_ranking(vacancy_id=vacancy_id, case_id=payload.case_id, by=request.actor)
    return Status(201, entry)


@router.get("/shortlist-entries/{entry_id}", response={200: EntryOut, 404: Error})
@allow(P, MATCHING)
def entry_get(request, entry_id: int):
    return _entry(request, entry_id)


@router.post("/shortlist-entries/{entry_id}/advance", response={200: EntryOut, 404: Error, 409: Error, 422: Error})
@allow(P, MATCHING)
def entry_advance(request, entry_id: int, payload: AdvanceIn):
    """Move the candidate one step: presented, interview, trial, hired, or not hired (with a reason)."""
    entry = _entry(request, entry_id)
    services.entry_advance(entry_id=entry.pk, stage=payload.stage, on=payload.on, reason=payload.reason or "",
                           note=payload.note, by=request.actor, version=payload.version)
    return _fresh(entry.pk)


@router.post("/shortlist-entries/{entry_id}/interview-request",
             response={200: EntryOut, 404: Error, 409: Error, 422: Error})
@allow(P, MATCHING)
def entry_interview_request(request, entry_id: int, payload: RequestIn):
    """Record that the company asked to interview the presented candidate."""
    entry = _entry(request, entry_id)
    services.entry_interview_request(entry_id=entry.pk, by=request.actor, note=payload.note, version=payload.version)
    return _fresh(entry.pk)


@router.post("/shortlist-entries/{entry_id}/agreement", response={200: EntryOut, 404: Error, 409: Error, 422: Error})
@allow(P, MATCHING)
def entry_person_agree(request, entry_id: int, payload: VersionIn):
    """Record that the person agreed to the interview and to their identity being given (who, when)."""
    entry = _entry(request, entry_id)
    services.entry_person_agree(entry_id=entry.pk, by=request.actor, version=payload.version)
    return _fresh(entry.pk)


@router.post("/shortlist-entries/{entry_id}/reveal", response={200: RevealOut, 404: Error, 422: Error})
@allow(P, MATCHING)
def entry_reveal(request, entry_id: int):
    """The candidate's name and contacts; only after the request and the agreement; every call audited."""
    entry = _entry(request, entry_id)
    return services.entry_reveal(entry_id=entry.pk, by=request.actor)


@router.delete("/shortlist-entries/{entry_id}", response={204: None, 404: Error, 422: Error})
@allow(P, MATCHING)
def entry_remove(request, entry_id: int):
    """Take a candidate not yet presented off the shortlist."""
    entry = _entry(request, entry_id)
    services.entry_remove(entry_id=entry.pk, by=request.actor)
    return Status(204, None)


def _presentable(request, entry_id: int) -> ShortlistEntry:
    entry = _entry(request, entry_id)
    if not services.has_presentation_consent(entry.person_id):
        raise PermissionDenied
    return entry


@router.get("/shortlist-entries/{entry_id}/presentation", response={200: ProfileOut, 403: Error, 404: Error})
@allow(P, MATCHING)
def presentation_get(request, entry_id: int, language: str = "it"):
    """The anonymized profile as data (no name, age, sex, nationality, address or contacts)."""
    entry = _presentable(request, entry_id)
    return presentation.anonymized_profile(entry, language).as_json()


@router.get("/shortlist-entries/{entry_id}/presentation.pdf", response={200: None, 403: Error, 404: Error})
@allow(P, MATCHING)
def presentation_pdf(request, entry_id: int, language: str = "it"):
    """The anonymized profile as an A4 PDF for the company (``language=en`` for English); audited as an export."""
    entry = _presentable(request, entry_id)
    language = language if language in presentation.LANGUAGES else "it"
    pdf = presentation.profile_export(actor=request.actor, entry=entry, language=language, purpose=request.purpose)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{presentation.filename(entry, language)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _funnel(request, grouping: str, aggregate: bool) -> list[dict]:
    table = selectors.funnel_table(actor=request.actor, grouping=grouping, aggregate=aggregate)
    return [{"group": row.group, "label": table.labels.get(row.group, "") if row.group else "all",
             "total": row.total, "steps": [vars(step) for step in row.steps]} for row in table.rows]


@router.get("/shortlist-funnel", response={200: list[FunnelRowOut]})
@allow(P, MATCHING)
def funnel_get(request, by: str = "vacancy"):
    """Counts per step and conversion, per vacancy, company, officer or pathway (``by``); consenting
    candidates only."""
    return _funnel(request, by, aggregate=False)


@router.get("/shortlist-funnel/aggregate", response={200: list[FunnelRowOut]})
@allow(Action.AGGREGATE_VIEW, Purpose.GOVERNANCE)
def funnel_aggregate(request, by: str = "vacancy"):
    """The same figures for the programme: counts only, cells under 5 suppressed (null)."""
    return _funnel(request, by, aggregate=True)
