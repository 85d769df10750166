"""The stored screening decisions (ScreeningState) stay equal to the rules applied afresh.

A property test: after any sequence of the events that change a rule's input — receptions (returning
people too), sentencing, release-date changes, transfers, releases, BCST1 and BCST2 started and
submitted, immediate needs raised and acknowledged, the duty to refer raised and done, a prison's
designation changed, and days passing — every stored row equals what the on-demand path the
person's page uses (`selectors.decide`) decides now. On both databases (the `database` marker).
"""

from __future__ import annotations

import io
import random
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.estate.models import Prison, ResettlementDesignation
from ttg.people.generator import SAMPLE_FEED
from ttg.people.importer import import_feed
from ttg.people.models import CustodyPeriod, Movement, Person
from ttg.plans.plan.rules import handover_due
from ttg.screening import questions, selectors, services, state
from ttg.screening.models import DutyToRefer, Kind, NeedFlag, Screening, ScreeningState, Status
from ttg.screening.tests.test_journeys import complete, feed, period, reception

pytestmark = [pytest.mark.django_db, pytest.mark.database]

START = datetime.fromisoformat("2018-09-03T09:30:00+01:00")  # before the October 2018 rule versions
OPS = (
    "receive",
    "sentence",
    "release_date",
    "transfer",
    "release",
    "bcst1",
    "bcst2_start",
    "bcst2",
    "flag",
    "acknowledge",
    "duty",
    "duty_done",
    "designation",
    "days",
)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)), timezone.get_default_timezone())


def assert_stored_as_decided_now() -> None:
    """Each stored row against the on-demand decisions (a separate code path: model objects, prefetches)."""
    periods = list(selectors.with_history(CustodyPeriod.objects.all()))
    stored = {s.pk: s for s in ScreeningState.objects.all()}
    assert set(stored) == {p.pk for p in periods}
    rs = selectors.rule_settings()
    for row in selectors.decide(periods):
        s, p, d = stored[row.period.pk], row.period, row.decisions
        assert (s.prison_id, s.in_custody, s.received_at, s.release_date) == (
            p.current_prison_id,
            p.released_at is None,
            p.received_at,
            p.release_date,
        )
        assert s.released_on == (timezone.localtime(p.released_at).date() if p.released_at else None)
        assert (s.bcst1_due_at, s.bcst1_to_do, s.bcst1_started) == (d.bcst1.value.due_at, row.bcst1_to_do, row.bcst1 is not None)
        assert s.clone_available == d.clone.value
        assert (s.bcst2_required, s.bcst2_due_on, s.bcst2_to_do) == (d.bcst2.value.required, d.bcst2.value.due_on, row.bcst2_to_do)
        assert s.bcst2_started == (row.bcst2 is not None)
        assert s.pre_release_opens_on == d.pre_release.value
        assert s.handover_due_on == handover_due(p.release_date, rs).value
        assert (s.duty_to_do, s.duty_due_on) == (row.duty_due, row.duty.due_on if row.duty else None)
        assert s.waiting_flags == row.waiting_flags
    assert state.stored_equals_fresh(stored) == []


class World:
    def __init__(self, user: Any) -> None:
        self.user = user
        self.prisons = list(Prison.objects.order_by("code")[:3])
        self.people = [
            Person.objects.create(
                prison_number=f"S{n:04d}ST", first_name="Stored", last_name=f"State{n}", date_of_birth=date(1980, 1, 1), sex="M"
            )
            for n in range(3)
        ]

    def open_period(self, i: int) -> CustodyPeriod | None:
        return CustodyPeriod.objects.filter(person=self.people[i % 3], released_at__isnull=True).first()

    def any_period(self, i: int) -> CustodyPeriod | None:
        periods = list(CustodyPeriod.objects.order_by("pk"))
        return periods[i % len(periods)] if periods else None

    def apply(self, op: str, i: int, j: int) -> None:
        now, today = clock.now(), clock.today()
        period = self.open_period(i)
        if op == "receive" and period is None:
            prison = self.prisons[j % 3]
            received = now - timedelta(hours=j % 100)
            last = CustodyPeriod.objects.filter(person=self.people[i % 3]).order_by("-released_at").first()
            if last and last.released_at and received <= last.released_at:
                return
            period = CustodyPeriod.objects.create(
                person=self.people[i % 3],
                received_at=received,
                reception_date=timezone.localtime(received).date(),
                reception_prison=prison,
                current_prison=prison,
                legal_status=("REMAND", "SENTENCED", "RECALL")[j % 3],
                sentence_type="" if j % 3 == 0 else ("DETERMINATE", "INDETERMINATE")[j % 7 == 0],
                release_date=None if j % 3 == 0 or j % 7 == 0 else today + timedelta(days=20 * (j % 90) + 1),
            )
            Movement.objects.create(
                custody_period=period, kind="RECEPTION", occurred_at=received, to_prison=prison, event_id=f"r{period.pk}"
            )
        elif period is None:
            return
        elif op == "sentence":
            period.legal_status, period.sentence_type = "SENTENCED", "DETERMINATE"
            period.sentence_start_date = max(today, period.reception_date)
            period.release_date = today + timedelta(days=15 * (j % 120) + 1)
            period.save()
        elif op == "release_date" and period.release_date:
            period.release_date = max(period.reception_date, period.release_date + timedelta(days=(j % 61) - 30))
            period.save()
        elif op == "transfer":
            to = self.prisons[j % 3]
            if to != period.current_prison:
                Movement.objects.create(
                    custody_period=period,
                    kind="TRANSFER",
                    occurred_at=now,
                    from_prison=period.current_prison,
                    to_prison=to,
                    event_id=f"t{period.pk}-{Movement.objects.count()}",  # two transfers in one instant are two events
                )
                period.current_prison = to
                period.save()
        elif op == "release":
            period.released_at, period.release_type = max(now, period.received_at + timedelta(hours=1)), "CONDITIONAL"
            period.save()
        elif op in ("bcst1", "bcst2_start", "bcst2"):
            kind = Kind.BCST1 if op == "bcst1" else Kind.BCST2
            screening, _made = Screening.objects.get_or_create(
                custody_period=period,
                kind=kind,
                defaults={"question_set_version": "test", "started_by": self.user, "started_at": now, "updated_at": now},
            )
            if op != "bcst2_start" and screening.submitted_at is None:
                screening.status, screening.submitted_at, screening.submitted_by = Status.SUBMITTED, now, self.user
                screening.save()
        elif op == "flag":
            bcst1 = Screening.objects.filter(custody_period=period, kind=Kind.BCST1).first()
            if bcst1:
                NeedFlag.objects.get_or_create(
                    screening=bcst1,
                    question_id=f"q{j % 4}",
                    defaults={"custody_period": period, "pathway": "health", "need": "A need", "raised_at": now},
                )
        elif op == "acknowledge":
            flag = NeedFlag.objects.filter(custody_period=period, acknowledged_at__isnull=True).first()
            if flag:
                flag.acknowledged_at, flag.acknowledged_by = now, self.user
                flag.save()
        elif op == "duty":
            first = Screening.objects.filter(custody_period=period).first()
            if first and not DutyToRefer.objects.filter(custody_period=period).exists():
                DutyToRefer.objects.create(
                    custody_period=period,
                    raised_by_screening=first,
                    raised_at=now,
                    due_on=today + timedelta(days=j % 60),
                    consent=None if j % 2 else True,
                    updated_at=now,
                )
        elif op == "duty_done":
            duty = DutyToRefer.objects.filter(custody_period=period).first()
            if duty:
                duty.referred_on, duty.consent = (today, True) if j % 2 else (None, False)
                duty.save()
        elif op == "designation":
            prison = self.prisons[j % 3]
            current = prison.designations.filter(valid_to__isnull=True).order_by("-valid_from").first()
            starts = today + timedelta(days=j % 10)
            if current and current.valid_from < starts:
                current.valid_to = starts
                current.save()
            ResettlementDesignation.objects.create(prison=prison, resettlement=not (current and current.resettlement), valid_from=starts)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 2), st.integers(0, 400)), min_size=1, max_size=14))
def test_after_any_sequence_of_events_the_stored_decisions_equal_the_rules_applied_afresh(
    steps: list[tuple[str, int, int]], personas: dict[str, Any]
) -> None:
    user = next(iter(personas.values()))
    with transaction.atomic():
        try:
            now = START
            world = World(user)
            for op, i, j in steps:
                if op == "days":
                    now += timedelta(days=1 + j % 40, hours=j % 5)
                with override_settings(TTG_NOW=now.isoformat()):
                    world.apply(op, i, j)
                    # the lists recompute the rows whose day has come before they read them
                    state.refresh_due()
                    assert_stored_as_decided_now()
        finally:
            transaction.set_rollback(True)


@pytest.mark.parametrize("chunk_size", [2, 1000])
def test_the_feed_importer_keeps_the_stored_decisions(personas: dict[str, Any], chunk_size: int) -> None:
    """The importer writes without save(): its signal recomputes the rows, chunk by chunk, events in any order."""
    header, *rows = SAMPLE_FEED.read_text().splitlines()
    random.Random(chunk_size).shuffle(rows)
    with override_settings(TTG_NOW="2019-09-02T09:30:00+01:00"):
        result = import_feed(io.BytesIO(("\n".join([header, *rows]) + "\n").encode()), source="test", kind="csv", chunk_size=chunk_size)
        assert result.counts.applied == 8
        assert ScreeningState.objects.count() == CustodyPeriod.objects.count() > 0
        assert_stored_as_decided_now()


def test_refresh_decisions_finds_rows_made_under_other_settings(personas: dict[str, Any]) -> None:
    with override_settings(TTG_NOW="2019-09-02T09:30:00+01:00"):
        import_feed(SAMPLE_FEED.open("rb"), source="test", kind="csv")
        with override_settings(TTG_BCST2_WORKING_DAYS=9):
            out = io.StringIO()
            with pytest.raises(CommandError):
                call_command("refresh_decisions", "--check", stdout=out)
            assert "fingerprint stored" in out.getvalue()
            call_command("refresh_decisions", stdout=out)
            assert f"of {CustodyPeriod.objects.count()} custody periods" in out.getvalue()
            assert_stored_as_decided_now()
            call_command("refresh_decisions", stdout=out)  # nothing stale now
            assert out.getvalue().rstrip().endswith("of 0 custody periods.")


def test_a_draft_saved_section_by_section_recomputes_nothing_until_it_is_submitted(personas: dict[str, Any]) -> None:
    """The stored decisions read a screening's period, kind and submission (SCREENING_FIELDS_READ): the
    first section saved starts the screening (recomputed), the later ones change only its answers (not),
    and submitting it recomputes."""
    feed(reception("d1", "A1111AA", at="2019-08-30T09:30:00+01:00"))
    received, officer = period("A1111AA"), personas[Role.PRISON_OFFICER]
    qs = questions.question_set("BCST1", received.reception_date)
    answers = complete(qs)
    first, *others = questions.sections_for(qs, sex="M")
    services.save_section(period=received, kind=Kind.BCST1, section_id=first.id, data=answers, by=officer)
    started = ScreeningState.objects.get(pk=received.pk)
    assert started.bcst1_started and started.bcst1_to_do
    with override_settings(TTG_NOW="2019-09-02T11:00:00+01:00"):
        for section in others:
            services.save_section(period=received, kind=Kind.BCST1, section_id=section.id, data=answers, by=officer)
        assert ScreeningState.objects.get(pk=received.pk).computed_at == started.computed_at
        services.submit(period=received, kind=Kind.BCST1, by=officer)
    submitted = ScreeningState.objects.get(pk=received.pk)
    assert submitted.computed_at > started.computed_at and not submitted.bcst1_to_do
    assert_stored_as_decided_now()
