"""Demo referrals: Mersey Women's Centre (aisha.begum's organisation) has referrals in every state,
from plans of people screened at the demo CRC's prisons, some assigned to a second partner caseworker.
Each rate-card referral asks Merseyside CRC to buy the centre's key-work sessions when it is sent
(issue 15); one more tells the good-faith story: its purchase was asked for at referral time, the
centre worked while it waited, and when helen.price authorised it every earlier session was claimed.
Idempotent: nothing is made when referrals exist."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.test.utils import override_settings

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.payments import services as payments
from ttg.payments.demo import load_budgets, load_rate_card
from ttg.payments.models import RateCardItem
from ttg.people.models import CustodyPeriod
from ttg.plans.catalogue.loader import load_initial_catalogue
from ttg.plans.plan import services as plan_services
from ttg.screening.models import Kind, Screening, Status

from . import rules, services
from .models import Referral
from .outcomes import load_desired_outcomes

# The state each demo referral is brought to, in order.
STATES = (rules.SENT, rules.SENT, rules.ACCEPTED, rules.IN_PROGRESS, rules.COMPLETED, rules.DECLINED, rules.WITHDRAWN, rules.CANCELLED)
FUNDING = (rules.SUPPLY_CHAIN, rules.RATE_CARD, rules.UNFUNDED)
# What a rate-card referral asks Merseyside CRC to buy from Mersey Women's Centre (ttg/payments/demo.py).
SERVICE, UNITS = "Women's centre key-work session", 6
# The good-faith story: days before today it was sent, accepted, each session held, and the purchase authorised.
STORY_SENT, STORY_ACCEPTED, STORY_SESSIONS, STORY_AUTHORISED = 24, 23, (21, 14, 9), 6


def load_referrals(personas: dict[str, Any], second_partner: Any) -> int:
    """Referrals in every state from plans of people screened at the demo CRC's prisons; `second_partner`
    is the partner's other caseworker, to assign to."""
    if Referral.objects.exists():
        return 0
    partner, caseworker = personas[Role.PARTNER_CASEWORKER], personas[Role.TTG_CASEWORKER]
    organisation = partner.organisation
    load_initial_catalogue()
    load_desired_outcomes()
    screened = Screening.objects.filter(kind=Kind.BCST1, status=Status.SUBMITTED, custody_period__released_at__isnull=True)
    periods = list(
        CustodyPeriod.objects.filter(pk__in=screened.values("custody_period"), current_prison__crc=caseworker.crc)
        .select_related("person", "current_prison")
        .order_by("received_at")[: len(STATES) * 2]
    )
    today = clock.today()
    made = 0
    with transaction.atomic():
        load_budgets()  # the CRC's allocation and rate card, which rate-card referrals ask it to buy from
        service = RateCardItem.objects.get(rate_card=load_rate_card(personas[Role.CRC_MANAGER]), title=SERVICE)
        for period in periods:
            if made == len(STATES) + 1:
                break
            try:
                plan = plan_services.propose(period=period, by=caseworker)
            except plan_services.PlanError:
                continue
            activities = list(plan.activities.order_by("-level", "order", "id"))
            activity = next((a for a in activities if a.pathway), None)
            if activity is None:
                continue
            offered = list(services.offered_outcomes(activity.pathway, today)[:2])
            if not offered:
                continue
            if made == len(STATES):
                _good_faith(activity, offered, personas=personas, service=service)
                made += 1
                continue
            state = STATES[made]
            funding = FUNDING[made % len(FUNDING)]
            referral = services.send(
                activity=activity,
                organisation=organisation,
                need=f"Support with {activity.title.lower()} before and after release.",
                desired_outcomes=offered,
                shared=["first_name", "last_name", "prison_number", "release_date", "prison"],
                partner_needs_to_know="Prefers to be seen in the morning; no known risks to staff.",
                consent_given=True,
                consent_on=today - timedelta(days=made + 1),
                funding=funding,
                service=service if funding == rules.RATE_CARD else None,
                units=UNITS if funding == rules.RATE_CARD else None,
                by=caseworker,
            )
            _bring_to(referral, state, partner=partner, second=second_partner, caseworker=caseworker, offered=offered)
            made += 1
        if made:
            services.record_unfunded_work(
                organisation=organisation,
                person_reference="MWC-0107",
                on=today - timedelta(days=3),
                pathway="abuse",
                description="Drop-in support session and a referral to a refuge.",
                hours=Decimal("2.5"),
                by=partner,
            )
    return made


def _days_ago(days: int) -> Any:
    """The service's clock set back `days` from today, at 10am, as the payments demo does."""
    return override_settings(TTG_NOW=f"{clock.today() - timedelta(days=days)}T10:00:00+01:00")


def _good_faith(activity: Any, offered: list[Any], *, personas: dict[str, Any], service: RateCardItem) -> Referral:
    """R-F3: the rate-card referral whose purchase was asked for when it was sent; the centre accepted
    it and held three sessions while the purchase waited; when Merseyside CRC's manager authorised it,
    every one of them was claimed on the centre's claim to the CRC, on the day each was held."""
    partner, caseworker = personas[Role.PARTNER_CASEWORKER], personas[Role.TTG_CASEWORKER]
    today = clock.today()
    with _days_ago(STORY_SENT):
        referral = services.send(
            activity=activity,
            organisation=partner.organisation,
            need="Key-work support after domestic abuse, starting before release and going on after it.",
            desired_outcomes=offered,
            shared=["first_name", "last_name", "prison_number", "release_date", "prison"],
            partner_needs_to_know="Asked for a woman key worker.",
            consent_given=True,
            consent_on=today - timedelta(days=STORY_SENT),
            funding=rules.RATE_CARD,
            service=service,
            units=UNITS,
            by=caseworker,
        )
    with _days_ago(STORY_ACCEPTED):
        services.accept(referral=referral, by=partner)
    for days in STORY_SESSIONS:
        with _days_ago(days):
            services.record_session(
                referral=referral, on=today - timedelta(days=days), method="in_person", attendance="attended", by=partner
            )
    with _days_ago(STORY_AUTHORISED):
        assert referral.purchase is not None
        payments.decide_purchase(purchase=referral.purchase, approve=True, by=personas[Role.CRC_MANAGER])
    return referral


def _bring_to(referral: Referral, state: str, *, partner: Any, second: Any, caseworker: Any, offered: list[Any]) -> None:
    today = clock.today()
    if state == rules.SENT:
        return
    if state == rules.DECLINED:
        services.decline(referral=referral, reason="We have no capacity for new cases this month.", by=partner)
        return
    if state == rules.WITHDRAWN:
        services.withdraw(referral=referral, reason="The person has been transferred to another prison.", by=caseworker)
        return
    services.accept(referral=referral, by=partner)
    if state == rules.ACCEPTED:
        services.assign(referral=referral, caseworker=second, by=partner)
        return
    if state == rules.CANCELLED:
        services.cancel(referral=referral, reason="The person no longer wants the service.", by=partner)
        return
    services.record_session(referral=referral, on=today - timedelta(days=7), method="in_person", attendance="attended", by=partner)
    services.record_session(
        referral=referral, on=today - timedelta(days=2), method="phone", attendance="did_not_attend", reason="On a visit", by=partner
    )
    services.add_note(referral=referral, text="First session went well; she is keen to engage.", by=partner)
    services.add_note(referral=referral, text="Thank you: release date confirmed.", by=caseworker)
    if state == rules.COMPLETED:
        for outcome, result in zip(offered, ("achieved", "partly"), strict=False):
            services.record_outcome(referral=referral, desired_outcome=outcome, result=result, note="", by=partner)
        services.close(referral=referral, summary="Support delivered over two sessions; a safety plan is in place.", by=partner)
