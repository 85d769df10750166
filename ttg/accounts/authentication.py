"""API tokens that expire (security.md, authentication): a token older than TTG_API_TOKEN_MAX_AGE_DAYS
is refused, with a message saying why and what to do. Token age is real time, not the service's clock
(TTG_NOW), because it is about the secret, not about the work."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def max_age_days() -> int:
    """Days a token lasts (unsourced: TTG_API_TOKEN_MAX_AGE_DAYS, 90); 0 means tokens never expire."""
    return int(getattr(settings, "TTG_API_TOKEN_MAX_AGE_DAYS", 90))


def expires_at(created: Any) -> Any:
    days = max_age_days()
    return created + timedelta(days=days) if days > 0 else None


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        ends = expires_at(token.created)
        if ends is not None and timezone.now() >= ends:
            raise exceptions.AuthenticationFailed(
                f"This token expired on {timezone.localtime(ends):%-d %B %Y}: tokens last {max_age_days()} days. "
                "Ask an administrator for a new one."
            )
        return user, token
