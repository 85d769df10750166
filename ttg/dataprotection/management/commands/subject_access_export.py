"""Export everything held about one person (subject access, UK GDPR Art. 15), as JSON or HTML.

    python manage.py subject_access_export A1234BC --format json > A1234BC.json
    python manage.py subject_access_export A1234BC --format html --output A1234BC.html
    python manage.py subject_access_export A1234BC --format pdf --output A1234BC.pdf

Each export is logged in the audit trail (dataprotection.subject_access.export), with --reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ttg.dataprotection import export, services
from ttg.people.models import Person


class Command(BaseCommand):
    help = "Export everything held about one person (subject access) as JSON or HTML; the export is audit-logged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prison_number")
        parser.add_argument("--format", choices=("json", "html", "pdf"), default="json")
        parser.add_argument("--output", help="A file to write (default: standard output; needed for pdf)")
        parser.add_argument("--reason", default="", help="The request it answers, e.g. its reference (logged)")

    def handle(self, *args: Any, **options: Any) -> None:
        number = options["prison_number"].strip().upper()
        person = Person.objects.filter(prison_number=number).first()
        if person is None:
            raise CommandError(f"No person with prison number {number}")
        fmt = options["format"]
        if fmt == "pdf" and not options["output"]:
            raise CommandError("--format pdf needs --output FILE")
        body: str | bytes = export.as_json(person) if fmt == "json" else export.as_html(person) if fmt == "html" else export.as_pdf(person)
        services.log_export(person=person, by=None, fmt=fmt, reason=options["reason"] or "Subject access request (command line)")
        if options["output"]:
            target = Path(options["output"])
            if isinstance(body, bytes):
                target.write_bytes(body)
            else:
                target.write_text(body, encoding="utf-8")
            self.stderr.write(f"Written to {options['output']}")
        else:
            self.stdout.write(str(body))
