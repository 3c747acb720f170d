"""Forms of visits. They parse input; the services check and decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from florwork.employers.models import Contact, Site
from florwork.visits.models import VisitOutcome

_DATE = {"type": "date"}


class VisitForm(forms.Form):
    date = forms.DateField(label=_("Date of the visit"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), required=False,
                                  empty_label=_("(not said)"))
    contacts = forms.ModelMultipleChoiceField(label=_("People of the company met"), queryset=Contact.objects.none(),
                                              required=False, widget=forms.CheckboxSelectMultiple)
    met_others = forms.CharField(label=_("Others met (name and role)"), max_length=300, required=False)
    notes = forms.CharField(label=_("What was learned"), max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("Needs, roles they look for, working conditions, accessibility, Law 68."))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=VisitOutcome.choices, widget=forms.RadioSelect)
    next_step = forms.CharField(label=_("Next step"), max_length=300, required=False)
    next_step_on = forms.DateField(label=_("Next step by"), required=False,
                                   widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, company, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = company.sites.all()
        self.fields["site"].label_from_instance = lambda site: site.label or site.address
        if contacts is None:  # a role that may not read contacts records others by name only
            del self.fields["contacts"]
        else:
            self.fields["contacts"].queryset = Contact.objects.filter(pk__in=[c.pk for c in contacts])
        self.fields["date"].initial = timezone.localdate()

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data
