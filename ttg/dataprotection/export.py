"""The subject access export (UK GDPR Art. 15): everything registered about one person, with the
purposes, recipients, retention and rights the person is told of, as JSON or as a printable page."""

from __future__ import annotations

import json
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ttg.core import clock, personal_data
from ttg.people.models import Person

from . import selectors


def document(person: Person) -> dict[str, Any]:
    """The export as plain JSON values."""
    due = selectors.retention(person, clock.today())
    return {
        "prison_number": person.prison_number,
        "produced_at": clock.now().isoformat(),
        "controller": _("Ministry of Justice (HMPPS), through the Through the Gate resettlement service"),
        "purposes": _(
            "Resettlement of people leaving prison: screening needs, planning and delivering activities, "
            "referrals to partners, handover to probation, paying for services, and auditing the contracts."
        ),
        "recipients": _(
            "Prison and CRC staff where the person is held; partner organisations the person was referred to "
            "(under an information-sharing agreement); the responsible officer the case was handed over to; "
            "HMPPS contract managers in audit samples. The audit trail section lists each consultation."
        ),
        "retention": {
            "years_after_release": selectors.retention_years(),
            "last_released_on": due.last_released_on.isoformat() if due.last_released_on else None,
            "due_on": due.due_on.isoformat() if due.due_on else None,
            "decision": list(due.decision.reasons),
        },
        "rights": _(
            "The person may ask for inaccurate data to be corrected (recorded as an accuracy dispute until resolved), "
            "and may complain to the Information Commissioner's Office."
        ),
        "sections": personal_data.export(person)["sections"],
    }


def as_json(person: Person) -> str:
    return json.dumps(document(person), indent=2, ensure_ascii=False, sort_keys=False)


def as_html(person: Person, request: Any = None) -> str:
    """A standalone printable page (the command writes it to a file; the PDF is made from it)."""
    return render_to_string("dataprotection/export_standalone.html", {"doc": document(person), "person": person}, request=request)


def as_pdf(person: Person) -> bytes:
    """The standalone page as a tagged PDF (PDF/UA-1, as the printed plan: ttg/plans/plan/views_print.py)."""
    from weasyprint import HTML  # imported here: it loads Pango, which only the PDF needs

    return bytes(HTML(string=as_html(person)).write_pdf(pdf_variant="pdf/ua-1"))
