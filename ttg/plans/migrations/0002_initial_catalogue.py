"""The catalogue's initial content: our reading of the 2015 model and of the enhanced specification's
Annex A (ttg/plans/catalogue/data/*.json, docs/catalogue.md)."""

from django.db import migrations


def load(apps, schema_editor):
    from ttg.plans.catalogue.loader import load_initial_catalogue

    load_initial_catalogue(version_model=apps.get_model("plans", "CatalogueVersion"), activity_model=apps.get_model("plans", "Activity"))


def unload(apps, schema_editor):
    from ttg.plans.catalogue.loader import CATALOGUE_DIR, INITIAL_FILES, read_version_file

    CatalogueVersion = apps.get_model("plans", "CatalogueVersion")
    for name in INITIAL_FILES:
        data = read_version_file(CATALOGUE_DIR / name)
        CatalogueVersion.objects.filter(name=data.name, in_force_from=data.in_force_from).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
