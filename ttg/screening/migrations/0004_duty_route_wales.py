"""Issue 23 item 9: a duty to refer's route, England (the duty to refer, T8) or Wales (the Welsh national
pathway, T8W). Duties not yet referred take theirs by rule R-W1: the country of the local authority the person
chose, where they chose one (`ttg.estate.reference.local_authority_country`), otherwise the country of the
prison holding them (estate migration 0005). Referred duties were made under the English duty, the only route
the service had. Due dates are kept: with the default setting (56 days) the Welsh pathway's date is the same."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

from ttg.estate import reference


def forwards(apps: Any, schema_editor: Any) -> None:
    DutyToRefer = apps.get_model("screening", "DutyToRefer")
    open_duties = DutyToRefer.objects.filter(referred_on__isnull=True).select_related("custody_period__current_prison")
    for duty in open_duties.iterator():
        prison = duty.custody_period.current_prison
        route = reference.local_authority_country(duty.local_housing_authority) or (prison.country if prison else reference.ENGLAND)
        if route != duty.route:
            duty.route = route
            duty.save(update_fields=["route"])


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0003_duty_consent_from_screening"),
        ("estate", "0005_prison_country"),
    ]

    operations = [
        migrations.AddField(
            model_name="dutytorefer",
            name="route",
            field=models.CharField(
                choices=[("england", "England"), ("wales", "Wales")],
                default="england",
                help_text="England: the duty to refer (T8); Wales: the Welsh national pathway (T8W). Decided by rule R-W1 until referred",
                max_length=10,
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
