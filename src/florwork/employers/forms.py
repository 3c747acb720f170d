"""Forms of the company registry. They parse and check input (with the same checks as the services,
so that a wrong partita IVA is named next to its field); the services decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from florwork.accounts.models import Organization
from florwork.accounts.roles import OrganizationKind
from florwork.employers import checks
from florwork.employers.models import ClaimField, LegalForm, MarketingBasis, RelationshipState
from florwork.employers.relationship import allowed_targets
from florwork.employers.selectors import OPPORTUNITY_DIRECT, OPPORTUNITY_INDIRECT
from florwork.territory.forms import resolve_comune

COMUNE_HELP = _("Its name or its ISTAT code.")
_MONO = {"class": "fw-mono", "autocomplete": "off", "spellcheck": "false"}


def _comune_field(required: bool = False) -> forms.CharField:
    return forms.CharField(label=_("Comune"), max_length=100, required=required, help_text=COMUNE_HELP,
                           widget=forms.TextInput(attrs={"list": "comuni-fi", "autocomplete": "off"}))


def _count_field(label, help_text="") -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=checks.MAX_EMPLOYEES,
                              help_text=help_text)


def _empty_as_none(value):
    return None if value in (None, "", []) else value


class RegistryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or partita IVA"), required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
    comune = forms.ChoiceField(label=_("Comune"), required=False)
    ateco = forms.CharField(label=_("ATECO code (or its start)"), required=False, max_length=8,
                            widget=forms.TextInput(attrs=_MONO))
    state = forms.ChoiceField(label=_("Relationship"), required=False,
                              choices=[("", _("Any")), *RelationshipState.choices])
    shortfall = forms.BooleanField(label=_("Only with a Law 68 shortfall"), required=False)

    def __init__(self, *args, comuni=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comune"].choices = [("", _("Any")), *[(c.istat_code, c.name) for c in comuni]]


class OpportunityFilterForm(RegistryFilterForm):
    kind = forms.ChoiceField(label=_("Opportunity"), required=False, choices=[
        ("", _("Direct or indirect")), (OPPORTUNITY_DIRECT, _("Direct hiring (any shortfall)")),
        (OPPORTUNITY_INDIRECT, _("Indirect placement (Art. 14 room)"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["shortfall"]
        del self.fields["state"]


class LinesField(forms.CharField):
    """One value per line (trade names)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class CompanyForm(forms.Form):
    legal_name = forms.CharField(label=_("Legal name"), max_length=200)
    trade_names = LinesField(label=_("Trade names"), required=False, help_text=_("One per line."))
    legal_form = forms.ChoiceField(label=_("Legal form"), required=False, choices=[("", "—"), *LegalForm.choices])
    partita_iva = forms.CharField(label=_("Partita IVA"), max_length=20, required=False,
                                  widget=forms.TextInput(attrs={**_MONO, "inputmode": "numeric"}))
    codice_fiscale = forms.CharField(label=_("Codice fiscale"), max_length=20, required=False,
                                     help_text=_("11 digits, or 16 characters for a sole trader."),
                                     widget=forms.TextInput(attrs={**_MONO, "class": "fw-mono text-uppercase"}))
    ateco_code = forms.CharField(label=_("ATECO code"), max_length=10, required=False,
                                 help_text=_("For example 56.10.11 or 561011."), widget=forms.TextInput(attrs=_MONO))
    ateco_edition = forms.ChoiceField(label=_("ATECO edition"), choices=[(e, e) for e in checks.ATECO_EDITIONS],
                                      initial=checks.DEFAULT_ATECO_EDITION)
    employees = _count_field(_("Employees"))
    employees_as_of = forms.DateField(label=_("Employees as of"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    phone = forms.CharField(label=_("Switchboard phone"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"type": "tel"}))
    email = forms.EmailField(label=_("General e-mail"), required=False)
    computable_headcount = _count_field(_("Computable headcount (L. 68/1999)"), _(
        "Employees counted for the quota, after the exclusions of Art. 4 (as in the prospetto informativo). "
        "Empty: the number of employees is used as an estimate."))
    disabled_employed = _count_field(_("Disabled workers employed"))
    protected_employed = _count_field(_("Protected-category workers employed (Art. 18)"))

    TRACKED = [f.value for f in ClaimField]

    def clean_partita_iva(self) -> str:
        return checks.check_partita_iva(self.cleaned_data["partita_iva"])

    def clean_codice_fiscale(self) -> str:
        return checks.check_codice_fiscale(self.cleaned_data["codice_fiscale"])

    def clean_employees_as_of(self):
        as_of = self.cleaned_data["employees_as_of"]
        if as_of and as_of > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return as_of

    def clean(self):
        data = super().clean()
        code = data.get("ateco_code", "")
        if code and "ateco_edition" in data:
            try:
                checks.check_ateco(code, data["ateco_edition"])
            except ValidationError as error:
                self.add_error("ateco_code", error)
        return data

    def values(self) -> dict:
        """Everything the form says, as the service takes it."""
        data = self.cleaned_data
        values = {name: data.get(name) for name in self.TRACKED}
        values["ateco_edition"] = data.get("ateco_edition")
        values["employees_as_of"] = data.get("employees_as_of")
        return values

    def changes(self, company) -> dict:
        """Only what differs from the company's current values: an untouched field makes no claim."""
        values = self.values()
        cleaned = checks.check_values(values, require_name=False)  # normalised as the service stores them
        current = {name: getattr(company, name) for name in self.TRACKED}
        current[ClaimField.ATECO_CODE] = {"code": company.ateco_code, "edition": company.ateco_edition,
                                          "label": company.ateco_label} if company.ateco_code else None
        changed = {name: values[name] for name in self.TRACKED if _empty_as_none(cleaned[name])
                   != _empty_as_none(current[name])}
        if ClaimField.ATECO_CODE in changed:
            changed["ateco_edition"] = values["ateco_edition"]
        as_of = values["employees_as_of"]
        if ClaimField.EMPLOYEES in changed or (as_of and as_of != company.employees_as_of
                                               and values[ClaimField.EMPLOYEES] is not None):
            changed[ClaimField.EMPLOYEES] = values[ClaimField.EMPLOYEES]
            changed["employees_as_of"] = as_of
        return changed

    @classmethod
    def initial_for(cls, company) -> dict:
        initial = {name: getattr(company, name) for name in cls.TRACKED}
        initial.update(ateco_edition=company.ateco_edition or checks.DEFAULT_ATECO_EDITION,
                       employees_as_of=company.employees_as_of, version=company.version)
        return initial


class CompanyEditForm(CompanyForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CompanyCreateForm(CompanyForm):
    """A new company, with its registered office."""

    site_address = forms.CharField(label=_("Address of the registered office"), max_length=200, required=False)
    site_postcode = forms.CharField(label=_("Postcode"), max_length=5, required=False,
                                    widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    site_comune = _comune_field()

    def clean_site_comune(self) -> str:
        return resolve_comune(self.cleaned_data["site_comune"])

    def clean(self):
        data = super().clean()
        if data.get("site_address") and not data.get("site_comune") and "site_comune" not in self.errors:
            self.add_error("site_comune", _("Give the comune of the address."))
        return data

    def site(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("site_address"):
            return None
        return {"address": data["site_address"], "postcode": data["site_postcode"],
                "comune_istat": data["site_comune"], "is_headquarters": True}


class StateForm(forms.Form):
    to_state = forms.ChoiceField(label=_("Move the relationship to"), choices=RelationshipState.choices)
    reason = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(RelationshipState.choices)
        self.fields["to_state"].widget.choices = [(s.value, labels[s.value]) for s in allowed_targets(current)]


class SiteForm(forms.Form):
    label = forms.CharField(label=_("Name of the site"), max_length=100, required=False,
                            help_text=_("For example: warehouse, shop in via Roma."))
    address = forms.CharField(label=_("Address"), max_length=200)
    postcode = forms.CharField(label=_("Postcode"), max_length=5, required=False)
    comune = _comune_field(required=True)
    latitude = forms.DecimalField(label=_("Latitude"), required=False, min_value=-90, max_value=90,
                                  decimal_places=5, help_text=_("Empty: the centre of the comune is used."))
    longitude = forms.DecimalField(label=_("Longitude"), required=False, min_value=-180, max_value=180,
                                   decimal_places=5)
    is_headquarters = forms.BooleanField(label=_("This is the registered office"), required=False)

    def clean_comune(self) -> str:
        return resolve_comune(self.cleaned_data["comune"])

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["comune_istat"] = data.pop("comune")
        return data


class ContactForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    job_title = forms.CharField(label=_("Role in the company"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"type": "tel"}))
    email = forms.EmailField(label=_("E-mail"), required=False)
    marketing_basis = forms.ChoiceField(label=_("Why the hub may contact them"), choices=MarketingBasis.choices,
                                        initial=MarketingBasis.LEGITIMATE_INTEREST)
    consent_given_at = forms.DateTimeField(label=_("Consent given on"), required=False, widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), input_formats=["%Y-%m-%dT%H:%M"])
    opted_out = forms.BooleanField(label=_("They asked not to be contacted"), required=False)


class ConventionForm(forms.Form):
    cooperative = forms.ModelChoiceField(label=_("Type-B social cooperative"), queryset=Organization.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2004, max_value=2100)
    commission_value = forms.DecimalField(label=_("Value of the work commissioned in the year (€)"), min_value=0,
                                          max_digits=12, decimal_places=2)
    disabled_workers_placed = forms.IntegerField(label=_("Disabled workers placed at the cooperative"), min_value=0,
                                                 max_value=1000, initial=1)
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cooperative"].queryset = Organization.objects.filter(
            kind=OrganizationKind.SOCIAL_COOP_B, is_active=True).order_by("name")
        self.fields["year"].initial = timezone.localdate().year


class Art14ParametersForm(forms.Form):
    region = forms.CharField(label=_("Region"), max_length=100, initial="Toscana")
    year = forms.IntegerField(label=_("Year"), min_value=2004, max_value=2100)
    coefficient = forms.DecimalField(label=_("Coefficient"), min_value=0, max_digits=5, decimal_places=3,
                                     help_text=_("The commission value covering one position is the coefficient "
                                                 "times the annual labour cost."))
    annual_labour_cost = forms.DecimalField(label=_("Annual labour cost of the reference contract (€)"),
                                            min_value=0, max_digits=10, decimal_places=2)
    max_share_of_quota = forms.DecimalField(label=_("Largest share of the quota coverable (0–1)"), min_value=0,
                                            max_value=1, max_digits=4, decimal_places=3,
                                            help_text=_("0.30 means that at most 30% of the disabled quota may be "
                                                        "covered by Art. 14 conventions."))
    reference_contract = forms.CharField(label=_("Reference contract"), max_length=200, required=False)
    source = forms.CharField(label=_("Source"), max_length=300,
                             help_text=_("The framework agreement or act the figures come from."))
