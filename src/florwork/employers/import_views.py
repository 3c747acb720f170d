"""Pages of the imports: upload, map the columns, read the report, run, review queue, file page with undo,
thresholds; and the registry's CSV export. Thin: parse, call one service or selector, render."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from florwork.conflicts import Conflict
from florwork.employers import import_selectors as selectors
from florwork.employers import import_services as services
from florwork.employers.import_forms import DecisionForm, MappingForm, ThresholdsForm, UndoForm, UploadForm
from florwork.employers.import_models import ImportStatus, RowOutcome
from florwork.employers.import_services import AlreadyImported
from florwork.web.lists import list_page

DEMO_FOLDER = "demo-imports"  # under the var dir: the demo's partner spreadsheets (florwork.demo.imports.FOLDER)


def _errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def demo_files() -> list[str]:
    """The demo's partner spreadsheets, offered on the upload page in DEBUG (the demo) only."""
    folder = Path(settings.VAR_DIR) / DEMO_FOLDER
    if not settings.DEBUG or not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".csv", ".xlsx"))


def _already(request, file) -> HttpResponse:
    messages.info(request, _("This file (the same bytes, SHA-256) was already uploaded on %(date)s: nothing "
                             "changed.") % {"date": timezone.localtime(file.uploaded_at).strftime("%d/%m/%Y %H:%M")})
    return redirect("import_detail", file_id=file.pk)


def import_list(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            file, created = services.import_upload(by=request.actor, source_name=form.cleaned_data["source"],
                                                   filename=upload.name, data=upload.read())
        except ValidationError as error:
            _errors(form, error)
        else:
            if not created:
                return _already(request, file)
            return redirect("import_mapping", file_id=file.pk)
    page = list_page(request, selectors.imports_visible(actor=request.actor), per_page=20)
    context = {"form": form, "page": page, "sources": selectors.import_sources(actor=request.actor),
               "pending": selectors.review_pairs_pending(actor=request.actor).count(),
               "demo_files": demo_files(), "demo_folder": Path(settings.VAR_DIR) / DEMO_FOLDER}
    return render(request, "employers/import_list.html", context, status=400 if form.errors else 200)


def import_mapping(request, file_id: int):
    file = selectors.import_get(actor=request.actor, file_id=file_id)
    if file.status == ImportStatus.IMPORTED:
        return _already(request, file)
    form = MappingForm(request.POST or None, header=file.header,
                       initial_mapping=selectors.mapping_suggestions(file=file),
                       samples=selectors.column_samples(file=file))
    if request.method == "POST" and form.is_valid():
        try:
            services.import_map(by=request.actor, file=file, mapping=form.mapping())
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("import_detail", file_id=file.pk)
    return render(request, "employers/import_mapping.html", {"file": file, "form": form},
                  status=400 if form.errors else 200)


@require_GET
def import_detail(request, file_id: int):
    file = selectors.import_get(actor=request.actor, file_id=file_id)
    if file.status == ImportStatus.UPLOADED:
        return redirect("import_mapping", file_id=file.pk)
    context = {"file": file, "report": (file.report or {}).get("summary", {}),
               "report_rows": selectors.report_rows(file=file), "outcomes": RowOutcome.choices}
    if file.status == ImportStatus.IMPORTED:
        outcome = request.GET.get("outcome", "")
        page = list_page(request, selectors.import_rows(actor=request.actor, file=file, outcome=outcome),
                         per_page=50)
        selectors.explain_issues(page.object_list)
        context |= {"page": page, "outcome": outcome, "querystring": f"outcome={outcome}" if outcome else "",
                    "undo_form": UndoForm()}
    return render(request, "employers/import_detail.html", context)


@require_POST
def import_run(request, file_id: int):
    file = selectors.import_get(actor=request.actor, file_id=file_id)
    try:
        file = services.import_run(by=request.actor, file=file)
    except AlreadyImported:
        messages.info(request, _("This file was already imported: nothing changed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        counts = file.counts
        messages.success(request, _("Imported: %(new)s new companies, %(merged)s merged, %(review)s to review, "
                                    "%(invalid)s not imported.") % counts)
    return redirect("import_detail", file_id=file.pk)


@require_GET
def import_review(request):
    file = None
    if request.GET.get("file", "").isdigit():
        file = selectors.import_get(actor=request.actor, file_id=int(request.GET["file"]))
    page = list_page(request, selectors.review_pairs_pending(actor=request.actor, file=file), per_page=5)
    return render(request, "employers/import_review.html", {
        "file": file, "page": page, "pairs": [selectors.pair_view(p) for p in page.object_list],
        "querystring": f"file={file.pk}" if file else ""})


@require_POST
def pair_decide(request, pair_id: int):
    pair = selectors.review_pair_get(actor=request.actor, pair_id=pair_id)
    form = DecisionForm(request.POST)
    back = reverse("import_review") + (f"?file={request.POST['file']}" if request.POST.get("file", "").isdigit()
                                       else "")
    if not form.is_valid():
        messages.error(request, _("Say whether the two records are the same company or not."))
        return redirect(back)
    try:
        services.pair_decide(by=request.actor, pair=pair, decision=form.cleaned_data["decision"],
                             version=form.cleaned_data["version"])
    except Conflict:
        messages.error(request, _("Someone else decided this pair a moment ago: their decision stands. Check it "
                                  "on the file's page."))
        return redirect(back)
    messages.success(request, _("Row %(row)s of %(file)s: decided.") % {"row": pair.row.number,
                                                                        "file": pair.file.filename})
    return redirect(back)


@require_POST
def row_undo(request, row_id: int):
    row = selectors.import_row_get(actor=request.actor, row_id=row_id)
    form = UndoForm(request.POST)
    if form.is_valid():
        try:
            services.row_undo(by=request.actor, row=row, then=form.cleaned_data["then"],
                              version=form.cleaned_data["version"])
        except Conflict:
            messages.error(request, _("Someone else changed this row a moment ago: check it again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The merge of row %(row)s was undone: the company is as it was without it.")
                             % {"row": row.number})
    return redirect(reverse("import_detail", args=[row.file_id]) + f"#row-{row.number}")


def linkage_settings(request):
    current = selectors.linkage_settings()
    initial = {"merge_threshold": current.merge_threshold, "review_threshold": current.review_threshold} \
        if current else {}
    form = ThresholdsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.linkage_settings_save(by=request.actor, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Thresholds saved: the next imports use them."))
            return redirect("import_list")
    return render(request, "employers/import_settings.html", {"form": form, "current": current},
                  status=400 if form.errors else 200)


@require_GET
def demo_file(request, name: str):
    if name not in demo_files():
        raise Http404
    return FileResponse((Path(settings.VAR_DIR) / DEMO_FOLDER / name).open("rb"), as_attachment=True,
                        filename=name)


class _Echo:
    def write(self, value):
        return value


@require_GET
def registry_export(request):
    """The registry as a CSV a spreadsheet opens safely (formula-looking cells neutralised)."""
    from django.http import StreamingHttpResponse

    writer = csv.writer(_Echo())
    rows = selectors.registry_csv_rows(actor=request.actor, purpose=request.purpose)
    response = StreamingHttpResponse(("\ufeff" if i == 0 else "") + writer.writerow(row)
                                     for i, row in enumerate(rows))
    response["Content-Type"] = "text/csv; charset=utf-8"
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="registro-aziende-{stamp}.csv"'
    return response
