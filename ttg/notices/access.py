"""Notices: contract managers and administrators draft, publish and follow them up (all notices,
drafts too); everyone else sees only the published notices sent to them, and their own
acknowledgements."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.accounts.constants import PEOPLE_ROLES, Role
from ttg.core import access

from .constants import Status

PUBLISHERS = (Role.CONTRACT_MANAGER, Role.ADMINISTRATOR)


def is_publisher(user: Any) -> bool:
    return access.can(user, "notices.publish")


def _notices(user: Any, prefix: str = "") -> Q | None:
    if user.role in PUBLISHERS:
        return Q()
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}recipients__user": user})


def _through_notice(user: Any) -> Q | None:
    return _notices(user, prefix="notice__")


def _recipients(user: Any) -> Q | None:
    if user.role in PUBLISHERS:
        return Q()
    return Q(user=user, notice__status=Status.PUBLISHED)


def register() -> None:
    access.register_actions(
        {
            "notices.view": "Read the notices of changes to the specification and the rules sent to me",
            "notices.acknowledge": "Acknowledge that I have read and understood a notice sent to me",
            "notices.publish": "Draft and publish notices of changes, and see who has acknowledged them",
        }
    )
    access.grant(PEOPLE_ROLES, {"notices.view", "notices.acknowledge"})
    access.grant(PUBLISHERS, {"notices.publish"})
    access.register_scope("notices.Notice", _notices)
    access.register_scope("notices.NoticeLink", _through_notice)
    access.register_scope("notices.NoticeAttachment", _through_notice)
    access.register_scope("notices.NoticeRecipient", _recipients)
