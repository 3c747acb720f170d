"""How the registry shows claimed values and their sources."""

import re

from django import template
from django.utils.translation import gettext as _

from florwork.employers.models import LegalForm, RelationshipState
from florwork.employers.provenance import IMPORT_PREFIX, MANUAL

register = template.Library()
IMPORTED_ROW = re.compile(r"^(?P<file>.*)#(?P<id>\d+)/(?P<row>\d+)$")

STATE_BADGES = {
    RelationshipState.PROSPECT: "bg-secondary",
    RelationshipState.CONTACTED: "bg-primary",
    RelationshipState.VISITED: "bg-info text-dark",
    RelationshipState.PARTNER: "bg-success",
    RelationshipState.DORMANT: "bg-light text-dark border",
}


@register.filter
def claim_value(value, field: str = "") -> str:
    """A claimed value as a person reads it."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, dict):  # an ATECO code with its edition and title
        return f"{value.get('code', '')} — {value.get('label', '')} (ATECO {value.get('edition', '')})"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if field == "legal_form":
        return str(dict(LegalForm.choices).get(value, value))
    return str(value)


@register.filter
def source_label(source: str) -> str:
    if source == MANUAL:
        return _("entered by hand")
    if source.startswith(IMPORT_PREFIX):
        name = source.removeprefix(IMPORT_PREFIX)
        if match := IMPORTED_ROW.match(name):  # a partner file's row (import_services.claim_source)
            return _("import of %(file)s, row %(row)s") % {"file": match["file"], "row": match["row"]}
        return _("import of %(file)s") % {"file": name}
    if source == "demo":
        return _("demo data")
    return source


@register.filter
def state_badge(state: str) -> str:
    return STATE_BADGES.get(state, "bg-secondary")


@register.filter
def state_label(state: str) -> str:
    return str(dict(RelationshipState.choices).get(state, state or "—"))
