"""``python -m bench``: server time per request of the list pages at 100,000 rows, the caseloads at
100,000 people and 1,000,000 timeline events, and the referral-to-caseload round trip, beside the floor.

In process, with Django's test Client, through the whole middleware stack and the production
settings (DEBUG=0). The database is a fresh one created beside the one DATABASE_URL names
(``<name>_bench``) and dropped at the end, so no real data is ever touched.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


@dataclass
class Case:
    name: str
    path: str
    rows: int | None  # rows in the table the page lists (None for the floor)
    user: str = "administrator"  # whose logged-in client requests it
    run: Callable[[], None] | None = field(default=None, repr=False)  # several requests instead of one GET


@dataclass
class Result:
    case: str
    path: str
    rows: int | None
    p50_ms: float
    p95_ms: float
    ratio: float
    queries: int
    sql_ms: float


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="users and audit entries to seed (100000)")
    parser.add_argument("--people", type=int, default=100_000, help="people (with their cases) to seed (100000)")
    parser.add_argument("--events", type=int, default=1_000_000, help="case timeline events to seed (1000000)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per case (100)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per case first (10)")
    parser.add_argument("--allow-sqlite", action="store_true", help="run on SQLite (in memory) instead of PostgreSQL")
    parser.add_argument("--queries", action="store_true", help="print each case's SQL with its time")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.rows < 100 or args.requests < 5 or args.warmup < 0 or args.people < 1000 or args.events < args.people:
        parser.error("--rows must be at least 100, --people at least 1000, --events at least --people, "
                     "--requests at least 5, --warmup not negative")
    return args


def refuse_without_postgresql(args: argparse.Namespace) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) and not args.allow_sqlite:
        print("bench: DATABASE_URL must name a PostgreSQL database (postgres://user:pass@host:5432/db), "
              "or pass --allow-sqlite", file=sys.stderr)
        sys.exit(2)


def percentile(times: list[float], q: int) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1)]


class QueryRecorder:
    """Every SQL statement of a request with its own time (finer than Django's millisecond log)."""

    def __init__(self):
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql))


def time_case(client, case: Case, *, requests: int, warmup: int, show_queries: bool):
    from django.db import connection

    def request():
        return case.run() if case.run else client.get(case.path)

    for _ in range(warmup):
        response = client.get(case.path) if case.run is None else None
        if response is not None and response.status_code != 200:
            raise SystemExit(f"bench: {case.path} answered {response.status_code}, not 200")
        if case.run:
            case.run()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        request()
        times.append(time.perf_counter() - started)
    recorder = QueryRecorder()
    with connection.execute_wrapper(recorder):
        request()
    if show_queries:
        print(f"\n-- {case.name}: {case.path}", file=sys.stderr)
        for seconds, sql in recorder.queries:
            print(f"   {seconds * 1000:8.2f} ms  {sql[:300]}", file=sys.stderr)
    sql_ms = sum(seconds for seconds, _ in recorder.queries) * 1000
    return times, len(recorder.queries), sql_ms


def build_cases(rows: int, people: int, events: int, staff, clients) -> list[Case]:
    from django.urls import reverse

    from florwork.audit.models import AuditEntry

    audit_pages = math.ceil(AuditEntry.objects.count() / 50)
    user_pages = math.ceil((rows + 1) / 25)
    return [
        Case("floor: trivial authenticated view", reverse("bench_floor"), None),
        Case("api: /api/me", "/api/me", None),
        Case("audit log, page 1", reverse("audit_list"), rows),
        Case("audit log, last page", f"{reverse('audit_list')}?page={audit_pages}", rows),
        Case("audit log, search", f"{reverse('audit_list')}?q=rossi", rows),
        Case("users, page 1", reverse("user_list"), rows),
        Case("users, last page", f"{reverse('user_list')}?page={user_pages}", rows),
        Case("users, search", f"{reverse('user_list')}?q=rossi", rows),
        *caseload_cases(people, events, staff, clients),
    ]


def caseload_cases(people: int, events: int, staff, clients) -> list[Case]:
    """The caseload pages once they exist, else the selectors behind a bare table (always measured too)."""
    from django.urls import reverse

    from bench import journeys

    caseload = journeys.page_url("caseload")
    cases = [Case("caseload selectors + table, CM", reverse("bench_caseload_selectors"), events,
                  user="case_manager"),
             Case("api: /api/cases, CM", "/api/cases", events, user="case_manager")]
    if caseload is None:
        print("bench: no caseload page yet: measuring the selectors only", file=sys.stderr)
        return cases
    busiest = journeys.busiest_open_case(staff.case_manager.pk)
    cases += [
        Case("caseload page, CM (~60 open)", caseload, events, user="case_manager"),
        Case("caseload page, CM, page 2", f"{caseload}?page=2", events, user="case_manager"),
        Case("caseload page, PM (all open)", caseload, events, user="programme_manager"),
        Case("caseload page, PM, search", f"{caseload}?q=rossi", events, user="programme_manager"),
        Case("case page, CM's busiest case", reverse("case_detail", args=[busiest]), events, user="case_manager"),
    ]
    if journeys.page_url("referral_create"):
        trip = journeys.ReferralRoundTrip(clients=clients, case_manager_id=staff.case_manager.pk)
        cases.append(Case("referral → caseload (4 requests)", reverse("referral_create"), people,
                          user="social_worker", run=trip))
    return cases


def seed(args: argparse.Namespace):
    from bench import seed as seeding
    from bench import seed_cases

    rng = random.Random(20261101)
    started = time.perf_counter()
    organizations = seeding.seed_organizations()
    admin = seeding.seed_administrator(organizations[1])
    seeding.seed_users(rows=args.rows, organizations=organizations, rng=rng)
    seeding.seed_audit_entries(rows=args.rows, rng=rng)
    print(f"seeded {args.rows:,} users (with memberships) and {args.rows:,} chained audit entries "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    started = time.perf_counter()
    staff = seed_cases.seed_staff(municipality=organizations[0], hub=organizations[1])
    loaded = seed_cases.seed_people_and_cases(people=args.people, events=args.events, municipality=organizations[0],
                                              hub=organizations[1], staff=staff, rng=rng)
    seeding.settle()
    print("seeded " + ", ".join(f"{n:,} {what}" for what, n in loaded.items())
          + f" in {time.perf_counter() - started:.1f} s (with VACUUM ANALYZE)", file=sys.stderr)
    return admin, staff


def run(args: argparse.Namespace) -> list[Result]:
    from django.test import Client

    from florwork.cases.models import Case as CaseModel

    admin, staff = seed(args)
    users = {"administrator": admin, "social_worker": staff.social_worker,
             "programme_manager": staff.programme_manager, "case_manager": staff.case_manager}
    clients = {key: Client() for key in users}
    for key, client in clients.items():
        client.force_login(users[key])
    open_cases = CaseModel.objects.filter(owner=staff.case_manager).exclude(state__in=["closed", "dropped"]).count()
    print(f"measured case manager: {open_cases} open cases", file=sys.stderr)
    results: list[Result] = []
    floor_p50 = None
    for case in build_cases(args.rows, args.people, args.events, staff, clients):
        times, queries, sql_ms = time_case(clients[case.user], case, requests=args.requests, warmup=args.warmup,
                                           show_queries=args.queries)
        p50, p95 = statistics.median(times) * 1000, percentile(times, 95) * 1000
        floor_p50 = floor_p50 or p50
        results.append(Result(case.name, case.path, case.rows, p50, p95, p50 / floor_p50, queries, sql_ms))
        print(f"  {case.name}: p50 {p50:.1f} ms", file=sys.stderr)
    return results


def print_table(results: list[Result], header: str) -> None:
    print(header)
    print(f"{'case':<36} {'rows':>8} {'p50 ms':>8} {'p95 ms':>8} {'× floor':>8} {'queries':>8} {'sql ms':>8}")
    for r in results:
        rows = f"{r.rows:,}" if r.rows else "-"
        print(f"{r.case:<36} {rows:>8} {r.p50_ms:8.2f} {r.p95_ms:8.2f} {r.ratio:8.1f} {r.queries:8d} {r.sql_ms:8.2f}")
    print("p50/p95: server time per request in process (test Client, whole middleware stack, DEBUG=0);")
    print("× floor: p50 over the floor's p50; queries and sql ms: one extra request, captured.")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    refuse_without_postgresql(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection

    vendor_version = _database_version(connection)
    configured_name = connection.settings_dict["NAME"]
    bench_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"bench database: {bench_db} (created now, dropped at the end)", file=sys.stderr)
    try:
        results = run(args)
    finally:
        connection.creation.destroy_test_db(configured_name, verbosity=0)
    header = (f"Florwork bench · {vendor_version} · Python {platform.python_version()} · Django {django.__version__}"
              f" · {args.requests} requests per case after {args.warmup} warm-up")
    if args.json:
        print(json.dumps({"environment": header, "results": [asdict(r) for r in results]}, indent=2))
    else:
        print_table(results, header)


def _database_version(connection) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    return f"{connection.vendor} (in memory)"


if __name__ == "__main__":
    main()
