"""The Jinja2 environment for our pages: GOV.UK Frontend macros, i18n, and Django helpers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from ttg.core import formatting
from ttg.core.navigation import navigation
from ttg.payments.money import format_pence


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def plan_handover(user: Any, plan: Any) -> Any:
    """The handover section of the plan page (ttg/plans/jinja2/plans/_handover.html)."""
    from ttg.plans.selectors_handover import for_plan

    return for_plan(user, plan)


def _through_the_gate(request: Any, plan: Any) -> Any:
    """The through-the-gate part of a plan page (ttg.plans.views_gate), read when the include asks for it."""
    from ttg.plans.views_gate import plan_page_gate

    return plan_page_gate(request, plan)


def environment(**options: Any) -> Environment:
    # Our apps' jinja2/ folders first, then the GOV.UK macros under their own prefix, as they
    # import each other ("govuk_frontend_jinja/components/...").
    options["loader"] = ChoiceLoader([options["loader"], PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})])
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    options["autoescape"] = True  # always, whatever the settings say
    env = Environment(**options)  # noqa: S701 - autoescape is set on the line above
    env.install_gettext_translations(translation, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "csrf_token_for": get_token,
            "navigation": navigation,
            "plan_handover": plan_handover,
            "service_name": settings.TTG_SERVICE_NAME,
            "through_the_gate": _through_the_gate,
        }
    )
    env.filters.update(
        {
            "govuk_date": formatting.govuk_date,
            "govuk_datetime": formatting.govuk_datetime,
            "govuk_time": formatting.govuk_time,
            "pence": format_pence,
        }
    )
    return env
