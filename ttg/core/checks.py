"""System checks run by `manage.py check --deploy` (CI runs it with production settings)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def frozen_clock_in_production(app_configs: Any, **kwargs: Any) -> list[Error]:
    if getattr(settings, "TTG_NOW", "") and not settings.DEBUG:
        return [Error("TTG_NOW freezes the clock: it is for demos and tests, never production.", hint="Unset TTG_NOW.", id="ttg.E001")]
    return []
