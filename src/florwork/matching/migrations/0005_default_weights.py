"""The ranking's weights in force at installation: the core's defaults, version 1."""

from dataclasses import asdict

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from florwork.matching.ranking.weights import Weights

    RankingWeights = apps.get_model("matching", "RankingWeights")
    if not RankingWeights.objects.exists():
        values = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(Weights()).items()}
        RankingWeights.objects.create(version=1, values=values, note="defaults", created_at=timezone.now(),
                                      created_by_label="florwork")


class Migration(migrations.Migration):
    dependencies = [("matching", "0004_person_skills_weights")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
