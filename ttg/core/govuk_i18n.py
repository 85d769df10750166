"""GOV.UK Frontend's own words in the page's language (issue 22): the skip link, back link, breadcrumb
and pagination labels, the footer's licence and copyright, the service navigation's menu button, the
notification banner's and error message's defaults.

The govuk-frontend-jinja macros write these in English when a page passes no text of its own. Rather
than pass each one at every call, the loader below rewrites those English literals in the macros'
source into `_()` calls as the templates are loaded (once: Jinja2 caches compiled templates), so
they are translated like our own strings. `STRINGS` lists them for extraction (scripts/messages.py);
`tests` check each rewrite still finds its text in the installed version of the macros, so an
upgrade that moves a string fails a test rather than leaving English on a Welsh page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_noop
from jinja2 import BaseLoader, Environment, PackageLoader

# (template, English in the source, what it becomes). Expressions keep their Jinja2 syntax; text in
# HTML becomes an expression.
REWRITES: tuple[tuple[str, str, str], ...] = (
    ("template.html", "'text': 'Skip to main content'", "'text': _('Skip to main content')"),
    ("components/back-link/macro.html", 'default("Back", true)', 'default(_("Back"), true)'),
    ("components/breadcrumbs/macro.html", 'default("Breadcrumb")', 'default(_("Breadcrumb"))'),
    ("components/warning-text/macro.html", 'default("Warning", true)', 'default(_("Warning"), true)'),
    ("components/error-message/macro.html", 'default("Error")', 'default(_("Error"))'),
    ("components/footer/macro.html", 'default("Support links", true)', 'default(_("Support links"), true)'),
    (
        "components/footer/macro.html",
        "All content is available under the\n",
        "{{ _('All content is available under the') }}\n",
    ),
    (
        "components/footer/macro.html",
        ">Open Government Licence v3.0</a>, except where otherwise stated",
        ">{{ _('Open Government Licence v3.0') }}</a>{{ _(', except where otherwise stated') }}",
    ),
    ("components/footer/macro.html", "© Crown copyright", "© {{ _('Crown copyright') }}"),
    ("components/pagination/macro.html", 'default("Pagination", true)', 'default(_("Pagination"), true)'),
    ("components/pagination/macro.html", 'default("Page " ~ item.number)', 'default(_("Page %(number)s", number=item.number))'),
    (
        "components/pagination/macro.html",
        'Previous<span class="govuk-visually-hidden"> page</span>',
        '{{ _("Previous") }}<span class="govuk-visually-hidden"> {{ _("page") }}</span>',
    ),
    (
        "components/pagination/macro.html",
        'Next<span class="govuk-visually-hidden"> page</span>',
        '{{ _("Next") }}<span class="govuk-visually-hidden"> {{ _("page") }}</span>',
    ),
    ("components/notification-banner/macro.html", '{% set title = "Success" %}', '{% set title = _("Success") %}'),
    ("components/notification-banner/macro.html", '{% set title = "Important" %}', '{% set title = _("Important") %}'),
    ("components/service-navigation/macro.html", 'params.menuButtonText or "Menu"', 'params.menuButtonText or _("Menu")'),
    (
        "components/service-navigation/macro.html",
        "params.ariaLabel or 'Service information'",
        "params.ariaLabel or _('Service information')",
    ),
    ("components/password-input/macro.html", 'default("Show")', 'default(_("Show"))'),
    ("components/password-input/macro.html", 'default("Show password")', 'default(_("Show password"))'),
    ("components/cookie-banner/macro.html", 'default("Cookie banner", true)', 'default(_("Cookie banner"), true)'),
    # The character count: its description, and the messages its script shows as the user types ("%{count}"
    # is the script's placeholder; "%%" keeps it through gettext's formatting). The script picks the plural
    # form for the page's language and falls back to "other", which in Welsh takes the singular noun.
    (
        "components/character-count/macro.html",
        "params.textareaDescriptionText or 'You can enter up to %{count} ' ~ ('words' if params.maxwords else 'characters')",
        "(params.textareaDescriptionText or (_('You can enter up to %%{count} words') if params.maxwords else _('You can enter up to %%{count} characters')))",
    ),
    (
        "components/character-count/macro.html",
        "'messages': params.charactersUnderLimitText",
        "'messages': (params.charactersUnderLimitText or {'one': _('You have %%{count} character remaining'), 'other': _('You have %%{count} characters remaining')})",
    ),
    (
        "components/character-count/macro.html",
        "'message': params.charactersAtLimitText",
        "'message': (params.charactersAtLimitText or _('You have 0 characters remaining'))",
    ),
    (
        "components/character-count/macro.html",
        "'messages': params.charactersOverLimitText",
        "'messages': (params.charactersOverLimitText or {'one': _('You have %%{count} character too many'), 'other': _('You have %%{count} characters too many')})",
    ),
)

# For extraction: the English of every rewrite above.
STRINGS = (
    gettext_noop("Skip to main content"),
    gettext_noop("Back"),
    gettext_noop("Breadcrumb"),
    gettext_noop("Warning"),
    gettext_noop("Error"),
    gettext_noop("Support links"),
    gettext_noop("All content is available under the"),
    gettext_noop("Open Government Licence v3.0"),
    gettext_noop(", except where otherwise stated"),
    gettext_noop("Crown copyright"),
    gettext_noop("Pagination"),
    gettext_noop("Page %(number)s"),
    gettext_noop("Previous"),
    gettext_noop("Next"),
    gettext_noop("page"),
    gettext_noop("Success"),
    gettext_noop("Important"),
    gettext_noop("Menu"),
    gettext_noop("Service information"),
    gettext_noop("Show"),
    gettext_noop("Show password"),
    gettext_noop("Cookie banner"),
    gettext_noop("You can enter up to %%{count} words"),
    gettext_noop("You can enter up to %%{count} characters"),
    gettext_noop("You have %%{count} character remaining"),
    gettext_noop("You have %%{count} characters remaining"),
    gettext_noop("You have 0 characters remaining"),
    gettext_noop("You have %%{count} character too many"),
    gettext_noop("You have %%{count} characters too many"),
)


class TranslatedGovukLoader(PackageLoader):
    """govuk-frontend-jinja's templates, with the English literals in REWRITES translated."""

    def __init__(self) -> None:
        super().__init__("govuk_frontend_jinja")

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool] | None]:
        source, filename, uptodate = super().get_source(environment, template)
        return rewrite(template, source), filename, uptodate


def rewrite(template: str, source: str) -> str:
    for name, english, translated in REWRITES:
        if name == template:
            source = source.replace(english, translated)
    return source


def loader() -> BaseLoader:
    return TranslatedGovukLoader()


def missing_rewrites(source_of: Callable[[str], Any]) -> list[str]:
    """The rewrites whose English is no longer in the installed macros (`source_of(template)` gives the source)."""
    return [f"{name}: {english!r}" for name, english, _translated in REWRITES if english not in source_of(name)]
