"""The register of personal data: the mechanism only (docs/data-protection.md).

Each app declares, from its own `personal_data.py` called in `AppConfig.ready()`, the models that
hold data about a person in custody and a classification of every field of each (`Category`). Core
knows no app and imports none: models are named by label ("people.Person") and resolved when used.

From the register, the service
- exports everything held about one person (subject access, UK GDPR Art. 15): `export(person)`;
- erases what is due under the retention schedule: `anonymise(person)` blanks every personal,
  special-category and criminal-offence field of every row about the person, and keeps the
  operational facts (dates, statuses, money, the staff who acted), which identify nobody once the
  person's own fields are gone;
- fails a test when a model holding personal data is missing, or a field is unclassified
  (`ttg/dataprotection/tests/test_register.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet


class Category(StrEnum):
    """How a field is treated. The words are the ones the export shows."""

    PERSONAL = "personal"  # identifies the person or is about them (name, number, date of birth, address)
    SPECIAL = "special category"  # health, ethnicity, or free text about the person that may hold it (UK GDPR Art. 9)
    OFFENCE = "criminal offence"  # sentences and offences (UK GDPR Art. 10; DPA 2018 s.11(2))
    OPERATIONAL = "operational"  # facts of the service's work (dates, statuses, staff, money): kept on erasure
    NOT_PERSONAL = "not personal"  # keys, hashes, codes of reference data


ERASED = frozenset({Category.PERSONAL, Category.SPECIAL, Category.OFFENCE})

# The row -> the value its field takes on erasure (for a field whose default cannot be worked out).
Eraser = Callable[[Any], Any]
# The person -> the rows about them, for a model not linked to the person by a foreign key.
Finder = Callable[[Any], QuerySet[Any]]


@dataclass(frozen=True)
class Holding:
    """One model holding data about a person, as an app declared it."""

    label: str
    title: str
    person: str | Finder  # the lookup path from a row to its person ("pk" for the person), or a function
    fields: Mapping[str, Category]
    erase: Mapping[str, Eraser] = field(default_factory=dict)
    erasable: bool = True  # False: kept whole on erasure, with the reason in `kept_because`
    kept_because: str = ""
    order: int = 100  # the export's order; erasure runs in reverse (the person last)

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    def rows(self, person: Any) -> QuerySet[Any]:
        manager = self.model._default_manager
        if callable(self.person):
            return self.person(person)
        return manager.filter(**{self.person: person.pk}).order_by("pk")


REGISTER: dict[str, Holding] = {}


def register(
    label: str,
    *,
    title: str,
    person: str | Finder,
    personal: Iterable[str] = (),
    special: Iterable[str] = (),
    offence: Iterable[str] = (),
    operational: Iterable[str] = (),
    not_personal: Iterable[str] = (),
    erase: Mapping[str, Eraser] | None = None,
    erasable: bool = True,
    kept_because: str = "",
    order: int = 100,
) -> Holding:
    """Declare a model holding data about a person, with the category of each of its fields."""
    fields: dict[str, Category] = {}
    for category, names in (
        (Category.PERSONAL, personal),
        (Category.SPECIAL, special),
        (Category.OFFENCE, offence),
        (Category.OPERATIONAL, operational),
        (Category.NOT_PERSONAL, not_personal),
    ):
        for name in names:
            if name in fields:
                raise ValueError(f"{label}.{name} is classified twice ({fields[name]} and {category})")
            fields[name] = category
    if not erasable and not kept_because:
        raise ValueError(f"{label}: say why it is kept on erasure (kept_because)")
    holding = Holding(label, title, person, fields, dict(erase or {}), erasable, kept_because, order)
    REGISTER[label] = holding
    return holding


def holdings() -> list[Holding]:
    """Every registered model, in the export's order."""
    return sorted(REGISTER.values(), key=lambda h: (h.order, h.label))


def unclassified(holding: Holding) -> list[str]:
    """The model's concrete fields with no category; and named fields the model does not have."""
    names = {f.name for f in holding.model._meta.concrete_fields}
    return sorted((names - holding.fields.keys()) | {f"{n} (no such field)" for n in holding.fields.keys() - names})


# --- erasure ------------------------------------------------------------------------------------


def default_erasure(model_field: models.Field[Any, Any], value: Any) -> Any:
    """What a field is blanked to on erasure: null where it may be, empty text or JSON otherwise.
    Raises ValueError for a field that needs its own eraser (a required date, a unique text)."""
    if model_field.null:
        return None
    if isinstance(model_field, models.JSONField):
        return [] if isinstance(value, list) else {}
    if isinstance(model_field, models.CharField | models.TextField) and not model_field.unique:
        return ""
    if isinstance(model_field, models.BooleanField):
        return False
    raise ValueError(f"{model_field.model._meta.label}.{model_field.name} needs an eraser: it cannot be blanked")


def erasure_value(holding: Holding, name: str, row: Any) -> Any:
    eraser = holding.erase.get(name)
    if eraser is not None:
        return eraser(row)
    return default_erasure(holding.model._meta.get_field(name), getattr(row, name))  # type: ignore[arg-type]


def erasable_fields(holding: Holding) -> list[str]:
    return [name for name, category in holding.fields.items() if category in ERASED] if holding.erasable else []


def anonymise(person: Any) -> dict[str, int]:
    """Blank every personal, special-category and criminal-offence field of every row about the
    person, in every erasable holding; the person's own row last. Call inside a transaction.
    Returns rows changed by model label. Rows are found before any is changed, since a finder may
    look the person up by a field that erasure blanks."""
    found = {h.label: list(h.rows(person)) for h in holdings()}
    changed: dict[str, int] = {}
    for holding in reversed(holdings()):
        names = erasable_fields(holding)
        rows = found[holding.label]
        if not names or not rows:
            continue
        for row in rows:
            for name in names:
                setattr(row, name, erasure_value(holding, name, row))
        # bulk_update: the rows' own save() (and its side effects) is not what erasure means.
        holding.model._default_manager.bulk_update(rows, names, batch_size=500)
        changed[holding.label] = len(rows)
    return changed


# --- export ---------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.utcoffset() is not None else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, str | int | float | bool | list | dict) or value is None:
        return value
    return str(value)


def _shown(model_field: models.Field[Any, Any], row: Any) -> Any:
    """The value as a reader wants it: a choice's words, a related row's id."""
    if model_field.is_relation:
        return getattr(row, model_field.attname)
    if model_field.choices:
        return getattr(row, f"get_{model_field.name}_display")()
    return getattr(row, model_field.name)


def export(person: Any) -> dict[str, Any]:
    """Everything registered about the person, model by model: each field's words, category and
    value. Plain JSON values only."""
    sections = []
    for holding in holdings():
        model = holding.model
        concrete = [f for f in model._meta.concrete_fields if f.name in holding.fields]
        rows = [{f.name: _plain(_shown(f, row)) for f in concrete} for row in holding.rows(person)]
        sections.append(
            {
                "model": holding.label,
                "title": holding.title,
                "kept_on_erasure": not holding.erasable,
                "kept_because": holding.kept_because,
                "fields": [{"name": f.name, "label": str(f.verbose_name), "category": str(holding.fields[f.name])} for f in concrete],
                "rows": rows,
            }
        )
    return {"sections": sections}
