"""Forms of visits. They parse input; the services check and decide."""

from __future__ import annotations

from datetime import timedelta

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


WEEKDAY_CHOICES = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
                   (5, _("Saturday"))]
_TIME = {"type": "time"}


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    week_of = forms.DateField(label=_("Week starting on"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))
    weekdays = forms.TypedMultipleChoiceField(label=_("Days"), choices=WEEKDAY_CHOICES, coerce=int,
                                              initial=[0, 1, 2, 3, 4], widget=forms.CheckboxSelectMultiple)
    visit_minutes = forms.IntegerField(label=_("Visit length (minutes)"), min_value=5, max_value=480)

    def days(self):
        start = self.cleaned_data["week_of"]
        start -= timedelta(days=start.weekday())  # the Monday of that week
        return [start + timedelta(days=d) for d in self.cleaned_data["weekdays"]]


class OfficerRowForm(forms.Form):
    """One officer's line of the plan form (prefix ``officer-<user id>``)."""

    include = forms.BooleanField(label=_("Plan visits for this officer"), required=False)
    start = forms.CharField(label=_("Starts from (comune)"), max_length=100, initial="Firenze",
                            widget=forms.TextInput(attrs={"list": "comuni-fi", "autocomplete": "off"}))
    work_start = forms.TimeField(label=_("From"), initial="09:00", widget=forms.TimeInput(attrs=_TIME, format="%H:%M"))
    work_end = forms.TimeField(label=_("To"), initial="17:00", widget=forms.TimeInput(attrs=_TIME, format="%H:%M"))


class StopRowForm(forms.Form):
    """One company's priority and optional appointment (prefix ``company-<plan company id>``)."""

    priority = forms.IntegerField(label=_("Priority"), min_value=0, max_value=100)
    appointment_day = forms.DateField(label=_("Appointment day"), required=False,
                                      widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))
    appointment_start = forms.TimeField(label=_("from"), required=False,
                                        widget=forms.TimeInput(attrs=_TIME, format="%H:%M"))
    appointment_end = forms.TimeField(label=_("to"), required=False,
                                      widget=forms.TimeInput(attrs=_TIME, format="%H:%M"))


class RoutingParametersForm(forms.Form):
    road_factor = forms.DecimalField(label=_("Road factor over the straight line"), min_value=1, max_value=5,
                                     max_digits=4, decimal_places=2,
                                     help_text=_("Roads are longer than the straight line: 1.3–1.4 in towns and "
                                                 "plains, more in the hills."))
    speed_kmh = forms.DecimalField(label=_("Average speed (km/h)"), min_value=1, max_value=150, max_digits=5,
                                   decimal_places=1, help_text=_("Door to door, parking included."))
    visit_minutes = forms.IntegerField(label=_("Default visit length (minutes)"), min_value=5, max_value=480)
    lunch_minutes = forms.IntegerField(label=_("Lunch break (minutes, 0 for none)"), min_value=0, max_value=180)
    lunch_from = forms.TimeField(label=_("Lunch starts no earlier than"),
                                 widget=forms.TimeInput(attrs=_TIME, format="%H:%M"))
    lunch_to = forms.TimeField(label=_("Lunch starts no later than"),
                               widget=forms.TimeInput(attrs=_TIME, format="%H:%M"))
