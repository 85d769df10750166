"""Through the gate: the pre-release review, the release checklist and release outcomes are visible to whoever may see the
plan's person (the plan's own actions decide who changes them)."""

from __future__ import annotations

from ttg.core import access
from ttg.people.access import through_person


def register() -> None:
    for name in ("PreReleaseReview", "ReleaseOutcome", "ReleaseChecklist"):
        access.register_scope(f"plans.{name}", through_person("plan__custody_period__person", "Whoever may see the plan's person."))
