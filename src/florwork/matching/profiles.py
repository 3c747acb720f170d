"""The Django side of the ranking: candidate profiles, core vacancies, the taxonomy view and the weights.

Everything here reads in bulk (a constant number of queries for any number of candidates) and hands the
pure core plain dataclasses. No policy check here: the selectors that call it decide who may rank whom.

Candidate profile, from the person record:
- work history: each free-text occupation mapped to an ESCO occupation with the taxonomy's label search
  (the best hit above ``OCCUPATION_MIN_SCORE``); the core infers that occupation's essential skills and
  marks them ``inferred``;
- skills: ``PersonSkill`` rows (declared or assessed, with a level), plus what an assessment dimension
  says where it names a skill (basic digital skills → ESCO "have computer literacy");
- education, languages, driving licences, hours, commute limit from the home comune's coordinates
  (``territory.Comune``), availability ("not available now" is not a candidate);
- Law 68/1999 enrolment and accessibility needs from ``PersonSensitive``: used only as hard constraints,
  never shown to the company side;
- pathway (the case manager's decision, else the proposal) and readiness (the assessment's overall score).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from florwork.matching.models import Occupation, OccupationSkill, Skill, SkillSkill, TaxonomyRelease
from florwork.matching.profile_models import PersonSkill, RankingWeights
from florwork.matching.ranking import CandidateProfile, Experience, SkillClaim, TaxonomyView, Weights, hours_range
from florwork.matching.ranking import Vacancy as CoreVacancy
from florwork.matching.vacancy_models import Vacancy

OCCUPATION_MIN_SCORE = 0.6  # a job title mapped below this is too uncertain to count as experience
DAYS_PER_MONTH = 30.44
LAW68 = "law68_enrolled"  # legal status code: enrolled in collocamento mirato (L. 68/1999 art. 8)
# assessment dimensions that name a skill: (dimension, ESCO skill URI, minimum score 0–100)
ASSESSED_DIMENSIONS = (
    ("basic_digital", "http://data.europa.eu/esco/skill/d15ce60f-ddab-41ce-ba56-398451b77b60", 60.0),
)
EMPLOYER_PRESENTATION = "employer_presentation"

_lock = threading.Lock()
_view_cache: dict[str, object] = {"stamp": None, "view": None}


# ---- taxonomy and weights ------------------------------------------------------------------------------

def taxonomy_view() -> TaxonomyView:
    """The ranking's view of the taxonomy, built once per process and rebuilt after an import."""
    stamp = (TaxonomyRelease.objects.order_by("-pk").values_list("pk", flat=True).first(),
             OccupationSkill.objects.count() if not TaxonomyRelease.objects.exists() else 0)
    with _lock:
        if _view_cache["stamp"] != stamp or _view_cache["view"] is None:
            _view_cache["view"] = _build_view()
            _view_cache["stamp"] = stamp
        view = _view_cache["view"]
    assert isinstance(view, TaxonomyView)
    return view


def _build_view() -> TaxonomyView:
    return TaxonomyView.build(
        occupation_skills=OccupationSkill.objects.values_list("occupation__uri", "skill__uri", "relation")
        .iterator(chunk_size=10000),
        skill_skills=SkillSkill.objects.values_list("skill__uri", "related__uri", "relation").iterator(
            chunk_size=10000),
        skill_broader=Skill.objects.filter(broader__isnull=False).values_list("uri", "broader__uri"),
        occupation_broader=Occupation.objects.filter(broader__isnull=False).values_list("uri", "broader__uri"))


def weights_current() -> tuple[Weights, RankingWeights | None]:
    row = RankingWeights.objects.order_by("-version").first()
    return (Weights.from_dict(row.values) if row else Weights()), row


# ---- vacancies -----------------------------------------------------------------------------------------

def _point(lat, lon) -> tuple[float, float] | None:
    return None if lat is None or lon is None else (float(lat), float(lon))


def vacancy_queryset(queryset: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    """What ``core_vacancy`` reads, joined in."""
    return queryset.select_related("occupation", "site", "company").prefetch_related("skill_links__skill")


def site_points(vacancies) -> dict[int, tuple[float, float] | None]:
    """Each vacancy's site point: the site's own coordinates, else its comune's centre."""
    from florwork.territory.models import Comune

    codes = {v.site.comune_istat for v in vacancies if v.site_id and v.site.latitude is None}
    comuni = {c.istat_code: _point(c.latitude, c.longitude) for c in Comune.objects.filter(istat_code__in=codes)}
    points = {}
    for v in vacancies:
        if not v.site_id:
            points[v.pk] = None
        else:
            points[v.pk] = _point(v.site.latitude, v.site.longitude) or comuni.get(v.site.comune_istat)
    return points


def core_vacancy(vacancy: Vacancy, site: tuple[float, float] | None) -> CoreVacancy:
    links = list(vacancy.skill_links.all())
    return CoreVacancy(
        id=str(vacancy.pk), occupation_uri=vacancy.occupation.uri,
        essential_skills=tuple(link.skill.uri for link in links if link.essential),
        optional_skills=tuple(link.skill.uri for link in links if not link.essential),
        required_licences=frozenset(vacancy.required_licences), min_isced=vacancy.min_isced_level,
        languages={"it": vacancy.min_italian_level} if vacancy.min_italian_level else {},
        weekly_hours=vacancy.weekly_hours, site=site, accessibility_offered=frozenset(vacancy.accessibility),
        legal_requirements=frozenset({LAW68}) if vacancy.law68_eligible else frozenset())


# ---- candidates ----------------------------------------------------------------------------------------

def presentable_cases(states) -> QuerySet:
    """Open cases in a state fit for matching whose person has a live consent to be presented to employers
    and is available: the only people a company-side ranking ever loads (no consent: not even counted)."""
    from florwork.cases.models import Case
    from florwork.people.models import Consent

    consent = Consent.objects.filter(person_id=OuterRef("person_id"), purpose=EMPLOYER_PRESENTATION,
                                     withdrawn_at__isnull=True)
    return (Case.objects.filter(state__in=list(states)).filter(Exists(consent))
            .exclude(person__availability="not_now").select_related("person"))


class _Occupations:
    """Free-text job titles mapped to ESCO occupation URIs, each title searched once, the index read once."""

    def __init__(self) -> None:
        self.cache: dict[str, str | None] = {}
        self.index = None

    def uri(self, text: str) -> str | None:
        key = text.strip().casefold()
        if key not in self.cache:
            from florwork.matching.selectors import search_index
            from florwork.matching.taxonomy.search import OCCUPATION

            if self.index is None and key:
                self.index = search_index()
            hits = self.index.search(text, concept=OCCUPATION, limit=1) if key and self.index else []
            self.cache[key] = hits[0].uri if hits and hits[0].score >= OCCUPATION_MIN_SCORE else None
        return self.cache[key]


def map_job_title(text: str) -> str | None:
    """The ESCO occupation URI a free-text job title stands for, or None when too uncertain."""
    return _Occupations().uri(text)


def _months(start: date, end: date | None, today: date) -> float:
    return max(0.0, ((end or today) - start).days / DAYS_PER_MONTH)


def _languages(person) -> dict[str, str]:
    languages: dict[str, str] = {}
    if person.italian_level:
        languages["it"] = person.italian_level
    for item in person.other_languages or []:
        if isinstance(item, dict) and item.get("language") and item.get("level"):
            languages.setdefault(str(item["language"])[:2].lower(), str(item["level"]))
    return languages


@dataclass(frozen=True)
class _Assessed:
    pathway: int | None = None
    readiness: float | None = None  # 0–1
    dimensions: dict | None = None  # dimension code -> score 0–100


def _assessed(case_ids: list[int]) -> dict[int, _Assessed]:
    """Each case's pathway (the case manager's decision, else the proposal), readiness and dimension scores
    from its latest finalized assessment."""
    from florwork.assessment.models import Assessment, AssessmentStatus

    out: dict[int, _Assessed] = {}
    rows = (Assessment.objects.filter(case_id__in=case_ids, status=AssessmentStatus.FINALIZED)
            .select_related("decision").order_by("case_id", "-finalized_at", "-pk"))
    for assessment in rows:
        if assessment.case_id in out:
            continue
        scores = assessment.scores or {}
        decision = getattr(assessment, "decision", None)
        pathway = decision.chosen if decision else (scores.get("proposal") or {}).get("pathway")
        overall = scores.get("overall")
        out[assessment.case_id] = _Assessed(pathway, None if overall is None else max(0.0, min(1.0, overall / 100)),
                                            scores.get("dimensions") or {})
    return out


def build_profiles(cases, *, weights: Weights, today: date | None = None,
                   force_presentable: bool = False) -> list[CandidateProfile]:
    """One profile per case (id: the case id as text). ``force_presentable`` marks consent given and the
    state fit: the case manager's own view of a person's matches, which is not a presentation."""
    from florwork.people.models import Consent, PersonSensitive, WorkExperience
    from florwork.territory.models import Comune

    cases = list(cases)
    today = today or timezone.localdate()
    person_ids = [c.person_id for c in cases]
    history: dict[int, list] = {}
    for item in WorkExperience.objects.filter(person_id__in=person_ids).order_by("person_id", "start"):
        history.setdefault(item.person_id, []).append(item)
    skills: dict[int, list[SkillClaim]] = {}
    for person_id, uri, source, level in PersonSkill.objects.filter(person_id__in=person_ids).values_list(
            "person_id", "skill__uri", "source", "level"):
        skills.setdefault(person_id, []).append(SkillClaim(uri, source, None if level is None else level / 4))
    sensitive = {s.person_id: s for s in PersonSensitive.objects.filter(person_id__in=person_ids).only(
        "person_id", "law68_enrolled", "accessibility_needs")}
    consenting = set(Consent.objects.filter(person_id__in=person_ids, purpose=EMPLOYER_PRESENTATION,
                                            withdrawn_at__isnull=True).values_list("person_id", flat=True))
    homes = {c.istat_code: _point(c.latitude, c.longitude) for c in Comune.objects.filter(
        istat_code__in={c.person.residence_istat for c in cases if c.person.residence_istat})}
    assessed = _assessed([c.pk for c in cases])
    occupations = _Occupations()
    eligible_state = weights.eligible_case_states[0] if weights.eligible_case_states else ""
    return [_profile(c, history.get(c.person_id, []), skills.get(c.person_id, []), sensitive.get(c.person_id),
                     c.person_id in consenting, homes, assessed.get(c.pk, _Assessed()), occupations, today,
                     force_presentable, eligible_state) for c in cases]


def _profile(case, history, claims, sensitive, consenting, homes, assessed: _Assessed, occupations, today,
             force_presentable, eligible_state) -> CandidateProfile:
    person = case.person
    experience = []
    for item in history:
        uri = occupations.uri(item.occupation)
        if uri:
            experience.append(Experience(uri, round(_months(item.start, item.end, today), 1)))
    claims = list(claims)
    held = {c.uri for c in claims}
    for code, uri, minimum in ASSESSED_DIMENSIONS:
        score = (assessed.dimensions or {}).get(code)
        if score is not None and score >= minimum and uri not in held:
            claims.append(SkillClaim(uri, "assessed", round(score / 100, 3)))
    hours_min, hours_max = hours_range(person.hours_preference)
    legal = frozenset({LAW68}) if sensitive is not None and sensitive.law68_enrolled else frozenset()
    needs = frozenset(sensitive.accessibility_needs or []) if sensitive is not None else frozenset()
    state = case.state
    if force_presentable:
        consenting, state = True, eligible_state
    return CandidateProfile(
        id=str(case.pk), skills=tuple(claims), experience=tuple(experience), isced_level=person.isced_level,
        languages=_languages(person), licences=frozenset(person.driving_licences or []), legal_status=legal,
        hours_min=hours_min, hours_max=hours_max, home=homes.get(person.residence_istat),
        max_commute_min=person.max_commute_minutes, accessibility_needs=needs, pathway=assessed.pathway,
        readiness=assessed.readiness, consent_to_present=consenting, case_state=state)
