"""Reads of the handover to the responsible officer: scoped to the user, in a fixed number of queries.

The due date is computed here on every read (rule T6, `rules.handover_due`) from the person's current
release date, so it follows any change of release date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core import access, clock
from ttg.estate.models import NPSDivision
from ttg.plans.handover.models import Handover, HandoverState
from ttg.plans.plan import rules
from ttg.plans.plan.models import Plan
from ttg.screening.custody import rule_settings as screening_rule_settings


def rule_settings() -> Any:

    return screening_rule_settings()


def coming_weeks() -> int:
    """How far ahead the responsible officer's "coming" list looks (unsourced: TTG_HANDOVER_COMING_WEEKS)."""
    return int(getattr(settings, "TTG_HANDOVER_COMING_WEEKS", 4))


def due(release_date: date | None) -> rules.Decision[date | None]:
    """T6: when the handover is due, from this release date (said in the tense of the service's today)."""
    return rules.handover_due(release_date, rule_settings(), clock.today())


@dataclass
class PlanHandover:
    """The handover section of the plan page."""

    state: str
    due: rules.Decision[date | None]
    handover: Handover | None = None
    overdue: bool = False  # the due date has passed and it has not been handed over
    can_make: bool = False  # this user may hand it over (when it is not handed over yet)

    @property
    def state_label(self) -> str:
        return str(HandoverState(self.state).label)


def for_plan(user: Any, plan: Plan) -> PlanHandover:
    """The handover of this plan (if the user may see it) and when it is due. Two queries at most."""
    period = plan.custody_period
    handover = Handover.objects.visible_to(user).select_related("officer__nps_division", "handed_over_by").filter(plan=plan).first()
    decision = due(period.release_date)
    if handover is not None:
        return PlanHandover(state=handover.state, due=decision, handover=handover)
    overdue = decision.value is not None and decision.value < clock.today()
    return PlanHandover(state=HandoverState.NOT_STARTED, due=decision, overdue=overdue, can_make=access.can(user, "handover.make"))


def officers_by_division() -> list[tuple[NPSDivision, list[User]]]:
    """Active responsible officers, grouped by NPS division (by name), for the caseworker to choose from."""
    found: dict[int, tuple[NPSDivision, list[User]]] = {}
    users = (
        User.objects.filter(role=Role.RESPONSIBLE_OFFICER, is_active=True, nps_division__isnull=False)
        .select_related("nps_division")
        .order_by("nps_division__name", "last_name", "first_name", "username")
    )
    for u in users:
        assert u.nps_division is not None
        found.setdefault(u.nps_division_id, (u.nps_division, []))[1].append(u)  # type: ignore[arg-type]
    return list(found.values())


def officer(pk: Any) -> User | None:
    """An active responsible officer by id, or None."""
    try:
        return User.objects.select_related("nps_division").get(pk=int(pk), role=Role.RESPONSIBLE_OFFICER, is_active=True)
    except (User.DoesNotExist, TypeError, ValueError):
        return None


def officer_by_username(username: str) -> User | None:
    """An active responsible officer by username, or None."""
    return User.objects.filter(username=username, role=Role.RESPONSIBLE_OFFICER, is_active=True).select_related("nps_division").first()


def _rows(user: Any) -> QuerySet[Handover]:
    return Handover.objects.visible_to(user).select_related(
        "plan__custody_period__person",
        "plan__custody_period__current_prison",
        "officer__nps_division",
        "handed_over_by",
    )


def one(user: Any, pk: int) -> Handover:
    """One handover the user may see, or the same 404 for missing and not yours."""
    return access.get_for(user, _rows(user), pk=pk)


@dataclass
class OfficerRow:
    handover: Handover
    release_date: date | None
    due: date | None
    overdue_to_receive: bool


@dataclass
class OfficerHandovers:
    overdue: list[OfficerRow] = field(default_factory=list)  # not received, and the release date has come
    coming: list[OfficerRow] = field(default_factory=list)  # not received, release in the next few weeks
    later: list[OfficerRow] = field(default_factory=list)  # not received, release further ahead (or no date)
    received: list[OfficerRow] = field(default_factory=list)
    weeks: int = 4


RECEIVED_SHOWN = 50


def for_officer(user: Any) -> OfficerHandovers:
    """The handovers to this responsible officer, in groups. Two queries however many there are."""
    today, weeks = clock.today(), coming_weeks()
    horizon = today + timedelta(weeks=weeks)
    result = OfficerHandovers(weeks=weeks)
    mine = _rows(user).filter(officer=user)
    waiting = list(mine.filter(received_at__isnull=True).order_by("plan__custody_period__release_date", "pk"))
    received = list(mine.filter(received_at__isnull=False).order_by("-received_at", "-pk")[:RECEIVED_SHOWN])
    for h in waiting:
        release = h.plan.custody_period.release_date
        row = OfficerRow(h, release, due(release).value, overdue_to_receive=release is not None and release <= today)
        if row.overdue_to_receive:
            result.overdue.append(row)
        elif release is not None and release <= horizon:
            result.coming.append(row)
        else:
            result.later.append(row)
    for h in received:
        release = h.plan.custody_period.release_date
        result.received.append(OfficerRow(h, release, due(release).value, overdue_to_receive=False))
    return result


def snapshot_activities(handover: Handover) -> list[dict[str, Any]]:
    """The snapshot's activities with their due dates as dates (stored as text)."""
    rows = []
    for a in handover.activities:
        due_on = a.get("due_on")
        rows.append({**a, "due_on": date.fromisoformat(due_on) if due_on else None})
    return rows
