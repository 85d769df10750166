"""Demo referrals, each to a partner whose services fit the person referred (issue 16).

- Mersey Women's Centre (aisha.begum's organisation) has referrals in every state, some assigned to a
  second partner caseworker: women from Merseyside at HMP Styal, screened there and referred by
  Cheshire and Greater Manchester CRC's caseworker for specialist domestic abuse support, under the
  CRC's supply-chain contract with the centre (ttg/supply_chain/demo.py). The women arrive through the
  custody feed, as everyone does.
- Merseyside CRC (tom.okafor) refers men at its prisons to the partners in its supply chain for the
  activity's pathway there: work and training to Second Chance Employment, a home to Gateway Housing
  Trust, money to Amani Community Link.
- Cheshire and Greater Manchester CRC's rate-card referrals to Mersey Women's Centre, for more women
  from Merseyside at HMP Styal (issue 15): each asks the CRC to buy the centre's key-work sessions when
  it is sent; one more tells the good-faith story: its purchase was asked for at referral time, the
  centre worked while it waited, and when karen.ashworth, the CRC's manager, authorised it every
  earlier session was claimed.

Every write goes through the services, as a user's would. Idempotent: nothing is made when referrals exist.
"""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.test.utils import override_settings

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.estate.models import Organisation, Prison
from ttg.payments import services as payments
from ttg.payments.demo import load_budgets, load_rate_card
from ttg.payments.models import RateCardItem
from ttg.people.cases import hold_case
from ttg.people.importer import import_feed
from ttg.people.models import CustodyPeriod, ProbationCase
from ttg.plans.catalogue.loader import load_initial_catalogue
from ttg.plans.plan import services as plan_services
from ttg.plans.plan.demo import agreed_plan
from ttg.plans.plan.models import OwnerKind, Plan, PlanActivity
from ttg.screening.models import Kind, Screening, Status

from . import rules, services
from .models import Referral
from .outcomes import load_desired_outcomes

# The state each of Mersey Women's Centre's demo referrals is brought to, in order.
STATES = (rules.SENT, rules.SENT, rules.ACCEPTED, rules.IN_PROGRESS, rules.COMPLETED, rules.DECLINED, rules.WITHDRAWN, rules.CANCELLED)
WOMENS_CENTRE = "Mersey Women's Centre"
# Merseyside CRC's partners by pathway (each in its supply chain there: ttg/supply_chain/demo.py).
MERSEYSIDE_PARTNERS = {"ete": "Second Chance Employment", "accommodation": "Gateway Housing Trust", "finance": "Amani Community Link"}
SHARED = ["first_name", "last_name", "prison_number", "release_date", "prison"]
# Merseyside CRC's agreement with Amani Community Link does not cover custody and release (rule R-R5,
# ttg/supply_chain/demo.py): its referral shares the person's name and prison number only.
AMANI, IDENTITY_ONLY = "Amani Community Link", ["first_name", "last_name", "prison_number"]

_HEADER = (
    "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,date_of_birth,"
    "sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"
)
# Women received at HMP Styal (STI) from courts in Merseyside: (prison number, first name, last name, born, received, release).
WOMEN = (
    ("F7101WC", "Leanne", "Doyle", "1989-02-11", "2019-05-13", "2019-11-15"),
    ("F7102WC", "Charlotte", "Byrne", "1994-07-30", "2019-06-03", "2020-01-10"),
    ("F7103WC", "Kerry", "Moran", "1985-12-05", "2019-06-24", "2019-12-20"),
    ("F7104WC", "Jodie", "Nolan", "1991-04-18", "2019-07-08", "2020-02-14"),
    ("F7105WC", "Amy", "Keegan", "1997-09-02", "2019-07-15", "2020-03-06"),
    ("F7106WC", "Nicola", "Rooney", "1983-01-27", "2019-07-22", "2019-12-06"),
    ("F7107WC", "Samira", "Hassan", "1990-10-09", "2019-08-05", "2020-04-03"),
    ("F7108WC", "Donna", "Kavanagh", "1979-06-14", "2019-08-12", "2020-01-31"),
)
# More women at HMP Styal, whose referrals to the centre ask Cheshire and Greater Manchester CRC to buy
# its key-work sessions (issue 15): the last tells the good-faith story.
RATE_CARD_WOMEN = (
    ("F7109WC", "Gemma", "Fitzpatrick", "1992-03-19", "2019-06-10", "2020-02-28"),
    ("F7110WC", "Toni", "McCarthy", "1988-08-08", "2019-06-17", "2020-03-20"),
    ("F7111WC", "Lisa", "Quinn", "1995-11-23", "2019-07-01", "2020-01-17"),
    ("F7112WC", "Stacey", "Gallagher", "1986-05-04", "2019-07-29", "2020-04-24"),
)
# The state each of the first three rate-card referrals is brought to; what each asks the CRC to buy
# from the centre (its rate card: ttg/payments/demo.py).
RATE_CARD_STATES = (rules.SENT, rules.COMPLETED, rules.CANCELLED)
SERVICE, UNITS = "Women's centre key-work session", 6
# The good-faith story: days before today it was sent, accepted, each session held, and the purchase authorised.
STORY_SENT, STORY_ACCEPTED, STORY_SESSIONS, STORY_AUTHORISED = 24, 23, (21, 14, 9), 6


def _women_feed() -> str:
    rows = []
    for n, (number, first, last, born, received, release) in enumerate(WOMEN + RATE_CARD_WOMEN, start=1):
        rows.append(
            f"demo-ref-w{n},RECEPTION,{received}T14:00:00+01:00,{number},STI,,,{first},{last},{born},F,W1,SENTENCED,DETERMINATE,"
            f"{received},200,{release},\n"
        )
    return _HEADER + "".join(rows)


def load_referrals(personas: dict[str, Any], second_partner: Any, *, styal: dict[str, Any] | None = None) -> int:
    """The demo's referrals (see the module's docstring). `second_partner` is the partner's other
    caseworker, to assign to; `styal` the staff at HMP Styal (role -> user) who screen and refer the women.
    Returns how many were made."""
    if Referral.objects.exists():
        return 0
    partner, caseworker = personas[Role.PARTNER_CASEWORKER], personas[Role.TTG_CASEWORKER]
    load_initial_catalogue()
    load_desired_outcomes()
    # Only once the custody feed has brought people in (make run loads the demo before and after it).
    if not CustodyPeriod.objects.filter(current_prison__crc=caseworker.crc).exists():
        return 0
    made = 0
    with transaction.atomic():
        if styal and partner.organisation and partner.organisation.name == WOMENS_CENTRE:
            made += _womens_referrals(partner=partner, second=second_partner, styal=styal)
        made += _merseyside_referrals(caseworker)
        if styal and partner.organisation and partner.organisation.name == WOMENS_CENTRE:
            made += _rate_card_referrals(partner=partner, second=second_partner, styal=styal)
    return made


def _womens_referrals(*, partner: Any, second: Any, styal: dict[str, Any]) -> int:
    """Women at HMP Styal, with a history of domestic abuse: their plans propose a referral to a specialist
    service, which their CRC makes to Mersey Women's Centre, in its supply chain there."""
    referrer = styal[Role.TTG_CASEWORKER]
    import_feed(io.BytesIO(_women_feed().encode()), source="demo: referrals to Mersey Women's Centre", kind="csv")
    today = clock.today()
    made = 0
    periods = CustodyPeriod.objects.filter(person__prison_number__in=[w[0] for w in WOMEN], released_at__isnull=True)
    for period in periods.select_related("person", "current_prison__crc").order_by("person__prison_number"):
        if made == len(STATES):
            break
        plan = agreed_plan(period, styal, domestic_abuse="yes")
        activity = plan and PlanActivity.objects.filter(plan=plan, activity__code="abuse-specialist-service").first()
        if not activity:
            continue
        offered = list(services.offered_outcomes(activity.pathway, today)[:2])
        referral = services.send(
            activity=activity,
            organisation=partner.organisation,
            need="Specialist support after domestic abuse, before and after release, near her home in Merseyside.",
            desired_outcomes=offered,
            shared=SHARED,
            partner_needs_to_know="Prefers to be seen in the morning; no known risks to staff.",
            consent_given=True,
            consent_on=today - timedelta(days=made + 1),
            funding=rules.SUPPLY_CHAIN,
            by=referrer,
        )
        _bring_to(referral, STATES[made], partner=partner, second=second, caseworker=referrer, offered=offered)
        made += 1
    if made:
        services.record_unfunded_work(
            organisation=partner.organisation,
            person_reference="MWC-0107",
            on=today - timedelta(days=3),
            pathway="abuse",
            description="Drop-in support session and a referral to a refuge.",
            hours=Decimal("2.5"),
            by=partner,
        )
    return made


def _merseyside_referrals(caseworker: Any) -> int:
    """One referral on each of the pathways Merseyside CRC's partners serve, for men screened at its prisons."""
    today = clock.today()
    partners = {p: Organisation.objects.filter(name=name).first() for p, name in MERSEYSIDE_PARTNERS.items()}
    screened = Screening.objects.filter(kind=Kind.BCST1, status=Status.SUBMITTED, custody_period__released_at__isnull=True)
    # Men with a release date in the coming year: resettlement work is for the months before release.
    periods = (
        CustodyPeriod.objects.filter(
            pk__in=screened.values("custody_period"),
            current_prison__crc=caseworker.crc,
            release_date__gt=today,
            release_date__lte=today + timedelta(days=365),
        )
        .select_related("person", "current_prison")
        .order_by("release_date", "pk")[:40]
    )
    made = 0
    for period in periods:
        if not partners:
            break
        try:
            plan = plan_services.propose(period=period, by=caseworker)
        except plan_services.PlanError:
            continue
        for activity in plan.activities.filter(pathway__in=list(partners)).order_by("level", "order", "id"):
            organisation = partners.get(activity.pathway)
            fits = organisation is not None and services.lookup_in_supply_chain(
                organisation=organisation, crc=caseworker.crc, pathway=activity.pathway, prison=period.current_prison, on=today
            )
            offered = list(services.offered_outcomes(activity.pathway, today)[:2])
            if not fits or not offered:
                continue
            services.send(
                activity=activity,
                organisation=organisation,
                need=f"Support with {activity.title.lower()} before and after release.",
                desired_outcomes=offered,
                shared=IDENTITY_ONLY if organisation is not None and organisation.name == AMANI else SHARED,
                partner_needs_to_know="No known risks to staff.",
                consent_given=True,
                consent_on=today - timedelta(days=1),
                funding=rules.SUPPLY_CHAIN,
                by=caseworker,
            )
            partners.pop(activity.pathway)
            made += 1
            break
    return made


def _rate_card_referrals(*, partner: Any, second: Any, styal: dict[str, Any]) -> int:
    """Cheshire and Greater Manchester CRC's rate-card referrals to Mersey Women's Centre, for the women of
    RATE_CARD_WOMEN at HMP Styal (issue 15): each asks the CRC to buy the centre's key-work sessions when
    it is sent, brought to a state of RATE_CARD_STATES; then the good-faith story (`_good_faith`)."""
    referrer, manager = styal[Role.TTG_CASEWORKER], styal[Role.CRC_MANAGER]
    load_budgets()  # the CRC's allocation and rate card, which rate-card referrals ask it to buy from
    service = RateCardItem.objects.get(rate_card=load_rate_card(manager), title=SERVICE)
    today = clock.today()
    periods = CustodyPeriod.objects.filter(person__prison_number__in=[w[0] for w in RATE_CARD_WOMEN], released_at__isnull=True)
    made = 0
    for period in periods.select_related("person", "current_prison__crc").order_by("person__prison_number"):
        if made == len(RATE_CARD_STATES) + 1:
            break
        plan = agreed_plan(period, styal, domestic_abuse="yes")
        activity = PlanActivity.objects.filter(plan=plan, activity__code="abuse-specialist-service").first() if plan else None
        offered = list(services.offered_outcomes(activity.pathway, today)[:2]) if activity else []
        if activity is None or not offered:
            continue
        if made == len(RATE_CARD_STATES):
            _good_faith(activity, offered, partner=partner, referrer=referrer, manager=manager, service=service)
            made += 1
            continue
        referral = services.send(
            activity=activity,
            organisation=partner.organisation,
            need="Key-work support before and after release, near her home in Merseyside.",
            desired_outcomes=offered,
            shared=SHARED,
            partner_needs_to_know="Prefers to be seen in the morning; no known risks to staff.",
            consent_given=True,
            consent_on=today - timedelta(days=made + 1),
            funding=rules.RATE_CARD,
            service=service,
            units=UNITS,
            by=referrer,
        )
        _bring_to(referral, RATE_CARD_STATES[made], partner=partner, second=second, caseworker=referrer, offered=offered)
        made += 1
    return made


def _days_ago(days: int) -> Any:
    """The service's clock set back `days` from today, at 10am, as the payments demo does."""
    return override_settings(TTG_NOW=f"{clock.today() - timedelta(days=days)}T10:00:00+01:00")


def _good_faith(activity: Any, offered: list[Any], *, partner: Any, referrer: Any, manager: Any, service: RateCardItem) -> Referral:
    """R-F3: the rate-card referral whose purchase was asked for when it was sent; the centre accepted
    it and held three sessions while the purchase waited; when the CRC's manager authorised it, every
    one of them was claimed on the centre's claim to the CRC, on the day each was held."""
    today = clock.today()
    with _days_ago(STORY_SENT):
        referral = services.send(
            activity=activity,
            organisation=partner.organisation,
            need="Key-work support after domestic abuse, starting before release and going on after it.",
            desired_outcomes=offered,
            shared=SHARED,
            partner_needs_to_know="Asked for a woman key worker.",
            consent_given=True,
            consent_on=today - timedelta(days=STORY_SENT),
            funding=rules.RATE_CARD,
            service=service,
            units=UNITS,
            by=referrer,
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
        payments.decide_purchase(purchase=referral.purchase, approve=True, by=manager)
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


# --------------------------------------------------------------------------------------------------
# Nobody released unseen (issue 23 item 4): a man at a non-resettlement prison, due for release in the
# coming weeks and never moved to a resettlement prison (T9 missed). The NPS allocates his case to the
# responsible officer (david.jones), who buys Gateway Housing Trust's tenancy support from Merseyside
# CRC's rate card, makes his short release plan and refers its accommodation activity to the trust,
# funded by that purchase, under the NPS's sharing agreement with the trust.
# --------------------------------------------------------------------------------------------------

RELEASE_PRISON_NUMBER = "A9002RL"
# Men's prisons to try, in order, for one that is not a resettlement prison today.
MENS_PRISONS = ("BAI", "AYI", "WWI", "GTI", "HDI", "FSI", "DAI")


def _release_person() -> CustodyPeriod | None:
    """Received 200 days ago at a non-resettlement prison, due for release 53 days from today (T9 missed)."""
    from_feed = CustodyPeriod.objects.filter(person__prison_number=RELEASE_PRISON_NUMBER).select_related("person").first()
    if from_feed is not None:
        return from_feed
    today = clock.today()
    prison = next(
        (
            p
            for p in Prison.objects.filter(code__in=MENS_PRISONS).prefetch_related("designations")
            if not (p.designation_on(today) and p.designation_on(today).resettlement)  # type: ignore[union-attr]
        ),
        None,
    )
    if prison is None:
        return None
    received = today - timedelta(days=200)
    row = (
        f"release-demo-1,RECEPTION,{received}T15:00:00+00:00,{RELEASE_PRISON_NUMBER},{prison.code},,,Callum,Reid,1988-04-17,M,W1,"
        f"SENTENCED,DETERMINATE,{received},506,{today + timedelta(days=53)},\n"
    )
    result = import_feed(io.BytesIO((_HEADER + row).encode()), source="release plan demo", kind="csv")
    if result.counts.rejected:
        raise RuntimeError(f"The release plan demo person was rejected by the feed: {result.rejections}")
    return CustodyPeriod.objects.select_related("person", "current_prison").get(person__prison_number=RELEASE_PRISON_NUMBER)


@transaction.atomic
def load_release_plan(users: dict[str, Any]) -> int:
    """The story above, once; returns 1 when it made it. Nothing when the estate has no men's
    non-resettlement prison to hold him (a generated national estate)."""
    if Plan.objects.filter(custody_period__person__prison_number=RELEASE_PRISON_NUMBER).exists():
        return 0
    if not CustodyPeriod.objects.exclude(person__prison_number=RELEASE_PRISON_NUMBER).exists():
        return 0  # the demo's people come from the custody feed first (make run), as the payments demo's purchases do
    period = _release_person()
    if period is None:
        return 0
    officer = users[Role.RESPONSIBLE_OFFICER]
    load_budgets()
    card = load_rate_card(users[Role.CRC_MANAGER])
    load_desired_outcomes()
    load_initial_catalogue()
    gateway = Organisation.objects.get(name="Gateway Housing Trust")
    with _days_ago(14):
        hold_case(custody_period=period, officer=officer, source=ProbationCase.Source.ALLOCATED, by=None)
    with _days_ago(5):
        bought = payments.make_purchase(
            by=officer, custody_period=period, item=card.items.get(title="Tenancy sustainment support"), units=6
        )
        plan = plan_services.make_release_plan(period=period, by=officer)
        home = plan_services.add_release_activity(
            plan=plan,
            title="Find somewhere to live on release",
            pathway="accommodation",
            owner_kind=OwnerKind.PARTNER,
            owner=gateway.name,
            due_on=clock.today() + timedelta(days=30),
            by=officer,
        )
        plan_services.add_release_activity(
            plan=plan,
            title="Open a bank account before release",
            pathway="finance",
            owner_kind=OwnerKind.NPS,
            due_on=clock.today() + timedelta(days=40),
            by=officer,
        )
    with _days_ago(4):
        services.send(
            activity=home,
            organisation=gateway,
            need="No fixed address on release; wants a tenancy near his family in Liverpool.",
            desired_outcomes=list(services.offered_outcomes("accommodation", clock.today())[:1]),
            shared=["first_name", "last_name", "prison_number", "release_date", "prison"],
            consent_given=True,
            consent_on=clock.today(),
            funding=rules.RATE_CARD,
            purchase=bought,
            by=officer,
            idempotency_key="release-demo-referral-1",
        )
    return 1
