"""A person's language is empty until recorded, and their prison's applies meanwhile (rule L1, issue 22).

Until now English was the default, so a recorded English could not be told from none. The caseworker's
choice is audited (`people.person.language`): a person whose English no audit event records chose
nothing, and becomes "not recorded"."""

from django.db import migrations, models


def not_recorded_unless_chosen(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    AuditEvent = apps.get_model("core", "AuditEvent")
    chosen = {
        int(pk)
        for pk in AuditEvent.objects.filter(action="people.person.language", object_type="people.Person").values_list(
            "object_id", flat=True
        )
        if pk.isdigit()
    }
    Person.objects.filter(language="en-gb").exclude(pk__in=chosen).update(language="")


def english_when_not_recorded(apps, schema_editor):
    apps.get_model("people", "Person").objects.filter(language="").update(language="en-gb")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_person_language"),
        ("core", "0003_audit_hash_chain"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="language",
            field=models.CharField(
                blank=True, choices=[("en-gb", "English"), ("cy", "Cymraeg (Welsh)")], db_default="", default="", max_length=5
            ),
        ),
        migrations.RunPython(not_recorded_unless_chosen, english_when_not_recorded),
    ]
