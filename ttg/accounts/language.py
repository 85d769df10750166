"""Recording the language each user reads the service in (issue 22, docs/welsh.md), so that what the
service sends them later (notifications: docs/notifications.md) is written in it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from ttg.core.languages import Language


def normalised(code: str | None) -> str:
    """Django's active language code as one of the service's: "cy" or "en-gb" (English in any form)."""
    return Language.WELSH.value if (code or "").lower().startswith("cy") else Language.ENGLISH.value


class UserLanguageMiddleware:
    """After LocaleMiddleware and AuthenticationMiddleware: a signed-in user's `language` follows the
    language of the page they are reading. Written only when it changes, so an ordinary request writes nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # After the view, so a user who signed in during this request is seen, and a switch through
        # /language/ (which only sets the cookie and redirects) is recorded from the cookie it sets.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(request, "LANGUAGE_CODE", None):
            chosen = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
            language = normalised(chosen.value if chosen is not None and chosen.value else request.LANGUAGE_CODE)
            # Blank (not known) is read as the service's default, English, as notify() reads it: so an
            # English reader is never written to just for being seen, and a Welsh one once.
            if (user.language or normalised(settings.LANGUAGE_CODE)) != language:
                user.language = language
                user.save(update_fields=["language"])
        return response
