"""Contract assurance: who may do what, and which rows they see.

- Audit samples (R-A2): the contract managers of the CRC see its samples; the contract manager draws
  and checks them; the CRC's managers see their own CRC's samples, findings and actions and answer
  the actions. Who a sampled person is: only the contract manager who drew the sample, one logged
  reveal at a time (`assurance.reveal`), never `person.identify`.
- Issues (R-A3): whoever raised one follows it; the contract managers of its CRC read and resolve it.
- Engagement log (R-A5): the CRC's managers, the partner organisation's caseworkers and the CRC's
  contract managers. A second CRC or organisation sees nothing of the first's.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.accounts.constants import Role
from ttg.core import access

SAMPLE = "assurance.sample"
SAMPLE_VIEW = "assurance.sample_view"
REVEAL = "assurance.reveal"
RESPOND = "assurance.respond"
ISSUE_RAISE = "assurance.issue_raise"
ISSUE_VIEW = "assurance.issue_view"
ISSUE_RESOLVE = "assurance.issue_resolve"
ENGAGEMENT_VIEW = "assurance.engagement_view"
ENGAGEMENT_RECORD = "assurance.engagement_record"

RAISERS = [
    Role.PRISON_OFFICER,
    Role.GOVERNOR,
    Role.TTG_CASEWORKER,
    Role.CRC_MANAGER,
    Role.PARTNER_CASEWORKER,
    Role.RESPONSIBLE_OFFICER,
]


def managed(user: Any, path: str = "crc") -> Q | None:
    """A contract manager's CRCs, or a CRC manager's own CRC."""
    if user.role == Role.CONTRACT_MANAGER:
        return Q(**{f"{path}__in": user.managed_crcs.all()})
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return Q(**{f"{path}_id": user.crc_id})
    return None


def _samples(prefix: str) -> Any:
    def scope(user: Any) -> Q | None:
        return managed(user, f"{prefix}crc")

    return scope


def _reveal(user: Any) -> Q | None:
    """Cases in a sample the contract manager drew, of a CRC they still manage."""
    if user.role != Role.CONTRACT_MANAGER:
        return None
    return Q(sample__drawn_by=user, sample__crc__in=user.managed_crcs.all())


def issues(user: Any, prefix: str = "") -> Q | None:
    if user.role == Role.CONTRACT_MANAGER:
        return Q(**{f"{prefix}crc__in": user.managed_crcs.all()})
    if user.role in RAISERS:
        return Q(**{f"{prefix}raised_by": user})
    return None


def _issue_notes(user: Any) -> Q | None:
    return issues(user, "issue__")


def engagements(user: Any) -> Q | None:
    if user.role == Role.PARTNER_CASEWORKER and user.organisation_id:
        return Q(organisation_id=user.organisation_id)
    return managed(user)


def register() -> None:
    access.register_actions(
        {
            SAMPLE: "Draw audit samples of the CRCs I manage, check their cases and agree and close actions",
            SAMPLE_VIEW: "See the audit samples of the CRCs I manage, or of my CRC, their findings and actions",
            REVEAL: "See who a person in an audit sample I drew is, one logged reveal at a time",
            RESPOND: "Agree or dispute the actions from audit samples of my CRC",
            ISSUE_RAISE: "Raise a contract-management issue with a CRC's contract managers and follow it",
            ISSUE_VIEW: "See the contract-management issues I raised, or those raised about the CRCs I manage",
            ISSUE_RESOLVE: "Resolve contract-management issues about the CRCs I manage",
            ENGAGEMENT_VIEW: "See the engagement log between CRCs and partner organisations",
            ENGAGEMENT_RECORD: "Record meetings with a CRC or a partner, or that there has been no engagement",
        }
    )
    access.grant([Role.CONTRACT_MANAGER], {SAMPLE, SAMPLE_VIEW, REVEAL, ISSUE_VIEW, ISSUE_RESOLVE, ENGAGEMENT_VIEW})
    access.grant([Role.CRC_MANAGER], {SAMPLE_VIEW, RESPOND, ENGAGEMENT_VIEW, ENGAGEMENT_RECORD})
    access.grant([Role.PARTNER_CASEWORKER], {ENGAGEMENT_VIEW, ENGAGEMENT_RECORD})
    access.grant(RAISERS, {ISSUE_RAISE, ISSUE_VIEW})
    access.register_scope("assurance.AuditSample", _samples(""))
    access.register_scope("assurance.SampleCase", _samples("sample__"))
    access.register_scope("assurance.SampleCase", _reveal, action=REVEAL)
    access.register_scope("assurance.SampleAction", _samples("sample__"))
    access.register_scope("assurance.ContractIssue", issues)
    access.register_scope("assurance.IssueNote", _issue_notes)
    access.register_scope("assurance.Engagement", engagements)
