from django import forms
from django.utils.translation import gettext_lazy as _

from florwork.alerts.models import Severity


class DoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("What was done (optional)"), max_length=500, required=False)


class SnoozeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    until = forms.DateField(label=_("Snooze until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Why it can wait"), max_length=300)


class RuleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    threshold = forms.IntegerField(label=_("Threshold"), min_value=0, max_value=3650)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    due_in_days = forms.IntegerField(label=_("Days to act"), min_value=0, max_value=90)
    enabled = forms.BooleanField(label=_("Enabled"), required=False)
    note = forms.CharField(label=_("Why (kept in the history)"), max_length=300, required=False)
