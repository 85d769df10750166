"""Every read of a referral is logged as a view of its person's record (DPA 2018 s.62, issue 17).

A referral shows what the referrer shared about the person (name, prison number, release date,
prison), the need, notes and sessions: to the partner it was sent to, a disclosure; to the CRC's
staff, a consultation. Pages and API, one referral or a list, log one view event of the person
(`people.Person`) per referral shown, with why this user may see it (the referral's reference, the
organisation or CRC). The person is named by id only: nothing of what the referral says goes into the
log, and partners' reads still never touch the person tables (the id comes from the plan's custody
period).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ttg.accounts.constants import Role
from ttg.core import audit

from .models import Referral

PERSON = "people.Person"


def _why(user: Any, reference: str, where: str) -> str:
    if user.role == Role.PARTNER_CASEWORKER:
        return f"Works for {user.employer_name}, to which referral {reference} was sent ({where})"
    return f"Works for {user.employer_name}, whose prisons' plans referral {reference} comes from ({where})"


def log_reads(user: Any, referrals: Iterable[Referral], *, where: str) -> None:
    """Log a view of the person of each referral shown (already scoped to the user), in one query and one insert."""
    shown = {r.pk: r for r in referrals}
    if not shown:
        return
    person_of = dict(
        Referral.objects.visible_to(user).filter(pk__in=list(shown)).values_list("pk", "plan_activity__plan__custody_period__person_id")
    )
    audit.record_views(
        actor=user,
        seen=[audit.Seen(PERSON, person_of[pk], r.crc_id, _why(user, r.reference, where)) for pk, r in shown.items() if pk in person_of],
    )


def log_read(user: Any, referral: Referral, *, where: str) -> None:
    """Log a view of the person of one referral shown."""
    log_reads(user, [referral], where=where)
