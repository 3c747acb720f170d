"""Load the taxonomy shipped with the product, so that every installation has one (no ESCO download needed)."""

from django.db import migrations


def load(apps, schema_editor):
    from florwork.matching.services import ModelSet, write_taxonomy
    from florwork.matching.taxonomy import bundled

    models = ModelSet(*(apps.get_model("matching", name) for name in (
        "Occupation", "Skill", "OccupationSkill", "SkillSkill", "Label", "TaxonomyRelease")))
    data, version = bundled.read()
    write_taxonomy(data=data, source="bundled", version=version, models=models)


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
