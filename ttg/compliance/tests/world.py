"""A small world with known answers, for the compliance figures' tests: a CRC of its own with two
resettlement prisons (TAA, TBB) and a non-resettlement prison (TNN) no CRC serves, so nothing of the
demo base is counted. People come in through the real custody feed (receptions, a transfer, a release
date change, releases), so the stored screening decisions are the importer's; screenings, plans,
reviews, handovers, outcomes and activities are rows as the services leave them.

The clock says 2 September 2019: the window is October 2017 to September 2019, the big numbers
September 2018 to August 2019. The hand counts are in HAND below, with why.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from ttg.accounts.constants import Role
from ttg.estate.models import CRC, Prison, ResettlementDesignation
from ttg.people.importer import import_feed
from ttg.people.models import CustodyPeriod
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.gate.models import OutcomeKind, PreReleaseReview, ReleaseOutcome, ReviewStatus
from ttg.plans.handover.models import Handover
from ttg.plans.plan.models import Plan, PlanActivity, PlanStatus
from ttg.screening import state
from ttg.screening.models import Kind, NeedFlag, Screening, Status
from ttg.screening.services import keep_pathway_needs

LONDON = ZoneInfo("Europe/London")
CRC_CODE = "TEST_COMPLIANCE"
JULY, AUGUST, JUNE = date(2019, 7, 1), date(2019, 8, 1), date(2019, 6, 1)

HEADER = (
    "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,"
    "date_of_birth,sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"
)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def _reception(n: str, prison: str, day: date, release: date, name: str) -> str:
    return f"c-{n}-in,RECEPTION,{at(day).isoformat()},{n},{prison},,,{name},Compliance,1980-01-01,M,W1,SENTENCED,DETERMINATE,{day},365,{release},\n"


def _transfer(n: str, day: date, from_code: str, to_code: str) -> str:
    return f"c-{n}-tr,TRANSFER,{at(day).isoformat()},{n},,{from_code},{to_code},,,,,,,,,,,\n"


def _sentence(n: str, day: date, prison: str, start: date, release: date) -> str:
    return f"c-{n}-se,SENTENCE,{at(day).isoformat()},{n},{prison},,,,,,,,SENTENCED,DETERMINATE,{start},365,{release},\n"


def _release(n: str, day: date, prison: str) -> str:
    return f"c-{n}-out,RELEASE,{at(day, 9).isoformat()},{n},{prison},,,,,,,,,,,,,CONDITIONAL\n"


# Prison numbers (unique to this world) and the names nobody else has.
P1, P2, P3, P4, P5, P6, P7, P8, N1, N2 = (
    "T1001AA",
    "T1002AA",
    "T1003AA",
    "T1004AA",
    "T1005AA",
    "T1006AA",
    "T1007AA",
    "T1008AA",
    "T2001NN",
    "T2002NN",
)

FEED = "".join(
    [
        # BCST1 in July at TAA: P1 on time, P2 late, P3 never, P4 on time and then transferred to TBB mid-month.
        _reception(P1, "TAA", date(2019, 7, 1), date(2020, 6, 1), "Ayla"),
        _reception(P2, "TAA", date(2019, 7, 3), date(2020, 6, 1), "Bram"),
        _reception(P3, "TAA", date(2019, 7, 15), date(2020, 6, 1), "Cato"),
        _reception(P4, "TAA", date(2019, 7, 20), date(2019, 8, 20), "Dara"),
        _transfer(P4, date(2019, 7, 25), "TAA", "TBB"),
        # P4's release date brought forward (a release-date change), then released from TBB in August.
        _sentence(P4, date(2019, 7, 30), "TBB", date(2019, 7, 20), date(2019, 8, 10)),
        _release(P4, date(2019, 8, 9), "TBB"),
        # Released from TAA: P5 and P6 in August, P7 in June.
        _reception(P5, "TAA", date(2019, 3, 1), date(2019, 8, 15), "Esme"),
        _release(P5, date(2019, 8, 15), "TAA"),
        _reception(P6, "TAA", date(2019, 2, 1), date(2019, 8, 30), "Finn"),
        _release(P6, date(2019, 8, 30), "TAA"),
        _reception(P7, "TAA", date(2019, 1, 7), date(2019, 6, 10), "Gwen"),
        _release(P7, date(2019, 6, 10), "TAA"),
        # P8: due out in August, but the date moved to September and they are still in custody.
        _reception(P8, "TAA", date(2019, 2, 4), date(2019, 8, 25), "Hugo"),
        _sentence(P8, date(2019, 8, 1), "TAA", date(2019, 2, 4), date(2019, 9, 20)),
        # The non-resettlement prison: N1 released with no service, N2 with a plan.
        _reception(N1, "TNN", date(2019, 5, 1), date(2019, 8, 5), "Ivor"),
        _release(N1, date(2019, 8, 5), "TNN"),
        _reception(N2, "TNN", date(2019, 5, 1), date(2019, 8, 6), "Juno"),
        _release(N2, date(2019, 8, 6), "TNN"),
    ]
)

# What each figure must count: (figure, prison code, month) -> (met, counted[, parts]).
HAND: dict[tuple[str, str, date], tuple[int, ...]] = {
    # Received at TAA in July, BCST1 due: P1 (1 day), P2 (5 days: late), P3 (none), P4 (1 day; counted at TAA
    # where received, not TBB where transferred).
    ("bcst1", "TAA", JULY): (2, 4),
    # The others were received earlier with no BCST1 recorded: P7 in January, P6 and P8 in February, P5 in March
    # (at TAA), N1 and N2 in May (at TNN: prison staff screen in every prison).
    ("bcst1", "TAA", date(2019, 1, 1)): (0, 1),
    ("bcst1", "TAA", date(2019, 2, 1)): (0, 2),
    ("bcst1", "TAA", date(2019, 3, 1)): (0, 1),
    ("bcst1", "TNN", date(2019, 5, 1)): (0, 2),
    # BCST2 due in July (5 working days after BCST1, or after BCST1 was due when it is not done): P1 (BCST2 and
    # plan in time), P2 (BCST2 late), P3 (nothing; due 25 July from BCST1's due date, 18 July).
    ("bcst2-plan", "TAA", JULY): (1, 3),
    # P4's sentence event on 30 July (the release-date change) moved the deadline to 5 working days after it,
    # 6 August: BCST2 was in by then, but the plan never agreed.
    ("bcst2-plan", "TAA", AUGUST): (0, 1),
    # Those received earlier, with no BCST2 (TNN is not a resettlement prison: no BCST2 there).
    ("bcst2-plan", "TAA", date(2019, 1, 1)): (0, 1),
    ("bcst2-plan", "TAA", date(2019, 2, 1)): (0, 2),
    ("bcst2-plan", "TAA", date(2019, 3, 1)): (0, 1),
    # Released in August: from TAA, P5 (review after release, no handover; bank account only) and P6 (nothing);
    # from TBB, P4 (review and handover before; accommodation, ID and benefit; no bank account).
    # P8's release date was in August but moved: still in custody, not counted.
    ("review", "TAA", AUGUST): (0, 2),
    ("review", "TBB", AUGUST): (1, 1),
    # Started on time (T5): P5's review opened on 23 May (12 weeks before 15 August) and was started on 10 August:
    # late; P6 has none. P4's opened on 18 May (12 weeks before 10 August), before P4 was received (20 July): due
    # by P4's BCST2 deadline, 6 August, and started on 28 July, on time.
    ("review-started", "TAA", AUGUST): (0, 2),
    ("review-started", "TBB", AUGUST): (1, 1),
    # P7's opened on 18 March (12 weeks before 10 June), started at 11 pm that day: on time (a London day).
    ("review-started", "TAA", JUNE): (1, 1),
    ("handover", "TAA", AUGUST): (0, 2),
    ("handover", "TBB", AUGUST): (1, 1),
    ("accommodation", "TAA", AUGUST): (0, 2),
    ("accommodation", "TBB", AUGUST): (1, 1),
    ("id", "TAA", AUGUST): (0, 2),
    ("id", "TBB", AUGUST): (1, 1),
    ("bank", "TAA", AUGUST): (1, 2),
    ("bank", "TBB", AUGUST): (0, 1),
    ("benefit", "TAA", AUGUST): (0, 2),
    ("benefit", "TBB", AUGUST): (1, 1),
    # Settled some weeks after release: only P5 has an outcome after release (settled).
    ("settled-after", "TAA", AUGUST): (1, 2),
    ("settled-after", "TBB", AUGUST): (0, 1),
    ("settled-after", "TAA", JUNE): (0, 1),
    # Education, training or employment after release: P5's outcome after release says arranged; GP: not registered.
    ("ete-after", "TAA", AUGUST): (1, 2),
    ("ete-after", "TBB", AUGUST): (0, 1),
    ("ete-after", "TAA", JUNE): (0, 1),
    ("gp-after", "TAA", AUGUST): (0, 2),
    ("gp-after", "TBB", AUGUST): (0, 1),
    ("gp-after", "TAA", JUNE): (0, 1),
    # A bank account, identification and a benefit claim after release: P5's outcome after release says yes to
    # each (on the day of release P5 had a bank account only); nobody else has an outcome after release.
    **{(key, "TAA", AUGUST): (1, 2) for key in ("bank-after", "id-after", "benefit-after")},
    **{(key, "TBB", AUGUST): (0, 1) for key in ("bank-after", "id-after", "benefit-after")},
    **{(key, "TAA", JUNE): (0, 1) for key in ("bank-after", "id-after", "benefit-after")},
    # Released in June from TAA: P7, everything before release; first night temporary but not safe.
    ("review", "TAA", JUNE): (1, 1),
    ("handover", "TAA", JUNE): (1, 1),
    ("accommodation", "TAA", JUNE): (0, 1),
    ("id", "TAA", JUNE): (1, 1),
    ("bank", "TAA", JUNE): (1, 1),
    ("benefit", "TAA", JUNE): (1, 1),
    # Activities ended: P1's delivered and signposted in July, declined in August (a planned one not counted);
    # P4's delivered in July, counted at TBB (where P4 was when released).
    ("activities", "TAA", JULY): (1, 2, 1, 0),
    ("activities", "TAA", AUGUST): (0, 1, 0, 1),
    ("activities", "TBB", JULY): (1, 1, 0, 0),
    # Of those, Level 2 and 3 only: the declined budgeting course is Level 1.
    ("levels-2-3", "TAA", JULY): (1, 2, 1, 0),
    ("levels-2-3", "TBB", JULY): (1, 1, 0, 0),
    # Immediate needs flagged from BCST1 in July at TAA: P1's finance need (P1's plan has finance activities) and
    # health need (none on health); P2's accommodation need (P2's plan has no activities). P2's finance need was
    # withdrawn: not counted.
    ("needs-activity", "TAA", JULY): (1, 3),
    # Needs BCST2 found in July, counted at TAA where each person was received: P1's finance need (P1's plan has
    # finance activities) and accommodation need (none), not P1's health pathway (no need); P2's ETE need (no
    # activities); P4's finance need (P4's housing advice is on the finance pathway), though P4 is at TBB now.
    ("bcst2-needs-activity", "TAA", JULY): (2, 4),
    # Released from TNN in August: N1 with no service, N2 with a plan.
    ("no-service", "TNN", AUGUST): (1, 2),
}


@dataclass
class World:
    crc: CRC
    prisons: dict[str, Prison]
    periods: dict[str, CustodyPeriod]


def build(personas: dict[str, Any]) -> World:
    crc = CRC.objects.create(code=CRC_CODE, name="Test Compliance CRC")
    prisons = {
        "TAA": Prison.objects.create(code="TAA", name="HMP Test Alpha", estate="male", crc=crc),
        "TBB": Prison.objects.create(code="TBB", name="HMP Test Bravo", estate="male", crc=crc),
        "TNN": Prison.objects.create(code="TNN", name="HMP Test November", estate="male"),
    }
    for code, resettlement in (("TAA", True), ("TBB", True), ("TNN", False)):
        ResettlementDesignation.objects.create(prison=prisons[code], resettlement=resettlement, valid_from=date(2015, 5, 1))
    import_feed(io.BytesIO((HEADER + FEED).encode()), source="compliance test", kind="csv")
    periods = {p.person.prison_number: p for p in CustodyPeriod.objects.filter(person__last_name="Compliance").select_related("person")}
    officer, worker = personas[Role.PRISON_OFFICER], personas[Role.TTG_CASEWORKER]
    catalogue = CatalogueVersion.objects.order_by("-in_force_from")[0]

    def screening(n: str, kind: str, submitted: datetime) -> Screening:
        return Screening.objects.create(
            custody_period=periods[n],
            kind=kind,
            question_set_version="2018-10-01",
            status=Status.SUBMITTED,
            started_by=officer,
            started_at=submitted,
            submitted_by=officer,
            submitted_at=submitted,
            updated_at=submitted,
        )

    first = {P1: screening(P1, Kind.BCST1, at(date(2019, 7, 2)))}
    second = {P1: screening(P1, Kind.BCST2, at(date(2019, 7, 5)))}
    first[P2] = screening(P2, Kind.BCST1, at(date(2019, 7, 8)))
    second[P2] = screening(P2, Kind.BCST2, at(date(2019, 7, 31)))
    screening(P4, Kind.BCST1, at(date(2019, 7, 21)))
    second[P4] = screening(P4, Kind.BCST2, at(date(2019, 7, 24)))

    def plan(n: str, agreed: date | None) -> Plan:
        return Plan.objects.create(
            custody_period=periods[n],
            catalogue_version=catalogue,
            status=PlanStatus.AGREED if agreed else PlanStatus.DRAFT,
            proposed_at=at(date(2019, 7, 4)),
            proposed_by=worker,
            agreed_at=at(agreed) if agreed else None,
            agreed_by=worker if agreed else None,
        )

    plans = {
        P1: plan(P1, date(2019, 7, 8)),
        P2: plan(P2, date(2019, 7, 10)),
        P4: plan(P4, None),
        P5: plan(P5, date(2019, 3, 15)),
        P7: plan(P7, date(2019, 1, 20)),
        N2: plan(N2, date(2019, 5, 10)),
    }

    def review(n: str, started: datetime, completed: date) -> None:
        PreReleaseReview.objects.create(
            plan=plans[n],
            status=ReviewStatus.COMPLETED,
            started_at=started,
            updated_at=at(completed),
            updated_by=worker,
            completed_at=at(completed),
            completed_by=worker,
        )

    review(P4, at(date(2019, 7, 28)), date(2019, 8, 1))
    review(P5, at(date(2019, 8, 10)), date(2019, 8, 16))
    review(P7, at(date(2019, 3, 18), 23), date(2019, 5, 20))

    def handover(n: str, day: date) -> None:
        Handover.objects.create(
            plan=plans[n],
            where_to="An address",
            summary="Summary",
            handed_over_at=at(day),
            handed_over_by=worker,
            officer=personas[Role.RESPONSIBLE_OFFICER],
        )

    handover(P4, date(2019, 8, 5))
    handover(P7, date(2019, 6, 1))

    def outcome(n: str, accommodation: str, safe: str, id_documents: str, bank: str, benefit: str, day: date) -> None:
        ReleaseOutcome.objects.create(
            plan=plans[n],
            kind=OutcomeKind.RELEASE_DAY,
            accommodation=accommodation,
            accommodation_safe=safe,
            ete="no",
            bank_account=bank,
            id_documents=id_documents,
            benefit_claim=benefit,
            gp_registration="no",
            recorded_at=at(day),
            recorded_by=worker,
        )

    outcome(P4, "settled", "yes", "yes", "no", "yes", date(2019, 8, 9))
    outcome(P5, "rough_sleeping", "not_known", "no", "yes", "not_known", date(2019, 8, 15))
    outcome(P7, "temporary", "no", "yes", "yes", "yes", date(2019, 6, 10))
    # An after-release outcome is not the day of release: not counted there (it counts for settled after release).
    ReleaseOutcome.objects.create(
        plan=plans[P5],
        kind=OutcomeKind.AFTER_RELEASE,
        accommodation="settled",
        accommodation_safe="yes",
        ete="yes",
        bank_account="yes",
        id_documents="yes",
        benefit_claim="yes",
        gp_registration="no",
        recorded_at=at(date(2019, 8, 28)),
        recorded_by=worker,
    )

    def activity(n: str, title: str, status: str, day: date, level: int = 2) -> None:
        PlanActivity.objects.create(
            plan=plans[n], title=title, pathway="finance", level=level, status=status, updated_at=at(day), updated_by=worker
        )

    activity(P1, "Open a bank account", "delivered", date(2019, 7, 20))
    activity(P1, "Debt advice", "signposted", date(2019, 7, 22), level=3)
    activity(P1, "Budgeting course", "declined", date(2019, 8, 2), level=1)
    activity(P1, "Apply for ID", "planned", date(2019, 7, 23))
    activity(P4, "Housing advice", "delivered", date(2019, 7, 28))

    def flag(n: str, pathway: str, question: str, withdrawn: bool = False) -> None:
        raised = first[n].submitted_at
        assert raised is not None
        NeedFlag.objects.create(
            screening=first[n],
            custody_period=periods[n],
            pathway=pathway,
            question_id=question,
            need=f"A {pathway} need",
            raised_at=raised,
            withdrawn_at=at(date(2019, 7, 20)) if withdrawn else None,
        )

    flag(P1, "finance", "debts_or_fines")
    flag(P1, "health", "prescribed_medication")
    flag(P2, "accommodation", "somewhere_to_live_on_release")
    flag(P2, "finance", "debts_or_fines", withdrawn=True)
    # The needs BCST2 found, as its submission stores them (one row a pathway at some or significant need).
    for n, needs in (
        (P1, {"finance": "significant", "accommodation": "some", "health": "none"}),
        (P2, {"ete": "some"}),
        (P4, {"finance": "some"}),
    ):
        second[n].needs_summary = [{"pathway": pathway, "level": level, "needs": []} for pathway, level in needs.items()]
        keep_pathway_needs(second[n], second[n].submitted_at)
    state.refresh(p.pk for p in periods.values())
    return World(crc=crc, prisons=prisons, periods=periods)
