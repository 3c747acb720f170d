"""Pages of the statistical profile for the programme manager: models, the model card with its fairness
table, training, activation with the sign-off, the threshold. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from florwork.accounts.policy import Action, may
from florwork.assessment import profile as core
from florwork.assessment import profile_selectors as selectors
from florwork.assessment import profile_services as services
from florwork.assessment.profile.fairness import GATED
from florwork.assessment.profile_card_text import card_texts
from florwork.assessment.profile_forms import ActivateForm, GateForm, TrainForm
from florwork.assessment.profile_models import Horizon, TrainingStatus
from florwork.conflicts import Conflict

METRIC_LABELS = {
    "base_rate": gettext_lazy("observed rate in work"),
    "mean_predicted": gettext_lazy("mean predicted probability"),
    "calibration_gap": gettext_lazy("calibration (predicted − observed)"),
    "fnr": gettext_lazy("false-negative rate (underrated)"),
    "fpr": gettext_lazy("false-positive rate (overrated)"),
    "auc": gettext_lazy("AUC"),
}
ATTRIBUTE_LABELS = {"sex": gettext_lazy("sex"), "citizenship": gettext_lazy("citizenship"),
                    "disability": gettext_lazy("disability"), "age_band": gettext_lazy("age band")}
GROUP_LABELS = {"italian": pgettext_lazy("citizenship", "Italian"), "eu": gettext_lazy("other EU"),
                "non_eu": gettext_lazy("non-EU"),
                "yes": gettext_lazy("yes"), "no": gettext_lazy("no"), "F": gettext_lazy("female"),
                "M": gettext_lazy("male"), "(missing)": gettext_lazy("not recorded")}
SIZE, PAD = 240, 30  # the calibration chart: a square, probabilities 0–1 on both axes


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for ms in error.message_dict.values() for m in ms]
    return list(error.messages)


def _add_errors(form, error: ValidationError) -> None:
    for name, errors in (error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]):
        form.add_error(name if name in form.fields else None, errors)


# --- the list -------------------------------------------------------------------------------------

def _list(request, *, train_form=None, gate_form=None, status=200):
    actor = request.actor
    active = selectors.active_models()
    return render(request, "assessment/profile_list.html", {
        "models": list(selectors.profile_models(actor=actor)[:100]),
        "active_rows": [{"label": label, "model": active.get(value)} for value, label in Horizon.choices],
        "trainings": list(selectors.trainings(actor=actor)),
        "may_manage": may(actor, Action.PROFILE_MANAGE), "max_gap": selectors.gate_max_gap(),
        "min_cases": services.min_cases(), "hub_cases": selectors.training_cases_count(),
        "train_form": train_form or TrainForm(),
        "gate_form": gate_form or GateForm(initial={"max_gap": selectors.gate_max_gap()}),
    }, status=status)


@require_GET
def profile_list(request):
    return _list(request)


@require_POST
def profile_train(request):
    form = TrainForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list(request, train_form=form, status=400)
    data = form.cleaned_data
    upload = data.get("data")
    try:
        training = services.training_request(
            by=request.actor, horizon=data["horizon"], source=data["source"],
            data=upload.read() if upload else None, filename=upload.name if upload else "",
            outcome=data["outcome"], features=data["features"], protected=data["protected"],
            date_column=data["date_column"], note=data["note"])
    except ValidationError as error:
        _add_errors(form, error)
        return _list(request, train_form=form, status=400)
    training.refresh_from_db()  # without a worker, the training ran when the request was committed
    if training.status == TrainingStatus.DONE:
        messages.success(request, _("Model trained: check its card and fairness table before activating it."))
        return redirect("profile_detail", model_id=training.model_id)
    if training.status == TrainingStatus.FAILED:
        messages.error(request, _("The model could not be trained: %(reason)s") % {"reason": training.message})
    else:
        messages.info(request, _("Training queued: it runs in the background; reload this page to see it."))
    return redirect("profile_list")


@require_POST
def profile_gate(request):
    form = GateForm(request.POST)
    if form.is_valid():
        try:
            services.gate_update(by=request.actor, max_gap=form.cleaned_data["max_gap"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Threshold saved."))
            return redirect("profile_list")
    return _list(request, gate_form=form, status=400)


# --- one model ------------------------------------------------------------------------------------

def calibration_chart(curve: list[dict]) -> dict:
    """Points of the calibration curve in SVG coordinates (y grows downwards)."""
    span = SIZE - 2 * PAD

    def place(p: float, o: float) -> tuple[float, float]:
        return round(PAD + p * span, 1), round(SIZE - PAD - o * span, 1)

    points = [{"x": x, "y": y, **b} for b in curve for x, y in [place(b["mean_predicted"], b["observed"])]]
    return {"size": SIZE, "pad": PAD, "end": SIZE - PAD, "inner": span, "label_y": SIZE - PAD + 14,
            "label_x": PAD - 4, "points": points, "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
            "ticks": [{"label": number_format(v, decimal_pos=2 if v % 1 else 0), "at": round(PAD + v * span, 1),
                       "y_at": round(SIZE - PAD - v * span, 1)} for v in (0, 0.25, 0.5, 0.75, 1)]}


def fairness_rows(fairness: dict, max_gap: float) -> tuple[list[dict], list[dict]]:
    def attribute_of(name: str):
        return ATTRIBUTE_LABELS.get(name, name)

    def group_of(value: str):
        return GROUP_LABELS.get(value, value)

    groups = [{**row, "attribute": attribute_of(attribute), "group": group_of(group)}
              for attribute, rows in fairness.get("groups", {}).items() for group, row in rows.items()]
    gaps = [{**gap, "attribute": attribute_of(attribute), "metric": metric, "label": METRIC_LABELS.get(metric, metric),
             "high": group_of(gap["high"]), "low": group_of(gap["low"]),
             "gated": metric in GATED, "over": metric in GATED and abs(gap["gap"]) > max_gap}
            for attribute, by_metric in fairness.get("gaps", {}).items() for metric, gap in by_metric.items()]
    return groups, gaps


def _detail(request, model, *, form=None, status=200):
    max_gap = selectors.gate_max_gap()
    groups, gaps = fairness_rows(model.fairness, max_gap)
    gate = services.activation_check(model)
    labels = selectors.feature_labels()
    return render(request, "assessment/profile_detail.html", {
        "model": model, "card": model.card, "metrics": model.metrics, "chart": calibration_chart(
            model.calibration_curve), "curve": model.calibration_curve, "groups": groups, "gaps": gaps,
        "over": [g for g in gaps if g["over"]], "max_gap": max_gap, "gate": gate,
        "features": [{"name": f["name"], "kind": f["kind"], "label": labels.get(f["name"], f["name"])}
                     for f in model.features],
        "may_manage": may(request.actor, Action.PROFILE_MANAGE), "form": form or ActivateForm(),
        "metric_labels": METRIC_LABELS, "intended_use": core.INTENDED_USE, "texts": card_texts(model.card),
    }, status=status)


@require_GET
def profile_detail(request, model_id: int):
    return _detail(request, selectors.profile_model_get(actor=request.actor, model_id=model_id))


@require_GET
def profile_card(request, model_id: int):
    """The model card as Markdown, as 'florwork profile train' writes it beside the model file."""
    model = selectors.profile_model_get(actor=request.actor, model_id=model_id)
    response = HttpResponse(core.markdown(model.card), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="profile-model-{model.pk}.card.md"'
    return response


@require_POST
def profile_activate(request, model_id: int):
    model = selectors.profile_model_get(actor=request.actor, model_id=model_id)
    form = ActivateForm(request.POST)
    if not form.is_valid():
        return _detail(request, model, form=form, status=400)
    try:
        services.profile_activate(by=request.actor, model=model, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _add_errors(form, error)
        return _detail(request, model, form=form, status=400)
    except Conflict:
        messages.warning(request, _("This model is already active."))
    except core.ProfileError as problem:
        messages.error(request, _("The model file cannot be read: %(reason)s") % {"reason": problem})
    else:
        messages.success(request, _("Model activated: case managers now see its advice on their cases."))
    return redirect("profile_detail", model_id=model.pk)


@require_POST
def profile_retire(request, model_id: int):
    model = selectors.profile_model_get(actor=request.actor, model_id=model_id)
    try:
        services.profile_retire(by=request.actor, model=model)
    except ValidationError as error:
        messages.error(request, " ".join(_messages_of(error)))
    else:
        messages.success(request, _("Model retired: nobody is scored for this outcome until another is activated."))
    return redirect("profile_detail", model_id=model.pk)
