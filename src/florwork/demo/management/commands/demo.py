import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError

from florwork.accounts.policy import SYSTEM
from florwork.demo.plan import DEMO_PASSWORD
from florwork.demo.services import DemoError, DemoLogin, demo_database_is_empty, demo_load, demo_logins

DEFAULT_PEOPLE = 300
COLUMNS = (("username", "username"), ("full_name", "name"), ("role", "role"), ("organization", "organization"),
           ("password", "password"))


def logins_table(logins: list[DemoLogin]) -> str:
    rows = [[getattr(login, attr) or "(changed)" for attr, _ in COLUMNS] for login in logins]
    header = [title for _, title in COLUMNS]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=False)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in [header, ["-" * w for w in widths], *rows]]
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Load the demo: every Italian comune, a Florence-like hub partnership, one user per role and "
        f"{DEFAULT_PEOPLE} people with their cases, "
        f"all with the password {DEMO_PASSWORD}. Safe to re-run: what exists is kept, nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="seed for the generated names (default 1)")
        parser.add_argument("--people", type=int, default=DEFAULT_PEOPLE,
                            help=f"how many demo people, with their cases (default {DEFAULT_PEOPLE}); 0 loads only "
                                 "the partnership: no people, services, plans, companies or models")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing if the database already has an organization")
        parser.add_argument("--logins", action="store_true", help="only print the demo logins from the database")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, seed: int, people: int, if_empty: bool, logins: bool, **options):
        as_json = options["json"]
        result: dict = {}
        if logins:
            pass
        elif if_empty and not demo_database_is_empty():
            result["loaded"] = False
            if not as_json:
                self.stdout.write("The database already has organizations: demo data not loaded.")
        else:
            try:
                report = demo_load(by=SYSTEM, seed=seed, people=people)
            except DemoError as exc:
                raise CommandError(str(exc), returncode=2) from exc
            result.update(loaded=True, **asdict(report))
            if not as_json:
                self._write_report(report)
        self._write_logins(demo_logins(), result, as_json)

    def _write_report(self, report) -> None:
        c = report.comuni
        created = (report.services_created, report.partner_referrals_created, report.plans_created,
                   report.profile_models_created, report.companies_created, report.campaign_contacts_created,
                   report.visit_plans_created, report.visits_created, report.vacancies_created,
                   report.person_skills_created, report.opportunities_created, report.shortlist_entries_created,
                   report.placements_created, report.tasks_opened)
        if not (report.organizations_created or report.users_created or report.memberships_created or c.changed
                or report.people_created or any(created)):
            self.stdout.write("Demo data already loaded: nothing to create.")
            return
        self.stdout.write(
            f"Demo (seed {report.seed}): {report.organizations_created} organizations, {report.users_created} users, "
            f"{report.memberships_created} memberships, {report.people_created} people with "
            f"{report.cases_created} cases created; comuni: {c.total} ({c.created} new, "
            f"{c.with_coordinates} with coordinates)."
        )
        self.stdout.write(
            f"Also {report.services_created} partner services, {report.partner_referrals_created} partner "
            f"referrals, {report.plans_created} plans, {report.profile_models_created} statistical profile models, "
            f"{report.companies_created} companies and {report.tasks_opened} tasks opened."
        )
        self.stdout.write(
            f"Employers and matching: {report.campaign_contacts_created} outreach contacts, "
            f"{report.visit_plans_created} visit plans with {report.visits_created} visit reports, "
            f"{report.vacancies_created} vacancies, {report.person_skills_created} declared skills, "
            f"{report.opportunities_created} opportunities, {report.shortlist_entries_created} shortlist entries, "
            f"{report.placements_created} placements."
        )
        if report.import_files:
            self.stdout.write("Partner spreadsheets to try the company import with: " + ", ".join(report.import_files))

    def _write_logins(self, logins: list[DemoLogin], result: dict, as_json: bool) -> None:
        if as_json:
            result["logins"] = [asdict(login) for login in logins]
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        elif not logins:
            self.stdout.write("No demo users in this database: run 'florwork demo' to create them.")
        else:
            self.stdout.write(f"\nDemo logins (one password for all: {DEMO_PASSWORD}):\n")
            self.stdout.write(logins_table(logins))
