"""Forms of the referral, the case page and the caseload. They parse and check input; the services decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from florwork.cases.lifecycle import NEEDS_REASON, State
from florwork.cases.models import CaseState, ContactChannel, EventKind, Need, Urgency
from florwork.people import codice_fiscale as cf
from florwork.people.choices import Sex
from florwork.people.models import Person
from florwork.people.services import cf_mismatches, normalize_codice_fiscale
from florwork.territory.forms import resolve_comune
from florwork.web.uploads import ACCEPT, check_upload

MAX_ATTACHMENTS = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe), each checked by ``check_upload``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("Attach at most %(n)d files.") % {"n": MAX_ATTACHMENTS})
        errors, cleaned = [], []
        for upload in files:
            upload = super().clean(upload, initial)
            try:
                check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
            cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        return cleaned


class SingleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_upload(upload)
        return upload


class ReferralForm(forms.Form):
    # the person
    codice_fiscale = forms.CharField(label=_("Codice fiscale"), max_length=20, required=False,
                                     help_text=_("Checked and compared with what the person states."),
                                     widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                                   "class": "text-uppercase"}))
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"}))
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices])
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    email = forms.EmailField(label=_("E-mail"), required=False)
    residence = forms.CharField(label=_("Comune of residence"), max_length=100, required=False,
                                help_text=_("Its name or its ISTAT code."),
                                widget=forms.TextInput(attrs={"list": "comuni-fi", "autocomplete": "off"}))
    # the referral
    reason = forms.CharField(label=_("Why you refer the person"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 4}))
    needs = forms.MultipleChoiceField(label=_("Needs"), choices=Need.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    attachments = MultipleFileField(label=_("Attachments"), required=False,
                                    help_text=_("PDF, JPEG or PNG, up to 10 MB each; you may choose several."))
    # the answers to the checks shown before saving
    confirm_mismatch = forms.BooleanField(
        label=_("I have checked: the data are as the person states them, even if the codice fiscale differs"),
        required=False)
    create_anyway = forms.BooleanField(
        label=_("None of these is the person: register a new person"), required=False)

    def clean_codice_fiscale(self) -> str:
        try:
            return normalize_codice_fiscale(self.cleaned_data["codice_fiscale"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["codice_fiscale"]) from None

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        if birth_date > timezone.localdate():
            raise ValidationError(_("The birth date is in the future."))
        return birth_date

    def clean_residence(self) -> str:
        return resolve_comune(self.cleaned_data["residence"])

    def person_data(self) -> dict:
        data = self.cleaned_data
        # the birth place is not asked: it is read from the code (nothing the person stated is changed)
        decoded = cf.decode(data["codice_fiscale"]) if data["codice_fiscale"] else None
        return {"birth_place_code": (decoded.birth_place_code or "") if decoded else "",
                "codice_fiscale": data["codice_fiscale"], "first_name": data["first_name"].strip(),
                "last_name": data["last_name"].strip(), "birth_date": data["birth_date"], "sex": data["sex"],
                "phone": data["phone"].strip(), "email": data["email"], "residence_istat": data["residence"]}

    def mismatches(self) -> list:
        """What the codice fiscale says that the stated data do not, to show and have confirmed."""
        if self.errors:
            return []
        return cf_mismatches(Person(**self.person_data()))


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("Move the case to"), choices=CaseState.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False,
                             help_text=_("Needed to suspend or drop a case."))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        # any known state may be posted (the lifecycle refuses a wrong one with its reason);
        # only the allowed targets are offered
        order = {state: i for i, state in enumerate(State)}
        labels = dict(CaseState.choices)
        self.fields["to_state"].widget.choices = [(s.value, labels[s.value]) for s in sorted(targets, key=order.get)]

    def clean(self):
        data = super().clean()
        if data.get("to_state") in NEEDS_REASON and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the case is suspended or dropped."))
        return data


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=_("Contact"), choices=ContactChannel.choices)
    occurred_at = forms.DateTimeField(label=_("When"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), input_formats=["%Y-%m-%dT%H:%M"])
    text = forms.CharField(label=_("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    document = SingleFileField(label=_("Document"), required=False,
                               help_text=_("PDF, JPEG or PNG, up to 10 MB."))

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("text", "").strip() and not data.get("document"):
            raise ValidationError(_("Write the note or attach a document."))
        return data


class AssignForm(forms.Form):
    case_manager = forms.TypedChoiceField(label=_("Case manager"), coerce=int)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, managers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].choices = [("", _("Choose…")), *managers]


class TimelineFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(label=_("Show"), choices=EventKind.choices, required=False,
                                     widget=forms.CheckboxSelectMultiple)


SCOPE_MINE, SCOPE_TEAM = "mine", "team"


class CaseloadFilterForm(forms.Form):
    scope = forms.ChoiceField(label=_("Cases"), required=False,
                              choices=[(SCOPE_MINE, _("My cases")), (SCOPE_TEAM, _("My team's cases"))])
    q = forms.CharField(label=_("Search by name"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All open states")),
                                                                         *CaseState.choices])
    owner = forms.ChoiceField(label=_("Case manager"), required=False)

    def __init__(self, *args, role_fields=(), managers=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in role_fields:
                del self.fields[name]
        if "owner" in self.fields:
            self.fields["owner"].choices = [("", _("Everyone")), ("none", _("Unassigned")),
                                            *[(str(pk), label) for pk, label in managers]]


class SlaTargetsForm(forms.Form):
    """One target and one warning threshold per clock, in working days."""

    def __init__(self, *args, targets, labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.clocks = []
        for clock, target in targets.items():
            key = clock.value
            self.fields[f"{key}_days"] = forms.IntegerField(
                label=_("Target (working days)"), min_value=1, max_value=250, initial=target.working_days)
            self.fields[f"{key}_warn"] = forms.IntegerField(
                label=_("Due soon from (working days)"), min_value=0, max_value=250, initial=target.warn_at)
            self.clocks.append((labels[key], self[f"{key}_days"], self[f"{key}_warn"]))

    def clean(self):
        data = super().clean()
        for name in [n for n in self.fields if n.endswith("_days")]:
            key = name.removesuffix("_days")
            days, warn = data.get(name), data.get(f"{key}_warn")
            if days is not None and warn is not None and warn > days:
                self.add_error(f"{key}_warn", _("The warning must come no later than the target."))
        return data

    def targets(self) -> dict[str, tuple[int, int]]:
        keys = [n.removesuffix("_days") for n in self.fields if n.endswith("_days")]
        return {key: (self.cleaned_data[f"{key}_days"], self.cleaned_data[f"{key}_warn"]) for key in keys}
