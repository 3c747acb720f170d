"""The import core's codes (refusals of a file or mapping, issues of a row) in the user's language."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from florwork.employers.imports import ImportRefused


def field_labels() -> dict[str, str]:
    """The canonical import fields as a person reads them (translated now, in the request's language)."""
    labels = {
        "name": _("legal name"), "vat_number": _("partita IVA"), "tax_code": _("codice fiscale"),
        "address": _("address"), "postcode": _("postcode"), "city": _("comune"), "phone": _("phone"),
        "email": _("e-mail"), "website": _("website"), "source_id": _("partner's record id"),
        "trade_name": _("trade name"), "legal_form": _("legal form"), "ateco_code": _("ATECO code"),
        "ateco_label": _("activity"), "employees": _("employees"), "province": _("province"),
        "pec": _("PEC"), "contact_name": _("contact person"), "contact_role": _("contact's role"),
        "contact_phone": _("contact's phone"), "contact_email": _("contact's e-mail"), "*": _("whole row"),
        "": _("unmapped column"),
    }
    return labels


def refusal_message(error: ImportRefused) -> str:
    p: dict[str, Any] = dict(error.params)
    for key in ("size", "limit"):
        if key in p and error.code in ("file_too_large", "xlsx_too_large"):
            p[key] = filesizeformat(p[key])
    messages = {
        "file_too_large": _("The file is %(size)s: the largest accepted is %(limit)s. Split it into smaller files."),
        "empty_file": _("The file is empty."),
        "unsupported_format": _("This is not a CSV or XLSX file (%(format)s): save it from the spreadsheet as "
                                "“CSV” or “Excel workbook (.xlsx)”."),
        "binary_content": _("Line %(line)s holds binary content: this is not a text CSV file."),
        "malformed_csv": _("The CSV is malformed at line %(line)s (%(reason)s)."),
        "malformed_xlsx": _("The XLSX file is damaged (%(reason)s)."),
        "xlsx_too_large": _("Once unpacked the workbook would take %(size)s (the limit is %(limit)s): refused "
                            "before reading it."),
        "xlsx_bomb": _("The workbook is compressed %(ratio)s times (the limit is %(limit)s): it looks like a "
                       "“zip bomb” and was refused before reading it."),
        "xlsx_too_many_entries": _("The workbook holds %(count)s parts (the limit is %(limit)s): refused before "
                                   "reading it."),
        "sheet_not_found": _("The workbook has no sheet “%(sheet)s”."),
        "too_many_rows": _("The file has more than %(limit)s rows: split it into smaller files."),
        "too_many_columns": _("The file has %(count)s columns (the limit is %(limit)s)."),
        "unknown_field": _("“%(field)s” is not a field of the registry."),
        "unknown_column": _("The file has no column “%(column)s”."),
        "name_not_mapped": _("Choose the column that holds the company's name: every company needs one."),
    }
    template = messages.get(error.code)
    if template is None:
        return _("The file cannot be imported (%(code)s).") % {"code": error.code}
    try:
        return template % p
    except (KeyError, TypeError, ValueError):
        return template


def issue_message(code: str, params: dict[str, Any]) -> str:
    messages = {
        "field_count": _("The row has %(found)s cells, the header %(expected)s."),
        "name_missing": _("The company's name is empty."),
        "vat_number_invalid": _("“%(value)s” is not a valid partita IVA (%(reason)s): the row is not imported "
                                "until it is corrected or cleared."),
        "tax_code_invalid": _("“%(value)s” is not a valid codice fiscale (%(reason)s)."),
        "vat_number_zeros_restored": _("“%(value)s” lost its leading zeros in a spreadsheet: read as "
                                       "%(restored)s."),
        "tax_code_zeros_restored": _("“%(value)s” lost its leading zeros in a spreadsheet: read as %(restored)s."),
        "vat_number_is_tax_code": _("“%(value)s” is a personal codice fiscale, kept as such."),
        "comune_unknown": _("No comune is called “%(value)s”: the site is left out."),
        "postcode_invalid": _("“%(value)s” is not a postcode."),
        "email_invalid": _("“%(value)s” is not an e-mail address."),
        "email_several": _("%(count)s e-mail addresses in one cell: the first valid one is kept."),
        "phone_invalid": _("“%(value)s” is not a phone number."),
        "website_invalid": _("“%(value)s” is not a website."),
        "employees_invalid": _("“%(value)s” is not a number of employees."),
        "employees_range": _("“%(value)s” is a size class, not a headcount: left out."),
        "legal_form_unknown": _("“%(value)s” is not a known legal form."),
        "ateco_invalid": _("“%(value)s” is not an ATECO code."),
        "formula_cell": _("“%(value)s” looks like a spreadsheet formula: kept as text, and neutralised when "
                          "exported."),
        "duplicate_row": _("The same record as row %(first_row)s."),
    }
    template = messages.get(code)
    if template is None:
        return code
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return template
