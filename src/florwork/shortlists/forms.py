"""Forms of the shortlist pages. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from florwork.shortlists import funnel
from florwork.shortlists.models import NotHiredReason, Stage


class AddForm(forms.Form):
    case_id = forms.IntegerField(widget=forms.HiddenInput)


class AdvanceForm(forms.Form):
    stage = forms.ChoiceField(label=_("Next step"), choices=Stage.choices)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.ChoiceField(label=_("Reason (if not hired)"), required=False,
                               choices=[("", "—"), *NotHiredReason.choices])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, current: str = Stage.PROPOSED, by_placement: bool = False, **kwargs):
        """``by_placement``: trial and hired are recorded with the tirocinio or the contract (placements)."""
        super().__init__(*args, **kwargs)
        labels = dict(Stage.choices)
        allowed = [stage for stage in Stage.values if stage in funnel.NEXT.get(current, ())
                   and not (by_placement and stage in (Stage.TRIAL, Stage.HIRED))]
        self.fields["stage"].choices = [(stage, labels[stage]) for stage in allowed]
        self.fields["on"].initial = timezone.localdate()


class InterviewRequestForm(forms.Form):
    prefix = "request"  # on the entry page beside the step form, which has a note too

    note = forms.CharField(label=_("How the company asked (who, when, by what means)"), max_length=300,
                           required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class LanguageForm(forms.Form):
    lang = forms.ChoiceField(choices=[("it", "Italiano"), ("en", "English")], required=False)
