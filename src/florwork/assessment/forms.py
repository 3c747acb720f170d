"""Forms of the assessment pages: the pathway decision and the routing rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from florwork.assessment.models import Pathway
from florwork.rulesets import JsonRulesForm


class DecisionForm(forms.Form):
    chosen = forms.TypedChoiceField(label=_("Pathway"), choices=Pathway.choices, coerce=int,
                                    widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (needed if you choose another pathway than the one proposed)"),
                             required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RulesForm(JsonRulesForm):
    help_text = _("Rules are tried in order; the first that matches proposes its pathway. "
                  "Each condition compares a dimension score (0–100) with a value.")
