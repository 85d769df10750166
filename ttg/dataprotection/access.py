"""Who may do what with data protection (docs/data-protection.md).

- Subject access, legal holds and the retention schedule: administrators. A subject access request
  is answered by the controller's information-rights team, for the whole population, which no
  caseload role sees; the service has no role of its own for that team, and the administrator is
  the service's own operator role (with multi-factor sign-in, issue 17 item 4). Each export and each
  look at a person for it is logged with its reason.
- Accuracy disputes: whoever may see the person's custody record (prison and CRC staff in scope) records
  the dispute the person raises with them, and resolves it once checked.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.people.access import PERSON_ROLES, through_person


def _administrators(user: Any) -> Q | None:
    return Q() if user.role == Role.ADMINISTRATOR else None


def register() -> None:
    access.register_actions(
        {
            "dataprotection.subject_access": "Export everything held about a person (subject access), and place or release a legal hold",
            "dataprotection.dispute": "Record that a person disputes the accuracy of their record, and resolve it",
        }
    )
    access.grant([Role.ADMINISTRATOR], {"dataprotection.subject_access"})
    access.grant(PERSON_ROLES, {"dataprotection.dispute"})
    access.register_scope("dataprotection.AccuracyDispute", through_person("person", "A person's disputes, to whoever may see them."))
    access.register_scope("dataprotection.AccuracyDispute", _administrators)
    access.register_scope("dataprotection.LegalHold", _administrators)
    access.register_scope("dataprotection.Erasure", _administrators)
