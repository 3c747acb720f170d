"""Starting routing parameters: Florence-province roads are ~1.35× the straight line, 35 km/h door to door
in mixed urban and hill traffic, 45-minute visits; the officers tune them on the parameters page."""

from decimal import Decimal

from django.db import migrations


def add_defaults(apps, schema_editor):
    RoutingParameters = apps.get_model("visits", "RoutingParameters")
    if not RoutingParameters.objects.exists():
        RoutingParameters.objects.create(road_factor=Decimal("1.35"), speed_kmh=Decimal("35"), visit_minutes=45)


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
