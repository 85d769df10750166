"""Where notifications go: chosen by the setting TTG_NOTIFY_BACKEND.

- `console` (default): writes a log line (no subject or body, so no personal data in the logs).
- `in_app`: nothing more to do: the Notification row is the in-app message (it is always stored).
- `govuk_notify`: an email through GOV.UK Notify (`notifications-python-client`), with the API key
  and template id from settings. The Notify template is a generic one whose personalisation fields
  are `subject`, `body` and `link`.

A backend raises on failure; the `deliver` task records the attempt and tries again later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from .models import Notification

log = logging.getLogger("ttg.notifications")


class Backend(Protocol):
    name: str

    def send(self, notification: Notification) -> None: ...


class ConsoleBackend:
    name = "console"

    def send(self, notification: Notification) -> None:
        log.info(
            "notification",
            extra={
                "notification_id": notification.pk,
                "key": notification.key,
                "template": notification.template,
                "recipient_id": notification.recipient_id,
            },
        )


class InAppBackend:
    name = "in_app"

    def send(self, notification: Notification) -> None:
        """The stored row is the message: the recipient reads it on /notifications/."""


class GovukNotifyBackend:
    name = "govuk_notify"

    def __init__(self, *, api_key: str, template_id: str, base_url: str = "", client_factory: Callable[[str], Any] | None = None) -> None:
        if not api_key or not template_id:
            raise ImproperlyConfigured("GOV.UK Notify needs TTG_NOTIFY_API_KEY and TTG_NOTIFY_TEMPLATE_ID")
        self.api_key = api_key
        self.template_id = template_id
        self.base_url = base_url.rstrip("/")
        self._client_factory = client_factory or _notify_client
        self._client: Any = None

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = self._client_factory(self.api_key)
        return self._client

    def send(self, notification: Notification) -> None:
        email = notification.recipient.email
        if not email:
            raise ValueError("The recipient has no email address")
        link = f"{self.base_url}{notification.link}" if notification.link else ""
        self.client.send_email_notification(
            email_address=email,
            template_id=self.template_id,
            personalisation={"subject": notification.subject, "body": notification.body, "link": link},
            reference=f"ttg-notification-{notification.pk}",
        )


def _notify_client(api_key: str) -> Any:
    from notifications_python_client.notifications import NotificationsAPIClient  # type: ignore[import-not-found,unused-ignore]

    return NotificationsAPIClient(api_key)


def get_backend(name: str | None = None) -> Backend:
    """The backend the settings name (or `name`)."""
    name = name or settings.TTG_NOTIFY_BACKEND
    if name == "console":
        return ConsoleBackend()
    if name == "in_app":
        return InAppBackend()
    if name == "govuk_notify":
        return GovukNotifyBackend(
            api_key=settings.TTG_NOTIFY_API_KEY, template_id=settings.TTG_NOTIFY_TEMPLATE_ID, base_url=settings.TTG_NOTIFY_BASE_URL
        )
    raise ImproperlyConfigured(f"Unknown TTG_NOTIFY_BACKEND {name!r}: use console, in_app or govuk_notify")
