"""Forms of placements: the tirocinio, the contract, an extension, an early termination, the list's filters.
The rules themselves are the service's (placements/rules.py): the forms parse and carry its errors back."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from florwork.accounts.models import Organization
from florwork.accounts.roles import OrganizationKind
from florwork.employers.models import Company, Site
from florwork.matching.vacancy_models import Vacancy, VacancyStatus
from florwork.placements.models import ContractKind, PlacementKind, PlacementStatus, TerminationReason, TraineeCategory

# who promotes a tirocinio in Tuscany (L.R. 32/2002 art. 17 bis): employment services, accredited training
# and guidance bodies, social cooperatives and third-sector bodies of the partnership
PROMOTER_KINDS = (OrganizationKind.HUB_OPERATOR, OrganizationKind.EMPLOYMENT_AGENCY,
                  OrganizationKind.TRAINING_PROVIDER, OrganizationKind.SOCIAL_COOP_A, OrganizationKind.SOCIAL_COOP_B,
                  OrganizationKind.THIRD_SECTOR)


def _date(label, required=True, **kwargs):
    # ISO in the value: a type=date input shows nothing for a localized "26/11/2026"
    return forms.DateField(label=label, required=required,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


class _PlacementForm(forms.Form):
    company = forms.ModelChoiceField(label=_("Company"), queryset=Company.objects.none())
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), required=False)
    vacancy = forms.ModelChoiceField(label=_("Vacancy"), queryset=Vacancy.objects.none(), required=False)
    job_title = forms.CharField(label=_("Job"), max_length=200, required=False,
                                help_text=_("Empty: the vacancy's title."))
    start_on = _date(_("Start"))
    weekly_hours = forms.IntegerField(label=_("Weekly hours"), min_value=1, max_value=40, required=False)

    def __init__(self, *args, company: Company | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.order_by("legal_name")
        sites = Site.objects.select_related("company").order_by("company__legal_name", "label", "pk")
        vacancies = Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).order_by("title", "pk")
        if company is not None:  # from a shortlist entry the company is known: only its sites and vacancies
            sites, vacancies = sites.filter(company=company), vacancies.filter(company=company)
        self.fields["site"].queryset = sites
        self.fields["site"].label_from_instance = lambda s: f"{s.company.legal_name} – {s.label or s.address}"
        self.fields["vacancy"].queryset = vacancies.select_related("company")
        self.fields["vacancy"].label_from_instance = lambda v: f"{v.code} {v.title} ({v.company.legal_name})"

    def placement_data(self) -> dict:
        links = ("company", "site", "vacancy", "promoter", "training_project_file")
        return {k: v for k, v in self.cleaned_data.items() if k not in links}


class TirocinioForm(_PlacementForm):
    kind = PlacementKind.TIROCINIO
    end_on = _date(_("Planned end"))
    trainee_category = forms.ChoiceField(label=_("Trainee category"), choices=TraineeCategory.choices,
                                         help_text=_("It sets the longest duration allowed."))
    monthly_allowance = forms.DecimalField(label=_("Monthly allowance (€, gross)"), min_value=0, max_digits=8,
                                           decimal_places=2)
    promoter = forms.ModelChoiceField(label=_("Promoter"), queryset=Organization.objects.none())
    promoter_tutor = forms.CharField(label=_("Promoter tutor"), max_length=200)
    host_tutor = forms.CharField(label=_("Host tutor"), max_length=200)
    training_project = forms.CharField(label=_("Training project"), widget=forms.Textarea(attrs={"rows": 4}),
                                       help_text=_("Activities, skills to acquire, how they are assessed."))
    training_project_file = forms.FileField(label=_("Training project document"), required=False,
                                            help_text=_("PDF, Word or OpenDocument, at most 10 MB."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekly_hours"].required = True
        self.fields["promoter"].queryset = Organization.objects.filter(
            kind__in=PROMOTER_KINDS, is_active=True).order_by("name")


class ContractForm(_PlacementForm):
    kind = PlacementKind.CONTRACT
    contract_kind = forms.ChoiceField(label=_("Contract"), choices=ContractKind.choices)
    end_on = _date(_("End"), required=False, help_text=_("Required for fixed-term and agency work; none for a "
                                                         "permanent contract."))
    part_time_percentage = forms.IntegerField(label=_("Part-time percentage"), min_value=1, max_value=99,
                                              required=False, help_text=_("Empty: full time."))
    gross_monthly_wage = forms.DecimalField(label=_("Gross monthly wage (€)"), min_value=0, max_digits=9,
                                            decimal_places=2)


FORMS = {PlacementKind.TIROCINIO: TirocinioForm, PlacementKind.CONTRACT: ContractForm}


class ExtendForm(forms.Form):
    new_end_on = _date(_("New end"))
    reason = forms.CharField(label=_("Reason"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class TerminateForm(forms.Form):
    on = _date(_("Ended on"))
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *TerminationReason.choices])
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlacementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search company or job"), required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *PlacementStatus.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *PlacementKind.choices])
