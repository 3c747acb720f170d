"""The facts the outreach score needs, read set-based: a handful of queries for the whole registry,
whatever its size (no query per company). Only aggregates of people leave this module.

Queries: weights (1), candidates (2: open cases with consent, their past jobs), titles to ISCO (1 + the
label index, cached per process), companies (1), sites (1), comuni points (1), last state change and
former partnership (2), last campaign contact (1).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone

from florwork.employers.models import Company, RelationshipState, Site, StateChange
from florwork.outreach import scoring
from florwork.outreach.models import CampaignContact, ScoringWeights
from florwork.outreach.sectors import division_of, sector_map
from florwork.territory.models import Comune

# the people the hub could present: an open case past the assessment, and consent to be presented to employers
CANDIDATE_CASE_STATES = ("assessed", "planned", "active")
PRESENTATION_CONSENT = "employer_presentation"


def current_weights() -> tuple[scoring.Weights, ScoringWeights | None]:
    row = ScoringWeights.objects.order_by("-pk").first()
    if row is None:
        return scoring.Weights(), None
    return scoring.Weights.from_dict(row.values), row


# --- the candidates, aggregated ---------------------------------------------------------------------------

def _candidates() -> QuerySet:
    from florwork.cases.models import Case
    from florwork.people.models import Consent, Person

    open_case = Case.objects.filter(person_id=OuterRef("pk"), state__in=CANDIDATE_CASE_STATES)
    consent = Consent.objects.filter(person_id=OuterRef("pk"), purpose=PRESENTATION_CONSENT,
                                     withdrawn_at__isnull=True)
    return Person.objects.filter(Exists(open_case), Exists(consent))


def _isco_of_titles(titles: Iterable[str]) -> dict[str, str]:
    """Each occupation (an ESCO URI, or a free-text Italian title matched by the taxonomy's label search)
    to its ISCO group; titles the taxonomy does not know are left out."""
    from florwork.matching.models import Occupation
    from florwork.matching.selectors import search_index
    from florwork.matching.taxonomy.search import OCCUPATION

    titles = {t.strip() for t in titles if t and t.strip()}
    uris = {t for t in titles if t.startswith("http")}
    found: dict[str, str] = {}
    free = titles - uris
    index = search_index() if free else None
    by_title: dict[str, str] = {}
    for title in sorted(free):
        hits = index.search(title, concept=OCCUPATION, limit=1) if index is not None else []
        if hits:
            by_title[title] = hits[0].uri
    groups = dict(Occupation.objects.filter(uri__in=uris | set(by_title.values()))
                  .exclude(isco_group="").values_list("uri", "isco_group"))
    for title in titles:
        group = groups.get(by_title.get(title, title))
        if group:
            found[title] = group
    return found


def population() -> scoring.Population:
    """The active candidates as counts: per ATECO division that employs their occupations, and per home
    comune point."""
    from florwork.people.models import WorkExperience

    people = list(_candidates().values_list("pk", "residence_istat", "occupations_sought"))
    jobs: dict[int, list[str]] = {}
    for person_id, title in WorkExperience.objects.filter(person__in=_candidates()).values_list(
            "person_id", "occupation"):
        jobs.setdefault(person_id, []).append(title)
    titles: dict[int, list[str]] = {pk: [str(t) for t in (sought or []) if t] + jobs.get(pk, [])
                                    for pk, _home, sought in people}
    isco = _isco_of_titles(t for ts in titles.values() for t in ts)
    groups = [frozenset(isco[t] for t in ts if t in isco) for ts in titles.values()]
    demand = scoring.sector_demand(groups, sector_map().all_divisions())
    homes: dict[str, int] = {}
    for _pk, home, _sought in people:
        if home:
            homes[home] = homes.get(home, 0) + 1
    points = _comune_points(homes)
    return scoring.Population(total=len(people), demand_by_division=demand,
                              homes=tuple((*points[code], n) for code, n in sorted(homes.items()) if code in points))


def _comune_points(codes: Iterable[str]) -> dict[str, tuple[float, float]]:
    rows = Comune.objects.filter(istat_code__in=set(codes), latitude__isnull=False).values_list(
        "istat_code", "latitude", "longitude")
    return {code: (float(lat), float(lon)) for code, lat, lon in rows}


# --- the companies ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CompanyRow:
    """What the list pages show beside the score (read with the facts, no second query)."""

    facts: scoring.CompanyFacts
    legal_name: str
    ateco_code: str
    ateco_edition: str
    comune: str  # the headquarters' ISTAT code
    last_contact_at: datetime | None


def _points(company_ids: list[int] | None) -> dict[int, tuple[str, tuple[float, float] | None]]:
    """Each company's headquarters (else first site): its comune and point (own coordinates, else the comune's)."""
    sites = Site.objects.order_by("company_id", "-is_headquarters", "pk")
    if company_ids is not None:
        sites = sites.filter(company_id__in=company_ids)
    first: dict[int, tuple[str, float | None, float | None]] = {}
    for company_id, comune, lat, lon in sites.values_list("company_id", "comune_istat", "latitude", "longitude"):
        first.setdefault(company_id, (comune, lat, lon))
    centres = _comune_points(comune for comune, lat, _lon in first.values() if lat is None)
    result: dict[int, tuple[str, tuple[float, float] | None]] = {}
    for company_id, (comune, lat, lon) in first.items():
        point = (float(lat), float(lon)) if lat is not None and lon is not None else centres.get(comune)
        result[company_id] = (comune, point)
    return result


def _latest(rows: Iterable[tuple[int, datetime | None]], into: dict[int, datetime]) -> None:
    for company_id, at in rows:
        if at is not None and (company_id not in into or at > into[company_id]):
            into[company_id] = at


def company_rows(companies: QuerySet[Company], *, now: datetime | None = None) -> list[CompanyRow]:
    """The facts of every company of the queryset, in a fixed number of queries."""
    now = now or timezone.now()
    ids_filter = companies.values("pk")
    base = list(companies.order_by().values_list("pk", "legal_name", "ateco_code", "ateco_edition", "employees",
                                                 "law68_shortfall", "state"))
    ids = [row[0] for row in base] if len(base) <= 2000 else None  # large sets: read all, skip the IN list
    points = _points(ids)
    last: dict[int, datetime] = {}
    # a state change is a contact, except the first one (the company entering the registry)
    _latest(StateChange.objects.filter(company_id__in=ids_filter).exclude(from_state="").values("company_id")
            .annotate(last=Max("at")).values_list("company_id", "last"), last)
    _latest(CampaignContact.objects.filter(company_id__in=ids_filter).values("company_id")
            .annotate(last=Max("at")).values_list("company_id", "last"), last)
    partners = set(StateChange.objects.filter(company_id__in=ids_filter, to_state=RelationshipState.PARTNER)
                   .values_list("company_id", flat=True).distinct())
    rows = []
    for pk, name, ateco, edition, employees, shortfall, state in base:
        comune, point = points.get(pk, ("", None))
        at = last.get(pk)
        days = None if at is None else max(0, math.floor((now - at).total_seconds() / 86400))
        facts = scoring.CompanyFacts(id=pk, ateco_division=division_of(ateco), employees=employees,
                                     law68_shortfall=shortfall, state=state, was_partner=pk in partners,
                                     days_since_contact=days, point=point)
        rows.append(CompanyRow(facts, name, ateco, edition, comune, at))
    return rows


def score_rows(rows: list[CompanyRow], *, weights: scoring.Weights | None = None,
               people: scoring.Population | None = None) -> list[tuple[CompanyRow, scoring.ScoreResult]]:
    """The rows with their scores, best first."""
    weights = weights or current_weights()[0]
    people = people if people is not None else population()
    by_id = {row.facts.id: row for row in rows}
    results = scoring.score_all([row.facts for row in rows], people, weights)
    return [(by_id[result.company_id], result) for result in results]
