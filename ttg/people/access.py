"""Who may find people in custody, and which people: prison staff where they work, CRC staff in the
prisons their CRC serves (and for TTG_AFTER_RELEASE_VISIBLE_WEEKS after release, so outcomes can be
recorded). Records about a person (screenings, plans, referrals) are scoped through the person with
`through_person`, so that every app asks the same question."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ttg.accounts import workplaces
from ttg.accounts.constants import PEOPLE_ROLES, Role
from ttg.core import access, clock
from ttg.core.access import ScopeRule

from .identity import IDENTIFY
from .models import CustodyPeriod

PRISON_ROLES = workplaces.PRISON_ROLES
CRC_ROLES = workplaces.CRC_ROLES
# Working with people in custody: prison and CRC staff, scoped to where they work.
PERSON_ROLES = PRISON_ROLES + CRC_ROLES


def released_visible_since() -> datetime:
    """The earliest release still visible to the CRC today: the start of the day TTG_AFTER_RELEASE_VISIBLE_WEEKS
    ago (London time). Released on that day: visible until the end of today; a day earlier: not."""
    weeks = int(getattr(settings, "TTG_AFTER_RELEASE_VISIBLE_WEEKS", 12))
    first_day = clock.today() - timedelta(weeks=weeks)
    return timezone.make_aware(datetime.combine(first_day, time.min), timezone.get_default_timezone())


def open_custody_in_scope(user: Any, prefix: str = "") -> Q | None:
    """Custody periods still open at a prison the user works in (ttg.accounts.workplaces: their prison,
    those their CRC serves, or those where their organisation does a CRC's TTG casework); for CRC work
    also periods released from one of those prisons within TTG_AFTER_RELEASE_VISIBLE_WEEKS, so outcomes
    can be recorded."""
    where = workplaces.prisons(user, prefix=f"{prefix}current_prison__")
    if where is None:
        return None
    in_custody = Q(**{f"{prefix}released_at__isnull": True}) & where
    if not workplaces.works_in_crc_prisons(user):
        return in_custody
    released = Q(**{f"{prefix}released_at__gte": released_visible_since()}) & where
    return in_custody | released


def people(user: Any) -> Q | None:
    """People with a custody period in the user's scope (open_custody_in_scope)."""
    periods = open_custody_in_scope(user)
    if periods is None:
        return None
    # Exists, not a join, so a person is listed once however many periods they have.
    return Q(Exists(CustodyPeriod.objects.filter(periods, person_id=OuterRef("pk"))))


def through_person(path: str, doc: str = "") -> ScopeRule:
    """A scope rule for records about a person: visible to whoever may see the person now (`path`
    leads from the record to its person, e.g. "custody_period__person")."""

    def rule(user: Any) -> Q | None:
        periods = open_custody_in_scope(user)
        if periods is None:
            return None
        # The same people as people(user), by id straight from their custody periods in scope: no
        # hop through the people table, which PostgreSQL would otherwise read whole to join (issue 14).
        return Q(**{f"{path}__in": CustodyPeriod.objects.filter(periods).values("person_id")})

    rule.__doc__ = doc or f"Visible to whoever may see the person ({path})."
    return rule


def _cases(user: Any) -> Q | None:
    """A responsible officer's own cases."""
    return Q(officer=user) if user.role == Role.RESPONSIBLE_OFFICER else None


def allocations(user: Any) -> Q | None:
    """Allocations of the people a CRC's (or its partner's) TTG caseworker or manager works with now: those
    in custody in the prisons where they work, or released from one within TTG_AFTER_RELEASE_VISIBLE_WEEKS.
    Nobody else sees who holds a person (prison staff, partners, the NPS: not their work)."""
    if not workplaces.works_in_crc_prisons(user):
        return None
    periods = open_custody_in_scope(user)
    return None if periods is None else Q(custody_period__in=CustodyPeriod.objects.filter(periods).values("pk"))


def allocatable(user: Any) -> Q | None:
    """The custody periods a CRC manager may allocate: those their CRC works with now (open_custody_in_scope,
    which for a CRC manager is the CRC's own prisons). Only the CRC's own managers allocate (rule AL1)."""
    if user.role != Role.CRC_MANAGER or not user.crc_id:
        return None
    return open_custody_in_scope(user)


def _import_runs(user: Any) -> Q | None:
    return Q() if access.can(user, "feed.import") else None


def register() -> None:
    access.register_actions(
        {
            "person.view": "Find people in custody and see their custody record",
            "caseload.view": "See a prison's caseload: everyone in custody there",
            "person.language": "Record the language a person is given their plan and letters in (English or Welsh)",
            "feed.import": "Send custody feed events (integration accounts) and see import runs",
            "allocation.view": "See which TTG caseworker a person is allocated to, and each caseworker's caseload",
            "allocation.make": "Allocate and reallocate the people my CRC works with to its TTG caseworkers",
            IDENTIFY: "See who a person is (name, date of birth, prison number) where a page shows them; without it, their case reference",
        }
    )
    # Contract managers (person-level data only in audit samples) and analysts (pseudonymised data only)
    # see a person's case reference instead (ttg.people.identity).
    access.grant([role for role in PEOPLE_ROLES if role not in (Role.CONTRACT_MANAGER, Role.ANALYST)], {IDENTIFY})
    access.grant(PERSON_ROLES, {"person.view", "caseload.view"})
    # Whoever works the person's plan with them (plan.edit) records the language it is given in.
    access.grant([Role.TTG_CASEWORKER], {"person.language"})
    access.grant([Role.ADMINISTRATOR, Role.INTEGRATION], {"feed.import"})
    # Allocation (rule AL1, docs/allocation.md): the CRC's caseworkers see who holds whom; its managers allocate.
    access.grant(CRC_ROLES, {"allocation.view"})
    access.grant([Role.CRC_MANAGER], {"allocation.make"})
    access.register_scope("people.Person", people)
    # A person's whole custody history is visible to whoever may see the person now.
    access.register_scope("people.CustodyPeriod", through_person("person", "A person's whole custody history, to whoever may see them."))
    access.register_scope("people.ImportRun", _import_runs)
    access.register_scope("people.ProbationCase", _cases)
    access.register_scope("people.Allocation", allocations)
    access.register_scope("people.CustodyPeriod", allocatable, action="allocation.make")
