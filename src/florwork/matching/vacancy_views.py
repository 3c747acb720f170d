"""Pages of vacancies and rankings. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from florwork.accounts.policy import Action, may
from florwork.conflicts import CONFLICT_MESSAGE, Conflict
from florwork.matching import selectors, services
from florwork.matching.forms import VacancyForm
from florwork.matching.models import Occupation
from florwork.matching.vacancy_models import VacancyStatus
from florwork.people.choices import AccessibilityFeature
from florwork.web.lists import list_page

ACCESSIBILITY = dict(AccessibilityFeature.choices)

PER_PAGE = 25
RANKING_LIMIT = 50
RANKABLE = selectors.RANKABLE


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "message_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _company(request, company_id):
    from florwork.employers.selectors import company_get

    return company_get(actor=request.actor, company_id=company_id, purpose=request.purpose)


@require_GET
def vacancy_list(request):
    status = request.GET.get("status", "")
    status = status if status in VacancyStatus.values else ""
    company_id = request.GET.get("company", "")
    company_id = int(company_id) if company_id.isdigit() else None
    query = request.GET.get("q", "").strip()[:100]
    vacancies = selectors.vacancies_list(actor=request.actor, company_id=company_id, status=status, query=query)
    page = list_page(request, vacancies, per_page=PER_PAGE)
    context = {"page": page, "status": status, "q": query, "company_id": company_id,
               "statuses": _statuses(request, company_id),
               "can_rank": may(request.actor, Action.MATCHING_RUN)}
    if request.htmx and not request.htmx.boosted:
        return render(request, "matching/_vacancy_rows.html", context)
    return render(request, "matching/vacancy_list.html", context)


def _statuses(request, company_id):
    counts = selectors.vacancy_status_counts(actor=request.actor, company_id=company_id)
    return [(value, label, counts[value]) for value, label in VacancyStatus.choices]


def _posted_initial(request) -> dict:
    """The posted values as a fresh form's initial (a refresh shows new choices, not errors)."""
    probe = VacancyForm(request.POST)
    initial = {}
    for name, field in probe.fields.items():
        initial[name] = field.widget.value_from_datadict(request.POST, request.FILES, name)
    occupation_id = str(initial.get("occupation") or "")
    if occupation_id.isdigit() and occupation_id != request.POST.get("suggested_for", ""):
        occupation = Occupation.objects.filter(pk=int(occupation_id)).first()
        if occupation is not None:
            initial.update(VacancyForm.suggested_initial(occupation))
            initial["suggested_for"] = occupation_id
    else:
        initial["suggested_for"] = request.POST.get("suggested_for", "")
    return initial


def _form_page(request, *, form, company, vacancy=None, suggested_for="", status=200):
    return render(request, "matching/vacancy_form.html", {
        "form": form, "company": company, "vacancy": vacancy, "conflict": status == 409,
        "suggested_for": suggested_for or request.POST.get("suggested_for", ""),
    }, status=status)


def _pick_company(request):
    from florwork.employers.selectors import visible_companies

    companies = visible_companies(actor=request.actor).only("pk", "legal_name").order_by("legal_name")[:1000]
    return render(request, "matching/vacancy_company_pick.html", {"companies": companies})


def vacancy_create(request):
    company_id = request.GET.get("company") or request.POST.get("company")
    if not company_id or not str(company_id).isdigit():
        return _pick_company(request)
    company = _company(request, int(company_id))
    if request.method == "POST" and "refresh" in request.POST:
        initial = _posted_initial(request)
        return _form_page(request, form=VacancyForm(initial=initial, company=company), company=company,
                          suggested_for=initial.get("suggested_for", ""))
    if request.method == "POST":
        form = VacancyForm(request.POST, company=company)
        if form.is_valid():
            try:
                vacancy = services.vacancy_create(company_id=company.pk, data=form.cleaned_data, by=request.actor)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Vacancy saved as a draft: publish it to rank candidates."))
                return redirect("vacancy_detail", vacancy.pk)
        return _form_page(request, form=form, company=company, status=422 if form.errors else 200)
    initial = {}
    occupation_id = request.GET.get("occupation", "")
    occupation = Occupation.objects.filter(pk=int(occupation_id)).first() if occupation_id.isdigit() else None
    if occupation is not None:
        initial = VacancyForm.suggested_initial(occupation)
    for name in ("title", "description", "positions"):
        if request.GET.get(name):
            initial[name] = request.GET[name][:500]
    return _form_page(request, form=VacancyForm(initial=initial, company=company), company=company,
                      suggested_for=str(occupation.pk) if occupation else "")


def vacancy_edit(request, vacancy_id: int):
    vacancy = selectors.vacancy_get(actor=request.actor, vacancy_id=vacancy_id)
    if vacancy.status not in (VacancyStatus.DRAFT, VacancyStatus.PUBLISHED):
        messages.error(request, _("A filled or closed vacancy can no longer change."))
        return redirect("vacancy_detail", vacancy.pk)
    company = vacancy.company
    if request.method == "POST" and "refresh" in request.POST:
        initial = _posted_initial(request)
        return _form_page(request, form=VacancyForm(initial=initial, company=company), company=company,
                          vacancy=vacancy, suggested_for=initial.get("suggested_for", ""))
    if request.method == "POST":
        form = VacancyForm(request.POST, company=company)
        version = request.POST.get("version", "")
        if form.is_valid():
            try:
                services.vacancy_update(vacancy_id=vacancy.pk, version=int(version) if version.isdigit() else 0,
                                        data=form.cleaned_data, by=request.actor)
            except Conflict:
                form.add_error(None, CONFLICT_MESSAGE)
                return _form_page(request, form=form, company=company, vacancy=vacancy, status=409)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Vacancy saved."))
                return redirect("vacancy_detail", vacancy.pk)
        return _form_page(request, form=form, company=company, vacancy=vacancy, status=422)
    form = VacancyForm(initial=VacancyForm.initial_from(vacancy), company=company)
    return _form_page(request, form=form, company=company, vacancy=vacancy,
                      suggested_for=str(vacancy.occupation_id))


@require_GET
def vacancy_detail(request, vacancy_id: int):
    vacancy = selectors.vacancy_get(actor=request.actor, vacancy_id=vacancy_id)
    links = list(vacancy.skill_links.all())
    return render(request, "matching/vacancy_detail.html", {
        "vacancy": vacancy, "essential": [link.skill for link in links if link.essential],
        "optional": [link.skill for link in links if not link.essential],
        "accessibility_labels": [str(ACCESSIBILITY.get(code, code)) for code in vacancy.accessibility],
        "can_manage": may(request.actor, Action.VACANCY_MANAGE),
        "can_rank": may(request.actor, Action.MATCHING_RUN) and vacancy.status in RANKABLE,
    })


@require_POST
def vacancy_publish(request, vacancy_id: int):
    vacancy = selectors.vacancy_get(actor=request.actor, vacancy_id=vacancy_id)
    try:
        services.vacancy_publish(vacancy_id=vacancy.pk, by=request.actor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Vacancy published: candidates are now ranked for it."))
    return redirect("vacancy_detail", vacancy.pk)


@require_POST
def vacancy_close(request, vacancy_id: int):
    vacancy = selectors.vacancy_get(actor=request.actor, vacancy_id=vacancy_id)
    try:
        services.vacancy_close(vacancy_id=vacancy.pk, status=request.POST.get("status", ""), by=request.actor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Vacancy closed."))
    return redirect("vacancy_detail", vacancy.pk)


@require_GET
def vacancy_ranking(request, vacancy_id: int):
    ranking = selectors.vacancy_ranking(actor=request.actor, vacancy_id=vacancy_id, limit=RANKING_LIMIT)
    return render(request, "matching/vacancy_ranking.html", {"ranking": ranking, "vacancy": ranking.vacancy})
