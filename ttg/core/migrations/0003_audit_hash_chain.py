"""The audit trail's hash chain (issue 17, core/chain.py): two columns, and every event already there
sealed, in id order, as if it had been sealed when inserted.

The append-only triggers refuse the UPDATE that seals the old events, so they are dropped for it and
installed again after (where TTG_AUDIT_TRIGGERS asks for them, as in 0002). On SQLite, adding a
NOT NULL column rebuilds the table, which drops its triggers: they are installed again here too.
"""

import importlib

from django.conf import settings
from django.db import migrations, models

from ttg.core import chain

append_only = importlib.import_module("ttg.core.migrations.0002_audit_append_only")


def _reinstall(apps, schema_editor):
    append_only.backwards(apps, schema_editor)  # DROP ... IF EXISTS: the triggers, where there are any
    if getattr(settings, "TTG_AUDIT_TRIGGERS", True):
        append_only.install(schema_editor.connection)


def seal_existing(apps, schema_editor):
    connection = schema_editor.connection
    AuditEvent = apps.get_model("core", "AuditEvent")
    events = AuditEvent.objects.using(connection.alias).order_by("id")
    if events.exists():
        append_only.backwards(apps, schema_editor)  # the triggers would refuse the UPDATE that seals
        previous = ""
        for event in events.iterator(chunk_size=2000):
            event.prev_hash = previous
            event.hash = previous = chain.link(event, previous)
            # A queryset update: the historical model's save() is Django's own.
            AuditEvent.objects.using(connection.alias).filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
    _reinstall(apps, schema_editor)


def reinstall_triggers(apps, schema_editor):
    _reinstall(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]

    operations = [
        # Reversed last: removing the columns rebuilds the table on SQLite, which drops its triggers.
        migrations.RunPython(migrations.RunPython.noop, reinstall_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, editable=False, help_text="HMAC-SHA256 of its content and prev_hash", max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, editable=False, help_text="The hash of the event before it in the chain", max_length=64),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
    ]
