"""The Art. 14 framework parameters the registry starts with.

EXAMPLE VALUES, clearly marked (``is_example``): the Tuscan framework agreements (L.R. Toscana 32/2002
art. 21 bis, conventions signed per province) set the coefficient, the reference labour cost and the
largest share of the quota coverable; their figures were not available here. An administrator replaces
these rows with the agreement's own figures (the ``source`` field says which act they come from).
"""

from decimal import Decimal

from django.db import migrations

EXAMPLE = {
    "region": "Toscana", "coefficient": Decimal("1.000"), "annual_labour_cost": Decimal("28000.00"),
    "max_share_of_quota": Decimal("0.300"),
    "reference_contract": "CCNL cooperative sociali, livello B1 (example)",
    "source": "Example values, not from a framework agreement: replace with the provincial convention's figures",
    "is_example": True,
}


def load(apps, schema_editor):
    Parameters = apps.get_model("employers", "Art14Parameters")
    for year in (2024, 2025, 2026):
        Parameters.objects.get_or_create(region=EXAMPLE["region"], year=year, defaults={
            k: v for k, v in EXAMPLE.items() if k != "region"})


def unload(apps, schema_editor):
    apps.get_model("employers", "Art14Parameters").objects.filter(is_example=True).delete()


class Migration(migrations.Migration):
    dependencies = [("employers", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
