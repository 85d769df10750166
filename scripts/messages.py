"""The Welsh catalogue: extract every translatable string, update `locale/cy/LC_MESSAGES/django.po`,
compile `django.mo` (docs/welsh.md).

Django's `makemessages` does not read Jinja2 templates, so extraction is Babel's, with Jinja2's own
extractor for the templates and Babel's for Python (`babel.cfg` says which files). Compiling is
Babel's too (pure Python: GNU `msgfmt` need not be installed). The compiled `.mo` is committed, so a
fresh machine serves Welsh without a build step; `ttg/core/tests/test_welsh.py` fails when it no
longer matches the `.po`.

    .venv/bin/python scripts/messages.py          # extract, update the .po, compile the .mo (make messages)
    .venv/bin/python scripts/messages.py compile  # compile only, after editing translations in the .po
"""

from __future__ import annotations

import copy
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ("cy",)
DOMAIN = "django"
# What Python and the templates call to translate (Django's names, and `_` for both).
KEYWORDS = {
    "_": None,
    "_lazy": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
}
# Every Welsh string written without a Welsh speaker's check carries this translator comment
# ("#" in the .po); a checker deletes it when they have checked the string (docs/welsh.md).
UNCHECKED = "Not yet checked by a Welsh speaker."
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


def po_path(locale: str) -> Path:
    return ROOT / "locale" / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    """Every translatable string in ttg/ (Python and Jinja2 templates), as a template catalogue."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    template = Catalog(project="Through the Gate", msgid_bugs_address="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT / "ttg", method_map, options_map, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
    ):
        template.add(message, None, [(f"ttg/{Path(filename).as_posix()}", lineno)], auto_comments=comments, context=context)
    return template


def read(locale: str) -> Catalog:
    path = po_path(locale)
    if not path.exists():
        return Catalog(locale=locale, domain=DOMAIN, project="Through the Gate", charset="utf-8")
    with path.open("rb") as po:
        return read_po(po, locale=locale, domain=DOMAIN)


def write(catalog: Catalog, locale: str) -> None:
    path = po_path(locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=False, omit_header=False, include_previous=False)
    path.write_bytes(buffer.getvalue())


def compiled(catalog: Catalog) -> bytes:
    """The .mo for the catalogue. Fuzzy entries are left out (as msgfmt does): mark an unchecked string
    with the translator comment, never "fuzzy", or it will not be shown."""
    complete = copy.deepcopy(catalog)
    for message in complete:
        # A plural with any form untranslated is left out whole (Babel would compile its empty forms,
        # and the page would show nothing); singular strings without Welsh are left out by write_mo.
        if isinstance(message.string, tuple) and not all(message.string):
            message.string = ""
    buffer = io.BytesIO()
    write_mo(buffer, complete, use_fuzzy=False)
    return buffer.getvalue()


def has_translation(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(message.id) and all(strings)


def mo_path(locale: str) -> Path:
    return po_path(locale).with_suffix(".mo")


def placeholder_problems(catalog: Catalog) -> list[str]:
    """Translations whose %(name)s placeholders differ from the English (they would fail at run time)."""
    problems = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            if string and not set(PLACEHOLDER.findall(string)) <= wanted:
                problems.append(f"{ids[0]!r}: {string!r}")
    return problems


def compile_all() -> None:
    for locale in LOCALES:
        catalog = read(locale)
        if problems := placeholder_problems(catalog):
            sys.exit("Placeholders that are not in the English:\n" + "\n".join(problems))
        mo_path(locale).write_bytes(compiled(catalog))


def update_all() -> None:
    template = extract()
    for locale in LOCALES:
        catalog = read(locale)
        created = catalog.creation_date
        # No fuzzy matching: a changed English string is new, untranslated, and shown in English until
        # someone translates it (a fuzzy guess would be left out of the .mo anyway).
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False, keep_user_comments=True)
        catalog.obsolete.clear()
        # Stable output: the .po changes only when its strings do.
        catalog.creation_date = catalog.revision_date = created
        catalog.fuzzy = False
        catalog.copyright_holder = "Crown copyright"
        catalog.last_translator = catalog.language_team = "Through the Gate team (translations not yet checked: docs/welsh.md)"
        write(catalog, locale)
        translated = sum(1 for m in catalog if has_translation(m))
        print(f"{locale}: {len(catalog) - 1} strings, {translated} translated")
    compile_all()


if __name__ == "__main__":
    compile_all() if sys.argv[1:] == ["compile"] else update_all()
