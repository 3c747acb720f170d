from django import forms
from django.utils.translation import gettext_lazy as _

from florwork.audit.models import Operation, Purpose


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("user, organization, object or object id"))
    operation = forms.ChoiceField(label=_("Operation"), required=False,
                                  choices=[("", _("All operations")), *Operation.choices])
    object_type = forms.ChoiceField(label=_("Object type"), required=False, choices=[("", _("All types"))])
    purpose = forms.ChoiceField(label=_("Purpose"), required=False, choices=[("", _("All purposes")), *Purpose.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, object_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All types")), *((t, t) for t in sorted(object_types))]
