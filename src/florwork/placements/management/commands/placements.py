"""``florwork placements sweep [--at YYYY-MM-DD] [--json]``: the daily sweep that lets the cases whose last
placement ran to its end go on to follow-up (run it daily, before ``florwork alerts scan``; idempotent)."""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from florwork.placements.services import placements_close_ended


class Command(BaseCommand):
    help = "Placements: the daily sweep of ended placements (cases go on to follow-up)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser("sweep", help="move the cases whose placements all ended to follow-up")
        sweep.add_argument("--at", help="the day to sweep for (YYYY-MM-DD; default today)")
        sweep.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, action: str, **options):
        day = None
        if options.get("at"):
            try:
                day = date.fromisoformat(options["at"])
            except ValueError:
                raise CommandError(f"--at: {options['at']!r} is not a date (YYYY-MM-DD)", returncode=2) from None
        moved = placements_close_ended(today=day)
        if options.get("json"):
            self.stdout.write(json.dumps({"cases_to_follow_up": moved}))
        else:
            self.stdout.write(f"{moved} case(s) moved to follow-up")
