"""``python -m bench.alerts_bench``: ``florwork alerts scan`` over 100,000 open cases, beside a baseline of
one query per case, measured in the same run.

The data: 100,000 people each with an open case (every open state, owners spread over 40 case managers),
contacts, SLA milestones, placements in the timeline, benefits, finalized assessments (some twice), signed
plans with actions and partner referrals waiting for an answer, so that every evaluator has work to do.
The database is a fresh one beside the one DATABASE_URL names (``<name>_bench``), dropped at the end.

Rows: the scan (every rule, first run: tasks open), the scan again (idempotent: nothing new), the baseline
(one query per open case reading what the no-contact rule needs, then the rule in Python: the floor of
any per-case design, for one rule of nine), and the event path (``alerts_evaluate_case``, every rule for
one case) timed on a sample and extrapolated to every case.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.alerts_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="open cases (and people) to seed (100000)")
    parser.add_argument("--sample", type=int, default=1000, help="cases for the event-path sample (1000)")
    parser.add_argument("--allow-sqlite", action="store_true", help="run on SQLite instead of PostgreSQL")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.cases < 1000 or not 1 <= args.sample <= args.cases:
        parser.error("--cases must be at least 1000 and --sample between 1 and --cases")
    return args


# --- seeding -------------------------------------------------------------------------------------------

def _seed(cases: int, rng: random.Random) -> dict[str, int]:
    from django.utils import timezone

    from bench import seed as seeding
    from bench import seed_cases as sc
    from florwork.assessment.models import Assessment, Instrument
    from florwork.cases.models import Case, CaseEvent, Referral
    from florwork.people.models import Benefit, Person

    now = timezone.now()
    orgs = seeding.seed_organizations()
    municipality, hub, coop = orgs[0], orgs[1], orgs[3]
    staff = sc.seed_staff(municipality=municipality, hub=hub)
    managers = [m.pk for m in staff.case_managers]
    plans = []
    for pk in range(1, cases + 1):
        state = rng.choice(sc.OPEN_STATES)
        young = state == "referred"
        referred = now - timedelta(days=rng.uniform(0 if young else 20, 20 if young else 400))
        plans.append(sc.CasePlan(pk, pk, state, None if state == "referred" else rng.choice(managers), referred, None,
                                 sc._milestones(rng, state, referred, now)))
    loaded = {"people": sc._load(Person, sc.PERSON_FIELDS, sc._people_rows(cases, rng, municipality.pk, now))}
    sw = staff.social_worker.pk
    loaded["referrals"] = sc._load(Referral, sc.REFERRAL_FIELDS, (
        (p.id, p.person_id, municipality.pk, sw, "Needs work", ["work"], "normal", p.referred_at) for p in plans))
    loaded["cases"] = sc._load(Case, sc.CASE_FIELDS, sc._case_rows(plans, hub.pk, rng, timezone.localdate()))
    placed = [p for p in plans if p.state in ("placed", "follow_up")]
    loaded["placements"] = sc._load(CaseEvent, sc.EVENT_FIELDS, (
        (p.id, "state_change", "", at, at, p.owner_id, "Case Manager", "", "active", "placed", "", {})
        for p in placed for at in [now - timedelta(days=rng.uniform(5, 400))]))
    loaded["benefits"] = sc._load(Benefit, ["person_id", "kind", "monthly_amount", "start", "end"], (
        (p.person_id, rng.choice(["adi", "sfl", "naspi"]), Decimal("500.00"), date(2025, 1, 1),
         timezone.localdate() + timedelta(days=rng.randint(-30, 150))) for p in plans if rng.random() < 0.25))
    instrument = Instrument.objects.filter(status="published").first()
    loaded["assessments"] = sc._load(Assessment, [
        "case_id", "person_id", "instrument_id", "started_by_id", "started_at", "status", "finalized_at",
        "finalized_by_id", "observations", "scores", "version"], _assessment_rows(plans, instrument.pk, rng, now))
    loaded.update(_seed_network_and_plans(plans, coop=coop, hub=hub, rng=rng, now=now))
    sc._reset_sequences([Person, Referral, Case, CaseEvent, Benefit, Assessment])
    seeding.settle()
    return loaded


def _assessment_rows(plans, instrument_id: int, rng: random.Random, now: datetime):
    for p in plans:
        if p.milestones["assessed_at"] is None:
            continue
        first = p.milestones["assessed_at"]
        yield (p.id, p.person_id, instrument_id, p.owner_id, first, "finalized", first, p.owner_id, "",
               {"overall": round(rng.uniform(20, 80), 1)}, 2)
        if rng.random() < 0.3:
            second = first + (now - first) * rng.uniform(0.5, 1)
            yield (p.id, p.person_id, instrument_id, p.owner_id, second, "finalized", second, p.owner_id, "",
                   {"overall": round(rng.uniform(20, 80), 1)}, 2)


def _seed_network_and_plans(plans, *, coop, hub, rng: random.Random, now: datetime) -> dict[str, int]:
    """Through the ORM (bulk_create), so the models' defaults hold as those apps evolve."""
    from django.utils import timezone

    from florwork.network.models import PartnerReferral, Service
    from florwork.plans.models import Plan, PlanAction, PlanRevision
    from florwork.territory.models import Comune

    today = timezone.localdate()
    firenze = Comune.objects.create(istat_code="048017", name="Firenze", cadastral_code="D612", province_code="FI",
                                    province_name="Firenze", region="Toscana")
    service = Service.objects.create(organization=coop, kind="soft_skills_lab", title="Laboratorio soft skills",
                                     comune=firenze, created_at=now, updated_at=now)
    planned = [p for p in plans if p.state in ("planned", "active", "placed", "follow_up")]
    referred = [p for p in planned if rng.random() < 0.3]
    PartnerReferral.objects.bulk_create((PartnerReferral(
        case_id=p.id, person_id=p.person_id, service=service, organization=coop, sending_organization=hub,
        sent_by_id=p.owner_id, reason="Soft skills", state="sent", state_changed_at=now, sent_at=now,
        answer_due=today + timedelta(days=rng.randint(0, 14))) for p in referred), batch_size=5000)
    with_plan = [p for p in planned if rng.random() < 0.5]
    Plan.objects.bulk_create((Plan(case_id=p.id, person_id=p.person_id, created_at=now) for p in with_plan),
                             batch_size=5000)
    plan_ids = dict(Plan.objects.values_list("case_id", "pk"))
    PlanRevision.objects.bulk_create((PlanRevision(
        plan_id=plan_ids[p.id], number=1, status="signed", starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=200), created_at=now, signed_at=now, signed_document="plans/patto.pdf")
        for p in with_plan), batch_size=5000)
    revisions = dict(PlanRevision.objects.values_list("plan_id", "pk"))
    PlanAction.objects.bulk_create((PlanAction(
        revision_id=revisions[plan_ids[p.id]], title="Azione", owner_organization=hub,
        starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=rng.randint(-40, 60)),
        status=rng.choice(["planned", "in_progress", "done"])) for p in with_plan for _ in range(2)), batch_size=5000)
    return {"partner referrals": len(referred), "plans": len(with_plan), "plan actions": 2 * len(with_plan)}


# --- measuring -----------------------------------------------------------------------------------------

class Counter:
    def __init__(self):
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)


def measure(label: str, work, *, cases: int, extrapolate_from: int | None = None) -> dict:
    from django.db import connection

    counter = Counter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        detail = work()
    seconds = time.perf_counter() - started
    queries = counter.queries
    if extrapolate_from:
        seconds, queries = seconds * cases / extrapolate_from, round(queries * cases / extrapolate_from)
    print(f"  {label}: {seconds:.1f} s, {queries:,} queries", file=sys.stderr)
    return {"case": label, "cases": cases, "seconds": seconds, "queries": queries, "detail": detail,
            "extrapolated": bool(extrapolate_from)}


def baseline_one_query_per_case(today: date) -> str:
    """The floor of a per-case design: one query per open case for one rule (no contact)."""
    from django.utils import timezone

    from florwork.cases.models import Case

    ids = list(Case.objects.exclude(state__in=["closed", "dropped"]).order_by("pk").values_list("pk", flat=True))
    hits = 0
    for pk in ids:
        state, last, referred = Case.objects.filter(pk=pk).values_list("state", "last_contact_at",
                                                                       "referred_at").get()
        since = timezone.localtime(last or referred).date()
        hits += state not in ("referred", "suspended") and (today - since).days >= 30
    return f"{hits:,} cases without contact (one rule of nine)"


def run(args: argparse.Namespace) -> list[dict]:
    from django.utils import timezone

    from florwork.alerts.models import Task
    from florwork.alerts.services import alerts_evaluate_case, alerts_scan
    from florwork.cases.models import Case

    rng = random.Random(20261126)
    started = time.perf_counter()
    loaded = _seed(args.cases, rng)
    print("seeded " + ", ".join(f"{n:,} {what}" for what, n in loaded.items())
          + f" in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    today = timezone.localdate()

    def scan():
        summary = alerts_scan(today=today).as_dict()
        return f"{summary['opened']:,} tasks opened, {summary['resolved']:,} resolved, failed {summary['failed']}"

    results = [measure("scan, first run (9 rules)", scan, cases=args.cases),
               measure("scan again (idempotent)", scan, cases=args.cases)]
    results[0]["detail"] += f"; by rule: {_by_rule(Task)}"
    results.append(measure("baseline: 1 query per case", lambda: baseline_one_query_per_case(today),
                           cases=args.cases))
    sample = list(Case.objects.order_by("?").values_list("pk", flat=True)[:args.sample])

    def per_case():
        for pk in sample:
            alerts_evaluate_case(case_id=pk, today=today)
        return f"every rule for one case, {len(sample):,} cases timed"

    results.append(measure("event path per case, extrapolated", per_case, cases=args.cases,
                           extrapolate_from=len(sample)))
    return results


def _by_rule(task_model) -> str:
    from django.db.models import Count

    rows = task_model.objects.values("rule__code").annotate(n=Count("pk")).order_by("rule__pk")
    return ", ".join(f"{r['rule__code']} {r['n']:,}" for r in rows)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) and not args.allow_sqlite:
        print("alerts bench: DATABASE_URL must name a PostgreSQL database, or pass --allow-sqlite", file=sys.stderr)
        sys.exit(2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection

    from bench.__main__ import _database_version

    configured = connection.settings_dict["NAME"]
    # the configured database need not exist: only the bench's own is created (and dropped)
    bench_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    version = _database_version(connection)
    print(f"bench database: {bench_db} (created now, dropped at the end)", file=sys.stderr)
    try:
        results = run(args)
    finally:
        connection.creation.destroy_test_db(configured, verbosity=0)
    header = f"Florwork alerts bench · {version} · Python {platform.python_version()} · Django {django.__version__}"
    if args.json:
        print(json.dumps({"environment": header, "results": results}, indent=2))
        return
    print(header)
    print(f"{'case':<36} {'cases':>8} {'wall s':>8} {'queries':>9}  detail")
    for r in results:
        print(f"{r['case']:<36} {r['cases']:>8,} {r['seconds']:8.2f} {r['queries']:>9,}  {r['detail']}")
    print("wall s and queries: the whole run in process (extrapolated rows: sample × cases ÷ sample size).")


if __name__ == "__main__":
    main()
