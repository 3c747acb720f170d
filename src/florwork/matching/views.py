"""Pages of the taxonomy: search (HTMX results), occupation and skill. Thin: parse, call, render."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from florwork.matching import selectors

SEARCH_LIMIT = 10


@require_GET
def taxonomy_search(request):
    text = request.GET.get("q", "").strip()
    result = selectors.taxonomy_search(actor=request.actor, text=text, limit=SEARCH_LIMIT) if text else None
    context = {"q": text, "result": result, "release": selectors.taxonomy_release_latest()}
    if request.htmx:
        return render(request, "matching/_search_results.html", context)
    return render(request, "matching/search.html", context)


@require_GET
def occupation_detail(request, occupation_id: int):
    page = selectors.occupation_get(actor=request.actor, occupation_id=occupation_id)
    return render(request, "matching/occupation.html", {"page": page, "occupation": page.occupation})


@require_GET
def skill_detail(request, skill_id: int):
    page = selectors.skill_get(actor=request.actor, skill_id=skill_id)
    return render(request, "matching/skill.html", {"page": page, "skill": page.skill})
