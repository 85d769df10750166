"""Who a person is, or only their case reference: what each user may be shown about a person.

Contract managers manage contracts, not cases: the service brief gives them person-level data only in
audit samples, and there only through a logged reveal of one person in a sample they drew
(`ttg/assurance`, action `assurance.reveal`), never through this action. Wherever a page, an API response or an export
would name a person, a user without the `person.identify` action sees the person's case reference
instead: "C-7K3P-Q9XM", the same for one person on every page, API response and export, and not
reversible by them (an HMAC of the person's id under a key the service keeps, core/pseudonyms.py).
Never their name, date of birth or prison number.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from jinja2 import pass_context

from ttg.core import access
from ttg.core.pseudonyms import pseudonym

IDENTIFY = "person.identify"


def case_reference(person_or_id: Any) -> str:
    """The person's case reference: "C-" and eight letters and digits, the same every time."""
    person_id = getattr(person_or_id, "pk", person_or_id)
    return pseudonym("people.person", int(person_id), prefix="C")


def may_identify(user: Any) -> bool:
    """Whether the user may be shown who a person is (name, date of birth, prison number)."""
    return access.can(user, IDENTIFY)


def name_for(user: Any, person: Any) -> str:
    """ "Sam Hill", or the case reference for a user who may not identify people."""
    return f"{person.first_name} {person.last_name}" if may_identify(user) else case_reference(person)


def label_for(user: Any, person: Any) -> str:
    """ "Sam Hill (A1234BC)", or the case reference for a user who may not identify people."""
    return f"{person.first_name} {person.last_name} ({person.prison_number})" if may_identify(user) else case_reference(person)


def prison_number_for(user: Any, person: Any) -> str:
    """The prison number, or the case reference for a user who may not identify people."""
    return str(person.prison_number) if may_identify(user) else case_reference(person)


def _user(context: Any) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


@pass_context
def person_name(context: Any, person: Any) -> str:
    """Template global: the person's name, or their case reference (for the user of the request)."""
    return name_for(_user(context), person)


@pass_context
def person_label(context: Any, person: Any) -> str:
    """Template global: name and prison number, or the case reference."""
    return label_for(_user(context), person)


@pass_context
def person_number(context: Any, person: Any) -> str:
    """Template global: the prison number, or the case reference."""
    return prison_number_for(_user(context), person)


@pass_context
def may_identify_people(context: Any) -> bool:
    """Template global: whether the user of the request may be shown who a person is."""
    return may_identify(_user(context))


@pass_context
def person_heading(context: Any) -> str:
    """Template global: the heading of a column of people: "Person", or "Case reference"."""
    return _("Person") if may_identify(_user(context)) else _("Case reference")


TEMPLATE_GLOBALS = {
    "person_name": person_name,
    "person_label": person_label,
    "person_number": person_number,
    "person_heading": person_heading,
    "may_identify_people": may_identify_people,
    "case_reference": case_reference,
}
