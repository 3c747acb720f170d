from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the background-job worker (needs TASKS_BACKEND=database); any number may run at once."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default", help="queue to take jobs from")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls when idle")
        parser.add_argument("--batch", action="store_true", help="exit when the queue is empty")

    def handle(self, *args, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        if not backend.startswith("django_tasks_db"):
            raise CommandError("jobs run inline with TASKS_BACKEND=immediate; set TASKS_BACKEND=database "
                               "in both the web server and the worker", returncode=2)
        argv = ["--queue-name", options["queue_name"], "--interval", str(options["interval"])]
        if options["batch"]:
            argv.append("--batch")
        call_command("db_worker", *argv)
