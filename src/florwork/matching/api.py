"""JSON API of matching: taxonomy search, occupation and skill detail (MATCHING_RUN; no personal data)."""

from __future__ import annotations

from ninja import Query, Router, Schema
from pydantic import Field

from florwork.accounts.policy import Action
from florwork.apicore import Error, allow
from florwork.matching import selectors

router = Router(tags=["matching"])

Texts = dict[str, str]  # {"it": …, "en": …}


class MatchOut(Schema):
    uri: str
    id: int
    label: Texts = Field(description="preferred label by language")
    score: float = Field(description="0–1; label coverage, blended with embedding similarity when available")
    matched_label: str = Field(description="the label or synonym that matched")
    matched_language: str
    matched_kind: str = Field(description="preferred, alternative (synonym) or hidden")
    lexical: float
    semantic: float | None = None


class SearchOut(Schema):
    query: str
    semantic: bool = Field(description="whether embeddings re-ranked the results")
    occupations: list[MatchOut]
    skills: list[MatchOut]


class SkillRefOut(Schema):
    uri: str
    id: int
    label: Texts
    skill_type: str
    italian_label: bool = Field(description="false when the skill has no Italian label yet (English shown)")


class OccupationRefOut(Schema):
    uri: str
    id: int
    label: Texts


class OccupationOut(Schema):
    uri: str
    id: int
    code: str
    isco_group: str
    label: Texts
    synonyms: dict[str, list[str]]
    description: Texts
    broader: OccupationRefOut | None
    narrower: list[OccupationRefOut]
    essential_skills: list[SkillRefOut]
    optional_skills: list[SkillRefOut]


class SkillOut(Schema):
    uri: str
    id: int
    skill_type: str
    reuse_level: str
    label: Texts
    synonyms: dict[str, list[str]]
    description: Texts
    broader: SkillRefOut | None
    essential_for: list[OccupationRefOut]
    optional_for: list[OccupationRefOut]


def _match(hit, row) -> dict:
    return {"uri": row.uri, "id": row.pk, "label": row.preferred, "score": hit.score, "matched_label": hit.label,
            "matched_language": hit.language, "matched_kind": hit.kind, "lexical": hit.lexical,
            "semantic": hit.semantic}


def _skill_ref(skill) -> dict:
    return {"uri": skill.uri, "id": skill.pk, "label": skill.preferred, "skill_type": skill.skill_type,
            "italian_label": "it" in skill.preferred}


def _occupation_ref(occupation) -> dict:
    return {"uri": occupation.uri, "id": occupation.pk, "label": occupation.preferred}


def _synonyms(labels: dict) -> dict[str, list[str]]:
    return {language: kinds.get("alternative", []) for language, kinds in labels.items()}


@router.get("/taxonomy/search", response={200: SearchOut, 403: Error, 422: Error})
@allow(Action.MATCHING_RUN)
def taxonomy_search(request, q: str = Query(..., max_length=500), limit: int = Query(10, ge=1, le=50),
                    semantic: bool = True):
    """Occupations and skills for a job title or a CV line (Italian or English), with the reason for each."""
    result = selectors.taxonomy_search(actor=request.actor, text=q, limit=limit, semantic=semantic)
    return {"query": result.query, "semantic": result.semantic,
            "occupations": [_match(h, r) for h, r in result.occupations],
            "skills": [_match(h, r) for h, r in result.skills]}


@router.get("/taxonomy/occupations/by-uri", response={200: OccupationOut, 403: Error, 404: Error})
@allow(Action.MATCHING_RUN)
def occupation_by_uri(request, uri: str):
    """The occupation with this ESCO URI."""
    return _occupation_out(selectors.occupation_get(actor=request.actor, uri=uri))


@router.get("/taxonomy/occupations/{occupation_id}", response={200: OccupationOut, 403: Error, 404: Error})
@allow(Action.MATCHING_RUN)
def occupation_detail(request, occupation_id: int):
    return _occupation_out(selectors.occupation_get(actor=request.actor, occupation_id=occupation_id))


def _occupation_out(page) -> dict:
    o = page.occupation
    return {"uri": o.uri, "id": o.pk, "code": o.code, "isco_group": o.isco_group, "label": o.preferred,
            "synonyms": _synonyms(page.labels), "description": o.description,
            "broader": _occupation_ref(o.broader) if o.broader else None,
            "narrower": [_occupation_ref(n) for n in page.narrower],
            "essential_skills": [_skill_ref(s) for s in page.essential],
            "optional_skills": [_skill_ref(s) for s in page.optional]}


@router.get("/taxonomy/skills/{skill_id}", response={200: SkillOut, 403: Error, 404: Error})
@allow(Action.MATCHING_RUN)
def skill_detail(request, skill_id: int):
    page = selectors.skill_get(actor=request.actor, skill_id=skill_id)
    s = page.skill
    return {"uri": s.uri, "id": s.pk, "skill_type": s.skill_type, "reuse_level": s.reuse_level,
            "label": s.preferred, "synonyms": _synonyms(page.labels), "description": s.description,
            "broader": _skill_ref(s.broader) if s.broader else None,
            "essential_for": [_occupation_ref(o) for o in page.essential_for],
            "optional_for": [_occupation_ref(o) for o in page.optional_for]}


# vacancies and rankings: their own module, on this router
from florwork.matching.vacancy_api import router as vacancy_router  # noqa: E402

router.add_router("/", vacancy_router)
