"""Pages of assessments, pathways, distance travelled and routing rules. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from florwork.assessment import chart, scoring, selectors, services
from florwork.assessment.forms import DecisionForm, RulesForm
from florwork.assessment.models import Dimension, Item, Pathway, PathwayDecision, Respondent, in_language
from florwork.conflicts import Conflict
from florwork.rulesets import ruleset_shown

PERSON_MODE = "person"


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for ms in error.message_dict.values() for m in ms]
    return list(error.messages)


def _labels(assessment) -> dict[str, str]:
    return {d.code: d.label for d in Dimension.objects.filter(instrument_id=assessment.instrument_id)}


# --- starting and filling in -------------------------------------------------------------------------

@require_POST
def assessment_start(request, case_id: int):
    case = selectors.case_get_for_assessment(actor=request.actor, case_id=case_id, purpose=request.purpose)
    try:
        assessment = services.assessment_start(by=request.actor, case=case)
    except ValidationError as error:
        messages.error(request, " ".join(_messages_of(error)))
        return redirect("case_detail", case_id=case.pk)
    return redirect("assessment_detail", assessment_id=assessment.pk)


def _render_sheet(request, assessment, *, status: int = 200, errors=(), item_errors=None):
    person_mode = request.GET.get("mode", request.POST.get("mode")) == PERSON_MODE
    sheet = selectors.assessment_sheet(assessment, respondent=Respondent.PERSON if person_mode else None)
    for row in (row for group in sheet for row in group.items):
        row.error = (item_errors or {}).get(row.item.code, "")
    total = sum(len(d.items) for d in sheet)
    answered = sum(d.answered for d in sheet)
    return render(request, "assessment/fill.html", {
        "assessment": assessment, "case": assessment.case, "sheet": sheet, "person_mode": person_mode,
        "answered": answered, "total": total, "errors": errors,
    }, status=status)


def _render_result(request, assessment, *, status: int = 200, decision_form=None):
    snapshot = assessment.scores
    labels = _labels(assessment)
    proposal = snapshot["proposal"]
    decision = PathwayDecision.objects.filter(assessment=assessment).first()
    rows = [{"code": code, "label": labels.get(code, code), "score": score,
             "strength": code in snapshot["strengths"], "barrier": code in snapshot["barriers"]}
            for code, score in snapshot["dimensions"].items()]
    reasons = [{**c, "label": "overall" if c["dimension"] == "overall" else labels.get(c["dimension"],
                                                                                      c["dimension"])}
               for c in proposal["conditions"]]
    return render(request, "assessment/result.html", {
        "assessment": assessment, "case": assessment.case, "rows": rows, "overall": snapshot["overall"],
        "formula": scoring.FORMULA, "strength_at_least": scoring.STRENGTH_AT_LEAST,
        "barrier_below": scoring.BARRIER_BELOW,
        "proposal": proposal, "proposal_label": Pathway(proposal["pathway"]).label,
        "rule_label": in_language(proposal.get("label") or {}), "reasons": reasons,
        "rule_set_version": snapshot.get("rule_set_version"), "decision": decision,
        "decision_form": decision_form or DecisionForm(initial={"chosen": proposal["pathway"]}),
        "next_due": selectors.next_assessment_due(assessment.case),
    }, status=status)


@require_GET
def assessment_detail(request, assessment_id: int):
    assessment = selectors.assessment_get(actor=request.actor, assessment_id=assessment_id, purpose=request.purpose)
    if assessment.is_finalized:
        return _render_result(request, assessment)
    return _render_sheet(request, assessment)


def _answer_of(request, code: str) -> tuple[int | None, str]:
    raw = request.POST.get(f"item-{code}", "").strip()
    note = request.POST.get(f"note-{code}", "")
    try:
        return (int(raw) if raw else None), note
    except ValueError:
        return -1, note  # not a number: refused as outside the scale


def _respondent(request) -> str:
    return Respondent.PERSON if request.POST.get("mode") == PERSON_MODE else Respondent.OPERATOR


@require_POST
def answer_save(request, assessment_id: int, item_code: str):
    """One answer, saved as it is chosen (HTMX); without JavaScript the whole form goes to assessment_save."""
    assessment = selectors.assessment_get(actor=request.actor, assessment_id=assessment_id, purpose=request.purpose)
    value, note = _answer_of(request, item_code)
    context, status = {"code": item_code, "saved": False, "error": ""}, 200
    if value is not None:
        try:
            services.answer_save(by=request.actor, assessment=assessment, item_code=item_code, value=value,
                                 answered_by=_respondent(request), note=note)
            context["saved"] = True
        except ValidationError as error:
            context["error"], status = " ".join(_messages_of(error)), 400
    if request.htmx:
        return render(request, "assessment/_answer_status.html", context, status=status)
    if status == 400:
        messages.error(request, context["error"])
    return redirect(reverse("assessment_detail", args=[assessment.pk]) + f"#item-{item_code}")


def _save_all(request, assessment) -> dict[str, str]:
    """Save every answer of the submitted form; the errors by item code."""
    errors = {}
    respondent = _respondent(request)
    codes = Item.objects.filter(dimension__instrument_id=assessment.instrument_id).values_list("code", flat=True)
    for code in codes:
        value, note = _answer_of(request, code)
        if value is None:
            continue
        try:
            services.answer_save(by=request.actor, assessment=assessment, item_code=code, value=value,
                                 answered_by=respondent, note=note)
        except ValidationError as error:
            errors[code] = " ".join(_messages_of(error))
    return errors


@require_POST
def assessment_save(request, assessment_id: int):
    """The whole form: save the answers and observations (pause), or finalize."""
    assessment = selectors.assessment_get(actor=request.actor, assessment_id=assessment_id, purpose=request.purpose)
    if assessment.is_finalized:
        return _render_result(request, assessment, status=400)
    item_errors = _save_all(request, assessment)
    if item_errors:
        return _render_sheet(request, assessment, status=400, item_errors=item_errors,
                             errors=[_("Some answers were refused: see the questions marked.")])
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = assessment.version
    try:
        if "observations" in request.POST and _respondent(request) == Respondent.OPERATOR:
            services.observations_save(by=request.actor, assessment=assessment,
                                       text=request.POST["observations"], version=version)
            version = assessment.version
        if request.POST.get("action") == "finalize":
            services.assessment_finalize(by=request.actor, assessment=assessment, version=version)
            messages.success(request, _("Assessment finalized."))
            return redirect("assessment_detail", assessment_id=assessment.pk)
    except Conflict:
        assessment.refresh_from_db()
        return _render_sheet(request, assessment, status=409, errors=[
            _("Someone else saved this assessment while you had it open: the answers are saved, check the "
              "observations and try again.")])
    except ValidationError as error:
        assessment.refresh_from_db()
        return _render_sheet(request, assessment, status=400, errors=_messages_of(error))
    messages.success(request, _("Saved. You can resume this assessment from the case page."))
    if _respondent(request) == Respondent.PERSON:
        return redirect(reverse("assessment_detail", args=[assessment.pk]) + "?mode=person")
    return redirect("case_detail", case_id=assessment.case_id) if request.POST.get("action") == "pause" \
        else redirect("assessment_detail", assessment_id=assessment.pk)


@require_POST
def pathway_decide(request, assessment_id: int):
    assessment = selectors.assessment_get(actor=request.actor, assessment_id=assessment_id, purpose=request.purpose)
    form = DecisionForm(request.POST)
    if not assessment.is_finalized:
        return _render_sheet(request, assessment, status=400,
                             errors=[_("Finalize the assessment before deciding the pathway.")])
    if form.is_valid():
        try:
            decision = services.pathway_decide(by=request.actor, assessment=assessment, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in (error.message_dict.items() if hasattr(error, "error_dict")
                                  else [(None, error.messages)]):
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Pathway decided: %(pathway)s.") % {
                "pathway": Pathway(decision.chosen).label})
            return redirect("assessment_detail", assessment_id=assessment.pk)
    return _render_result(request, assessment, status=400, decision_form=form)


# --- distance travelled ------------------------------------------------------------------------------

@require_GET
def progress(request, case_id: int):
    case = selectors.case_get_for_assessment(actor=request.actor, case_id=case_id, purpose=request.purpose)
    assessments = selectors.person_progress(actor=request.actor, case=case)
    labels = {d.code: d.label for d in Dimension.objects.filter(instrument_id__in={a.instrument_id
                                                                                   for a in assessments})}
    dates = [a.finalized_at for a in assessments]
    charts = []
    for code, label in labels.items():
        series = [(f"{a.finalized_at:%d/%m/%Y}", a.scores["dimensions"].get(code)) for a in assessments]
        placed = chart.points(series)
        values = [v for _l, v in series if v is not None]
        charts.append({"code": code, "label": label, "points": placed, "polyline": chart.polyline(placed),
                       "values": [v for _l, v in series],
                       "change": round(values[-1] - values[0], 1) if len(values) > 1 else None})
    return render(request, "assessment/progress.html", {
        "case": case, "assessments": assessments, "dates": dates, "charts": charts,
        "width": chart.WIDTH, "height": chart.HEIGHT, "y_barrier": chart.y_of(scoring.BARRIER_BELOW),
        "y_strength": chart.y_of(scoring.STRENGTH_AT_LEAST), "next_due": selectors.next_assessment_due(case),
    })


@require_GET
def cohort(request):
    rows = selectors.cohort_change(actor=request.actor)
    labels = {d.code: d.label for d in Dimension.objects.filter(instrument__status="published")}
    return render(request, "assessment/cohort.html", {
        "labels": labels, "rows": [{"pathway": Pathway(r.pathway).label, "people": r.people,
                                    "changes": [r.change.get(code) for code in labels]} for r in rows]})


# --- routing rules and overrides ---------------------------------------------------------------------

def rules(request):
    current = selectors.rules_current()
    form = RulesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.rules_save(by=request.actor, rules=form.cleaned_data["rules"],
                                        note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_save_errors(error)
        else:
            messages.success(request, _("Routing rules saved as version %(version)s.") % {"version": saved.version})
            return redirect("routing_rules")
    history = selectors.rules_history()
    shown = ruleset_shown(history, current, request.GET.get("version", ""))
    return render(request, "assessment/rules.html", {
        "form": form, "current": current, "shown": shown, "history": history,
        "shown_rules": _readable_rules(shown.rules) if shown else [],
        "pathways": dict(Pathway.choices)}, status=400 if form.errors else 200)


def _readable_rules(rules: dict) -> list[dict]:
    return [{"id": rule.get("id"), "pathway": Pathway(rule["pathway"]).label, "match": rule.get("match", "any"),
             "label": in_language(rule.get("label") or {}), "conditions": rule["conditions"]}
            for rule in rules.get("rules", [])] + [{
                "id": "", "pathway": Pathway(rules["default"]["pathway"]).label, "match": "",
                "label": in_language(rules["default"].get("label") or {}), "conditions": []}]


@require_GET
def overrides(request):
    decisions, counts = selectors.overrides(actor=request.actor)
    decisions = list(decisions[:200])
    rate = round(counts["overrides"] / counts["decisions"] * 100, 1) if counts["decisions"] else None
    return render(request, "assessment/overrides.html", {"decisions": decisions, "counts": counts, "rate": rate,
                                                          "pathways": dict(Pathway.choices)})
