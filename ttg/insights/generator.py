"""The records a working service would have kept for the people a generated custody feed released
(issue 21): BCST1 and BCST2, an agreed plan with its activities, the outcome recorded on the day of
release and the one recorded some weeks after it, so that every insights chart (and the compliance
figures that read the same records) has something to show on a generated dataset.

`ttg/people/generator.py` writes the custody feed only: screenings, plans and outcomes are made in the
service, not by the feed. This module stands above both (it reads the imported custody periods and
writes the other apps' rows), and is used by `generate_outcomes` (after `import_custody_feed`), by the
insights benchmark (`bench/insights.py`) and by the insights demo.

Deterministic: every choice about a custody period comes from a random generator seeded with the
seed, the person's prison number and the reception time, never from database ids, so the same feed
and seed give the same records in any database. Idempotent: a period with a screening or a plan already
is left as it is.

The rates are illustrative, in the range the inspectorate's 2016 and 2017 reports describe (about half
leaving to settled accommodation, fewer with employment arranged); they vary with the sentence (short
sentences do worse), with the prison (a non-resettlement prison rarely makes a plan) and by seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from ttg.core import clock
from ttg.core.pathways import PATHWAYS
from ttg.estate.models import ResettlementDesignation
from ttg.people.models import CustodyPeriod
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.gate.models import FirstNight, OutcomeKind, PreReleaseReview, ReleaseOutcome, ReviewStatus
from ttg.plans.plan.models import OwnerKind, Plan, PlanActivity, PlanStatus
from ttg.plans.plan.rules import CANCELLED, DECLINED, DELIVERED, NOT_REQUIRED, SIGNPOSTED, post_release_outcome_due
from ttg.plans.plan.services import plan_settings
from ttg.screening import questions, state
from ttg.screening.demo import answers_without_needs
from ttg.screening.models import Kind, PathwayNeed, Screening, ScreeningState, Status
from ttg.screening.questions import NEED_LEVELS

BATCH = 2_000
UNDER_12_MONTHS_DAYS = 365
PATHWAY_CODES = [p.code for p in PATHWAYS]
LEVEL3 = (("domestic_abuse", 0.12), ("learning_disability", 0.10), ("veteran", 0.05), ("care_leaver", 0.08))


@dataclass
class Made:
    """What one run wrote."""

    periods: int = 0
    bcst1: int = 0
    bcst2: int = 0
    plans: int = 0
    activities: int = 0
    reviews: int = 0
    release_day: int = 0
    after_release: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _rng(seed: int, period: CustodyPeriod) -> random.Random:
    return random.Random(f"{seed}|{period.person.prison_number}|{period.received_at.isoformat()}")


class _Designations:
    """Which prisons were resettlement prisons on a day, from the stored designations (one query)."""

    def __init__(self) -> None:
        self.spans: dict[int, list[tuple[date, date | None]]] = {}
        for d in ResettlementDesignation.objects.filter(resettlement=True).values("prison_id", "valid_from", "valid_to"):
            self.spans.setdefault(d["prison_id"], []).append((d["valid_from"], d["valid_to"]))

    def resettlement(self, prison_id: int, on: date) -> bool:
        return any(start <= on and (end is None or end > on) for start, end in self.spans.get(prison_id, []))


def _answers(kind: str, on: date, sex: str, cache: dict[tuple[str, str, str], dict[str, str]]) -> tuple[str, dict[str, str]]:
    qs = questions.question_set(kind, on)
    key = (kind, qs.version, sex)
    if key not in cache:
        cache[key] = answers_without_needs(qs, sex)
    return qs.version, dict(cache[key])


def _periods(since: date, until: date, among: QuerySet[CustodyPeriod] | None) -> Iterator[list[CustodyPeriod]]:
    """The custody periods released from `since` to `until` with no screening and no plan (nothing the
    service recorded: a period given its records once is not given more), in batches, oldest first."""
    states = ScreeningState.objects.filter(
        in_custody=False, released_on__gte=since, released_on__lte=until, custody_period__plan__isnull=True
    )
    if among is not None:
        states = states.filter(custody_period__in=among)
    ids = list(
        states.exclude(Exists(Screening.objects.filter(custody_period=OuterRef("custody_period_id"))))
        .order_by("released_on", "custody_period_id")
        .values_list("custody_period_id", flat=True)
    )
    for i in range(0, len(ids), BATCH):
        chunk = ids[i : i + BATCH]
        found = CustodyPeriod.objects.filter(pk__in=chunk).select_related("person", "screening_state")
        by_id = {p.pk: p for p in found}
        yield [by_id[pk] for pk in chunk]


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _yes(rng: random.Random, share: float) -> str:
    """yes for `share`, otherwise mostly no and sometimes not known."""
    draw = rng.random()
    return "yes" if draw < share else ("no" if draw < share + (1 - share) * 0.85 else "not_known")


def outcome_values(rng: random.Random, *, short: bool, after: bool = False) -> dict[str, str]:
    """One release outcome. `short`: a sentence under 12 months (worse accommodation); `after`: some
    weeks later (more people settled, with a bank account, identification, benefits and a GP)."""
    lift = 0.12 if after else 0.0
    settled = (0.42 if short else 0.58) + lift
    accommodation = _pick(
        rng,
        (
            (FirstNight.SETTLED, settled),
            (FirstNight.TEMPORARY, 0.22),
            (FirstNight.APPROVED_PREMISES, 0.03 if short else 0.09),
            (FirstNight.ROUGH_SLEEPING, 0.10 if short else 0.05),
            (FirstNight.UNKNOWN, 0.05),
        ),
    )
    safe_share = {FirstNight.SETTLED: 0.92, FirstNight.TEMPORARY: 0.7, FirstNight.APPROVED_PREMISES: 0.9}.get(
        FirstNight(accommodation), 0.05
    )
    return {
        "accommodation": accommodation,
        "accommodation_safe": _yes(rng, safe_share),
        "ete": _yes(rng, (0.18 if short else 0.3) + lift),
        "bank_account": _yes(rng, 0.6 + lift),
        "id_documents": _yes(rng, 0.66 + lift),
        "benefit_claim": _yes(rng, 0.55 + lift),
        "gp_registration": _yes(rng, 0.45 + 2 * lift),
    }


ACTIVITY_ENDS = ((DELIVERED, 0.5), (SIGNPOSTED, 0.2), (DECLINED, 0.1), (NOT_REQUIRED, 0.1), (CANCELLED, 0.1))


@transaction.atomic
def generate_records(*, seed: int, by: Any, since: date, until: date | None = None, periods: QuerySet[CustodyPeriod] | None = None) -> Made:
    """Screenings, plans, activities and release outcomes for the custody periods released from `since`
    to `until` (today by default) that have none (only those among `periods`, if given). `by` is the user
    the records are written as."""
    until = until or clock.today()
    now = clock.now()
    made = Made()
    designations = _Designations()
    weekly = plan_settings()
    versions: dict[date, CatalogueVersion | None] = {}
    answers_cache: dict[tuple[str, str, str], dict[str, str]] = {}
    for batch in _periods(since, until, periods):
        rngs = {p.pk: _rng(seed, p) for p in batch}
        # BCST1: most sentenced people, within 72 hours for four in five of them.
        bcst1 = []
        for p in batch:
            rng = rngs[p.pk]
            if p.legal_status not in ("SENTENCED", "RECALL") or rng.random() >= 0.9:
                continue
            assert p.released_at is not None
            at = p.received_at + timedelta(hours=rng.randint(2, 70) if rng.random() < 0.8 else rng.randint(73, 240))
            if at >= p.released_at:
                continue
            version, answers = _answers(Kind.BCST1, p.reception_date, p.person.sex, answers_cache)
            for question, share in (*LEVEL3, ("health_condition", 0.3)):
                answers[question] = "yes" if rng.random() < share else "no"
            bcst1.append(
                Screening(
                    custody_period=p,
                    kind=Kind.BCST1,
                    question_set_version=version,
                    status=Status.SUBMITTED,
                    answers=answers,
                    started_by=by,
                    started_at=at,
                    submitted_by=by,
                    submitted_at=at,
                    updated_at=at,
                )
            )
        Screening.objects.bulk_create(bcst1)
        made.bcst1 += len(bcst1)
        state.refresh([p.pk for p in batch])
        states = {s.custody_period_id: s for s in ScreeningState.objects.filter(custody_period__in=batch)}
        # BCST2 where the rules require it, after BCST1: on time for about three in four.
        bcst2 = []
        screened: dict[int, datetime] = {s.custody_period_id: s.started_at for s in bcst1}
        for p in batch:
            rng, s = rngs[p.pk], states.get(p.pk)
            if p.pk not in screened or s is None or not s.bcst2_required or s.bcst2_due_on is None:
                continue
            assert p.released_at is not None
            due = datetime.combine(s.bcst2_due_on, datetime.min.time(), tzinfo=p.received_at.tzinfo) + timedelta(hours=12)
            at = due - timedelta(days=rng.randint(0, 3)) if rng.random() < 0.75 else due + timedelta(days=rng.randint(1, 10))
            at = max(at, screened[p.pk] + timedelta(hours=4))
            if at >= p.released_at:
                continue
            version, answers = _answers(Kind.BCST2, p.reception_date, p.person.sex, answers_cache)
            # One to three pathways at some or significant need (the answers say none: illustrative only).
            needs = rng.sample(PATHWAY_CODES, rng.randint(1, 3))
            summary = [{"pathway": code, "level": rng.choice(NEED_LEVELS), "needs": []} for code in needs]
            bcst2.append(
                Screening(
                    custody_period=p,
                    kind=Kind.BCST2,
                    question_set_version=version,
                    status=Status.SUBMITTED,
                    answers=answers,
                    needs_summary=summary,
                    started_by=by,
                    started_at=at,
                    submitted_by=by,
                    submitted_at=at,
                    updated_at=at,
                )
            )
        Screening.objects.bulk_create(bcst2)
        PathwayNeed.objects.bulk_create(
            PathwayNeed(screening=b, custody_period=b.custody_period, pathway=n["pathway"], level=n["level"], found_at=b.started_at)
            for b in bcst2
            for n in b.needs_summary or []
        )
        needs_of = {b.custody_period_id: [n["pathway"] for n in b.needs_summary or []] for b in bcst2}
        made.bcst2 += len(bcst2)
        if bcst2:
            state.refresh([s.custody_period_id for s in bcst2])
        screened2: dict[int, datetime] = {s.custody_period_id: s.started_at for s in bcst2}
        # A plan for nine in ten screened people leaving a resettlement prison, one in four elsewhere.
        plans = []
        for p in batch:
            rng, s = rngs[p.pk], states.get(p.pk)
            if p.pk not in screened or s is None or s.released_on is None:
                continue
            share = 0.9 if designations.resettlement(s.prison_id, s.released_on) else 0.25
            if rng.random() >= share:
                continue
            agreed = screened2.get(p.pk) or (screened[p.pk] + timedelta(days=rng.randint(2, 8)))
            assert p.released_at is not None
            if agreed >= p.released_at:
                continue
            on = agreed.date()
            if on not in versions:
                versions[on] = CatalogueVersion.objects.in_force_on(on)
            catalogue = versions[on]
            if catalogue is None:
                continue
            plans.append(
                Plan(
                    custody_period=p,
                    catalogue_version=catalogue,
                    status=PlanStatus.AGREED,
                    proposed_at=agreed,
                    proposed_by=by,
                    agreed_at=agreed,
                    agreed_by=by,
                    agreed_with_person=True,
                )
            )
        Plan.objects.bulk_create(plans)
        made.plans += len(plans)
        activities, reviews, outcomes = [], [], []
        for plan in plans:
            p = plan.custody_period
            rng = rngs[p.pk]
            assert p.released_at is not None
            # Activities mostly on the pathways BCST2 found a need on, sometimes on another.
            for n in range(rng.randint(1, 4)):
                pathway = rng.choice(needs_of.get(p.pk) or PATHWAY_CODES) if rng.random() < 0.8 else rng.choice(PATHWAY_CODES)
                activities.append(
                    PlanActivity(
                        plan=plan,
                        title=f"{pathway.replace('_', ' ').capitalize()} support",
                        pathway=pathway,
                        level=rng.choice((1, 1, 2, 3)),
                        owner_kind=rng.choice((OwnerKind.CRC, OwnerKind.PARTNER, OwnerKind.SIGNPOSTED)),
                        status=_pick(rng, ACTIVITY_ENDS),
                        updated_at=p.released_at - timedelta(days=rng.randint(1, 20)),
                        updated_by=by,
                        order=n,
                    )
                )
            # A pre-release review for seven in ten: started when it opens (12 weeks before release, T5) or
            # the plan is agreed, for half of them on that day; completed some days to weeks later.
            if rng.random() < 0.7:
                opens = p.released_at - timedelta(weeks=12)
                started = max(opens, plan.agreed_at or opens) + timedelta(days=rng.choice((0, 0, 0, 0, *range(1, 21))))
                completed = started + timedelta(days=rng.randint(5, 70))
                if started < p.released_at:
                    reviews.append(
                        PreReleaseReview(
                            plan=plan,
                            status=ReviewStatus.COMPLETED,
                            started_at=started,
                            updated_at=completed,
                            updated_by=by,
                            completed_at=completed,
                            completed_by=by,
                        )
                    )
            short = p.sentence_length_days is not None and p.sentence_length_days < UNDER_12_MONTHS_DAYS
            if rng.random() < 0.85:
                values = outcome_values(rng, short=short)
                outcomes.append(
                    ReleaseOutcome(
                        plan=plan, kind=OutcomeKind.RELEASE_DAY, recorded_at=p.released_at + timedelta(hours=3), recorded_by=by, **values
                    )
                )
                # Recorded again when rule P12 says (4 weeks after release), for seven in ten, once that is past.
                later = p.released_at + (post_release_outcome_due(p.released_at.date(), weekly).value - p.released_at.date())
                if later <= now and rng.random() < 0.7:
                    values = outcome_values(rng, short=short, after=True)
                    outcomes.append(ReleaseOutcome(plan=plan, kind=OutcomeKind.AFTER_RELEASE, recorded_at=later, recorded_by=by, **values))
        PlanActivity.objects.bulk_create(activities)
        PreReleaseReview.objects.bulk_create(reviews)
        ReleaseOutcome.objects.bulk_create(outcomes)
        made.periods += len(batch)
        made.activities += len(activities)
        made.reviews += len(reviews)
        made.release_day += sum(o.kind == OutcomeKind.RELEASE_DAY for o in outcomes)
        made.after_release += sum(o.kind == OutcomeKind.AFTER_RELEASE for o in outcomes)
        state.refresh([p.pk for p in batch])
    return made
