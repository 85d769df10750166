"""Issue 15, R-F3: whatever order things happen in, every piece of work recorded on a rate-card
referral is either claimed, exactly once, or shown as not funded with a reason that is true of the
purchase's authority at that moment; none is claimed twice and none is left out.

A stateful property test (hypothesis `RuleBasedStateMachine`) over random orders of: refer (asking
the CRC for the purchase, or naming one already bought), accept, record a session, record an outcome
(achieved, or changed back), the purchaser authorising or refusing the purchase asked for, attaching
another purchase, more units approved, the referral withdrawn or cancelled, days passing and claims
submitted. After every step it checks, against what the machine itself recorded:

- claimed + shown as not funded = everything recorded that the service is paid for, each once;
- a piece of work is claimed exactly when one claim line (net of credits) stands for it: never two;
- every piece shown as not funded has its reason, and the reason is true now (a purchase still asked
  for, refused, the day before the authority, or no units left): nothing within the authority waits;
- every claim's total is the sum of its lines.

Each example runs in a savepoint rolled back at its end, on the personas and plan activity made once.
"""

from __future__ import annotations

from collections import Counter
from contextlib import suppress
from datetime import date, timedelta
from typing import Any, ClassVar

import pytest
from django.db import transaction
from django.db.models import Prefetch, Sum
from django.test.utils import override_settings
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from ttg.accounts.constants import Role
from ttg.payments import services as payments
from ttg.payments.constants import Tier
from ttg.payments.models import Claim, ClaimLine, Delivery, Purchase, RateCardItem
from ttg.plans.plan.models import PlanActivity
from ttg.referrals import rules, selectors, services
from ttg.referrals.models import DesiredOutcome, OutcomeAchievement, Referral

from .conftest import send

START = date(2019, 9, 2)
# What can happen after the referral is sent, in any order: accept, the partner's work (a session or an
# outcome), the purchaser's decision, another purchase attached, more units, withdrawn or cancelled,
# and days passing (with the month's claims submitted).
# (Hypothesis's simplest runs repeat the first: the partner's work, on a referral accepted at once that
# asked for its purchase. Closing comes last and once: a closed referral takes no more work.)
ACTIONS = ("work", "work", "work", "work", "decide", "decide", "accept", "attach", "attach", "more_units", "time", "close")
SESSIONS = "Women's centre key-work session"


def delivery_reason(words: str) -> str:
    """The reason in the words, for Hypothesis's statistics (`--hypothesis-show-statistics`)."""
    for reason in ("waiting for", "refused", "cancelled", "before purchase", "beyond the"):
        if reason in words:
            return reason
    return words


def _at(day: date) -> Any:
    return override_settings(TTG_NOW=f"{day.isoformat()}T10:00:00+01:00")


class Funding(RuleBasedStateMachine):
    """One rate-card referral's life, in any order; the machine keeps its own record of the work done."""

    ground: ClassVar[dict[str, Any]] = {}  # personas, the plan activity and desired outcomes: set by the test

    def __init__(self) -> None:
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.clocks: list[Any] = []
        self.day = START
        self._set_clock(START)
        self.item: RateCardItem | None = None
        self.referral: Referral | None = None
        self.recorded: set[str] = set()  # keys of the work the service is paid for, as recorded

    def teardown(self) -> None:
        for clock in reversed(self.clocks):
            clock.disable()
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    # --- helpers ----------------------------------------------------------------------------------

    def _set_clock(self, day: date) -> None:
        clock = _at(day)
        clock.enable()
        self.clocks.append(clock)
        self.day = day

    @property
    def who(self) -> dict[str, Any]:
        return self.ground["personas"]

    def _fresh(self) -> Referral:
        assert self.referral is not None
        self.referral = Referral.objects.select_related("purchase__item").get(pk=self.referral.pk)
        return self.referral

    def _status(self) -> str | None:
        return self._fresh().status if self.referral is not None else None

    def _purchase_status(self) -> str | None:
        if self.referral is None:
            return None
        purchase = self._fresh().purchase
        return purchase.status if purchase is not None else None

    def _bought(self, units: int) -> Purchase:
        assert self.item is not None
        period = self.ground["activity"].plan.custody_period
        return payments.make_purchase(
            by=self.who[Role.CRC_MANAGER], custody_period=period, item=self.item, units=units, purchaser_kind="crc"
        )

    # --- the service's unit, then the steps ----------------------------------------------------------

    @initialize(
        unit=st.sampled_from(["session", "session", "outcome", "hour", "referral"]),
        units=st.integers(1, 2),
        named=st.booleans(),
        days_back=st.integers(0, 2),
        waiting=st.booleans(),
    )
    def refer(self, unit: str, units: int, named: bool, days_back: int, waiting: bool) -> None:
        """First the service, paid per `unit`, and the referral (every other step is about it): asking
        the CRC to buy `units` of it, or naming a purchase of them the CRC made `days_back` days before;
        the partner accepting it at once, or later (the `accept` step)."""
        card = RateCardItem.objects.get(rate_card__crc__code="MERSEYSIDE", rate_card__published=True, title=SESSIONS)
        self.item = card
        if unit != "session":
            self.item = RateCardItem.objects.create(
                rate_card=card.rate_card,
                title=f"Women's centre ({unit})",
                pathway="abuse",
                unit=unit,
                price_pence=20000,
                provider_organisation=card.provider_organisation,
                partner_price_pence=15000,
            )
        if not named:
            how: dict[str, Any] = {"service": self.item, "units": units}
        else:
            with _at(self.day - timedelta(days=days_back)):
                how = {"purchase": self._bought(units)}
        ground = self.ground
        organisation = card.provider_organisation
        self.referral = send(
            ground["activity"], ground["outcomes"], self.who[Role.TTG_CASEWORKER], organisation, funding="rate_card", **how
        )
        if not waiting:
            self.accept()

    # One step, choosing what happens next (the partner's work most often). Not a rule
    # each: Hypothesis's swarm testing leaves some rules out of each run, and with ~30 runs too few of
    # them would have both the partner's work and a purchase decision. No step has a precondition: one
    # that does not apply now is tried, and must be refused in words with nothing recorded.

    @rule(action=st.sampled_from(ACTIONS), data=st.data())
    def step(self, action: str, data: st.DataObject) -> None:
        draw = data.draw
        if action == "accept":
            self.accept()
        elif action == "work":
            self.partner_records_work(
                session=draw(st.sampled_from([True, True, False]), label="a session (or an outcome)"),
                # Mostly work that is paid for: attended or late, achieved (the rest is recorded, and claims nothing).
                attendance=draw(st.sampled_from([rules.ATTENDED, rules.ATTENDED, rules.LATE, rules.DID_NOT_ATTEND, rules.DID_NOT_HAPPEN])),
                days_back=draw(st.integers(0, 3), label="days back"),
                which=draw(st.integers(0, 1), label="desired outcome"),
                result=draw(st.sampled_from(["achieved", "achieved", "partly", "not_achieved"])),
            )
        elif action == "decide":
            self.purchaser_decides(approve=draw(st.sampled_from([True, False]), label="approve"))
        elif action == "attach":
            self.attach_purchase(units=draw(st.integers(1, 3), label="units"))
        elif action == "more_units":
            self.more_units(extra=draw(st.integers(1, 2), label="extra units"))
        elif action == "close":
            self.closed(by_partner=draw(st.booleans(), label="by the partner"))
        else:
            self.time_passes(days=draw(st.integers(0, 3), label="days"), submit=draw(st.booleans(), label="submit claims"))

    def accept(self) -> None:
        status = self._status()
        if status not in (rules.SENT, rules.ACCEPTED):  # accepting an accepted referral does nothing (a double click)
            with pytest.raises(services.ReferralError):
                services.accept(referral=self._fresh(), by=self.who[Role.PARTNER_CASEWORKER])
            return
        referral = services.accept(referral=self._fresh(), by=self.who[Role.PARTNER_CASEWORKER])
        if self.item is not None and self.item.unit == "referral":
            self.recorded.add(f"referrals.referral:{referral.pk}")

    def partner_records_work(self, session: bool, attendance: str, days_back: int, which: int, result: str) -> None:
        """A session (attended or not, on a day up to 3 days back), or an outcome (achieved, or changed back)."""
        if self._status() not in rules.WORKING:  # not accepted yet, or closed: refused, nothing recorded
            before = self._fresh().sessions.count(), self.referral.outcomes.count()  # type: ignore[union-attr]
            with pytest.raises(services.ReferralError, match="work is recorded only once it is accepted"):
                self.record_session(attendance, days_back) if session else self.record_outcome(which, result)
            assert (self._fresh().sessions.count(), self.referral.outcomes.count()) == before  # type: ignore[union-attr]
        elif session:
            self.record_session(attendance, days_back)
        else:
            self.record_outcome(which, result)

    def record_session(self, attendance: str, days_back: int) -> None:
        session = services.record_session(
            referral=self._fresh(),
            on=self.day - timedelta(days=days_back),
            method="in_person",
            attendance=attendance,
            reason="Unwell" if attendance in rules.ATTENDANCE_NEEDS_REASON else "",
            by=self.who[Role.PARTNER_CASEWORKER],
        )
        if attendance in (rules.ATTENDED, rules.LATE) and self.item is not None and self.item.unit in ("session", "hour"):
            self.recorded.add(f"referrals.session:{session.pk}")

    def record_outcome(self, which: int, result: str) -> None:
        outcome: DesiredOutcome = self.ground["outcomes"][which]
        row = services.record_outcome(referral=self._fresh(), desired_outcome=outcome, result=result, by=self.who[Role.PARTNER_CASEWORKER])
        if self.item is not None and self.item.unit == "outcome":
            key = f"referrals.outcome:{row.pk}"
            if result == "achieved":
                self.recorded.add(key)
            else:
                self.recorded.discard(key)  # changed back: no longer work the service is paid for

    def purchaser_decides(self, approve: bool) -> None:
        """The CRC's manager authorises the purchase asked for, or refuses it with a reason; once only."""
        purchase = self._fresh().purchase
        assert purchase is not None
        if purchase.status != "requested":
            with pytest.raises(payments.PaymentRefused, match="already been decided"):
                payments.decide_purchase(purchase=purchase, approve=approve, reason="Not needed", by=self.who[Role.CRC_MANAGER])
            return
        payments.decide_purchase(purchase=purchase, approve=approve, reason="" if approve else "Not needed", by=self.who[Role.CRC_MANAGER])

    def attach_purchase(self, units: int) -> None:
        # Refused in words when already funded, while the purchase asked for waits, or when declined: nothing changes.
        with suppress(services.ReferralError):
            services.attach_purchase(referral=self._fresh(), purchase=self._bought(units), by=self.who[Role.TTG_CASEWORKER])
            event(f"another purchase attached, after {len(self.recorded)} pieces of work")

    def more_units(self, extra: int) -> None:
        """The partner asks for more units on an authorised (or used-up) purchase; the CRC approves."""
        purchase = self._fresh().purchase
        assert purchase is not None
        if purchase.status not in ("authorised", "complete"):
            return
        asked = payments.request_variation(
            purchase=purchase, extra_units=extra, reason=f"{extra} more", by=self.who[Role.PARTNER_CASEWORKER]
        )
        payments.decide_variation(variation=asked, approve=True, by=self.who[Role.CRC_MANAGER])

    def closed(self, by_partner: bool) -> None:
        """Withdrawn by the referrer, or (once accepted) cancelled by the partner; a closed one stays closed."""
        referral = self._fresh()
        if referral.status not in rules.OPEN:
            with pytest.raises(services.ReferralError):
                services.withdraw(referral=referral, reason="Transferred", by=self.who[Role.TTG_CASEWORKER])
            return
        if by_partner and referral.status in rules.WORKING:
            services.cancel(referral=referral, reason="No longer wanted", by=self.who[Role.PARTNER_CASEWORKER])
        else:
            services.withdraw(referral=referral, reason="Transferred", by=self.who[Role.TTG_CASEWORKER])

    def time_passes(self, days: int, submit: bool) -> None:
        """Days pass; and the open claims may be submitted (withdrawn work then is credited, not taken off)."""
        if days:
            self._set_clock(self.day + timedelta(days=days))
        if submit:
            for claim in Claim.objects.filter(status="draft").exclude(lines=None).order_by("pk"):
                payments.submit_claim(claim=claim, by=self.who[Role.PARTNER_CASEWORKER])

    # --- after every step ----------------------------------------------------------------------------

    @invariant()
    def everything_recorded_is_claimed_once_or_shown_unfunded_with_a_true_reason(self) -> None:
        if self.referral is None:
            return
        # What both sides' pages show (selectors.work_funding), on the referral with only what it reads (the
        # pages' selectors.referral adds the rest of the page, and a third of this test's time).
        referral = (
            Referral.objects.select_related("purchase__item")
            .prefetch_related("sessions", Prefetch("outcomes", queryset=OutcomeAchievement.objects.select_related("desired_outcome")))
            .get(pk=self.referral.pk)
        )
        shown = selectors.work_funding(referral)
        keys = [row.work.key for row in shown]
        claimed = {row.work.key for row in shown if row.claimed}
        unfunded = {row.work.key for row in shown if not row.claimed}
        assert len(keys) == len(set(keys)), keys  # each piece of work once
        assert claimed | unfunded == self.recorded, (sorted(claimed), sorted(unfunded), sorted(self.recorded))
        assert not claimed & unfunded
        # Claimed means one claim line stands for it, net of credits; never two. Nothing else is claimed.
        net = Counter[str]()
        for key, units in ClaimLine.objects.filter(tier=Tier.PURCHASE).values_list("delivery__source_key", "units"):
            net[key] += units
        assert all(units in (0, 1) for units in net.values()), net
        assert {key for key, units in net.items() if units == 1} == claimed
        # Not funded: its reason is in words, and true of the authority now.
        live = {
            d.source_key: d for d in Delivery.objects.filter(source_key__in=unfunded, withdrawn_at__isnull=True).select_related("purchase")
        }
        authority: dict[int, tuple[int, int]] = {}  # purchase -> (units claimed, units authorised and approved)
        if claimed:
            event("work claimed")
        for row in shown:
            if row.claimed:
                continue
            assert row.words.startswith(("Not yet funded", "Not funded")), row.words
            event(f"shown not funded: {delivery_reason(row.words)}")
            delivery = live[row.work.key]  # every rate-card referral here has a purchase: the work is recorded against it
            bought = delivery.purchase
            if bought.pk not in authority:
                authority[bought.pk] = (payments.delivered_units(bought), bought.units_authorised + payments.approved_extra_units(bought))
            claimed_units, limit = authority[bought.pk]
            assert claimed_units <= limit
            reason = delivery.unfunded_reason
            assert {
                "awaiting": bought.status == "requested",
                "refused": bought.status == "refused",
                "cancelled": bought.status == "cancelled",
                "before": delivery.delivered_on < bought.covers_from,
                "beyond": claimed_units == limit and delivery.delivered_on >= bought.covers_from,
            }[reason], (reason, bought.status, claimed_units, limit)
        for claim in Claim.objects.annotate(lines_total=Sum("lines__amount_pence")):
            assert claim.total_pence == (claim.lines_total or 0)


@pytest.mark.django_db
def test_whatever_the_order_every_piece_of_work_is_claimed_once_or_shown_unfunded_with_its_reason(
    personas: dict[str, Any], activity: PlanActivity, outcomes: list[DesiredOutcome]
) -> None:
    Funding.ground = {"personas": personas, "activity": activity, "outcomes": outcomes}
    run_state_machine_as_test(
        Funding,
        settings=settings(
            max_examples=30,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
