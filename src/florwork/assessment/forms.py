"""Forms of the assessment pages: the pathway decision and the routing rules."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from florwork.assessment.models import Pathway


class DecisionForm(forms.Form):
    chosen = forms.TypedChoiceField(label=_("Pathway"), choices=Pathway.choices, coerce=int,
                                    widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (needed if you choose another pathway than the one proposed)"),
                             required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RulesForm(forms.Form):
    rules = forms.CharField(label=_("Rules (JSON)"), widget=forms.Textarea(attrs={"rows": 24, "class": "fw-mono"}),
                            help_text=_("Rules are tried in order; the first that matches proposes its pathway. "
                                        "Each condition compares a dimension score (0–100) with a value."))
    note = forms.CharField(label=_("What changed and why"), max_length=300)

    def clean_rules(self):
        try:
            return json.loads(self.cleaned_data["rules"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(_("This is not valid JSON (line %(line)s, column %(column)s)."),
                                        params={"line": error.lineno, "column": error.colno}) from None
