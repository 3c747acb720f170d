"""Load the hub's own employability instrument (version 1, published) and the first routing rules."""

from django.db import migrations
from django.utils import timezone

from florwork.assessment import instruments


def load(apps, schema_editor):
    at = timezone.now()
    instruments.create_rows(
        data=instruments.read(instruments.EMPLOYABILITY_V1), version=1, status="published", at=at,
        instrument_model=apps.get_model("assessment", "Instrument"),
        dimension_model=apps.get_model("assessment", "Dimension"), item_model=apps.get_model("assessment", "Item"))
    apps.get_model("assessment", "RoutingRuleSet").objects.create(
        version=1, rules=instruments.read(instruments.ROUTING_RULES_V1), note="first rules", created_at=at,
        created_by_label="florwork (system)")


def unload(apps, schema_editor):
    apps.get_model("assessment", "RoutingRuleSet").objects.filter(version=1).delete()
    apps.get_model("assessment", "Instrument").objects.filter(code="florwork-employability", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
