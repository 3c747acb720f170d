"""The registry's fields a partner file's columns can be mapped to (the canonical names of an import).

The first nine are the linkage core's company fields (``florwork link companies``) with the same names, so a
mapping feeds the linkage unchanged; the others fill the rest of the registry (models.Company, Site, Contact).
"""

from __future__ import annotations

from florwork.employers.linkage.fields import COMPANY_FIELDS

REGISTRY_ONLY = (
    "source_id",  # the partner's own record id ("Codice cliente"): kept to trace a row back to their system
    "trade_name", "legal_form", "ateco_code", "ateco_label", "employees", "province", "pec",
    "contact_name", "contact_role", "contact_phone", "contact_email",
)
CANONICAL_FIELDS: tuple[str, ...] = (*COMPANY_FIELDS, *REGISTRY_ONLY)
REQUIRED = ("name",)  # a company without a name cannot be shown, reviewed or linked
