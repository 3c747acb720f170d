"""List pages: search, filters and pagination, rendered whole or as an HTMX partial."""

from django.core.paginator import Page, Paginator
from django.shortcuts import render

PER_PAGE = 25


def list_page(request, queryset, per_page: int = PER_PAGE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def render_list(request, *, template: str, partial: str, page: Page, filters, context=None):
    """Render a filtered, paginated list; an HTMX request gets only the results partial."""
    query = request.GET.copy()
    query.pop("page", None)
    data = {"page": page, "filters": filters, "querystring": query.urlencode(), **(context or {})}
    if request.htmx and not request.htmx.boosted:
        return render(request, partial, data)
    return render(request, template, data)
