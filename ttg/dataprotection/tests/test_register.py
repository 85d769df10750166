"""The register of personal data is complete: every model holding data about a person is in it,
and every field of every registered model is classified (shared/design/security.md, "Subject access"
and "Minimisation"). Add a model with a foreign key path to a person, or a field, and these fail
until its app registers it (its `personal_data.py`)."""

from __future__ import annotations

from collections import deque

from django.apps import apps
from django.db import models

from ttg.core import personal_data
from ttg.core.personal_data import ERASED, Holding

PERSON = "people.Person"
# Models that hold data about a person without a foreign key path to them.
LISTED = {"people.FeedEvent": "carries the prison number and the feed's row", "core.AuditEvent": "names the person's record by id"}


def _reaches_person(model: type[models.Model]) -> bool:
    seen, queue = {model}, deque([model])
    while queue:
        current = queue.popleft()
        if current._meta.label == PERSON:
            return True
        for f in current._meta.concrete_fields:
            target = f.related_model if f.is_relation else None
            if isinstance(target, type) and target not in seen:
                seen.add(target)
                queue.append(target)
    return False


def about_a_person() -> set[str]:
    found = {m._meta.label for m in apps.get_models() if m.__module__.startswith("ttg.") and _reaches_person(m)}
    return found | set(LISTED)


def missing(register: dict[str, Holding]) -> list[str]:
    return sorted(about_a_person() - register.keys())


def test_every_model_holding_data_about_a_person_is_registered() -> None:
    assert missing(personal_data.REGISTER) == [], "register these in their app's personal_data.py (docs/data-protection.md)"


def test_the_check_finds_a_model_left_out() -> None:
    without = {k: v for k, v in personal_data.REGISTER.items() if k != "referrals.CaseNote"}
    assert missing(without) == ["referrals.CaseNote"]


def test_every_field_of_every_registered_model_is_classified() -> None:
    problems = {h.label: unclassified for h in personal_data.holdings() if (unclassified := personal_data.unclassified(h))}
    assert problems == {}, "classify each field in its app's personal_data.py"


def test_the_check_finds_an_unclassified_field() -> None:
    holding = personal_data.REGISTER["people.Person"]
    fields = {k: v for k, v in holding.fields.items() if k != "ethnicity"}
    trimmed = Holding(holding.label, holding.title, holding.person, fields)
    assert personal_data.unclassified(trimmed) == ["ethnicity"]


def test_every_field_erased_can_be_erased() -> None:
    """A required date or a unique text needs its own eraser; the rest blank to null, "" or {}."""
    cannot = []
    for holding in personal_data.holdings():
        for name in personal_data.erasable_fields(holding):
            if name in holding.erase:
                continue
            try:
                personal_data.default_erasure(holding.model._meta.get_field(name), None)  # type: ignore[arg-type]
            except ValueError:
                cannot.append(f"{holding.label}.{name}")
    assert cannot == []


def test_only_the_audit_trail_is_kept_whole_on_erasure() -> None:
    kept = {h.label for h in personal_data.holdings() if not h.erasable}
    assert kept == {"core.AuditEvent"}
    assert all(h.fields for h in personal_data.holdings())
    assert any(c in ERASED for c in personal_data.REGISTER["people.Person"].fields.values())
