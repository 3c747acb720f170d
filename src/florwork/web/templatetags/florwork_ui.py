"""Template helpers for the Bootstrap Italia look: icons, form widgets with their ARIA links, role labels."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from florwork.accounts.policy import Action, may
from florwork.accounts.roles import OrganizationKind, Role
from florwork.audit.models import Operation, Purpose

register = template.Library()

SPRITES = "vendor/bootstrap-italia/svg/sprites.svg"


@register.simple_tag
def icon(name: str, classes: str = "", title: str = ""):
    """An icon from the Bootstrap Italia sprite; decorative unless it has a title."""
    href = f"{static(SPRITES)}#{name}"
    if title:
        return format_html('<svg class="icon {}" role="img" aria-label="{}"><use href="{}"></use></svg>',
                           classes, title, href)
    return format_html('<svg class="icon {}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>',
                       classes, href)


def _described_by(field) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-help")
    if field.errors:
        ids.append(f"{field.auto_id}-errors")
    return " ".join(ids)


@register.simple_tag
def field_widget(field, extra_class: str = ""):
    """The field's widget with the classes Bootstrap Italia expects and its help/errors linked by ARIA."""
    kind = field.widget_type
    classes = [] if kind in ("select", "checkbox", "radioselect") else ["form-control"]
    if kind == "checkbox":
        classes = []
    if field.errors:
        classes.append("is-invalid")
    if extra_class:
        classes.append(extra_class)
    attrs = {}
    existing = field.field.widget.attrs.get("class", "")
    if classes or existing:
        attrs["class"] = " ".join(filter(None, [existing, *classes]))
    described = _described_by(field)
    if described:
        attrs["aria-describedby"] = described
    if field.errors:
        attrs["aria-invalid"] = "true"
    if field.field.required:
        attrs["aria-required"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def role_label(value: str | None) -> str:
    if not value:
        return ""
    try:
        return Role(value).label
    except ValueError:
        return value


@register.filter
def kind_label(value: str | None) -> str:
    if not value:
        return ""
    try:
        return OrganizationKind(value).label
    except ValueError:
        return value


@register.filter
def operation_label(value: str) -> str:
    try:
        return Operation(value).label
    except ValueError:
        return value


@register.filter
def purpose_label(value: str) -> str:
    try:
        return Purpose(value).label
    except ValueError:
        return value



@register.filter
def can(actor, action: str) -> bool:
    """``{% if actor|can:"organization.manage" %}``: the policy's role-level answer, for showing buttons."""
    if actor is None:
        return False
    try:
        return may(actor, Action(action))
    except ValueError:
        return False


@register.filter
def page_numbers(page):
    """Page numbers around the current one, with the paginator's ellipsis where pages are skipped."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
