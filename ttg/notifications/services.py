"""The notifications API for other apps, and the recipient's own changes (mark read).

    from ttg.notifications.services import notify

    with transaction.atomic():
        ... make the change ...
        notify(key=f"referral:{referral.pk}:accepted", recipients=[referrer], template="referral_changed",
               context={...}, link=reverse("referral", kwargs={"pk": referral.pk}))

One row per (key, recipient): calling it again with the same key (a retried request, a repeated
call) adds nothing and sends nothing more. Delivery is enqueued only after the transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation

from ttg.core import clock
from ttg.core.access import get_for

from . import messages, tasks
from .models import Notification


def notify(*, key: str, recipients: Iterable[Any], template: str, context: dict[str, Any], link: str = "") -> list[Notification]:
    """Store one notification per recipient for this change and deliver each after commit.

    The subject and body are rendered in each recipient's language (`User.language`), once per
    language. A context value that is words may be a lazy translation or a callable with no
    arguments (called in each language); dates are passed as dates (the templates format them).
    Returns the notifications created by this call (none for recipients who already have one for
    this key). Raises messages.UnknownTemplateError for a template with no message files.
    """
    if not key or len(key) > 200:
        raise ValueError("A notification key is 1 to 200 characters")
    people = {r.pk: r for r in recipients if r is not None and r.is_active}
    # Each recipient reads it in the language they last read the service in (accounts' User.language;
    # blank, not yet known: the service's default). One rendering per language, not per person.
    # With no one to tell it is still rendered once, so an unknown template fails all the same.
    languages = {_language_of(r) for r in people.values()} or {settings.LANGUAGE_CODE}
    rendered = {language: _render(template, context, language) for language in sorted(languages)}
    created: list[Notification] = []
    with transaction.atomic():
        for recipient in people.values():
            subject, body = rendered[_language_of(recipient)]
            # get_or_create copes with a concurrent insert of the same key (it re-reads after the
            # unique constraint refuses the second), so only one row, and one delivery, ever exists.
            notification, made = Notification.objects.get_or_create(
                key=key,
                recipient=recipient,
                defaults={"template": template, "subject": subject, "body": body, "link": link[:500], "created_at": clock.now()},
            )
            if made:
                created.append(notification)
                transaction.on_commit(_enqueue_delivery(notification.pk))
    return created


def _language_of(recipient: Any) -> str:
    return getattr(recipient, "language", "") or settings.LANGUAGE_CODE


def _render(template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """(subject, body) in the language. A callable value in the context is called in it: a caller whose
    words are made by gettext passes `lambda: _("...") % {...}` so they follow the recipient."""
    with translation.override(language):
        values = {name: value() if callable(value) else value for name, value in context.items()}
        return messages.render(template, {"service_name": settings.TTG_SERVICE_NAME, **values})


def _enqueue_delivery(pk: int) -> Callable[[], Any]:
    return lambda: tasks.deliver.enqueue(pk)


def mine(user: Any) -> QuerySet[Notification]:
    return Notification.objects.visible_to(user).filter(recipient=user)


def unread_count(user: Any) -> int:
    """One query."""
    return mine(user).filter(read_at__isnull=True).count()


def mark_read(*, user: Any, pk: int) -> Notification:

    with transaction.atomic():
        notification = get_for(user, mine(user).select_for_update(), pk=pk)
        if notification.read_at is None:
            notification.read_at = clock.now()
            notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: Any) -> int:
    with transaction.atomic():
        return mine(user).filter(read_at__isnull=True).update(read_at=clock.now())
