"""Load the first suggestion rules (the programme managers edit them afterwards, as new versions)."""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

RULES_V1 = Path(__file__).resolve().parent.parent / "data" / "suggestion_rules_v1.json"


def load(apps, schema_editor):
    apps.get_model("plans", "SuggestionRuleSet").objects.create(
        version=1, rules=json.loads(RULES_V1.read_text(encoding="utf-8")), note="first rules",
        created_at=timezone.now(), created_by_label="florwork (system)")


def unload(apps, schema_editor):
    apps.get_model("plans", "SuggestionRuleSet").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
