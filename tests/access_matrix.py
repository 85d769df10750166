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
}

# The Django admin is one unit: administrators only (checked in test_access_matrix.py).
ADMIN_ROLES = frozenset({Role.ADMINISTRATOR})
