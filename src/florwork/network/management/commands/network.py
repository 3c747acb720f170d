"""``florwork network expire``: expire the partner referrals left unanswered past their due day (idempotent;
the alert scan calls the same service)."""

from __future__ import annotations

import json
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from florwork.network.services import partner_referral_expire_due


class Command(BaseCommand):
    help = "Partner network jobs: 'expire' closes the referrals no partner answered in time."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        expire = actions.add_parser("expire", help="expire the referrals unanswered after their answer-due day")
        expire.add_argument("--now", help="ISO date-time to act as now (default: the clock), e.g. 2026-12-01T08:00")
        expire.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, action: str, **options):
        now = timezone.now()
        if options.get("now"):
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError:
                raise CommandError(f"--now: not an ISO date-time: {options['now']!r}", returncode=2) from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        expired = partner_referral_expire_due(now=now)
        if options["json"]:
            self.stdout.write(json.dumps({"expired": expired, "now": now.isoformat()}))
        else:
            self.stdout.write(f"{expired} partner referral(s) expired")
