"""Rendering a notification's subject and body from small Jinja templates, one pair per template name:
`jinja2/notifications/messages/<name>.subject.txt` and `<name>.body.txt`. Plain text (emails are
plain text in GOV.UK Notify), so autoescaping is off; nothing here is ever put into HTML unescaped
(the pages escape it as any other text)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

MESSAGES = Path(__file__).resolve().parent / "jinja2" / "notifications" / "messages"
NAME = re.compile(r"^[a-z0-9_]+$")


class UnknownTemplateError(LookupError):
    pass


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # Plain text for emails and the in-app list, which escapes it when it shows it.
    return Environment(loader=FileSystemLoader(MESSAGES), autoescape=False, undefined=StrictUndefined, keep_trailing_newline=False)  # noqa: S701


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
