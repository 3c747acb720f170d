"""Pages of a person's taxonomy skills (case managers) and of the ranking's weights (programme manager)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from florwork.accounts.policy import Action
from florwork.matching import profiles, services
from florwork.matching.forms import PersonSkillForm, WeightsForm
from florwork.matching.profile_models import PersonSkill, RankingWeights


def _case(request, case_id: int):
    from florwork.cases.selectors import case_get

    return case_get(actor=request.actor, case_id=case_id, purpose=request.purpose, action=Action.CASE_UPDATE)


def person_skills(request, case_id: int):
    case = _case(request, case_id)
    person = case.person
    form = PersonSkillForm(request.POST or None)
    if request.method == "POST" and "add" in request.POST and form.is_valid():
        try:
            services.person_skill_add(person=person, skill=form.cleaned_data["skill"],
                                      source=form.cleaned_data["source"], level=form.cleaned_data["level"],
                                      by=request.actor)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Skill recorded."))
            return redirect("person_skills", case.pk)
    if request.method == "POST" and "add" not in request.POST:
        form.errors.clear()  # a search, not a save: show the hits without errors
    links = PersonSkill.objects.filter(person=person).select_related("skill").order_by("source", "skill__uri")
    history = list(person.work_history.all())
    mapped = [(item, profiles.map_job_title(item.occupation)) for item in history]
    from florwork.matching.models import Occupation

    occupations = Occupation.objects.in_bulk([uri for _item, uri in mapped if uri], field_name="uri")
    return render(request, "matching/person_skills.html", {
        "case": case, "person": person, "form": form, "links": links,
        "history": [(item, occupations.get(uri) if uri else None) for item, uri in mapped],
    })


@require_POST
def person_skill_remove(request, case_id: int, link_id: int):
    case = _case(request, case_id)
    link = PersonSkill.objects.filter(person_id=case.person_id, pk=link_id).select_related("skill", "person").first()
    if link is None:
        raise Http404
    services.person_skill_remove(link=link, by=request.actor)
    messages.success(request, _("Skill removed."))
    return redirect("person_skills", case.pk)


def ranking_weights(request):
    weights, row = profiles.weights_current()
    initial = {"values": json.dumps(row.values if row else weights.to_dict(), indent=2, default=list)}
    form = WeightsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.weights_save(weights=form.cleaned_data["values"], note=form.cleaned_data["note"],
                                  by=request.actor)
        except ValidationError as error:
            form.add_error("note", error.messages)
        else:
            messages.success(request, _("New weights in force."))
            return redirect("ranking_weights")
    return render(request, "matching/weights.html", {"form": form, "current": row,
                                                     "history": RankingWeights.objects.all()[:20]})
