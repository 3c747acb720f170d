"""The import's linkage: the file's valid rows against the registry and among themselves (the Splink core),
the exact partita IVA first, then the plan (import_plan) of what each row becomes; and both records of a pair
side by side for the review queue."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from florwork.employers.import_models import ImportRow
from florwork.employers.import_plan import Candidate, Decision, RowFacts, Thresholds, plan
from florwork.employers.import_values import LINK_FIELDS, registry_dataset, row_dataset
from florwork.employers.linkage import LinkageError, link, normalise
from florwork.employers.models import Company, Site
from florwork.territory.models import Comune

SIDE_FIELDS = ("name", "vat_number", "tax_code", "address", "postcode", "city", "phone", "email", "website",
               "employees")
_COMPARE = {**normalise.NORMALISERS, "city": normalise.city}


def _comune_names() -> dict[str, str]:
    return dict(Comune.objects.values_list("istat_code", "name"))


def decide(rows: list[ImportRow], mapping: dict[str, str], *,
           thresholds: tuple[float, float]) -> tuple[dict[int, Decision], dict[str, Any]]:
    merge, review = thresholds
    valid = [row for row in rows if row.status != "error"]
    fields = [name for name in LINK_FIELDS if name in mapping]
    vats = {row.number: normalise.vat_number(row.values.get("vat_number")) for row in valid}
    holders = dict(Company.objects.filter(partita_iva__in={v for v in vats.values() if v})
                   .values_list("partita_iva", "pk"))
    facts = [RowFacts(row.number, row.status != "error", vats.get(row.number),
                      holders.get(vats.get(row.number) or "")) for row in rows]
    candidates: list[Candidate] = []
    summary: dict[str, Any] = {"fields": fields, "exact_vat_matches": sum(1 for f in facts if f.registry_match)}
    if len(valid) > 0:
        dataset = row_dataset([(row.number, row.values) for row in valid], fields)
        try:
            if Company.objects.exists():
                registry = registry_dataset(fields, _comune_names())
                result = link(dataset, registry, kind="companies", threshold=review)
                candidates += [Candidate(int(p.left_id), p.probability, company=int(p.right_id), weights=p.weights)
                               for p in result.pairs]
                summary["registry"] = _short(result.summary)
            if len(valid) > 1:
                result = link(dataset, kind="companies", threshold=review)
                candidates += [Candidate(int(p.right_id), p.probability, other_row=int(p.left_id),
                                         weights=p.weights) for p in result.pairs]
                summary["within_file"] = _short(result.summary)
        except LinkageError as problem:
            raise ValidationError({"mapping": _("The linkage cannot run: %(reason)s") % {"reason": problem}}) \
                from None
    company_vats = dict(Company.objects.filter(pk__in={c.company for c in candidates if c.company})
                        .values_list("pk", "partita_iva"))
    decisions = plan(facts, candidates, company_vats=company_vats,
                     thresholds=Thresholds(merge=merge, review=review))
    summary["thresholds"] = {"merge": merge, "review": review}
    return decisions, summary


def _short(summary: dict[str, Any]) -> dict[str, Any]:
    training = summary.get("training", {})
    return {"records": summary.get("records"), "candidate_pairs": summary.get("candidate_pairs"),
            "matches": summary.get("matches"), "seconds": summary.get("seconds"),
            "training": training.get("method"), "em_rules": training.get("em_rules", [])}


def company_side(company: Company) -> dict[str, Any]:
    site = Site.objects.filter(company=company).order_by("-is_headquarters", "pk").first()
    comune = Comune.objects.filter(istat_code=site.comune_istat).first() if site else None
    return {"name": company.legal_name, "vat_number": company.partita_iva, "tax_code": company.codice_fiscale,
            "address": site.address if site else "", "postcode": site.postcode if site else "",
            "city": comune.name if comune else "", "phone": company.phone, "email": company.email,
            "website": company.website, "employees": "" if company.employees is None else str(company.employees)}


def row_side(row: ImportRow) -> dict[str, Any]:
    return {name: str(row.values.get(name) or "") for name in SIDE_FIELDS}


def sides(row: ImportRow, *, company: Company | None, other_row: ImportRow | None) -> dict[str, Any]:
    """Both records as they were when the pair was found (the company may change later: the page shows both)."""
    other = company_side(company) if company is not None else row_side(other_row) if other_row else {}
    return {"row": row_side(row), "other": other}


def compare(left: dict[str, Any], right: dict[str, Any]) -> list[dict[str, Any]]:
    """Field by field: both values and whether they agree once normalised ('same', 'differs', 'missing')."""
    lines = []
    for name in SIDE_FIELDS:
        a, b = str(left.get(name) or ""), str(right.get(name) or "")
        clean = _COMPARE.get(name, lambda v: " ".join(v.lower().split()) or None)
        na, nb = clean(a) if a else None, clean(b) if b else None
        state = "missing" if na is None or nb is None else "same" if na == nb else "differs"
        if not a and not b:
            continue
        lines.append({"field": name, "left": a, "right": b, "state": state})
    return lines
