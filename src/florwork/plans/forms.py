"""Forms of the plan pages. They parse; the plan services decide (their errors come back by field name)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from florwork.accounts.models import Organization
from florwork.assessment.models import Dimension, InstrumentStatus
from florwork.plans.models import ActionStatus
from florwork.rulesets import JsonRulesForm
from florwork.web.uploads import ACCEPT

REVIEW_SLOTS = 3


def _date(label, required=True, help_text=""):
    return forms.DateField(label=label, required=required, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PlanForm(VersionedForm):
    """The plan's frame: its dates, up to three review dates and the person's responsibilities."""

    starts_on = _date(_("Plan starts"))
    ends_on = _date(_("Plan ends"))
    responsibilities = forms.CharField(
        label=_("The person's responsibilities"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, in words the person understands, e.g. “Attend the Italian course twice a week”."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, REVIEW_SLOTS + 1):
            self.fields[f"review_on_{n}"] = _date(_("Review %(n)s") % {"n": n}, required=n == 1)
            self.fields[f"review_note_{n}"] = forms.CharField(label=_("What is reviewed"), required=False,
                                                              max_length=200)

    @property
    def review_fields(self):
        return [(self[f"review_on_{n}"], self[f"review_note_{n}"]) for n in range(1, REVIEW_SLOTS + 1)]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {"starts_on": data["starts_on"], "ends_on": data["ends_on"],
                "responsibilities": [line for line in data["responsibilities"].splitlines() if line.strip()],
                "review_dates": [{"due_on": data[f"review_on_{n}"], "note": data[f"review_note_{n}"]}
                                 for n in range(1, REVIEW_SLOTS + 1) if data.get(f"review_on_{n}")]}

    @staticmethod
    def initial_from(revision) -> dict:
        initial = {"version": revision.version, "starts_on": revision.starts_on, "ends_on": revision.ends_on,
                   "responsibilities": "\n".join(revision.responsibilities)}
        for n, review in enumerate(revision.reviews.all()[:REVIEW_SLOTS], start=1):
            initial[f"review_on_{n}"], initial[f"review_note_{n}"] = review.due_on, review.note
        return initial


class CreatePlanForm(PlanForm):
    version = None


def _dimension_choices():
    dimensions = Dimension.objects.filter(instrument__status=InstrumentStatus.PUBLISHED).order_by("order")
    return [("", _("— none —"))] + [(d.pk, d.label) for d in dimensions]


class GoalForm(VersionedForm):
    title = forms.CharField(label=_("Goal"), max_length=300, help_text=_("What the person wants to achieve."))
    indicator = forms.CharField(label=_("Measurable indicator"), max_length=300,
                                help_text=_("How you will both know it is reached, e.g. “A2 certificate”."))
    target_on = _date(_("Target date"))
    dimension_id = forms.TypedChoiceField(label=_("Assessment dimension"), required=False, coerce=int,
                                          empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension_id"].choices = _dimension_choices()


class ActionForm(VersionedForm):
    service_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Action"), max_length=300, required=False,
                            help_text=_("For a catalogue service, empty takes the service's title."))
    goal_id = forms.TypedChoiceField(label=_("For the goal"), required=False, coerce=int, empty_value=None)
    owner_organization_id = forms.TypedChoiceField(
        label=_("Organization responsible"), required=False, coerce=int, empty_value=None,
        help_text=_("Empty: the service's organization, or your hub for a free action."))
    owner_name = forms.CharField(label=_("Person responsible"), max_length=200, required=False)
    starts_on = _date(_("Starts"))
    ends_on = _date(_("Ends"))
    cost = forms.DecimalField(label=_("Cost (EUR)"), required=False, min_value=0, max_digits=10, decimal_places=2,
                              help_text=_("Empty: the service's cost per participant (0 for a free action)."))
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED)

    def __init__(self, *args, revision=None, **kwargs):
        super().__init__(*args, **kwargs)
        goals = list(revision.goals.all()) if revision is not None else []
        self.fields["goal_id"].choices = [("", _("— none —"))] + [(g.pk, g.title) for g in goals]
        organizations = Organization.objects.filter(is_active=True).order_by("name")
        self.fields["owner_organization_id"].choices = [("", _("— by default —"))] + [
            (o.pk, o.name) for o in organizations]

    def service_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class StatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class RevisionForm(VersionedForm):
    note = forms.CharField(label=_("Why a new revision"), max_length=300, required=False,
                           help_text=_("e.g. “Review of March: the tirocinio starts later”."))


class SignForm(VersionedForm):
    document = forms.FileField(label=_("Scan of the signed agreement"),
                               widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                               help_text=_("PDF, JPEG or PNG, up to 10 MB, signed by the person and by you."))


class RulesForm(JsonRulesForm):
    help_text = _("Pathway rules suggest actions for a GOL pathway; dimension rules for a "
                  "dimension among the weakest of the latest assessment.")
