"""Issue 23 item 8: duties to refer raised before the screening's answers carried through take the consent
and the local housing authority the person gave in the screening that raised them, where nobody has
recorded anything on the duty since (no `updated_by`, not referred). The question set the screening was
answered under reads the answers (the pure `questions.duty_to_refer_answers`); the stored decisions'
copy of the consent is kept with it."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from ttg.screening import questions


def forwards(apps: Any, schema_editor: Any) -> None:
    DutyToRefer = apps.get_model("screening", "DutyToRefer")
    ScreeningState = apps.get_model("screening", "ScreeningState")
    untouched = DutyToRefer.objects.filter(consent__isnull=True, updated_by__isnull=True, referred_on__isnull=True)
    for duty in untouched.select_related("raised_by_screening").iterator():
        screening = duty.raised_by_screening
        try:
            qs = questions.question_set_version(screening.kind, screening.question_set_version)
        except (KeyError, LookupError, ValueError):
            continue
        said = questions.duty_to_refer_answers(qs, screening.answers or {})
        if said.consent is None:
            continue
        duty.consent, duty.local_housing_authority = said.consent, said.local_housing_authority
        duty.save(update_fields=["consent", "local_housing_authority"])
        # The stored decisions' copy (a refusal of consent closes the duty: nothing left to do).
        stored = {"duty_consent": said.consent, **({"duty_to_do": False} if said.consent is False else {})}
        ScreeningState.objects.filter(custody_period_id=duty.custody_period_id).update(**stored)


class Migration(migrations.Migration):
    dependencies = [("screening", "0002_screening_state")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
