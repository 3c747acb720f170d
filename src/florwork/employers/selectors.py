"""Reads of the company registry, filtered by the access policy; reads of contacts (personal data) audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from florwork.accounts.policy import Action, Actor, may, may_read_contacts
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.employers import law68
from florwork.employers.identifiers import compact
from florwork.employers.models import (
    Art14Convention,
    ClaimField,
    Company,
    Contact,
    FieldClaim,
    MarketingBasis,
    Site,
    StateChange,
)
from florwork.employers.services import art14_convention_positions, art14_parameters, company_region, law68_for
from florwork.territory.models import Comune

OPPORTUNITY_DIRECT = "direct"
OPPORTUNITY_INDIRECT = "indirect"


def visible_companies(*, actor: Actor, action: Action = Action.COMPANY_VIEW) -> QuerySet[Company]:
    if not may(actor, action):
        return Company.objects.none()
    return Company.objects.all()


def company_get(*, actor: Actor, company_id: int, purpose: str, action: Action = Action.COMPANY_VIEW) -> Company:
    """The company if the actor may act on it (404 otherwise); the read is audited (a sole trader's record
    is personal data)."""
    company = visible_companies(actor=actor, action=action).filter(pk=company_id).first()
    if company is None or not may(actor, action, company):
        raise Http404
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="employers.Company",
                 object_id=company.pk, object_label=company.code, fields=["registry"])
    return company


def _headquarters_comune():
    hq = Site.objects.filter(company_id=OuterRef("pk")).order_by("-is_headquarters", "pk").values("comune_istat")[:1]
    return Subquery(hq)


def company_search(*, actor: Actor, query: str = "", comune: str = "", ateco: str = "", state: str = "",
                   shortfall: bool = False, opportunity: str = "") -> QuerySet[Company]:
    """The registry filtered: words of the name (legal or trade) or a partita IVA, a comune (any site), an ATECO
    code prefix, a relationship state, a Law 68 shortfall or an opportunity kind."""
    companies = visible_companies(actor=actor).annotate(hq_comune=_headquarters_comune())
    for word in query.split():
        digits = compact(word)
        condition = Q(legal_name__icontains=word) | Q(trade_names__icontains=word)
        if digits.isdigit() and len(digits) >= 4:
            condition |= Q(partita_iva__startswith=digits) | Q(codice_fiscale__startswith=digits)
        companies = companies.filter(condition)
    if comune:
        companies = companies.filter(Exists(Site.objects.filter(company_id=OuterRef("pk"), comune_istat=comune)))
    if ateco:
        companies = companies.filter(ateco_code__startswith=dotted_ateco_prefix(ateco))
    if state:
        companies = companies.filter(state=state)
    if shortfall or opportunity == OPPORTUNITY_DIRECT:
        companies = companies.filter(law68_shortfall__gt=0)
    if opportunity == OPPORTUNITY_INDIRECT:
        companies = companies.filter(law68_art14_room__gt=0)
    if shortfall or opportunity:
        return companies.order_by("-law68_shortfall", "legal_name", "pk")
    return companies.order_by("legal_name", "pk")


def dotted_ateco_prefix(value: str) -> str:
    """An ATECO code or its start as the registry spells it: "5610" and "56.10" are the same prefix."""
    value = value.strip()
    if not value.isdigit():
        return value
    return ".".join(part for part in (value[:2], value[2:4], value[4:6]) if part)


def comune_names(istat_codes) -> dict[str, Comune]:
    codes = {code for code in istat_codes if code}
    return {c.istat_code: c for c in Comune.objects.filter(istat_code__in=codes)} if codes else {}


def registry_audit(*, actor: Actor, purpose: str, companies: list[Company]) -> None:
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="employers.Company",
                 object_label=f"registry list of {len(companies)}", fields=["legal_name", "partita_iva"],
                 detail={"ids": [c.pk for c in companies]})


# --- provenance ---------------------------------------------------------------------------------------------

@dataclass
class FieldProvenance:
    field: str
    label: str
    claims: list[FieldClaim] = field(default_factory=list)
    current_id: int | None = None

    @property
    def disagreement(self) -> bool:
        return len({repr(c.value) for c in self.claims}) > 1


def company_provenance(*, company: Company) -> list[FieldProvenance]:
    """For each tracked field, every claim (newest first) and which one is the current value."""
    from florwork.employers import provenance

    rows = list(FieldClaim.objects.filter(company=company).order_by("-observed_at", "-pk"))
    chosen = provenance.current_values(provenance.Claim(r.field, r.value, r.source, r.observed_at, r.pk)
                                       for r in rows)
    result = []
    for name, label in ClaimField.choices:
        claims = [r for r in rows if r.field == name]
        if claims:
            result.append(FieldProvenance(name, str(label), claims, chosen[name].seq if name in chosen else None))
    return result


# --- relationship, sites, conventions, Law 68 -----------------------------------------------------------------

def state_history(*, company: Company) -> QuerySet[StateChange]:
    return company.state_changes.order_by("-at", "-pk")


def company_sites(*, company: Company) -> list[tuple[Site, Comune | None]]:
    sites = list(company.sites.all())
    names = comune_names(site.comune_istat for site in sites)
    return [(site, names.get(site.comune_istat)) for site in sites]


@dataclass(frozen=True)
class ConventionRow:
    convention: Art14Convention
    positions: int


def company_conventions(*, company: Company) -> list[ConventionRow]:
    region = company_region(company)
    rows = []
    for convention in company.art14_conventions.select_related("cooperative").order_by("-year", "pk"):
        parameters = art14_parameters(region=region, year=convention.year)
        rows.append(ConventionRow(convention, art14_convention_positions(convention, parameters)))
    return rows


@dataclass(frozen=True)
class Law68Box:
    status: law68.Law68Status | None
    estimated: bool  # the headcount is the number of employees, not the computable one
    year: int
    region: str
    parameters: Any  # the Art14Parameters row in force, if any


def company_law68(*, company: Company) -> Law68Box:
    from florwork.employers.models import Art14Parameters

    year = timezone.localdate().year
    status, estimated = law68_for(company, year=year)
    region = company_region(company)
    return Law68Box(status, estimated, year, region,
                    Art14Parameters.objects.filter(region=region, year=year).first())


# --- contacts (personal data) ---------------------------------------------------------------------------------

def company_contacts(*, actor: Actor, company: Company, purpose: str) -> list[Contact] | None:
    """The company's contacts, or None when the actor's role may not read them; the read is audited."""
    if not may_read_contacts(actor):
        return None
    contacts = list(company.contacts.all())
    if contacts:
        audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="employers.Company",
                     object_id=company.pk, object_label=company.code, fields=["contacts"],
                     detail={"contacts": [c.pk for c in contacts]})
    return contacts


def outreach_contacts(*, actor: Actor, companies, purpose: str) -> QuerySet[Contact]:
    """The contacts an outreach may use: never one who opted out, nor one whose consent is missing."""
    if not may_read_contacts(actor):
        return Contact.objects.none()
    contacts = (Contact.objects.filter(company__in=companies, opted_out_at__isnull=True)
                .exclude(marketing_basis=MarketingBasis.CONSENT, consent_given_at__isnull=True)
                .select_related("company").order_by("company__legal_name", "last_name", "pk"))
    ids = list(contacts.values_list("pk", flat=True)[:1000])
    if ids:
        audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="employers.Contact",
                     object_label=f"outreach list of {len(ids)}", fields=["name", "phone", "email"],
                     detail={"contacts": ids})
    return contacts


def contact_get(*, actor: Actor, company: Company, contact_id: int, action: Action) -> Contact:
    contact = company.contacts.filter(pk=contact_id).first()
    if contact is None or not may(actor, action, contact):
        raise Http404
    return contact
