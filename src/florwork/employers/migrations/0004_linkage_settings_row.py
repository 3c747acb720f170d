"""The import linkage's thresholds start as one row an officer can change (merge ≥ 0.95, review ≥ 0.50)."""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    Settings = apps.get_model("employers", "LinkageSettings")
    if not Settings.objects.exists():
        Settings.objects.create(merge_threshold=Decimal("0.950"), review_threshold=Decimal("0.500"),
                                updated_at=timezone.now(), updated_by_label="florwork (defaults)")


class Migration(migrations.Migration):
    dependencies = [("employers", "0003_imports")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
