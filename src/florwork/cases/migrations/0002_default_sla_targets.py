"""Starting SLA targets in Italian working days; programme managers tune them afterwards."""

from django.db import migrations

DEFAULTS = [
    ("referral_to_first_contact", 5, 3),
    ("referral_to_intake", 10, 7),
    ("intake_to_assessment", 20, 15),
]


def add_defaults(apps, schema_editor):
    SlaTarget = apps.get_model("cases", "SlaTarget")
    for clock, working_days, warn_at in DEFAULTS:
        SlaTarget.objects.get_or_create(clock=clock, defaults={"working_days": working_days, "warn_at": warn_at})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
