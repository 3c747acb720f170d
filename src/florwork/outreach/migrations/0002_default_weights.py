"""The first version of the outreach weights: the defaults of ``scoring.Weights``."""

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from florwork.outreach.scoring import Weights

    ScoringWeights = apps.get_model("outreach", "ScoringWeights")
    if not ScoringWeights.objects.exists():
        ScoringWeights.objects.create(values=Weights().to_dict(), note="defaults", created_at=timezone.now(),
                                      by_label="florwork (system)")


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
