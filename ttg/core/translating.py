"""Translation with English as the source language (issue 22, docs/welsh.md).

Every message is written in English, so an English reader's words are the message itself: these give it
back at once, and ask Django's catalogues only for another language. Django's own gettext looks each
English message up in every catalogue and its fallbacks before giving it back unchanged (about 50 µs a
call), and the pages, the rules' reasons and the dates make thousands of such calls."""

from __future__ import annotations

from django.utils import translation


def english() -> bool:
    """Is the active language English (or none active: the source language)?"""
    language = translation.get_language()
    return language is None or language.startswith("en")


def gettext(message: str) -> str:
    return message if english() else translation.gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    if english():
        return singular if number == 1 else plural
    return translation.ngettext(singular, plural, number)


def pgettext(context: str, message: str) -> str:
    return message if english() else translation.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, number: int) -> str:
    if english():
        return singular if number == 1 else plural
    return translation.npgettext(context, singular, plural, number)
