"""Through the gate, as pure rules: the pre-release review, the outcomes on and after release, and
what may still change after release. Plain values in, a `Decision` with reasons in words out.

No Django here. The dates come from the plan rules (``rules.pre_release_review_opens`` for T5,
``rules.post_release_outcome_due`` for P12); this module decides what may be done on a given day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from ttg.core.pathways import PATHWAY_CODES, pathway
from ttg.core.rules import Decision, format_date
from ttg.plans.plan import rules

READY, NOT_READY, NOT_APPLICABLE = "ready", "not_ready", "not_applicable"
REVIEW_ANSWERS = (READY, NOT_READY, NOT_APPLICABLE)
REVIEW_ANSWER_LABELS = {READY: "Ready", NOT_READY: "Not ready", NOT_APPLICABLE: "Not applicable"}

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"

RELEASE_DAY, AFTER_RELEASE = "release_day", "after_release"
OUTCOME_KINDS = (RELEASE_DAY, AFTER_RELEASE)

AFTER_RELEASE_VISIBLE_WEEKS = 12  # TTG_AFTER_RELEASE_VISIBLE_WEEKS: unsourced


def review_pathways(plan_pathways: Iterable[str], need_pathways: Iterable[str]) -> tuple[str, ...]:
    """The pathways the review asks about: each pathway of the plan and each the person's needs name,
    in the order of the pathways (blank, for Level 1 activities across all pathways, is left out)."""
    wanted = {p for p in (*plan_pathways, *need_pathways) if p}
    unknown = sorted(wanted - set(PATHWAY_CODES))
    if unknown:
        raise ValueError(f"unknown pathways: {', '.join(unknown)}")
    return tuple(code for code in PATHWAY_CODES if code in wanted)


def review_open(release_date: date | None, today: date) -> Decision[bool]:
    """T5: the review can be done from 12 weeks before the person's current release date."""
    opens = rules.pre_release_review_opens(release_date, today)
    if opens.value is None:
        return Decision(False, opens.reasons)
    if today >= opens.value:
        return Decision(True, opens.reasons)
    return Decision(False, (f"The pre-release review is not open yet. {opens.reasons[0]}",))


def check_answer(code: str, answer: str, note: str) -> Decision[bool]:
    """One pathway's answer: ready, not ready or not applicable; a note saying why when not ready."""
    name = pathway(code).name if code in PATHWAY_CODES else code
    if answer not in REVIEW_ANSWERS:
        return Decision(False, (f"Select whether the person is ready on the {name} pathway.",))
    if answer == NOT_READY and not note.strip():
        return Decision(False, (f"Say what is not ready on the {name} pathway and what is being done about it.",))
    return Decision(True, ())


def unanswered(pathways: Iterable[str], answers: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(p for p in pathways if not (answers.get(p) or {}).get("answer"))


def review_status(pathways: Iterable[str], answers: Mapping[str, Any], *, completed: bool) -> str:
    if completed:
        return COMPLETED
    return IN_PROGRESS if any((answers.get(p) or {}).get("answer") for p in pathways) else NOT_STARTED


def can_complete_review(release_date: date | None, today: date, pathways: Iterable[str], answers: Mapping[str, Any]) -> Decision[bool]:
    """Complete the review: only once it is open (T5), and with every pathway answered."""
    pathways = tuple(pathways)
    is_open = review_open(release_date, today)
    if not is_open.value:
        return is_open
    missing = unanswered(pathways, answers)
    if missing:
        names = [pathway(p).name for p in missing]
        listed = rules._list_words(names)
        return Decision(False, (f"Answer every pathway before completing the review: {listed} still to answer.",))
    for code in pathways:
        entry = answers[code]
        ok = check_answer(code, entry.get("answer", ""), entry.get("note", ""))
        if not ok.value:
            return ok
    return Decision(True, ("Every pathway answered.",))


def outcome_allowed(kind: str, *, release_date: date | None, released_on: date | None, today: date) -> Decision[bool]:
    """Release-day outcomes from the release date onwards; outcomes after release once the person is released."""
    if kind == RELEASE_DAY:
        day = released_on or release_date
        if day is None:
            return Decision(False, ("Release-day outcomes can be recorded from the release date: no release date is recorded.",))
        if today < day:
            return Decision(False, (f"Release-day outcomes can be recorded from the release date, {format_date(day)}.",))
        return Decision(True, ())
    if kind == AFTER_RELEASE:
        if released_on is None:
            return Decision(False, ("Outcomes after release can be recorded once the person has been released.",))
        return Decision(True, ())
    raise ValueError(f"unknown outcome kind {kind!r}")


def after_release_due(released_on: date | None, s: rules.PlanSettings) -> Decision[date | None]:
    """P12, or nothing before release."""
    if released_on is None:
        return Decision(None, ("Outcomes are recorded again after release.",))
    due = rules.post_release_outcome_due(released_on, s)
    return Decision(due.value, due.reasons)


def visible_after_release_until(released_on: date, weeks: int) -> date:
    """The last day a released person stays visible to their CRC (TTG_AFTER_RELEASE_VISIBLE_WEEKS)."""
    if weeks < 0:
        raise ValueError("weeks must not be negative")
    return released_on + timedelta(weeks=weeks)


def released_on_or_after_to_be_visible(today: date, weeks: int) -> date:
    """The earliest release date still visible today: the inverse of `visible_after_release_until`."""
    return today - timedelta(weeks=weeks)
