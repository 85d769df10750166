"""The access matrix: for every named route, which roles may use it.

tests/test_access_matrix.py walks the URL resolver and fails for any route without an entry here,
and for any entry whose route no longer exists. Add your route here when you add a page or an
endpoint (docs/adding-a-feature.md, step 5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ttg.accounts.constants import PEOPLE_ROLES, Role

EVERY_ROLE = frozenset(Role)
PEOPLE = frozenset(PEOPLE_ROLES)  # not integration accounts, which are systems
NO_ROLE: frozenset[Role] = frozenset()


@dataclass(frozen=True)
class Entry:
    roles: frozenset[str]
    public: bool = False
    api: bool = False
    method: str = "get"
    # Builds URL kwargs from the personas (role -> user) for routes with parameters.
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda personas: {})
    # Status for an allowed request, when not 200 (e.g. a redirect after a POST).
    ok_status: int = 200


PERSON_ROLES = frozenset({Role.PRISON_OFFICER, Role.GOVERNOR, Role.TTG_CASEWORKER, Role.CRC_MANAGER})
MATRIX_PRISON_NUMBER = "M1234AT"


def _person_at_altcourse(personas: dict[str, Any]) -> dict[str, Any]:
    """A person in custody at HMP Altcourse (ACI), received through the real feed importer."""
    import io

    from ttg.people.importer import import_feed
    from ttg.people.models import Person

    if not Person.objects.filter(prison_number=MATRIX_PRISON_NUMBER).exists():  # once per test database
        row = f"matrix-1,RECEPTION,2019-08-01T10:00:00+01:00,{MATRIX_PRISON_NUMBER},ACI,,,Sam,Matrix,1980-05-05,M,W1,REMAND,,,,,\n"
        header = "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,date_of_birth,sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"
        import_feed(io.BytesIO((header + row).encode()), source="access matrix", kind="csv")
    return {"prison_number": MATRIX_PRISON_NUMBER}


MATRIX: dict[str, Entry] = {
    "home": Entry(PEOPLE),
    "login": Entry(EVERY_ROLE, public=True, ok_status=302),  # signed-in users are sent home
    "logout": Entry(EVERY_ROLE, public=True, method="post", ok_status=302),
    "accessibility": Entry(EVERY_ROLE, public=True),
    "privacy": Entry(EVERY_ROLE, public=True),
    "cookies": Entry(EVERY_ROLE, public=True),
    "healthz": Entry(EVERY_ROLE, public=True),
    "audit_search": Entry(frozenset({Role.CONTRACT_MANAGER, Role.ADMINISTRATOR})),
    "api_me": Entry(EVERY_ROLE, api=True),
    "api_audit_events": Entry(frozenset({Role.CONTRACT_MANAGER, Role.ADMINISTRATOR}), api=True),
    "api_schema": Entry(EVERY_ROLE, api=True),
    "api_docs": Entry(EVERY_ROLE, api=True),
    # A POST with no body: allowed roles get a clear 400/415, never a silent success.
    "api_custody_feed": Entry(frozenset({Role.INTEGRATION, Role.ADMINISTRATOR}), api=True, method="post", ok_status=415),
    # People in custody: prison staff and the CRC serving the prison; the objects are in their scope.
    "people_search": Entry(PERSON_ROLES),
    "person_detail": Entry(PERSON_ROLES, kwargs=_person_at_altcourse),
    "my_caseloads": Entry(PERSON_ROLES),
    "prison_caseload": Entry(PERSON_ROLES, kwargs=lambda personas: {"code": "ACI"}),
    # The estate: reference data, no personal data; every person's role may read it.
    "prison_list": Entry(PEOPLE),
    "prison_detail": Entry(PEOPLE, kwargs=lambda personas: {"code": "ACI"}),
    "crc_list": Entry(PEOPLE),
    "nps_division_list": Entry(PEOPLE),
    "organisation_list": Entry(PEOPLE),
}

# The Django admin is one unit: administrators only (checked in test_access_matrix.py).
ADMIN_ROLES = frozenset({Role.ADMINISTRATOR})
