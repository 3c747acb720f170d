"""``florwork alerts scan|digest``: the scheduled alert scan and the daily digest (thin: services do the work).

Run ``scan`` daily (and as often as you like: it is idempotent), then ``digest`` once the scan is done.
``--at YYYY-MM-DD`` shifts the clock (tests, the demo, catching up a missed day).
"""

from __future__ import annotations

import json
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from florwork.alerts.services import alerts_scan, digest_enqueue


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--at: {value!r} is not a date (YYYY-MM-DD)", returncode=2) from None


def _scan_report(summary: dict) -> str:
    lines = [f"alert scan for {summary['today']}:"]
    for rule in summary["rules"]:
        if rule["error"]:
            lines.append(f"  {rule['rule']}: FAILED ({rule['error']})")
        elif rule["skipped"]:
            lines.append(f"  {rule['rule']}: skipped ({rule['skipped']})")
        else:
            lines.append(f"  {rule['rule']}: {rule['hits']} cases, {rule['opened']} tasks opened, "
                         f"{rule['resolved']} resolved")
    lines.append(f"woken from snooze {summary['woken']}, escalated {summary['escalated']}, "
                 f"reassigned {summary['reassigned']}, partner referrals expired {summary['expired_referrals']}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Alerts: 'scan' evaluates the alert rules and opens, resolves and escalates tasks; 'digest' queues " \
           "each recipient's daily e-mail (once per day; a re-run sends only the missing ones)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        scan = actions.add_parser("scan", help="evaluate the rules over the open cases")
        scan.add_argument("--at", help="the day to scan as (YYYY-MM-DD; default today)")
        scan.add_argument("--rule", action="append", dest="rules", help="only this rule (repeatable)")
        scan.add_argument("--json", action="store_true", help="print the summary as JSON")
        digest = actions.add_parser("digest", help="queue the daily task digests")
        digest.add_argument("--at", help="the digest's day (YYYY-MM-DD; default today)")
        digest.add_argument("--base-url", default="", help="link prefix in the e-mail, e.g. https://florwork.example")
        digest.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, action: str, **options):
        day = _day(options["at"])
        if action == "scan":
            try:
                summary = alerts_scan(today=day, codes=options["rules"]).as_dict()
            except ValidationError as invalid:
                raise CommandError("; ".join(invalid.messages), returncode=2) from None
            self.stdout.write(json.dumps(summary, indent=2) if options["json"] else _scan_report(summary))
            if summary["failed"]:
                raise CommandError(f"rules failed: {', '.join(summary['failed'])} (re-run to complete)",
                                   returncode=1)
            return
        result = digest_enqueue(day=day, base_url=options["base_url"])
        self.stdout.write(json.dumps(result) if options["json"] else
                          f"digests: {result['recipients']} recipients, {result['queued']} queued or sent, "
                          f"{result['failed']} failed (re-run to retry)")
        if result["failed"]:
            raise CommandError(f"{result['failed']} digests failed (re-run to send the missing ones)", returncode=1)
