"""Forms of outreach: the priority filters, a campaign, a contact outcome, the weights."""

from __future__ import annotations

import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from florwork.employers.models import RelationshipState
from florwork.outreach.models import CampaignStatus, Channel, Outcome
from florwork.outreach.sectors import sector_map
from florwork.outreach.selectors import PriorityFilters

SIZE_CHOICES = [("", _("Any")), ("micro", _("micro (under 15)")), ("small", _("small (15–49)")),
                ("medium", _("medium (50–249)")), ("large", _("large (250 and more)")),
                ("unknown", _("not known"))]
SECTION_NAMES = {
    "A": _("agriculture"), "B": _("mining"), "C": _("manufacturing"), "D": _("energy"),
    "E": _("water and waste"), "F": _("construction"), "G": _("trade"), "H": _("transport and storage"),
    "I": _("hotels and restaurants"), "J": _("information (2007) / publishing (2025)"),
    "K": _("finance (2007) / telecoms and IT (2025)"), "L": _("real estate (2007) / finance (2025)"),
    "M": _("professional services (2007) / real estate (2025)"),
    "N": _("support services (2007) / professional services (2025)"),
    "O": _("public administration (2007) / support services (2025)"),
    "P": _("education (2007) / public administration (2025)"),
    "Q": _("health and social work (2007) / education (2025)"),
    "R": _("arts and sport (2007) / health and social work (2025)"),
    "S": _("other services (2007) / arts and sport (2025)"),
    "T": _("households (2007) / other services (2025)"),
    "U": _("extraterritorial (2007) / households (2025)"), "V": _("extraterritorial (2025)"),
}


class PriorityFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    comune = forms.ChoiceField(label=_("Comune"), required=False)
    section = forms.ChoiceField(label=_("ATECO section"), required=False)
    size = forms.ChoiceField(label=_("Size"), required=False, choices=SIZE_CHOICES)
    state = forms.ChoiceField(label=_("Relationship"), required=False,
                              choices=[("", _("Any")), *RelationshipState.choices])
    not_contacted_days = forms.IntegerField(label=_("Not contacted for at least (days)"), required=False,
                                            min_value=0, max_value=3650)
    shortfall = forms.BooleanField(label=_("Only with a Law 68 shortfall"), required=False)

    def __init__(self, *args, comuni=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comune"].choices = [("", _("Any")), *[(c.istat_code, c.name) for c in comuni]]
        self.fields["section"].choices = [("", _("Any")), *[
            (letter, f"{letter} – {SECTION_NAMES.get(letter, '')}") for letter in sector_map().section_letters()]]

    def filters(self) -> PriorityFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return PriorityFilters(comune=data.get("comune", ""), section=data.get("section", ""),
                               size=data.get("size", ""), shortfall=bool(data.get("shortfall")),
                               state=data.get("state", ""), not_contacted_days=data.get("not_contacted_days"),
                               query=data.get("q", ""))


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("What the campaign is for, e.g. Law 68 places for the spring."))
    script = forms.CharField(label=_("Script (what to say)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 5}),
                             help_text=_("The points the officers make on the phone or by e-mail."))
    officers = forms.MultipleChoiceField(label=_("Assigned officers"), required=False,
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].choices = [(str(u.pk), u.get_full_name() or u.username) for u in officers]


class CampaignEditForm(CampaignForm):
    status = forms.ChoiceField(label=_("Status"), choices=CampaignStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ContactForm(forms.Form):
    at = forms.DateTimeField(label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                         format="%Y-%m-%dT%H:%M"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    contact = forms.ChoiceField(label=_("Person contacted"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices])
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].choices = [("", _("the switchboard / nobody in particular")), *[
            (str(c.pk), f"{c.first_name} {c.last_name}" + (f" – {c.job_title}" if c.job_title else ""))
            for c in contacts]]
        if not self.is_bound:
            self.initial.setdefault("at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
            self.initial.setdefault("channel", Channel.PHONE)


class WeightsForm(forms.Form):
    values = forms.CharField(label=_("Weights (JSON)"), widget=forms.Textarea(attrs={"rows": 18, "class": "fw-mono"}))
    note = forms.CharField(label=_("Why the change"), max_length=300)

    def clean_values(self):
        try:
            values = json.loads(self.cleaned_data["values"])
        except ValueError as problem:
            raise forms.ValidationError(_("Not valid JSON: %(problem)s") % {"problem": problem}) from problem
        if not isinstance(values, dict):
            raise forms.ValidationError(_("Expected a JSON object of weights."))
        return values
