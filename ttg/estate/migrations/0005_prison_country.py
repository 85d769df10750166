"""Issue 23 item 9: each prison's country. Prisons already loaded take theirs from the reference list of
establishments (`ttg/estate/data/prisons.csv`, its new `country` column): the five prisons in Wales it
holds are written here as they stand in that list today, so that this migration means the same whenever it
runs (HMP/YOI Prescoed, the sixth prison in Wales, is not in the list). Every other prison is in England."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

# The establishments in Wales in data/prisons.csv: HMP Berwyn, HMP Cardiff, HMP Parc, HMP Swansea, HMP Usk.
WELSH_PRISONS = ("BWI", "CFI", "PRI", "SWI", "UKI")


def forwards(apps: Any, schema_editor: Any) -> None:
    Prison = apps.get_model("estate", "Prison")
    Prison.objects.filter(code__in=WELSH_PRISONS).update(country="wales")


class Migration(migrations.Migration):
    dependencies = [
        ("estate", "0004_alter_prison_enhanced_go_live_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="prison",
            name="country",
            field=models.CharField(
                choices=[("england", "England"), ("wales", "Wales")],
                default="england",
                help_text=(
                    "England or Wales, from the reference list of establishments (data/prisons.csv). Prisons in England follow the "
                    "English homelessness duty to refer; prisons in Wales the Welsh national pathway."
                ),
                max_length=10,
                verbose_name="country",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
