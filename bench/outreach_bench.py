"""``python -m bench.outreach_bench``: the outreach priorities of a 50,000-company registry, computed set-based
(``priority_scores``: a fixed number of queries and one vectorised pass), beside a naive per-company baseline
(each company's facts read with its own queries, then scored alone) measured in the same run.

The data: 50,000 companies across the comuni of the province of Florence (real ATECO divisions, sizes, Law 68
shortfalls, relationship states with history), one site each with coordinates, 2,000 candidates (open cases
with consent to be presented, occupations sought, home comune) and a campaign that already reached 5% of the
companies. The database is a fresh one beside the one DATABASE_URL names (``<name>_bench``), dropped at the
end; SQLite (in memory) with --allow-sqlite.

Rows: the set-based path for the whole registry (wall time, queries), the same for the 300 of one page's
filters, the per-company baseline timed on a sample and extrapolated, and the pure core alone (``score_all``
against ``score_one`` in a loop) on the same facts. The taxonomy's label index (job titles to ISCO groups) is
built once per process before the timings, as in a running server.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from datetime import timedelta

ATECO = ["56.11.11", "55.10.00", "47.11.02", "10.71.10", "13.20.00", "15.12.00", "25.11.00", "28.29.99", "41.00.00",
         "43.21.01", "49.41.00", "52.10.10", "81.21.00", "87.30.00", "86.10.10", "96.01.10", "01.13.10", "62.10.00"]
STATES = ["prospect"] * 6 + ["contacted"] * 2 + ["visited", "partner", "dormant"]
TITLES = ["cameriere", "aiuto cuoco", "addetto alle pulizie", "magazziniere", "operatore socio-sanitario",
          "commesso", "muratore", "giardiniere", "assistente familiare", "cuoco", "barista", "receptionist"]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.outreach_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=50_000, help="companies to seed (50000)")
    parser.add_argument("--candidates", type=int, default=2_000, help="candidates to seed (2000)")
    parser.add_argument("--sample", type=int, default=1_000, help="companies for the per-company baseline (1000)")
    parser.add_argument("--allow-sqlite", action="store_true", help="run on SQLite instead of PostgreSQL")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.companies < 1000 or not 1 <= args.sample <= args.companies or args.candidates < 10:
        parser.error("--companies at least 1000, --sample between 1 and --companies, --candidates at least 10")
    return args


# --- seeding ----------------------------------------------------------------------------------------------

def _bulk(model, fields: list[str], rows) -> None:
    """bulk_create in batches (model defaults fill the other columns), then the id sequence moved past."""
    from bench.seed_cases import _reset_sequences

    rows = list(rows)
    for start in range(0, len(rows), 5000):
        model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in rows[start:start + 5000]])
    if "id" in fields:
        _reset_sequences([model])


def _comuni():
    from florwork.accounts.policy import SYSTEM
    from florwork.territory.models import Comune
    from florwork.territory.services import comuni_load
    from florwork.territory.sources import read_comuni

    comuni_load(by=SYSTEM, records=[r for r in read_comuni() if r.province_code == "FI"])
    return list(Comune.objects.filter(province_code="FI", latitude__isnull=False)
                .values_list("istat_code", "latitude", "longitude"))


def _seed_companies(n: int, comuni, rng: random.Random, now) -> None:
    from florwork.employers.models import Company, Site, StateChange

    rows = []
    for pk in range(1, n + 1):
        employees = int(rng.lognormvariate(2.5, 1.2))
        shortfall = rng.choice((0, 0, 0, 1, 2, 4)) if employees >= 15 else 0
        rows.append((pk, f"Azienda {pk:06d} S.r.l.", [], "", "", rng.choice(ATECO), "2025", "", "", employees, None,
                     "", "", "", "", None, None, None, shortfall, 0, rng.choice(STATES), now, now, now, 1))
    _bulk(Company, ["id", "legal_name", "trade_names", "partita_iva", "codice_fiscale", "ateco_code", "ateco_edition",
                    "ateco_label", "legal_form", "employees", "employees_as_of", "employees_source", "website",
                    "phone", "email", "computable_headcount", "disabled_employed", "protected_employed",
                    "law68_shortfall", "law68_art14_room", "state", "state_changed_at", "created_at", "updated_at",
                    "version"], rows)
    sites = []
    for pk in range(1, n + 1):
        code, lat, lon = rng.choice(comuni)
        sites.append((pk, "", "Via Roma 1", "", code, round(float(lat) + rng.uniform(-.02, .02), 5),
                      round(float(lon) + rng.uniform(-.02, .02), 5), "geocode", True, {}, "bench", now))
    _bulk(Site, ["company_id", "label", "address", "postcode", "comune_istat", "latitude", "longitude",
                 "coordinates_source", "is_headquarters", "opening_hours", "source", "created_at"], sites)
    changes = [(pk, "", "prospect", "", now - timedelta(days=900), None, "bench") for pk in range(1, n + 1)]
    changes += [(pk, "prospect", rng.choice(("contacted", "partner")), "", now - timedelta(days=rng.randint(1, 800)),
                 None, "bench") for pk in range(1, n + 1) if rng.random() < 0.3]
    _bulk(StateChange, ["company_id", "from_state", "to_state", "reason", "at", "by_user_id", "by_label"], changes)


def _seed_candidates(n: int, comuni, rng: random.Random, now) -> None:
    from bench import seed as seeding
    from florwork.cases.models import Case, Referral
    from florwork.people.models import Consent, Person

    orgs = seeding.seed_organizations()
    municipality, hub = orgs[0], orgs[1]
    people = [(pk, f"Nome{pk}", f"Cognome{pk}", now.date() - timedelta(days=10_000 + pk), "F", rng.choice(comuni)[0],
               [rng.choice(TITLES)], now, now) for pk in range(1, n + 1)]
    _bulk(Person, ["id", "first_name", "last_name", "birth_date", "sex", "residence_istat", "occupations_sought",
                   "created_at", "updated_at"], people)
    _bulk(Referral, ["id", "person_id", "referring_organization_id", "reason", "needs", "urgency", "created_at"],
          [(pk, pk, municipality.pk, "bench", ["work"], "normal", now) for pk in range(1, n + 1)])
    _bulk(Case, ["id", "person_id", "referral_id", "team_organization_id", "state", "state_changed_at", "referred_at",
                 "risk_flags", "version"],
          [(pk, pk, pk, hub.pk, rng.choice(("assessed", "planned", "active")), now, now, [], 1)
           for pk in range(1, n + 1)])
    _bulk(Consent, ["person_id", "purpose", "given_at"], [(pk, "employer_presentation", now) for pk in range(1, n + 1)])


def _seed_campaign(n: int, rng: random.Random, now) -> None:
    from florwork.accounts.models import Organization
    from florwork.outreach.models import Campaign, CampaignContact, CampaignTarget

    campaign = Campaign.objects.create(organization=Organization.objects.first(), name="bench", purpose="bench",
                                       created_at=now, created_by_label="bench")
    picked = rng.sample(range(1, n + 1), n // 20)
    targets = CampaignTarget.objects.bulk_create([CampaignTarget(campaign=campaign, company_id=pk, added_at=now)
                                                  for pk in picked], batch_size=2000)
    CampaignContact.objects.bulk_create([
        CampaignContact(target=t, company_id=t.company_id, officer_label="bench", channel="phone", outcome="no_answer",
                        at=now - timedelta(days=rng.randint(0, 200)), recorded_at=now) for t in targets],
        batch_size=2000)


# --- measuring --------------------------------------------------------------------------------------------

class _Counter:
    def __init__(self):
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)


def measure(label: str, work, *, companies: int, extrapolate_from: int | None = None) -> dict:
    from django.db import connection

    counter = _Counter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        detail = work()
        seconds = time.perf_counter() - started
    scale = companies / extrapolate_from if extrapolate_from else 1
    return {"case": label, "companies": companies, "seconds": round(seconds * scale, 3),
            "queries": round(counter.queries * scale), "detail": detail}


def baseline_per_company(ids: list[int]) -> str:
    """The obvious design: for each company, read its site, its last state change, its last campaign contact
    and whether it ever was a partner, then score it alone (the population read once, as a kindness)."""
    import math

    from django.utils import timezone

    from florwork.employers.models import Company, Site, StateChange
    from florwork.outreach import priority, scoring
    from florwork.outreach.models import CampaignContact
    from florwork.outreach.sectors import division_of

    weights, people, now = priority.current_weights()[0], priority.population(), timezone.now()
    best = 0.0
    for pk in ids:
        company = Company.objects.get(pk=pk)
        site = Site.objects.filter(company_id=pk).order_by("-is_headquarters", "pk").first()
        changes = StateChange.objects.filter(company_id=pk).exclude(from_state="").order_by("-at").first()
        contact = CampaignContact.objects.filter(company_id=pk).order_by("-at").first()
        was_partner = StateChange.objects.filter(company_id=pk, to_state="partner").exists()
        moments = [m for m in (changes.at if changes else None, contact.at if contact else None) if m]
        days = math.floor((now - max(moments)).total_seconds() / 86400) if moments else None
        point = (float(site.latitude), float(site.longitude)) if site and site.latitude is not None else None
        facts = scoring.CompanyFacts(id=pk, ateco_division=division_of(company.ateco_code),
                                     employees=company.employees, law68_shortfall=company.law68_shortfall,
                                     state=company.state, was_partner=was_partner, days_since_contact=days,
                                     point=point)
        best = max(best, scoring.score_one(facts, people, weights).score)
    return f"{len(ids):,} companies timed, best {best:.1f}"


def run(args: argparse.Namespace) -> list[dict]:
    from django.utils import timezone

    from florwork.accounts.policy import SYSTEM
    from florwork.employers.models import Company
    from florwork.outreach import priority, scoring
    from florwork.outreach.selectors import PriorityFilters, priority_list, priority_scores

    rng, now = random.Random(20261126), timezone.now()
    started = time.perf_counter()
    comuni = _comuni()
    _seed_companies(args.companies, comuni, rng, now)
    _seed_candidates(args.candidates, comuni, rng, now)
    _seed_campaign(args.companies, rng, now)
    print(f"seeded {args.companies:,} companies, {args.candidates:,} candidates in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)

    priority.population()  # the label index that maps job titles to ISCO groups: built once per process

    def whole():
        scores = priority_scores(actor=SYSTEM)
        top = max(scores.values(), key=lambda r: (r.score, -r.company_id))
        return f"{len(scores):,} scored, best {top.score:.1f}"

    def one_page():
        rows = priority_list(actor=SYSTEM, filters=PriorityFilters(section="I", shortfall=True))
        return f"{len(rows):,} restaurants and hotels with a Law 68 shortfall"

    results = [measure("set-based, whole registry", whole, companies=args.companies),
               measure("set-based, a filtered list", one_page, companies=args.companies)]
    sample = sorted(rng.sample(range(1, args.companies + 1), args.sample))
    results.append(measure("baseline: per-company, extrapolated", lambda: baseline_per_company(sample),
                           companies=args.companies, extrapolate_from=len(sample)))
    facts = [row.facts for row in priority.company_rows(Company.objects.all())]
    people, weights = priority.population(), priority.current_weights()[0]
    results.append(measure("core alone: score_all", lambda: f"{len(scoring.score_all(facts, people, weights)):,}",
                           companies=args.companies))
    results.append(measure("core alone: score_one in a loop",
                           lambda: f"{sum(1 for f in facts[:args.sample] if scoring.score_one(f, people, weights))}"
                                   f" timed", companies=args.companies, extrapolate_from=args.sample))
    return results


def main(argv: list[str] | None = None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) and not args.allow_sqlite:
        print("outreach bench: DATABASE_URL must name a PostgreSQL database, or pass --allow-sqlite", file=sys.stderr)
        sys.exit(2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection

    from bench.__main__ import _database_version

    configured = connection.settings_dict["NAME"]
    bench_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    version = _database_version(connection)
    print(f"bench database: {bench_db} (created now, dropped at the end)", file=sys.stderr)
    try:
        results = run(args)
    finally:
        connection.creation.destroy_test_db(configured, verbosity=0)
    header = f"Florwork outreach bench · {version} · Python {platform.python_version()} · Django {django.__version__}"
    if args.json:
        print(json.dumps({"environment": header, "results": results}, indent=2))
        return
    print(header)
    print(f"{'case':<38} {'companies':>9} {'wall s':>8} {'queries':>9}  detail")
    for r in results:
        print(f"{r['case']:<38} {r['companies']:>9,} {r['seconds']:8.2f} {r['queries']:>9,}  {r['detail']}")
    print("wall s and queries: in process (extrapolated rows: sample × companies ÷ sample size).")


if __name__ == "__main__":
    main()
