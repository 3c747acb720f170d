import json

from django.core.management.base import BaseCommand, CommandError

from florwork.audit.selectors import audit_verify


class Command(BaseCommand):
    help = "Audit log tools. 'verify' checks the hash chain end to end and exits 1 if it was tampered with."

    def add_arguments(self, parser):
        parser.add_argument("subcommand", choices=["verify"])
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, subcommand: str, **options):
        count, breaks = audit_verify()
        if options["json"]:
            self.stdout.write(json.dumps({
                "entries": count,
                "intact": not breaks,
                "breaks": [{"seq": b.seq, "reason": b.reason} for b in breaks],
            }))
        else:
            for b in breaks[:50]:
                self.stderr.write(f"entry {b.seq}: {b.reason}")
            if not breaks:
                self.stdout.write(f"audit log intact: {count} entries, chain verified")
        if breaks:
            raise CommandError(f"audit log tampered with: {len(breaks)} breaks in {count} entries", returncode=1)
