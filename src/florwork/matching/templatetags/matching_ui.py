"""Template tags of matching: the vacancy form's skill boxes, the case page's and company page's sections."""

from __future__ import annotations

from django import template
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from florwork.accounts.policy import Action, may

register = template.Library()
CASE_TOP = 5
COMPANY_LIMIT = 20


def _selected(form, name: str) -> set[str]:
    value = form[name].value() or []
    return {str(getattr(v, "pk", v)) for v in value}


@register.simple_tag
def skill_box(form, name: str, skill):
    """One checkbox of a skill column (essential or optional), labelled by the skill's row header."""
    kind = _("essential") if name == "essential_skills" else _("optional")
    box_id = f"{name}-{skill.pk}"
    checked = mark_safe(" checked") if str(skill.pk) in _selected(form, name) else ""
    return format_html('<input type="checkbox" class="form-check-input" name="{}" value="{}" id="{}"{}'
                       ' aria-labelledby="skill-{} {}-label"><span class="visually-hidden" id="{}-label">{}</span>',
                       name, skill.pk, box_id, checked, skill.pk, box_id, box_id, kind)


@register.inclusion_tag("matching/_case_vacancies.html")
def case_vacancies(actor, case):
    """The person's top open vacancies with score, reasons and missing essential skills (case managers)."""
    if actor is None or not (may(actor, Action.MATCHING_RUN) and may(actor, Action.CASE_UPDATE, case)):
        return {"visible": False}
    from florwork.matching.ranking_selectors import case_presentable, rank_for_case

    return {"visible": True, "case": case, "results": rank_for_case(case=case, limit=CASE_TOP),
            "presentable": case_presentable(case)}


@register.inclusion_tag("matching/_company_vacancies.html")
def company_vacancies(actor, company):
    """The company's vacancies (company officers: all; case managers: the published ones)."""
    from florwork.matching.vacancy_selectors import vacancies_list

    if actor is None:
        return {"visible": False}
    try:
        vacancies = list(vacancies_list(actor=actor, company_id=company.pk)[:COMPANY_LIMIT])
    except PermissionDenied:
        return {"visible": False}
    return {"visible": True, "company": company, "vacancies": vacancies,
            "can_manage": may(actor, Action.VACANCY_MANAGE), "can_rank": may(actor, Action.MATCHING_RUN)}
