"""Rendering a notification's subject and body from small Jinja templates, one pair per template name:
`jinja2/notifications/messages/<name>.subject.txt` and `<name>.body.txt`. Plain text (emails are
plain text in GOV.UK Notify), so autoescaping is off; nothing here is ever put into HTML unescaped
(the pages escape it as any other text).

Each sentence is wrapped in `_()` with named placeholders (Jinja's i18n extension, new style, with
Django's gettext and ngettext), so a template renders in the active language: `notify()` renders once
per recipients' language inside `translation.override` (docs/notifications.md). Dates are passed as
dates and written with the `govuk_date` and `govuk_month` filters, in the same language."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils import formats, translation
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

from ttg.core.formatting import govuk_date

MESSAGES = Path(__file__).resolve().parent / "jinja2" / "notifications" / "messages"
NAME = re.compile(r"^[a-z0-9_]+$")


class UnknownTemplateError(LookupError):
    pass


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # Plain text for emails and the in-app list, which escapes it when it shows it.
    env = Environment(
        loader=FileSystemLoader(MESSAGES),
        autoescape=False,  # noqa: S701
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        extensions=["jinja2.ext.i18n"],
    )
    # Django's own functions, so the active language (translation.override) is the one rendered.
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["govuk_date"] = govuk_date
    env.filters["govuk_month"] = govuk_month
    return env


def govuk_month(value: date | None) -> str:
    """A month as GOV.UK writes it, in the active language: "September 2019", "Medi 2019"."""
    return formats.date_format(value, "F Y") if value else ""


def render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) for a template name; UnknownTemplateError if it has no templates."""
    if not NAME.match(template):
        raise UnknownTemplateError(template)
    env = _environment()
    try:
        subject = env.get_template(f"{template}.subject.txt").render(context)
        body = env.get_template(f"{template}.body.txt").render(context)
    except TemplateNotFound:
        raise UnknownTemplateError(template) from None
    return " ".join(subject.split())[:200], body.strip()


def names() -> list[str]:
    return sorted(p.name.removesuffix(".subject.txt") for p in MESSAGES.glob("*.subject.txt"))
