"""Every disclosure of a person's data in a referral, and every read of a referral, is logged (DPA 2018
s.62, issues 15 and 17).

Sending: `log_disclosure` records, in the sending transaction, that the referrer disclosed these
categories of the person's data (rule R-R5) to the organisation, for the referral's purpose, under
the information-sharing agreements that cover them (`people.person.disclose`, through
`ttg.supply_chain.services.record_disclosure`, which purchases use too: one log).

Reading:
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
from ttg.core.rules import Decision
from ttg.supply_chain.rules import Coverage
from ttg.supply_chain.services import record_disclosure

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


def purpose(referral: Referral) -> str:
    """Why the person's data is disclosed, in words: the referral and its activity."""
    return f"referral {referral.reference} ({referral.activity_title})"


def log_disclosure(
    user: Any, referral: Referral, *, person_id: Any, discloser: Any, categories: Iterable[str], coverage: Decision[Coverage]
) -> None:
    """Log the disclosure a referral makes as it is sent: who (the referrer), to whom (its organisation),
    what (the categories), when, why (the referral), and under which agreements. Inside the send's transaction."""
    record_disclosure(
        by=user,
        person_id=person_id,
        recipient=referral.organisation,
        discloser_crc=discloser,
        coverage=coverage,
        categories=categories,
        purpose=purpose(referral),
    )
