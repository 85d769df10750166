"""System checks run by `manage.py check --deploy` (CI runs it with production settings)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

from . import access


@register(Tags.security, deploy=True)
def frozen_clock_in_production(app_configs: Any, **kwargs: Any) -> list[Error]:
    if getattr(settings, "TTG_NOW", "") and not settings.DEBUG:
        return [Error("TTG_NOW freezes the clock: it is for demos and tests, never production.", hint="Unset TTG_NOW.", id="ttg.E001")]
    return []


@register()
def views_name_known_actions(app_configs: Any, **kwargs: Any) -> list[Error]:
    """A view imported before every app had registered its actions is checked here instead."""
    unknown = sorted(a for a in access.DECLARED_BEFORE_READY if a not in access.ACTIONS)
    return [Error(f"A view requires the unknown action {a!r}.", hint="Register it in its app's access.py.", id="ttg.E002") for a in unknown]


@register(Tags.security, deploy=True)
def demo_authenticator_secret_in_production(app_configs: Any, databases: Any = None, **kwargs: Any) -> list[Error]:
    """The demo personas' authenticator secret is published (README): never on a real service. It reads
    the database, so, as Django's own checks that do, only when asked to: `check --deploy --database default`."""
    if not databases or "default" not in databases or settings.DEBUG or getattr(settings, "TTG_DEMO", False):
        return []
    from django.db import DatabaseError
    from django_otp.plugins.otp_totp.models import TOTPDevice

    try:
        found = TOTPDevice.objects.filter(key=settings.TTG_DEMO_TOTP_KEY).exists()
    except DatabaseError:  # no database to look at (CI's check of the settings alone)
        return []
    if found:
        return [
            Error(
                "An authenticator device has the demo's published secret (TTG_DEMO_TOTP_KEY): demo data in a service that is not a demo.",
                hint="Remove the demo personas (or run `manage.py reset_two_factor USERNAME` for each), or set TTG_DEMO=true if this is a demo.",
                id="ttg.E003",
            )
        ]
    return []
