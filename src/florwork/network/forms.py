"""Forms of the catalogue, the referral and the partner's inbox."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from florwork.accounts.models import Organization
from florwork.accounts.roles import ROLE_ORGANIZATION_KINDS, Role
from florwork.assessment.models import Dimension, Pathway
from florwork.network.models import CapacityPeriod, DisabilityRule, ReferralState, Service, ServiceKind
from florwork.territory.models import Comune

# where the hub's partners work: the Metropolitan City of Florence and its neighbours
SERVICE_PROVINCES = ("FI", "PO", "PT")


def dimension_choices() -> list[tuple[str, str]]:
    """The dimensions of the published instruments (a service says which one it mainly works on)."""
    seen: dict[str, str] = {}
    for dimension in Dimension.objects.filter(instrument__status="published").order_by("order"):
        seen.setdefault(dimension.code, dimension.label)
    return list(seen.items())


def _comuni():
    return Comune.objects.filter(province_code__in=SERVICE_PROVINCES, is_active=True).order_by("name")


class ServiceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(label=_("Kind of service"), required=False)
    dimension = forms.ChoiceField(label=_("Need (assessment dimension)"), required=False)
    comune = forms.ChoiceField(label=_("Where (comune)"), required=False)
    available = forms.BooleanField(label=_("Only with free seats now"), required=False)
    eligible = forms.BooleanField(label=_("Only services the person is eligible for"), required=False)

    def __init__(self, *args, with_eligible: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *ServiceKind.choices]
        self.fields["dimension"].choices = [("", _("Any need")), *dimension_choices()]
        self.fields["comune"].choices = [("", _("Anywhere")), *_comuni().values_list("istat_code", "name")]
        if not with_eligible:
            del self.fields["eligible"]


class ServiceForm(forms.ModelForm):
    pathways = forms.TypedMultipleChoiceField(label=_("GOL pathways"), choices=Pathway.choices, coerce=int,
                                              required=False, widget=forms.CheckboxSelectMultiple,
                                              help_text=_("None ticked: open to every pathway."))
    dimension = forms.ChoiceField(label=_("Assessment dimension addressed"), required=False)
    residence_comuni = forms.ModelMultipleChoiceField(
        label=_("For residents of"), queryset=Comune.objects.none(), required=False,
        help_text=_("None chosen: open to residents of any comune."))
    organization = forms.ModelChoiceField(label=_("Partner organization"), queryset=Organization.objects.none())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Service
        fields = ["organization", "kind", "title", "description", "dimension", "comune", "address", "schedule",
                  "min_age", "max_age", "pathways", "disability", "residence_comuni", "capacity_period",
                  "seats_per_period", "waiting_list", "cost_per_participant", "contact_name", "contact_phone",
                  "contact_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, choose_organization: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = [("", _("None in particular")), *dimension_choices()]
        self.fields["comune"].queryset = _comuni()
        self.fields["residence_comuni"].queryset = _comuni()
        self.fields["kind"].choices = ServiceKind.choices
        self.fields["disability"].choices = DisabilityRule.choices
        self.fields["capacity_period"].choices = CapacityPeriod.choices
        if choose_organization:
            kinds = ROLE_ORGANIZATION_KINDS[Role.PARTNER_OPERATOR]
            self.fields["organization"].queryset = Organization.objects.filter(kind__in=kinds, is_active=True)
        else:
            del self.fields["organization"]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields
                if name not in ("organization", "residence_comuni") and name in self.cleaned_data}
        data["pathways"] = sorted(data.get("pathways") or [])
        return data

    def _post_clean(self):  # the service validates the whole row (one place for the rules)
        pass


class ReferForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the referral"), max_length=4000, widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("Shared with the partner: say what the person needs from this service, "
                                        "nothing more."))


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("Open referrals")), ("all", _("All")), *ReferralState.choices])


class ReferralTransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("Move the referral to"), choices=ReferralState.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False,
                             help_text=_("Needed to decline or interrupt; shared with the case manager."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class NetworkTermsForm(forms.Form):
    answer_within_working_days = forms.IntegerField(
        label=_("A partner answers a referral within (working days)"), min_value=1, max_value=60,
        help_text=_("Unanswered referrals expire after this many Italian working days; the change applies to "
                    "referrals sent from now on."))
