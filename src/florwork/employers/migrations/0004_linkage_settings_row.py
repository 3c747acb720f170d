"""The import linkage's thresholds start as one row an officer can change: merge at 0.99 or above, review at
0.50 or above (Splink with its fixed priors puts a mistyped name without identifiers near 0.99: a person
looks at those)."""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    Settings = apps.get_model("employers", "LinkageSettings")
    if not Settings.objects.exists():
        Settings.objects.create(merge_threshold=Decimal("0.990"), review_threshold=Decimal("0.500"),
                                updated_at=timezone.now(), updated_by_label="florwork (defaults)")


class Migration(migrations.Migration):
    dependencies = [("employers", "0003_imports")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
