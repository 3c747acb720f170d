from florwork.audit import selectors
from florwork.audit.forms import AuditFilterForm
from florwork.web.lists import list_page, render_list


def entry_list(request):
    filters = AuditFilterForm(request.GET or None, object_types=selectors.audit_object_types())
    data = filters.cleaned_data if filters.is_valid() else {}
    entries = selectors.audit_entry_list(
        actor=request.actor, query=data.get("q", ""), operation=data.get("operation", ""),
        object_type=data.get("object_type", ""), purpose=data.get("purpose", ""),
        date_from=data.get("date_from"), date_to=data.get("date_to"),
    )
    return render_list(request, template="audit/entry_list.html", partial="audit/_entry_rows.html",
                       page=list_page(request, entries, per_page=50), filters=filters)
