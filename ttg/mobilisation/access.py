"""Mobilisation: CRC managers their CRC's plans, contract managers the CRCs they manage, governors
their own prison's, administrators all; a partner organisation only its own commitments in submitted
plans and the bids that named it (R-M4), never the rest of a plan. Monitoring meetings (R-M2) are
the contract manager's and the CRC manager's only. A second CRC sees nothing of the first's."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.accounts.constants import Role
from ttg.core import access


def plans(user: Any, prefix: str = "") -> Q | None:
    if user.role == Role.ADMINISTRATOR:
        return Q()
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return Q(**{f"{prefix}crc_id": user.crc_id})
    if user.role == Role.CONTRACT_MANAGER:
        return Q(**{f"{prefix}crc__in": user.managed_crcs.all()})
    if user.role == Role.GOVERNOR and user.prison_id:
        return Q(**{f"{prefix}prison_id": user.prison_id})
    return None


def _versions(user: Any) -> Q | None:
    return plans(user, "plan__")


def _commitments(user: Any) -> Q | None:
    """The plan's readers; and a partner its own organisation's commitments once a submitted version named them."""
    if user.role == Role.PARTNER_CASEWORKER and user.organisation_id:
        return Q(organisation_id=user.organisation_id, shared_at__isnull=False)
    return plans(user, "plan__")


def _bid_namings(user: Any) -> Q | None:
    if user.role == Role.PARTNER_CASEWORKER and user.organisation_id:
        return Q(organisation_id=user.organisation_id)
    if user.role == Role.GOVERNOR:
        return None
    return plans(user)


def _monitoring(prefix: str) -> Any:
    """Monitoring meetings (R-M2): the contract managers of the CRC and its CRC managers; nobody else, partners never."""

    def scope(user: Any) -> Q | None:
        if user.role == Role.CONTRACT_MANAGER:
            return Q(**{f"{prefix}crc__in": user.managed_crcs.all()})
        if user.role == Role.CRC_MANAGER and user.crc_id:
            return Q(**{f"{prefix}crc_id": user.crc_id})
        return None

    return scope


def register() -> None:
    access.register_actions(
        {
            "mobilisation.view": "See mobilisation plans and readiness for my CRC, the CRCs I manage or my prison",
            "mobilisation.edit": "Build and submit my CRC's mobilisation plans and declare a prison ready",
            "mobilisation.review": "Sign off or return mobilisation plans, sign readiness off and set or move go-live dates",
            "mobilisation.agree": "Agree or disagree that the CRC is ready in my prison",
            "mobilisation.respond": "See what mobilisation plans commit to my organisation and confirm or dispute it",
            "mobilisation.monitor": "Record monitoring meetings on the mobilisation plans of the CRCs I manage, and their actions",
            "mobilisation.close_action": "Mark an action from a monitoring meeting on my CRC's, or a CRC I manage's, plan done",
            "mobilisation.record_bids": "Record and see the organisations a CRC's bid named but never contracted (Schedule 6)",
        }
    )
    access.grant([Role.CRC_MANAGER, Role.CONTRACT_MANAGER, Role.GOVERNOR, Role.ADMINISTRATOR], {"mobilisation.view"})
    access.grant([Role.CRC_MANAGER], {"mobilisation.edit"})
    access.grant([Role.CONTRACT_MANAGER], {"mobilisation.review"})
    access.grant([Role.GOVERNOR], {"mobilisation.agree"})
    access.grant([Role.PARTNER_CASEWORKER], {"mobilisation.respond"})
    access.grant([Role.CONTRACT_MANAGER], {"mobilisation.monitor"})
    access.grant([Role.CRC_MANAGER, Role.CONTRACT_MANAGER], {"mobilisation.close_action"})
    access.grant([Role.CONTRACT_MANAGER, Role.ADMINISTRATOR], {"mobilisation.record_bids"})
    access.register_scope("mobilisation.MobilisationPlan", plans)
    access.register_scope("mobilisation.PlanVersion", _versions)
    access.register_scope("mobilisation.Commitment", _commitments)
    access.register_scope("mobilisation.BidNaming", _bid_namings)
    access.register_scope("mobilisation.MonitoringMeeting", _monitoring("plan__"))
    access.register_scope("mobilisation.MeetingAction", _monitoring("meeting__plan__"))
