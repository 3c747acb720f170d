"""From a row's mapped cells to what the registry records (claims and a site), and the registry's side of the
linkage. Reads only; the import services write."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from florwork.employers.checks import ATECO_EDITIONS, check_ateco
from florwork.employers.imports import parse_employees
from florwork.employers.imports.cells import NotANumber, legal_form_code
from florwork.employers.linkage import Dataset, dataset_from_columns, normalise
from florwork.employers.linkage.normalise import MISSING, plain
from florwork.employers.models import ClaimField, Company, Site
from florwork.employers.selectors import dotted_ateco_prefix
from florwork.territory.models import Comune

LINK_FIELDS = ("name", "vat_number", "tax_code", "address", "postcode", "city", "phone", "email", "website")


class ComuneIndex:
    """Comuni by name as partners write them ('SESTO FIORENTINO', 'Sesto Fiorentino (FI)'), province optional."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Comune]] = {}
        for comune in Comune.objects.filter(is_active=True).only("istat_code", "name", "province_code",
                                                                  "province_name"):
            self.by_name.setdefault(plain(comune.name), []).append(comune)

    def __call__(self, name: str, province: str | None) -> str | None:
        found = self.by_name.get(plain(name), [])
        if province:
            wanted = plain(province)
            found = [c for c in found if plain(c.province_code) == wanted or plain(c.province_name) == wanted]
        if len(found) > 1:  # the same name in several provinces: the hub's province first
            found = [c for c in found if c.province_code == "FI"] or found[:1]
        return found[0].istat_code if found else None


def _text(values: Mapping[str, str], name: str, limit: int) -> str:
    value = " ".join(str(values.get(name) or "").split())
    return "" if value.lower() in MISSING else value[:limit]


def _ateco(text: str) -> dict[str, str] | None:
    code = dotted_ateco_prefix(text.replace(" ", ""))
    for edition in ATECO_EDITIONS:
        try:
            return check_ateco(code, edition)
        except ValidationError:
            continue
    return None


def claim_values(values: Mapping[str, str]) -> dict[str, Any]:
    """The registry's values for one row (only what the row says, and only in a form the registry accepts: the
    rest stays in the row's verbatim text)."""
    claims: dict[str, Any] = {ClaimField.LEGAL_NAME: _text(values, "name", 200)}
    vat = normalise.vat_number(values.get("vat_number"))
    tax = normalise.tax_code(values.get("tax_code"))
    if vat:
        claims[ClaimField.PARTITA_IVA] = vat
    elif (personal := normalise.tax_code(values.get("vat_number"))) and len(personal) == 16:
        tax = tax or personal  # a 'P.IVA/C.F.' column holding a sole trader's code
    if tax:
        claims[ClaimField.CODICE_FISCALE] = tax
    if trade := _text(values, "trade_name", 200):
        claims[ClaimField.TRADE_NAMES] = [trade]
    if (form := legal_form_code(_text(values, "legal_form", 100))) and form:
        claims[ClaimField.LEGAL_FORM] = form
    if (code := _text(values, "ateco_code", 20)) and (ateco := _ateco(code)):
        claims[ClaimField.ATECO_CODE] = ateco
    try:
        employees = parse_employees(str(values.get("employees") or ""))
    except NotANumber:
        employees = None
    if employees is not None:
        claims[ClaimField.EMPLOYEES] = employees
    if normalise.phone(values.get("phone")) and (phone := _text(values, "phone", 30)):
        claims[ClaimField.PHONE] = phone
    if email := _first_email(values.get("email")):
        claims[ClaimField.EMAIL] = email
    if normalise.website(values.get("website")) and (site := _text(values, "website", 200)):
        claims[ClaimField.WEBSITE] = site
    return claims


def _first_email(cell: str | None) -> str | None:
    from django.core.validators import validate_email

    for part in str(cell or "").replace(";", " ").replace(",", " ").split():
        address = normalise.email(part)
        if address:
            try:
                validate_email(address)
            except ValidationError:
                continue
            return address[:254]
    return None


def site_values(values: Mapping[str, str], lookup: ComuneIndex) -> dict[str, Any] | None:
    """The row's site, when it names a street and a comune the territory table knows."""
    address = _text(values, "address", 200)
    city = _text(values, "city", 100)
    if not address or not city:
        return None
    province = _text(values, "province", 100) or None
    if "(" in city and city.endswith(")"):  # 'Sesto Fiorentino (FI)'
        city, _sep, rest = city.rpartition("(")
        province = province or rest.rstrip(")").strip()
        city = city.strip()
    istat = lookup(city, province)
    if istat is None:
        return None
    postcode = normalise.postcode(values.get("postcode")) or ""
    return {"address": address, "postcode": postcode if len(postcode) == 5 and postcode.isdigit() else "",
            "comune_istat": istat}


def row_dataset(rows: list[tuple[int, Mapping[str, str]]], fields: list[str]) -> Dataset:
    """The file's rows for the linkage: ids are the row numbers, fields the mapped canonical ones."""
    return dataset_from_columns(name="file", ids=[str(number) for number, _v in rows],
                                columns={name: [values.get(name) for _n, values in rows] for name in fields})


def registry_dataset(fields: list[str], names: Mapping[str, str]) -> Dataset:
    """The registry's companies with the same canonical fields (the headquarters for address and comune)."""
    sites: dict[int, Site] = {}
    for site in Site.objects.order_by("company_id", "-is_headquarters", "pk").only(
            "company_id", "address", "postcode", "comune_istat").iterator(chunk_size=2000):
        sites.setdefault(site.company_id, site)  # the headquarters, else the first site
    ids: list[str] = []
    columns: dict[str, list[str | None]] = {name: [] for name in fields}
    for company in Company.objects.only("pk", "legal_name", "partita_iva", "codice_fiscale", "phone", "email",
                                        "website").order_by("pk").iterator(chunk_size=2000):
        site = sites.get(company.pk)
        record = {"name": company.legal_name, "vat_number": company.partita_iva,
                  "tax_code": company.codice_fiscale, "phone": company.phone, "email": company.email,
                  "website": company.website, "address": site.address if site else None,
                  "postcode": site.postcode if site else None,
                  "city": names.get(site.comune_istat) if site else None}
        ids.append(str(company.pk))
        for name in fields:
            columns[name].append(record.get(name) or None)
    return dataset_from_columns(name="registry", ids=ids, columns=columns)
