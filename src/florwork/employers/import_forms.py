"""Forms of the import pages: upload, column mapping, review decision, undo, thresholds."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from florwork.employers.import_messages import field_labels
from florwork.employers.imports import CANONICAL_FIELDS


class UploadForm(forms.Form):
    source = forms.CharField(label=_("Partner"), max_length=200,
                             help_text=_("Who the file comes from: their column mapping is remembered for next "
                                         "time."),
                             widget=forms.TextInput(attrs={"list": "import-sources", "autocomplete": "off"}))
    file = forms.FileField(label=_("File (CSV or XLSX)"),
                           help_text=_("Any encoding and separator; an XLSX's first sheet. Nothing is written to "
                                       "the registry before you check the report and confirm."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}))


class MappingForm(forms.Form):
    """One choice per column of the file: which registry field it holds (or none)."""

    def __init__(self, *args, header: list[str], initial_mapping: dict[str, str], samples: dict[str, list[str]],
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = field_labels()
        choices = [("", _("— not imported —"))] + [(name, labels[name]) for name in CANONICAL_FIELDS]
        self.columns = []
        for index, column in enumerate(header):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(label=column, choices=choices, required=False,
                                                  initial=initial_mapping.get(column, ""),
                                                  widget=forms.Select(attrs={"class": "form-select"}))
            self.columns.append({"name": name, "column": column, "samples": samples.get(column, [])})

    def bound_columns(self):
        return [{**column, "field": self[column["name"]]} for column in self.columns]

    def clean(self):
        cleaned = super().clean()
        seen: dict[str, str] = {}
        for column in self.columns:
            chosen = cleaned.get(column["name"])
            if not chosen:
                continue
            if chosen in seen:
                self.add_error(column["name"], _("“%(field)s” is already the column “%(other)s”: choose one.") % {
                    "field": field_labels()[chosen], "other": seen[chosen]})
            seen[chosen] = column["column"]
        if "name" not in seen and not self.errors:
            raise forms.ValidationError(_("Choose the column that holds the company's name: every company needs "
                                          "one."))
        return cleaned

    def mapping(self) -> dict[str, str]:
        return {self.cleaned_data[c["name"]]: c["column"] for c in self.columns if self.cleaned_data.get(c["name"])}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("same", _("Same company")), ("different", _("Different companies"))])
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class UndoForm(forms.Form):
    then = forms.ChoiceField(choices=[("review", _("Back to review")), ("new", _("Make it a new company"))])
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ThresholdsForm(forms.Form):
    merge_threshold = forms.DecimalField(
        label=_("Merge automatically at or above"), min_value=Decimal("0.01"), max_value=Decimal("1"),
        decimal_places=3, help_text=_("A match probability (0–1). 0.95 merges only near-certain matches."))
    review_threshold = forms.DecimalField(
        label=_("Send to review at or above"), min_value=Decimal("0.001"), max_value=Decimal("0.999"),
        decimal_places=3, help_text=_("Below it, a row becomes a new company."))

    def clean(self):
        cleaned = super().clean()
        merge, review = cleaned.get("merge_threshold"), cleaned.get("review_threshold")
        if merge is not None and review is not None and review >= merge:
            self.add_error("review_threshold", _("It must be lower than the merge threshold."))
        return cleaned
