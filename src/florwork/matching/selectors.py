"""Reads of the taxonomy: search (label index, optional embeddings), occupation and skill pages.

The taxonomy holds no personal data: reads are gated by the role's action only (MATCHING_RUN, held by
case managers and company-relations officers) and are not audited.

The search index is built from the label table once per process and rebuilt when a newer
TaxonomyRelease exists (checked on each search: one indexed query), so several processes and
machines stay consistent without sharing memory.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404

from florwork.accounts.policy import Action, Actor, may
from florwork.matching.models import (
    Label,
    LabelKind,
    Occupation,
    OccupationSkill,
    Relation,
    Skill,
    SkillSkill,
    TaxonomyRelease,
)
from florwork.matching.taxonomy.search import OCCUPATION, SKILL, Hit, LabelRecord, Reranker, SearchIndex

_lock = threading.Lock()
_cache: dict[str, object] = {"stamp": None, "index": None}


def _gate(actor: Actor) -> None:
    if not may(actor, Action.MATCHING_RUN):
        raise PermissionDenied


def _stamp() -> tuple:
    latest = TaxonomyRelease.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (latest, Label.objects.count()) if latest is None else (latest,)


def _label_records():
    rows = Label.objects.values_list("occupation__uri", "skill__uri", "language", "kind", "text").iterator(
        chunk_size=5000)
    seen = set()
    for occupation_uri, skill_uri, language, kind, text in rows:
        key = (occupation_uri, skill_uri, language, kind, text)
        if key in seen:  # the same label from two sources
            continue
        seen.add(key)
        yield LabelRecord(OCCUPATION if occupation_uri else SKILL, occupation_uri or skill_uri, language, kind, text)


def search_index() -> SearchIndex:
    """The process's label index, rebuilt after an import."""
    stamp = _stamp()
    with _lock:
        if _cache["stamp"] != stamp or _cache["index"] is None:
            _cache["index"] = SearchIndex.build(_label_records())
            _cache["stamp"] = stamp
        index = _cache["index"]
    assert isinstance(index, SearchIndex)
    return index


def reranker() -> Reranker | None:
    """The sentence-embedding re-ranker when the optional extra is installed, else None."""
    from florwork.matching.taxonomy import embeddings

    return embeddings.default_reranker()


@dataclass
class SearchResult:
    query: str
    occupations: list[tuple[Hit, Occupation]] = field(default_factory=list)
    skills: list[tuple[Hit, Skill]] = field(default_factory=list)
    semantic: bool = False


def taxonomy_search(*, actor: Actor, text: str, limit: int = 10, semantic: bool = True) -> SearchResult:
    """Occupations and skills matching a job title or a CV line, best first, each with the label that matched."""
    _gate(actor)
    text = text.strip()[:500]
    result = SearchResult(query=text)
    if not text:
        return result
    index = search_index()
    rerank = reranker() if semantic else None
    result.semantic = rerank is not None
    for concept, model, target in ((OCCUPATION, Occupation, result.occupations), (SKILL, Skill, result.skills)):
        hits = index.search(text, concept=concept, limit=limit, reranker=rerank)
        rows = model.objects.in_bulk([h.uri for h in hits], field_name="uri")
        target.extend((h, rows[h.uri]) for h in hits if h.uri in rows)
    return result


@dataclass
class OccupationPage:
    occupation: Occupation
    labels: dict[str, dict[str, list[str]]]  # language -> kind -> texts
    essential: list[Skill]
    optional: list[Skill]
    narrower: list[Occupation]


def _labels_of(**concept) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for language, kind, text in Label.objects.filter(**concept).exclude(kind=LabelKind.HIDDEN).values_list(
            "language", "kind", "text").order_by("language", "kind", "text"):
        texts = out.setdefault(language, {}).setdefault(kind, [])
        if text not in texts:
            texts.append(text)
    return dict(sorted(out.items(), key=lambda item: (item[0] != "it", item[0])))


def occupation_get(*, actor: Actor, uri: str | None = None, occupation_id: int | None = None) -> OccupationPage:
    _gate(actor)
    lookup = {"uri": uri} if uri is not None else {"pk": occupation_id}
    occupation = Occupation.objects.select_related("broader").filter(**lookup).first()
    if occupation is None:
        raise Http404
    links = OccupationSkill.objects.filter(occupation=occupation).select_related("skill")
    skills = sorted(links, key=lambda link: link.skill.label.casefold())
    return OccupationPage(
        occupation=occupation, labels=_labels_of(occupation=occupation),
        essential=[link.skill for link in skills if link.relation == Relation.ESSENTIAL],
        optional=[link.skill for link in skills if link.relation == Relation.OPTIONAL],
        narrower=list(occupation.narrower.all()),
    )


@dataclass
class SkillPage:
    skill: Skill
    labels: dict[str, dict[str, list[str]]]
    essential_for: list[Occupation]
    optional_for: list[Occupation]
    related: list[tuple[Skill, str]]
    narrower: list[Skill]


def skill_get(*, actor: Actor, uri: str | None = None, skill_id: int | None = None,
              occupations_limit: int = 50) -> SkillPage:
    _gate(actor)
    lookup = {"uri": uri} if uri is not None else {"pk": skill_id}
    skill = Skill.objects.select_related("broader").filter(**lookup).first()
    if skill is None:
        raise Http404
    links = OccupationSkill.objects.filter(skill=skill).select_related("occupation")
    by_relation: dict[str, list[Occupation]] = {Relation.ESSENTIAL: [], Relation.OPTIONAL: []}
    for link in links[: occupations_limit * 2]:
        by_relation[link.relation].append(link.occupation)
    related = [(link.related, link.relation) for link in
               SkillSkill.objects.filter(skill=skill).select_related("related")]
    return SkillPage(skill=skill, labels=_labels_of(skill=skill),
                     essential_for=by_relation[Relation.ESSENTIAL][:occupations_limit],
                     optional_for=by_relation[Relation.OPTIONAL][:occupations_limit],
                     related=related, narrower=list(skill.narrower.all()[:50]))


def taxonomy_release_latest() -> TaxonomyRelease | None:
    return TaxonomyRelease.objects.order_by("-pk").first()


# vacancies and rankings live in their own modules; these are the names other apps import
from florwork.matching.ranking_selectors import (  # noqa: E402,F401
    RANKABLE,
    CandidateResult,
    VacancyRanking,
    VacancyResult,
    candidates_for_vacancy,
    case_presentable,
    vacancies_for_case,
    vacancy_ranking,
)
from florwork.matching.vacancy_selectors import (  # noqa: E402,F401
    vacancies_list,
    vacancy_get,
    vacancy_status_counts,
    visible_vacancies,
)
