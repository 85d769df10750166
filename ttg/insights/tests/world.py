"""A small world with known answers for the insights tests: two prisons, eleven people, their outcomes.

Made with the ORM directly (the stored records the figures read), inside a transaction the module's
fixture rolls back. The answers, by hand, are in `test_selectors.py`.

People released in the window (1 April 2019 onwards; today 2 September 2019):

- 4 women from HMP Testwomen (a resettlement prison of Test CRC), released 10 May 2019 (first
  quarter), white (W1), born 1990 (29 on release), sentences 200, 200, 400, 400 days. All four have a
  release-day outcome: settled 3 (safe 2), ETE 1, bank account 4, ID 2, benefit claim 0, GP 3. Two
  said yes to domestic abuse at BCST1, and yes to a health condition; the other two no.
  Woman 0's plan has four activities: delivered, signposted, planned, cancelled; a claim line of
  2 units at £50 (10,000 pence) was paid for her. BCST1 on time for all four; BCST2 needed and on time
  for two, late for one.
- 6 men from HMP Testmen (non-resettlement), released 15 July 2019 (second quarter), black (B1),
  born 1999 (20 on release), sentences 2,000 days (3) and 700 days (3). Four have a release-day
  outcome: settled 1 (safe), ETE 2, bank account 1, ID 4, benefit claim 3, GP 0; two have an
  after-release outcome, both settled. Man 0 said yes to veteran at BCST1. BCST1 on time for three.
- Not counted: a man released 1 March 2019 (before the window) and one still in custody.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ttg.accounts.models import User
from ttg.estate.models import CRC, Prison, ResettlementDesignation
from ttg.payments.models import Allocation, Claim, ClaimLine, Delivery, Purchase, RateCardItem
from ttg.people.models import CustodyPeriod, Person
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.gate.models import ReleaseOutcome
from ttg.plans.plan.models import Plan, PlanActivity
from ttg.screening.models import Screening, ScreeningState

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def make_world() -> dict[str, Any]:
    crc = CRC.objects.create(code="TESTCRC", name="Test CRC")
    women = Prison.objects.create(code="TWW", name="HMP Testwomen", estate="female", crc=crc)
    men = Prison.objects.create(code="TMM", name="HMP Testmen", estate="male")
    ResettlementDesignation.objects.create(prison=women, resettlement=True, valid_from=date(2015, 5, 1))
    ResettlementDesignation.objects.create(prison=men, resettlement=False, valid_from=date(2015, 5, 1))
    worker = User.objects.get(username="tom.okafor")
    version = CatalogueVersion.objects.order_by("in_force_from").last()
    assert version is not None
    counter = iter(range(1, 100))
    states: list[tuple[CustodyPeriod, dict[str, Any]]] = []  # the stored decisions, written last (saves refresh them)

    def person(sex: str, ethnicity: str, born: date) -> Person:
        n = next(counter)
        return Person.objects.create(
            prison_number=f"Z{n:04d}ZZ",
            first_name=f"Insight{n}",
            last_name=f"Testperson{n}",
            date_of_birth=born,
            sex=sex,
            ethnicity=ethnicity,
        )

    def period(
        p: Person, prison: Prison, days: int, released: date | None, *, bcst1_on_time: bool, bcst2: str | None = None
    ) -> CustodyPeriod:
        received = (released or date(2019, 8, 1)) - timedelta(days=120)
        cp = CustodyPeriod.objects.create(
            person=p,
            received_at=at(received),
            reception_date=received,
            reception_prison=prison,
            current_prison=prison,
            legal_status="SENTENCED",
            sentence_type="DETERMINATE",
            sentence_start_date=received,
            sentence_length_days=days,
            release_date=released,
            released_at=at(released) if released else None,
            release_type="CONDITIONAL" if released else "",
        )
        due = at(received) + timedelta(hours=72)
        states.append(
            (
                cp,
                {
                    "prison": prison,
                    "in_custody": released is None,
                    "received_at": at(received),
                    "release_date": released,
                    "released_on": released,
                    "bcst1_due_at": due,
                    "bcst1_started": True,
                    "bcst1_submitted_at": due - timedelta(hours=1) if bcst1_on_time else due + timedelta(hours=5),
                    "bcst1_to_do": False,
                    "clone_available": False,
                    "bcst2_required": bcst2 is not None,
                    "bcst2_due_on": received + timedelta(days=10) if bcst2 else None,
                    "bcst2_submitted_at": (at(received + timedelta(days=9 if bcst2 == "on_time" else 20)) if bcst2 else None),
                    "bcst2_to_do": False,
                    "fingerprint": "test",
                    "computed_at": at(received),
                },
            )
        )
        return cp

    def bcst1(cp: CustodyPeriod, **answers: str) -> None:
        Screening.objects.create(
            custody_period=cp,
            kind="BCST1",
            question_set_version="test",
            status="submitted",
            answers=answers,
            started_by=worker,
            started_at=cp.received_at,
            submitted_by=worker,
            submitted_at=cp.received_at,
            updated_at=cp.received_at,
        )

    def plan(cp: CustodyPeriod) -> Plan:
        return Plan.objects.create(custody_period=cp, catalogue_version=version, proposed_at=cp.received_at, proposed_by=worker)

    def outcome(pl: Plan, kind: str, accommodation: str = "temporary", safe: str = "no", **yes: Any) -> None:
        fields = {f: ("yes" if yes.get(f) else "no") for f in ("ete", "bank_account", "id_documents", "benefit_claim", "gp_registration")}
        ReleaseOutcome.objects.create(
            plan=pl,
            kind=kind,
            accommodation=accommodation,
            accommodation_safe=safe,
            recorded_at=at(date(2019, 8, 1)),
            recorded_by=worker,
            **fields,
        )

    # The four women.
    women_out: list[dict[str, Any]] = [
        {"accommodation": "settled", "safe": "yes", "ete": True, "bank_account": True, "id_documents": True, "gp_registration": True},
        {"accommodation": "settled", "safe": "yes", "bank_account": True, "id_documents": True, "gp_registration": True},
        {"accommodation": "settled", "safe": "no", "bank_account": True, "gp_registration": True},
        {"accommodation": "rough_sleeping", "safe": "no", "bank_account": True},
    ]
    bcst2s = ["on_time", "on_time", "late", None]
    woman_periods = []
    for i, out in enumerate(women_out):
        cp = period(
            person("F", "W1", date(1990, 1, 1)), women, (200, 200, 400, 400)[i], date(2019, 5, 10), bcst1_on_time=True, bcst2=bcst2s[i]
        )
        bcst1(cp, domestic_abuse="yes" if i < 2 else "no", health_condition="yes" if i < 2 else "no")
        pl = plan(cp)
        outcome(pl, "release_day", **out)
        woman_periods.append((cp, pl))
    first_plan = woman_periods[0][1]
    for order, status in enumerate(("delivered", "signposted", "planned", "cancelled")):
        PlanActivity.objects.create(
            plan=first_plan,
            title=f"Activity {order}",
            level=1,
            status=status,
            updated_at=first_plan.proposed_at,
            updated_by=worker,
            order=order,
        )

    # The six men.
    men_out: list[dict[str, Any] | None] = [
        {"accommodation": "settled", "safe": "yes", "ete": True, "id_documents": True, "benefit_claim": True},
        {"accommodation": "temporary", "ete": True, "id_documents": True, "benefit_claim": True},
        {"accommodation": "approved_premises", "bank_account": True, "id_documents": True, "benefit_claim": True},
        {"accommodation": "unknown", "id_documents": True},
        None,
        None,
    ]
    for i, man_out in enumerate(men_out):
        cp = period(person("M", "B1", date(1999, 1, 1)), men, 2000 if i < 3 else 700, date(2019, 7, 15), bcst1_on_time=i < 3)
        bcst1(cp, veteran="yes" if i == 0 else "no")
        if man_out is not None:
            pl = plan(cp)
            outcome(pl, "release_day", **man_out)
            if i < 2:
                outcome(pl, "after_release", accommodation="settled", safe="yes")

    # Not counted.
    period(person("M", "W1", date(1980, 1, 1)), men, 300, date(2019, 3, 1), bcst1_on_time=True)
    period(person("M", "W1", date(1980, 1, 1)), men, 300, None, bcst1_on_time=True)

    # The cost: one claim line of 2 units at £50 for woman 0.
    item = RateCardItem.objects.filter(rate_card__published=True).first()
    allocation = Allocation.objects.first()
    assert item is not None and allocation is not None
    cp0 = woman_periods[0][0]
    purchase = Purchase.objects.create(
        reference="INSIGHT-1",
        purchaser_kind="national",
        purchased_by=worker,
        person=cp0.person,
        custody_period=cp0,
        prison=women,
        item=item,
        provider_crc=crc,
        allocation=allocation,
        units_authorised=2,
        unit_price_pence=5000,
        value_authorised_pence=10000,
        purchased_on=date(2019, 5, 1),
        created_at=at(date(2019, 5, 1)),
    )
    delivery = Delivery.objects.create(
        purchase=purchase, source_key="insight-1", kind="session", units=2, delivered_on=date(2019, 5, 2), recorded_at=at(date(2019, 5, 2))
    )
    claim = Claim.objects.create(
        claimant_crc=crc, crc=crc, claimant_key="crc:test", payer_key="national", month=date(2019, 5, 1), created_at=at(date(2019, 5, 31))
    )
    ClaimLine.objects.create(claim=claim, delivery=delivery, tier="purchase", units=2, unit_price_pence=5000, amount_pence=10000)
    for cp, fields in states:
        ScreeningState.objects.update_or_create(custody_period=cp, defaults=fields)
    return {"crc": crc, "women": women, "men": men}
