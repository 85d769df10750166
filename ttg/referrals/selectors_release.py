"""The list of releases from non-resettlement prisons (issue 23 item 4, rules T9, T9a, T9b): "nobody
released unseen". People due for release in the next TTG_RELEASE_LIST_WEEKS weeks who are, or were
during this time in custody, in a non-resettlement prison; whether the transfer to a resettlement prison
3 months before release happened, is due or was missed; whether a rate-card purchase covers them;
whether the responsible officer has made their release plan.

One indexed, paginated SQL query over stored state (custody periods, movements, designations,
purchases, plans, probation cases): no rule is applied to a row in Python. The transfer's state is
the pure rule `ttg.plans.plan.rules.resettlement_transfer` asked in SQL (`with_transfer_status`); a
property test checks that the two agree (ttg/referrals/tests/test_release_list.py).

Who sees whom is the access kernel's (`CustodyPeriod.objects.visible_to`): a responsible officer the
cases they hold (ttg/plans/plan/access.py); a CRC's TTG caseworkers and managers those in its prisons and,
on this list only, the people due for release into the CRC's area (`released_into_crc` in
ttg/referrals/access.py), whose records they do not open.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, DateField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, TruncDate
from django.utils import timezone

from ttg.core import clock
from ttg.estate.models import ResettlementDesignation
from ttg.payments.constants import PurchaseStatus
from ttg.payments.models import Purchase
from ttg.people.models import CustodyPeriod, Movement, ProbationCase
from ttg.plans.plan import rules
from ttg.plans.plan.models import Plan, PlanKind

from .access import released_into_crc

PAGE_SIZE = 25
# A day as a number that orders like the date, in which "3 months earlier" is a subtraction: T9's
# clamping to the month's end (31 May gives 28 February) needs no date arithmetic in the database
# (docs/rules.md, T9a). A day of the month is at most 31, so 32 per month keeps the order.
DAYS_PER_MONTH_KEY = 32
T9_KEY_MONTHS = rules.RESETTLEMENT_TRANSFER_MONTHS * DAYS_PER_MONTH_KEY


def weeks_ahead() -> int:
    """T9b: how far ahead the list looks (TTG_RELEASE_LIST_WEEKS, unsourced)."""
    return int(getattr(settings, "TTG_RELEASE_LIST_WEEKS", 12))


def day_key(value: date) -> int:
    """The key of a day, in Python (as `_key` computes it in SQL)."""
    return (value.year * 12 + value.month) * DAYS_PER_MONTH_KEY + value.day


def _key(expression: Any) -> Combinable:
    year, month, day = ExtractYear(expression), ExtractMonth(expression), ExtractDay(expression)
    return (year * 12 + month) * DAYS_PER_MONTH_KEY + day  # type: ignore[no-any-return]


def resettlement_on(prison: str, on: date) -> Exists:
    """Whether the prison at `prison` (an OuterRef path) is a resettlement prison on the day: a designation
    saying so in force then. None in force: not (docs/rules.md, T9a)."""
    return Exists(
        ResettlementDesignation.objects.filter(prison=OuterRef(prison), resettlement=True, valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on)
        )
    )


def with_transfer_status(qs: QuerySet[Any], *, release: Any, arrived: Any, in_resettlement: Any, today: date) -> QuerySet[Any]:
    """Annotate `transfer` (rule T9a, as `rules.resettlement_transfer` decides it) from the expressions of
    the release date, the day they arrived at their prison (null: today) and whether it is a resettlement prison."""
    return qs.annotate(
        t9_release_key=_key(release),
        t9_arrived_key=_key(Coalesce(arrived, Value(today, output_field=DateField()))),
        t9_in_resettlement=in_resettlement,
    ).annotate(
        transfer=Case(
            When(t9_in_resettlement=True, t9_arrived_key__lte=F("t9_release_key") - T9_KEY_MONTHS, then=Value(rules.TRANSFERRED)),
            When(t9_in_resettlement=True, then=Value(rules.TRANSFERRED_LATE)),
            When(t9_release_key__gte=day_key(today) + T9_KEY_MONTHS, then=Value(rules.TRANSFER_DUE)),
            default=Value(rules.TRANSFER_MISSED),
            output_field=CharField(),
        )
    )


def releases(user: Any, *, today: date | None = None, weeks: int | None = None) -> QuerySet[CustodyPeriod]:
    """The custody periods on the list the user may see (rule T9b), with what the list shows, soonest release first."""
    today = today or clock.today()
    until = today + timedelta(weeks=weeks if weeks is not None else weeks_ahead())
    held_outside = Movement.objects.filter(custody_period=OuterRef("pk"), to_prison__isnull=False).filter(
        ~resettlement_on("to_prison", today)
    )
    arrival = (
        Movement.objects.filter(custody_period=OuterRef("pk"), to_prison=OuterRef("current_prison"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    case = ProbationCase.objects.filter(custody_period=OuterRef("pk")).order_by("since", "id")
    seen = CustodyPeriod.objects.visible_to(user)
    into_crc = released_into_crc("")(user)  # a CRC's staff: also those due for release into its area
    if into_crc is not None:
        seen = CustodyPeriod.objects.filter(Q(pk__in=seen.values("pk")) | into_crc)
    qs = (
        seen.filter(released_at__isnull=True, release_date__gte=today, release_date__lte=until)
        .filter(Q(Exists(held_outside)) | ~resettlement_on("current_prison", today))
        .annotate(
            arrived_on=TruncDate(Subquery(arrival), tzinfo=timezone.get_default_timezone()),
            purchase_authorised=Exists(Purchase.objects.filter(custody_period=OuterRef("pk"), status=PurchaseStatus.AUTHORISED)),
            purchase_requested=Exists(Purchase.objects.filter(custody_period=OuterRef("pk"), status=PurchaseStatus.REQUESTED)),
            release_plan=Exists(Plan.objects.filter(custody_period=OuterRef("pk"), kind=PlanKind.RELEASE)),
            resettlement_plan=Exists(Plan.objects.filter(custody_period=OuterRef("pk"), kind=PlanKind.RESETTLEMENT)),
            officer_first_name=Subquery(case.values("officer__first_name")[:1]),
            officer_last_name=Subquery(case.values("officer__last_name")[:1]),
        )
        .select_related("person", "current_prison")
    )
    qs = with_transfer_status(
        qs,
        release=F("release_date"),
        arrived=F("arrived_on"),
        in_resettlement=resettlement_on("current_prison", today),
        today=today,
    )
    return qs.order_by("release_date", "pk")


def release_page(user: Any, *, page: Any = 1, today: date | None = None) -> Page:
    """One page of the list: the same number of queries however many rows (a count and the rows)."""
    return Paginator(releases(user, today=today), PAGE_SIZE).get_page(page)
