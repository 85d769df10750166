"""The levels, need areas and pathways as each catalogue version's data (docs/catalogue.md).

Creates the tables, then gives every version already there its content: the initial versions from
their files (ttg/plans/catalogue/data/*.json, our reading of Annex A); any other version (an
administrator's copy) from the initial file it resembles: the 2019 one if it is organised by need
area, the 2015 one otherwise. A version that already has some is left as it is.
"""

import django.db.models.deletion
from django.db import migrations, models


def add_content(apps, schema_editor):
    from ttg.plans.catalogue.loader import CATALOGUE_DIR, INITIAL_FILES, load_structure, read_version_file

    CatalogueVersion = apps.get_model("plans", "CatalogueVersion")
    models_ = {
        "level_model": apps.get_model("plans", "CatalogueLevel"),
        "need_area_model": apps.get_model("plans", "CatalogueNeedArea"),
        "pathway_model": apps.get_model("plans", "CataloguePathway"),
    }
    files = [read_version_file(CATALOGUE_DIR / name) for name in INITIAL_FILES]
    by_key = {(data.name, data.in_force_from): data for data in files}
    with_areas = next(data for data in files if data.by_need_area)
    without_areas = next(data for data in files if not data.by_need_area)
    for version in CatalogueVersion.objects.all():
        if version.levels.exists() or version.need_areas.exists() or version.pathways.exists():
            continue
        data = by_key.get((version.name, version.in_force_from)) or (with_areas if version.by_need_area else without_areas)
        load_structure(version, data, **models_)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0006_plan_pages"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueLevel",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("level", models.PositiveSmallIntegerField(choices=[(1, "Level 1"), (2, "Level 2"), (3, "Level 3")])),
                ("name", models.CharField(max_length=200)),
                ("description", models.TextField()),
                (
                    "version",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="levels", to="plans.catalogueversion"),
                ),
            ],
            options={
                "verbose_name": "level",
                "ordering": ["version", "level"],
                "constraints": [
                    models.UniqueConstraint(fields=("version", "level"), name="level_once_per_version"),
                    models.CheckConstraint(condition=models.Q(("level__gte", 1), ("level__lte", 3)), name="catalogue_level_1_to_3"),
                ],
            },
        ),
        migrations.CreateModel(
            name="CatalogueNeedArea",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "code",
                    models.SlugField(
                        help_text="Stays the same from one version to the next; pathways name their need area by it", max_length=30
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("description", models.TextField(blank=True)),
                ("order", models.PositiveSmallIntegerField(default=0)),
                (
                    "version",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="need_areas", to="plans.catalogueversion"),
                ),
            ],
            options={
                "verbose_name": "need area",
                "ordering": ["version", "order", "id"],
                "constraints": [models.UniqueConstraint(fields=("version", "code"), name="need_area_code_unique_in_version")],
            },
        ),
        migrations.CreateModel(
            name="CataloguePathway",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "code",
                    models.CharField(
                        choices=[
                            ("accommodation", "Accommodation"),
                            ("ete", "Education, training and employment"),
                            ("health", "Health"),
                            ("drugs_alcohol", "Drugs and alcohol"),
                            ("finance", "Finance, benefit and debt"),
                            ("children_families", "Children and families"),
                            ("attitudes", "Attitudes, thinking and behaviour"),
                            ("abuse", "Support for women who have been abused, raped or experienced domestic violence"),
                            ("sex_work", "Support for women who have been involved in sex work"),
                        ],
                        help_text="The screening questions are asked by this code",
                        max_length=30,
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("description", models.TextField(blank=True)),
                ("women_only", models.BooleanField(default=False, verbose_name="for women only")),
                (
                    "need_area",
                    models.CharField(
                        blank=True, help_text="The code of one of this version's need areas; blank if the version has none", max_length=30
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0)),
                (
                    "version",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="pathways", to="plans.catalogueversion"),
                ),
            ],
            options={
                "verbose_name": "pathway",
                "ordering": ["version", "order", "id"],
                "constraints": [models.UniqueConstraint(fields=("version", "code"), name="pathway_once_per_version")],
            },
        ),
        migrations.RunPython(add_content, migrations.RunPython.noop),
    ]
