"""Rules kept as data with their whole history: every save is a new numbered version, the latest in force.

Used by the pathway routing rules (assessment) and the plan suggestion rules (plans): one abstract model,
one save (locked, refusing an unchanged save, audited), one form, one page layout
(templates/includes/ruleset_page.html, with a block for the app's readable view of a version)."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from florwork.accounts.policy import Actor
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record


class VersionedRuleSet(models.Model):
    """One version of a set of rules (their shape belongs to the app); the latest one is in force."""

    version = models.PositiveIntegerField(gettext_lazy("version"), unique=True)
    rules = models.JSONField(gettext_lazy("rules"))
    note = models.CharField(gettext_lazy("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(gettext_lazy("saved"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_by_label = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["-version"]


R = TypeVar("R", bound=VersionedRuleSet)


def ruleset_current(model: type[R]) -> R | None:
    return model.objects.order_by("-version").first()


def ruleset_history(model: type[R]) -> list[R]:
    return list(model.objects.order_by("-version"))


def ruleset_shown(history: list[R], current: R | None, wanted: str) -> R | None:
    """The version asked for in ``?version=`` if it exists, else the one in force."""
    return next((r for r in history if wanted.isdigit() and r.version == int(wanted)), current)


def ruleset_save(model: type[R], *, by: Actor, rules: Any, note: str = "") -> R:
    """Save already validated rules as the next version. The latest row is locked, so two saves at once get
    consecutive versions; saving the rules in force again is refused ("Nothing changed")."""
    with transaction.atomic():
        last = model.objects.select_for_update().order_by("-version").first()
        if last is not None and last.rules == rules:
            raise ValidationError({"rules": [_("Nothing changed.")]}, code="unchanged")
        rule_set = model.objects.create(
            version=(last.version if last else 0) + 1, rules=rules, note=note.strip()[:300],
            created_at=timezone.now(), created_by_id=by.user_id, created_by_label=by.label[:200])
        audit_record(actor=by, operation=Operation.CREATE, purpose=Purpose.GOVERNANCE,
                     object_type=model._meta.label, object_id=rule_set.pk, object_label=str(rule_set),
                     fields=["rules"], detail={"version": rule_set.version, "note": rule_set.note})
    return rule_set


class JsonRulesForm(forms.Form):
    """The rules as JSON text and what changed; subclasses set ``help_text`` for their rules' shape."""

    help_text: Any = ""

    rules = forms.CharField(label=gettext_lazy("Rules (JSON)"),
                            widget=forms.Textarea(attrs={"rows": 24, "class": "fw-mono"}))
    note = forms.CharField(label=gettext_lazy("What changed and why"), max_length=300)

    def __init__(self, *args: Any, current: VersionedRuleSet | None = None, **kwargs: Any) -> None:
        if current is not None:
            kwargs.setdefault("initial", {"rules": json.dumps(current.rules, indent=2, ensure_ascii=False)})
        super().__init__(*args, **kwargs)
        self.fields["rules"].help_text = self.help_text

    def clean_rules(self) -> Any:
        try:
            return json.loads(self.cleaned_data["rules"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(_("This is not valid JSON (line %(line)s, column %(column)s)."),
                                        params={"line": error.lineno, "column": error.colno}) from None

    def add_save_errors(self, error: ValidationError) -> None:
        """A refusal of the save (invalid or unchanged rules) shown on the rules field."""
        messages = error.message_dict.values() if hasattr(error, "error_dict") else [error.messages]
        for group in messages:
            for message in group:
                self.add_error("rules", message)
