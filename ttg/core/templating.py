"""The Jinja2 environment for our pages: GOV.UK Frontend macros, i18n, and Django helpers.

Apps add their own template globals and filters from `AppConfig.ready()` (`register_globals`,
`register_filters`): the environment is built at the first page, after every app is ready.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from jinja2 import ChoiceLoader, Environment, PrefixLoader

from . import formatting, glossary, govuk_i18n, translating
from .navigation import navigation
from .rules import citation_words, split_citations, without_citations
from .translating import gettext as _


def glossary_terms(keys: Iterable[str]) -> list[glossary.Term]:
    """The glossary's terms in the reader's language (its data is English, marked for translation)."""
    return [
        replace(t, term=_(t.term), meaning=_(t.meaning), short=_(t.short) if t.short else "", asked=_(t.asked) if t.asked else "")
        for t in glossary.terms(keys)
    ]


def glossary_question(keys: Iterable[str]) -> str:
    """ "What is BCST2?", "What are a rate card, a purchase and a claim?", in the reader's language."""
    named = [_(t.asked or t.term) for t in glossary.terms(keys)]
    if len(named) == 1:
        plural = glossary.question(keys).startswith("What are")
        return (_("What are %(term)s?") if plural else _("What is %(term)s?")) % {"term": named[0]}
    return _("What are %(terms)s and %(last)s?") % {"terms": ", ".join(named[:-1]), "last": named[-1]}


# What apps add to every template: name -> function.
GLOBALS: dict[str, Any] = {}
FILTERS: dict[str, Any] = {}
# Banners an app shows at the top of pages (for example a notice not yet acknowledged): each builder
# takes the request and returns a list of banners, each a dict with "heading", "text", "link" and
# "link_text". Builders must cost no query on pages they have nothing for.
BANNERS: list[Callable[[Any], list[dict[str, str]]]] = []


def register_globals(**functions: Any) -> None:
    GLOBALS.update(functions)


def register_filters(**functions: Any) -> None:
    FILTERS.update(functions)


def register_banner(builder: Callable[[Any], list[dict[str, str]]]) -> None:
    BANNERS.append(builder)


def page_banners(request: Any) -> list[dict[str, str]]:
    """Every registered app's banners for this page (none for a page rendered without a request)."""
    if request is None:
        return []
    return [banner for builder in BANNERS for banner in builder(request)]


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def static_folder(path: str) -> str:
    """The URL of a folder of static files (GOV.UK Frontend's `assetPath`). A folder has no hashed
    name in the manifest that production's storage keeps, so `static()` cannot give one."""
    return f"{settings.STATIC_URL}{path.strip('/')}"


def reasons_split(reasons: Any) -> dict[str, list[str]]:
    """A decision's reasons as people read them ("plain"), and the rules they cite in words for
    administrators ("rules", each once): the core/_why.html macros show the second only inside a
    "For administrators" details component, so no page shows a rule code or a setting name elsewhere."""
    plain: list[str] = []
    rules: list[str] = []
    for reason in reasons or ():
        words, citations = split_citations(str(reason))
        plain.append(words)
        rules.extend(c for c in map(citation_words, citations) if c not in rules)
    return {"plain": plain, "rules": rules}


def html_lang() -> str:
    """The page's `lang`: the language it is rendered in (a person's plan may be Welsh on an English page's request)."""
    return "cy" if translation.get_language() == "cy" else "en"


def languages(request: Any) -> list[dict[str, Any]]:
    """The language switch (core/base.html): each language with whether it is the page's, and the path
    (with its query) to come back to once it is chosen, so the switch keeps the user's place."""
    current = translation.get_language()
    back = request.get_full_path() if request is not None else "/"
    return [{"code": code, "name": name, "current": code == current, "next": back} for code, name in settings.LANGUAGES]


def environment(**options: Any) -> Environment:
    # Our apps' jinja2/ folders first, then the GOV.UK macros under their own prefix, as they
    # import each other ("govuk_frontend_jinja/components/..."), with their own English words translated.
    options["loader"] = ChoiceLoader([options["loader"], PrefixLoader({"govuk_frontend_jinja": govuk_i18n.loader()})])
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    options["autoescape"] = True  # always, whatever the settings say
    env = Environment(**options)  # noqa: S701 - autoescape is set on the line above
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=translating.gettext,
        ngettext=translating.ngettext,
        pgettext=translating.pgettext,
        npgettext=translating.npgettext,
        newstyle=True,
    )
    env.globals.update(
        {
            "static": static,
            "static_folder": static_folder,
            "url": url,
            "get_messages": get_messages,
            "csrf_token_for": get_token,
            "navigation": navigation,
            "reasons_split": reasons_split,
            "page_banners": page_banners,
            "glossary_terms": glossary_terms,
            "glossary_question": glossary_question,
            "service_name": settings.TTG_SERVICE_NAME,
            "html_lang": html_lang,
            "languages": languages,
            **GLOBALS,
        }
    )
    env.filters.update(
        {
            "govuk_date": formatting.govuk_date,
            "govuk_datetime": formatting.govuk_datetime,
            "govuk_time": formatting.govuk_time,
            "plain_words": without_citations,
            **FILTERS,
        }
    )
    return env
