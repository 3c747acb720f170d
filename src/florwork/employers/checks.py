"""Checking what is said about a company before it becomes a claim: one message per field, naming the reason.

Used by the services (the forms and the API reach them through there), and later by the imports' validation
report, so that a file and a form refuse the same values with the same words.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import ateco
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _

from florwork.employers.identifiers import (
    InvalidIdentifier,
    Reason,
    validate_company_codice_fiscale,
    validate_partita_iva,
)
from florwork.employers.models import ClaimField, LegalForm

ATECO_EDITIONS = ("2025", "2022", "2007")
DEFAULT_ATECO_EDITION = "2025"
MAX_EMPLOYEES = 1_000_000


def identifier_message(reason: Reason, *, what: str) -> str:
    messages = {
        Reason.LENGTH: _("A partita IVA has 11 digits.") if what == "iva" else
        _("A company's codice fiscale has 11 digits, or 16 characters for a sole trader."),
        Reason.FORMAT: _("Only digits are allowed, and the company number cannot be all zeros.") if what == "iva"
        else _("The characters are not those of a codice fiscale."),
        Reason.OFFICE: _("Digits 8 to 10 must be a tax office code (001–100, 120, 121, 888 or 999)."),
        Reason.CHECKSUM: _("The check digit (the last one) does not match: a digit was probably mistyped."),
        Reason.BIRTH_DATE: _("The birth date encoded in the code does not exist."),
    }
    return str(messages[reason])


def check_partita_iva(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return validate_partita_iva(value)
    except InvalidIdentifier as error:
        raise ValidationError(identifier_message(error.reason, what="iva"), code=error.reason.value) from None


def check_codice_fiscale(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return validate_company_codice_fiscale(value)
    except InvalidIdentifier as error:
        raise ValidationError(identifier_message(error.reason, what="cf"), code=error.reason.value) from None


def check_ateco(code: str, edition: str = DEFAULT_ATECO_EDITION) -> dict[str, str] | None:
    """The ATECO code as the classification spells it, with its edition and Italian title (ISTAT)."""
    if not code.strip():
        return None
    if edition not in ATECO_EDITIONS:
        raise ValidationError(_("Choose the ATECO edition: 2025, 2022 or 2007."))
    node = ateco.lookup(code.strip(), edition=edition)
    if node is None:
        raise ValidationError(_("%(code)s is not an ATECO %(edition)s code.") % {"code": code.strip(),
                                                                                 "edition": edition})
    return {"code": node.code, "edition": edition, "label": node.title}


def _count(value: Any, field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_EMPLOYEES:
        raise ValidationError(_("Give a whole number between 0 and 1,000,000."))
    return value


def _text(value: Any, limit: int) -> str:
    value = " ".join(str(value or "").split())
    if len(value) > limit:
        raise ValidationError(_("At most %(n)d characters.") % {"n": limit})
    return value


def _email(value: Any) -> str:
    value = _text(value, 254)
    if value:
        EmailValidator(message=_("This is not an e-mail address."))(value)
    return value


def _trade_names(value: Any) -> list[str]:
    names = value if isinstance(value, list | tuple) else str(value or "").split("\n")
    cleaned = []
    for name in names:
        name = _text(name, 200)
        if name and name not in cleaned:
            cleaned.append(name)
    return cleaned


def _legal_form(value: Any) -> str:
    value = str(value or "")
    if value and value not in LegalForm.values:
        raise ValidationError(_("Choose a legal form from the list."))
    return value


_CHECKS = {
    ClaimField.LEGAL_NAME: lambda v: _text(v, 200),
    ClaimField.TRADE_NAMES: _trade_names,
    ClaimField.PARTITA_IVA: lambda v: check_partita_iva(str(v or "")),
    ClaimField.CODICE_FISCALE: lambda v: check_codice_fiscale(str(v or "")),
    ClaimField.LEGAL_FORM: _legal_form,
    ClaimField.WEBSITE: lambda v: _text(v, 200),
    ClaimField.PHONE: lambda v: _text(v, 30),
    ClaimField.EMAIL: _email,
}


def check_values(values: dict[str, Any], *, require_name: bool) -> dict[str, Any]:
    """The values cleaned, by claim field; a ValidationError naming every field that is wrong, and why.

    ``ateco_code`` may come with ``ateco_edition``; ``employees`` with ``employees_as_of`` (a date).
    """
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        if name in ("ateco_edition", "employees_as_of"):
            continue
        if name not in ClaimField.values:
            errors.setdefault(name, []).append(_("This field is not part of a company."))
            continue
        try:
            if name == ClaimField.ATECO_CODE:
                cleaned[name] = check_ateco(str(value or ""), values.get("ateco_edition") or DEFAULT_ATECO_EDITION)
            elif name in (ClaimField.EMPLOYEES, ClaimField.COMPUTABLE_HEADCOUNT, ClaimField.DISABLED_EMPLOYED,
                          ClaimField.PROTECTED_EMPLOYED):
                cleaned[name] = _count(value, name)
            else:
                cleaned[name] = _CHECKS[ClaimField(name)](value)
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
    if (require_name or ClaimField.LEGAL_NAME in values) and not cleaned.get(ClaimField.LEGAL_NAME) \
            and ClaimField.LEGAL_NAME not in errors:
        errors[ClaimField.LEGAL_NAME] = [_("Give the company's legal name.")]
    as_of = values.get("employees_as_of")
    if as_of is not None and not isinstance(as_of, date):
        errors["employees_as_of"] = [_("Give a date.")]
    if errors:
        raise ValidationError(errors)
    return cleaned
