"""Forms of the statistical profile pages: train, activate (with the sign-off), the threshold."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from florwork.assessment.profile_models import Horizon, TrainingSource


class TrainForm(forms.Form):
    horizon = forms.TypedChoiceField(label=_("Outcome"), choices=Horizon.choices, coerce=int)
    source = forms.ChoiceField(label=_("Learn from"), choices=TrainingSource.choices,
                               initial=TrainingSource.HUB_CASES)
    data = forms.FileField(label=_("Historical data (CSV)"), required=False,
                           help_text=_("The format of 'florwork profile train': a header row, one row per closed "
                                       "case; comma or semicolon separated."))
    outcome = forms.CharField(label=_("Outcome column"), required=False, max_length=100,
                              help_text=_("0/1, yes/no or true/false: was the person in work at the horizon?"))
    features = forms.CharField(label=_("Feature columns"), required=False, max_length=1000,
                               help_text=_("Comma-separated; the names Florwork records for a person, e.g. "
                                           "isced_level, italian_level, months_unemployed, assessment_overall, "
                                           "dim_basic_digital."))
    protected = forms.CharField(label=_("Protected attributes (audit only)"), required=False, max_length=500,
                                initial="sex,citizenship,disability,age_band",
                                help_text=_("Comma-separated; never model inputs, used to audit the model's "
                                            "fairness by group."))
    date_column = forms.CharField(label=_("Date column (for the period on the card)"), required=False,
                                  max_length=100)
    note = forms.CharField(label=_("Note on the data (shown on the model card)"), required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") == TrainingSource.IMPORTED and not cleaned.get("data"):
            self.add_error("data", _("Choose the CSV file to learn from."))
        return cleaned


class ActivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the sign-off"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when a group's gap exceeds the threshold: why the model may still advise case "
                    "managers, and what will be done about the gap (at least 30 characters)."))


class GateForm(forms.Form):
    max_gap = forms.FloatField(label=_("Largest gap between groups allowed without a sign-off"), min_value=0.01,
                               max_value=0.5, help_text=_("On calibration, false-negative and false-positive rates "
                                                          "and AUC, e.g. 0.1 (ten percentage points)."))
