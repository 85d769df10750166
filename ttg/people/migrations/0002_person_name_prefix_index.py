"""Person search served by an index on PostgreSQL (issue 14).

Find a person matches a name as a case-insensitive prefix: `last_name__istartswith`, which Django
writes as `UPPER("last_name"::text) LIKE UPPER('smi%')`. PostgreSQL folds `UPPER('smi%')` to a
constant and answers a constant-prefix LIKE from a btree index on the same expression, but only
with the pattern operator class (`text_pattern_ops`) unless the database's collation is "C". The
(last_name, first_name) index cannot serve it at all. So: an index on UPPER(last_name),
UPPER(first_name) with that operator class. The second column serves "first last" searches.

PostgreSQL only: operator classes are PostgreSQL's, and SQLite's LIKE does not use expression
indexes. The index is not in Person.Meta for that reason (Django cannot say "this index, on
PostgreSQL only"); tests/test_query_plans.py checks that the search uses it.
"""

from django.db import migrations

NAME = "person_name_prefix_idx"
CREATE = f"CREATE INDEX IF NOT EXISTS {NAME} ON people_person (UPPER(last_name) text_pattern_ops, UPPER(first_name) text_pattern_ops)"
DROP = f"DROP INDEX IF EXISTS {NAME}"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
