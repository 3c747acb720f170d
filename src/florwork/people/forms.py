"""Forms of the person pages. They parse and check input; the services decide and save."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from florwork.accounts.models import Organization
from florwork.people.choices import (
    AccessibilityFeature,
    Availability,
    BenefitKind,
    CaregivingLoad,
    CefrLevel,
    ConsentPurpose,
    ContractKind,
    DrivingLicence,
    HoursPreference,
    IscedLevel,
    Sex,
)
from florwork.people.models import Person
from florwork.people.services import PERSON_FIELDS, cf_mismatches, normalize_codice_fiscale
from florwork.territory.forms import resolve_comune
from florwork.territory.models import Comune
from florwork.web.uploads import ACCEPT, check_upload

# what a file must start with, by the kinds accepted (neither the name nor the browser's word is trusted)
CEFR_LEVELS = {level.upper(): level for level in CefrLevel.values} | {"MADRELINGUA": CefrLevel.NATIVE.value}

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_WIDGET, **kwargs)


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise ValidationError(message)
    return value


class LinesField(forms.CharField):
    """A list of short texts, one per line (skills, occupations sought)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class LanguagesField(forms.CharField):
    """Other languages as ``[{"language": "English", "level": "B1"}]``, typed one per line: "English B1"."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(f"{item.get('language', '')} {item.get('level', '')}".strip()
                             if isinstance(item, dict) else str(item) for item in value)
        return value

    def to_python(self, value):
        languages = []
        for line in (super().to_python(value) or "").splitlines():
            words = line.split()
            if not words:
                continue
            level = CEFR_LEVELS.get(words[-1].upper())
            if level is None or len(words) < 2:
                raise ValidationError(
                    _("“%(line)s”: write the language and then its level (A1, A2, B1, B2, C1, C2 or native).")
                    % {"line": line.strip()})
            languages.append({"language": " ".join(words[:-1]), "level": level})
        return languages


def _comune_shown(istat_code: str) -> str:
    """The comune's name where the name alone finds it again, else its ISTAT code."""
    comune = Comune.objects.filter(istat_code=istat_code).first() if istat_code else None
    if comune is None:
        return istat_code
    try:
        return comune.name if resolve_comune(comune.name) == istat_code else istat_code
    except ValidationError:
        return istat_code


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or codice fiscale"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "spellcheck": "false"}))


class PersonForm(forms.Form):
    """Every field of the person record, opened at ``version``; mismatches with the codice fiscale
    must be confirmed with ``accept_mismatches`` before the record is saved as stated."""

    codice_fiscale = forms.CharField(
        label=_("Codice fiscale"), max_length=20, required=False,
        help_text=_("Checked, and compared with the data below: a disagreement is shown, never corrected."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "class": "text-uppercase fw-mono"}))
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = _date_field(_("Birth date"))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_place_code = forms.CharField(
        label=_("Birth place (cadastral code)"), max_length=4, required=False,
        validators=[RegexValidator(r"^[A-Za-z][0-9]{3}$", _("A letter and three digits, e.g. D612 for Firenze."))],
        help_text=_("Cadastral code of the comune of birth (D612 = Firenze), or Z and three digits for a "
                    "foreign state (Z404 = USA)."),
        widget=forms.TextInput(attrs={"class": "text-uppercase fw-mono", "autocomplete": "off"}))
    citizenship = forms.CharField(
        label=_("Citizenship"), max_length=2, required=False,
        validators=[RegexValidator(r"^[A-Za-z]{2}$", _("Two letters, e.g. IT, RO, MA."))],
        help_text=_("ISO 3166 country code, e.g. IT, RO, MA."),
        widget=forms.TextInput(attrs={"class": "text-uppercase", "autocomplete": "off"}))
    residence = forms.CharField(label=_("Comune of residence"), max_length=100, required=False,
                                help_text=_("Its name or its ISTAT code."))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=5, required=False,
                               validators=[RegexValidator(r"^[0-9]{5}$", _("Five digits."))],
                               widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"type": "tel"}))
    email = forms.EmailField(label=_("E-mail"), required=False)
    isced_level = forms.TypedChoiceField(label=_("Education (ISCED level)"), coerce=int, empty_value=None,
                                         required=False, choices=[("", "—"), *IscedLevel.choices])
    education_title = forms.CharField(label=_("Title of study"), max_length=200, required=False)
    italian_level = forms.ChoiceField(label=_("Italian (CEFR level)"), required=False,
                                      choices=[("", "—"), *CefrLevel.choices])
    other_languages = LanguagesField(label=_("Other languages"), required=False,
                                     help_text=_("One per line, the language and its level: “English B1”."))
    driving_licences = forms.MultipleChoiceField(label=_("Driving licences"), required=False,
                                                 choices=DrivingLicence.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    own_vehicle = forms.BooleanField(label=_("Has their own vehicle"), required=False)
    household_size = forms.IntegerField(label=_("Household members"), min_value=1, max_value=30,
                                        help_text=_("Including the person."))
    minors_in_household = forms.IntegerField(label=_("Minors in the household"), min_value=0, max_value=29)
    caregiving_load = forms.ChoiceField(label=_("Caregiving load"), choices=CaregivingLoad.choices)
    skills = LinesField(label=_("Skills"), required=False, help_text=_("One per line."))
    occupations_sought = LinesField(label=_("Occupations sought"), required=False, help_text=_("One per line."))
    hours_preference = forms.ChoiceField(label=_("Hours"), choices=HoursPreference.choices)
    max_commute_minutes = forms.IntegerField(label=_("Maximum commute (minutes)"), min_value=0, max_value=240,
                                             required=False)
    availability = forms.ChoiceField(label=_("Availability"), choices=Availability.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
    # what the operator was shown: a confirmation holds only for those very mismatches
    mismatches_seen = forms.CharField(required=False, widget=forms.HiddenInput)
    accept_mismatches = forms.BooleanField(
        label=_("I have checked: the data are as the person states them, even if the codice fiscale differs"),
        required=False)

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        initial = {name: getattr(person, name) for name in PERSON_FIELDS if name != "residence_istat"}
        initial["residence"] = _comune_shown(person.residence_istat)
        initial["version"] = person.version
        return initial

    def clean_codice_fiscale(self) -> str:
        try:
            return normalize_codice_fiscale(self.cleaned_data["codice_fiscale"])
        except ValidationError as error:
            raise ValidationError(error.error_dict["codice_fiscale"]) from None

    def clean_birth_date(self):
        return _not_in_future(self.cleaned_data["birth_date"], _("The birth date is in the future."))

    def clean_birth_place_code(self) -> str:
        return self.cleaned_data["birth_place_code"].upper()

    def clean_citizenship(self) -> str:
        return self.cleaned_data["citizenship"].upper()

    def clean_residence(self) -> str:
        return resolve_comune(self.cleaned_data["residence"])

    def clean(self):
        data = super().clean()
        size, minors = data.get("household_size"), data.get("minors_in_household")
        if size is not None and minors is not None and minors >= size:
            self.add_error("minors_in_household", _("Minors must be fewer than the household members, "
                                                    "who include the person."))
        self.mismatches = [] if self.errors else cf_mismatches(Person(**self.changes()))
        return data

    def mismatch_signature(self) -> str:
        return "|".join(f"{m.field}:{m.stated}:{m.from_code}" for m in getattr(self, "mismatches", []))

    def mismatches_confirmed(self) -> bool:
        """True when the operator confirmed exactly the mismatches the data now have (none, or those shown)."""
        if not self.mismatches:
            return True
        return self.cleaned_data["accept_mismatches"] and self.cleaned_data["mismatches_seen"] == \
            self.mismatch_signature()

    def changes(self) -> dict:
        """The cleaned data as the service's ``changes`` (the person's own field names)."""
        data = {name: self.cleaned_data[name] for name in PERSON_FIELDS if name in self.cleaned_data}
        data["residence_istat"] = self.cleaned_data.get("residence", "")
        return data


class SensitiveForm(forms.Form):
    invalidity_percentage = forms.IntegerField(label=_("Civil invalidity (%)"), min_value=0, max_value=100,
                                               required=False)
    law68_enrolled = forms.BooleanField(label=_("Enrolled in collocamento mirato (L. 68/1999)"), required=False)
    law68_enrolled_on = _date_field(_("Enrolled on"), required=False)
    disability_detail = forms.CharField(label=_("Disability detail"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 3}))
    health_notes = forms.CharField(label=_("Health as it affects work"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("Only what matters for work: limits, adjustments, availability."))
    accessibility_needs = forms.MultipleChoiceField(
        label=_("Workplace accessibility needs"), required=False, choices=AccessibilityFeature.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vacancies whose workplace does not offer these are left out of the person's matches; "
                    "employers never see them."))

    def clean_law68_enrolled_on(self):
        return _not_in_future(self.cleaned_data["law68_enrolled_on"], _("The enrolment date is in the future."))

    def clean(self):
        data = super().clean()
        if data.get("law68_enrolled_on") and not data.get("law68_enrolled"):
            self.add_error("law68_enrolled_on", _("An enrolment date needs the enrolment ticked."))
        return data


class _PeriodForm(forms.Form):
    start = _date_field(_("From"))
    end = _date_field(_("To"), required=False, help_text=_("Leave empty if it is still going on."))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end comes before the start."))
        return data


class BenefitForm(_PeriodForm):
    kind = forms.ChoiceField(label=_("Benefit"), choices=BenefitKind.choices)
    monthly_amount = forms.DecimalField(label=_("Monthly amount (€)"), min_value=0, max_digits=9,
                                        decimal_places=2, localize=True,
                                        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                                        help_text=_("In euros, e.g. 500,00."))
    field_order = ["kind", "monthly_amount", "start", "end"]


class WorkExperienceForm(_PeriodForm):
    occupation = forms.CharField(label=_("Occupation"), max_length=200)
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    contract_kind = forms.ChoiceField(label=_("Contract"), choices=ContractKind.choices)
    field_order = ["occupation", "employer", "contract_kind", "start", "end"]

    def clean_start(self):
        return _not_in_future(self.cleaned_data["start"], _("A past job cannot start in the future."))


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    organization = forms.ModelChoiceField(
        label=_("Partner organization"), required=False, empty_label="—",
        queryset=Organization.objects.filter(is_active=True).order_by("name"),
        help_text=_("Only for sharing with a partner: the one organization the person agrees to."))
    given_on = _date_field(_("Given on"))
    document = forms.FileField(label=_("Signed document"), required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                               help_text=_("PDF, JPEG or PNG, up to 10 MB."))

    def clean_given_on(self):
        return _not_in_future(self.cleaned_data["given_on"], _("The date is in the future."))

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            # stored under a random name: the person's name, often in the file's, stays out of the file system
            upload.name = f"consent-{uuid.uuid4().hex}{check_upload(upload)}"
        return upload

    def clean(self):
        data = super().clean()
        sharing = data.get("purpose") == ConsentPurpose.PARTNER_SHARING
        if sharing and not data.get("organization"):
            self.add_error("organization", _("Sharing needs the partner organization it is given to."))
        if not sharing:
            data["organization"] = None
        return data

    def given_at(self):
        """Today's consent is given now; an earlier one at the start of its day (Italian time)."""
        day = self.cleaned_data["given_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
