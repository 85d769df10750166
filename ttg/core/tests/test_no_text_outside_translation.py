"""Issue 22: no user-facing text hard-wired in a template outside translation. Every template's literal text
(between tags, and in the attributes people read: aria-label, alt, title, placeholder) and every string
given to a GOV.UK macro as words (text, html, label, hint, …) must go through `_()`, or be a term that is
the same in Welsh and English (TERMS)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = sorted((ROOT / "ttg").glob("**/jinja2/**/*.html"))
# The same in either language: tool names, the platform's name and cookie names.
TERMS = {"BCST1", "BCST2", "– GOV.UK", "sessionid", "csrftoken", "django_language"}
# The keys of GOV.UK Frontend macro parameters whose values people read.
WORDS_KEYS = {
    "text",
    "html",
    "label",
    "hint",
    "caption",
    "title",
    "heading",
    "legend",
    "titleText",
    "summaryText",
    "descriptionText",
    "visuallyHiddenText",
}
TRANSLATE = {"_", "gettext", "ngettext", "pgettext"}
WORD = re.compile(r"[A-Za-z]{2,}")
READ_ATTRIBUTES = re.compile(r'\b(?:aria-label|alt|title|placeholder)="([^"]*)"')
ENV = Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do", "jinja2.ext.loopcontrols"], autoescape=True)  # parsed, never rendered
HOLE = "\x00"  # where a Jinja2 tag or expression stood


def _literal_text(source: str) -> str:
    """The template's own text, each Jinja2 construct replaced by a hole."""
    parts: list[str] = []
    for _line, kind, value in ENV.lex(source):
        if kind == "data":
            parts.append(value)
        elif not parts or parts[-1] != HOLE:
            parts.append(HOLE)
    return "".join(parts)


def untranslated(source: str) -> list[str]:
    found = []
    text = _literal_text(source)
    found += [value for value in READ_ATTRIBUTES.findall(text) if WORD.search(value.replace(HOLE, " "))]
    text = re.sub(r"<!--.*?-->|<(script|style)\b.*?</\1>", "", text, flags=re.S)
    text = re.sub(r"<[^>]*>", HOLE, text, flags=re.S)
    text = re.sub(r"&[a-z#0-9]+;", " ", text)
    found += [piece.strip() for piece in text.split(HOLE) if WORD.search(piece) and piece.strip() not in TERMS]
    tree = ENV.parse(source)
    translated = {
        id(arg)
        for call in tree.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name) and call.node.name in TRANSLATE
        for arg in call.args
    }
    for pair in tree.find_all(nodes.Pair):
        key, value = pair.key, pair.value
        if isinstance(key, nodes.Const) and key.value in WORDS_KEYS and isinstance(value, nodes.Const) and isinstance(value.value, str):
            words = re.sub(r"<[^>]*>", " ", value.value)
            if id(value) not in translated and WORD.search(words) and value.value not in TERMS:
                found.append(value.value)
    return found


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "ttg")))
def test_every_word_of_the_template_goes_through_translation(template: Path) -> None:
    assert untranslated(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('<p class="govuk-body">Hello there</p>', ["Hello there"]),
        ('<p class="govuk-body">{{ _("Hello there") }}</p>', []),
        ('<nav aria-label="Language">{{ x }}</nav>', ["Language"]),
        ('<nav aria-label="{{ _("Language") }}"></nav>', []),
        ('{{ govukButton({"text": "Save"}) }}', ["Save"]),
        ('{{ govukButton({"text": _("Save")}) }}', []),
        ('{{ govukButton({"classes": "govuk-button--secondary"}) }}', []),
        ("<td>{{ person.name }}</td><td>BCST1</td>", []),
    ],
)
def test_the_check_finds_words_outside_translation(source: str, found: list[str]) -> None:
    assert untranslated(source) == found
