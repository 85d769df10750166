"""Each plan already handed over makes its responsible officer hold the person's case (people.ProbationCase,
issue 17): from now on a handover does so in its own transaction (plans.handover.services.hand_over)."""

from django.db import migrations


def cases_from_handovers(apps, schema_editor):
    Handover = apps.get_model("plans", "Handover")
    ProbationCase = apps.get_model("people", "ProbationCase")
    held = set(ProbationCase.objects.values_list("custody_period_id", "officer_id"))
    new = []
    for handover in Handover.objects.select_related("plan").order_by("handed_over_at", "id").iterator():
        key = (handover.plan.custody_period_id, handover.officer_id)
        if key not in held:
            held.add(key)
            new.append(
                ProbationCase(
                    custody_period_id=key[0],
                    officer_id=key[1],
                    source="handover",
                    since=handover.handed_over_at,
                    recorded_by_id=handover.handed_over_by_id,
                )
            )
    ProbationCase.objects.bulk_create(new, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("plans", "0008_open_activity_due_index"), ("people", "0004_probation_case")]
    operations = [migrations.RunPython(cases_from_handovers, migrations.RunPython.noop)]
