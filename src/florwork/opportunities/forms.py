"""Forms of opportunities: they parse input; the services decide (and name the field of a broken rule)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from florwork.accounts.models import Organization
from florwork.accounts.roles import OrganizationKind
from florwork.opportunities import lifecycle
from florwork.opportunities.models import OpportunityKind, OpportunitySource, OpportunityStatus
from florwork.opportunities.selectors import GROUP_DIRECT, GROUP_INDIRECT
from florwork.opportunities.services import officer_queryset

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfficerField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


def _cooperatives():
    return Organization.objects.filter(
        kind__in=[OrganizationKind.SOCIAL_COOP_B, OrganizationKind.SOCIAL_COOP_A], is_active=True).order_by(
        "kind", "name")


class CooperativeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        kind = "B" if obj.kind == OrganizationKind.SOCIAL_COOP_B else "A"
        return f"{obj.name} ({_('type')} {kind})"


class OpportunityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *OpportunityKind.choices])
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("For example: two warehouse workers from September."))
    description = forms.CharField(label=_("What was learned"), required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.ChoiceField(label=_("Found through"), choices=OpportunitySource.choices,
                               initial=OpportunitySource.OTHER)
    expected_places = forms.IntegerField(label=_("Expected places"), required=False, min_value=0, max_value=999,
                                         help_text=_("For an Art. 14 commission: the disabled workers the "
                                                     "cooperative would place."))
    expected_value = forms.DecimalField(label=_("Expected value (€ a year)"), required=False, min_value=0,
                                        max_digits=12, decimal_places=2,
                                        help_text=_("For an Art. 14 commission or a purchase: the yearly value of "
                                                    "the work commissioned."))
    actual_value = forms.DecimalField(label=_("Actual value (€ a year)"), required=False, min_value=0,
                                      max_digits=12, decimal_places=2)
    cooperative = CooperativeField(label=_("Social cooperative"), required=False, queryset=Organization.objects.none(),
                                   empty_label=_("— none —"),
                                   help_text=_("For an Art. 14 commission (type B only) or a purchase of services."))
    officer = OfficerField(label=_("Officer"), required=False, queryset=officer_queryset().none(),
                           empty_label=_("— none —"))
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=200)
    next_step_on = forms.DateField(label=_("Next step on"), required=False, widget=_DATE)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cooperative"].queryset = _cooperatives()
        self.fields["officer"].queryset = officer_queryset().order_by("last_name", "first_name")

    @classmethod
    def initial_for(cls, opportunity) -> dict:
        return {name: getattr(opportunity, name) for name in cls.base_fields} | {"version": opportunity.version}


class OpportunityEditForm(OpportunityForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class VisitOpportunityForm(OpportunityForm):
    """The short form on a visit report: what matters while the visit is fresh; the rest on the edit page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("source", "actual_value", "officer", "notes"):
            del self.fields[name]


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"), choices=OpportunityStatus.choices)
    reason = forms.CharField(label=_("Reason or note"), max_length=300, required=False,
                             help_text=_("Required when the opportunity is lost."))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(OpportunityStatus.choices)
        # moves forward first (the usual next step is the default), a step back last
        here = lifecycle.ORDER.index(lifecycle.Stage(current))
        targets = sorted(lifecycle.allowed_targets(current), key=lambda s: lifecycle.ORDER.index(s) < here)
        self.fields["to_status"].choices = [(s.value, labels[s.value]) for s in targets]


class OpportunityFilterForm(forms.Form):
    company = forms.CharField(label=_("Company"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[
        ("", _("Any")), (GROUP_DIRECT, _("Direct (vacancy, tirocinio)")),
        (GROUP_INDIRECT, _("Indirect (Art. 14, cooperatives, CSR)")), *OpportunityKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any")), ("open", _("Open")), *OpportunityStatus.choices])
    officer = OfficerField(label=_("Officer"), required=False, queryset=officer_queryset().none(),
                           empty_label=_("Any"))
    shortfall = forms.BooleanField(label=_("Only companies with a Law 68 shortfall"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officer_queryset().order_by("last_name", "first_name")

    def search_arguments(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        kind = data.get("kind", "")
        status = data.get("status", "")
        officer = data.get("officer")
        return {"company": data.get("company", ""), "shortfall": bool(data.get("shortfall")),
                "group": kind if kind in (GROUP_DIRECT, GROUP_INDIRECT) else "",
                "kind": kind if kind in OpportunityKind.values else "",
                "status": status if status in OpportunityStatus.values else "", "open_only": status == "open",
                "officer_id": officer.pk if officer else None}


class ConventionForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2004, max_value=2100)
    commission_value = forms.DecimalField(label=_("Value of the work commissioned in the year (€)"), min_value=0,
                                          max_digits=12, decimal_places=2)
    disabled_workers_placed = forms.IntegerField(label=_("Disabled workers placed at the cooperative"), min_value=0,
                                                 max_value=1000)
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=_DATE)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def initial_for(cls, opportunity) -> dict:
        return {"year": timezone.localdate().year,
                "commission_value": opportunity.actual_value or opportunity.expected_value,
                "disabled_workers_placed": opportunity.expected_places or 1, "signed_on": timezone.localdate()}


def vacancy_initial(opportunity) -> dict:
    """The vacancy form prefilled from a direct opportunity: its title and notes, the places, a tirocinio's
    contract, the company's registered office, the occupation the taxonomy finds for the title (with its ESCO
    skills ticked), and the Law 68 reservation when the opportunity came from the company's shortfall."""
    from florwork.matching.forms import VacancyForm, occupation_hits
    from florwork.opportunities.models import OpportunityKind, OpportunitySource
    from florwork.people.choices import ContractKind

    initial: dict = {"title": opportunity.title, "occupation_query": opportunity.title,
                     "description": opportunity.description, "positions": opportunity.expected_places or 1,
                     "law68_eligible": opportunity.source == OpportunitySource.LAW68}
    if opportunity.kind == OpportunityKind.TIROCINIO:
        initial["contract_kind"] = ContractKind.TIROCINIO
    site = opportunity.company.sites.order_by("-is_headquarters", "pk").first()
    if site is not None:
        initial["site"] = site.pk
    hits = occupation_hits(opportunity.title, limit=1)
    if hits:
        initial |= VacancyForm.suggested_initial(hits[0])
        initial["suggested_for"] = str(hits[0].pk)
    return initial


def posted_vacancy_initial(post) -> dict:
    """A refresh of the vacancy form (a new occupation search or choice) shows the posted values as a fresh
    form's initial, with the ESCO skills of a newly chosen occupation ticked."""
    from florwork.matching.forms import VacancyForm
    from florwork.matching.models import Occupation

    probe = VacancyForm(post)
    initial = {name: field.widget.value_from_datadict(post, {}, name) for name, field in probe.fields.items()}
    occupation_id = str(initial.get("occupation") or "")
    initial["suggested_for"] = post.get("suggested_for", "")
    if occupation_id.isdigit() and occupation_id != initial["suggested_for"]:
        occupation = Occupation.objects.filter(pk=int(occupation_id)).first()
        if occupation is not None:
            initial |= VacancyForm.suggested_initial(occupation)
            initial["suggested_for"] = occupation_id
    return initial
