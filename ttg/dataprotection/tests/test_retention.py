"""Retention and erasure: the schedule's boundaries on real rows, the legal hold, anonymisation that
leaves no personal field, the audit events (sealed in the chain), an idempotent re-run, a dry run."""

from __future__ import annotations

import json
from datetime import date, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tests.access_matrix import MATRIX_PERSON, MATRIX_PRISON_NUMBER, _referral
from ttg.accounts.constants import Role
from ttg.core import chain, personal_data
from ttg.core.models import AuditEvent
from ttg.dataprotection import services
from ttg.dataprotection.models import Erasure
from ttg.people.models import CustodyPeriod, FeedEvent, Person

LONDON = ZoneInfo("Europe/London")
RELEASED = datetime(2019, 12, 5, 10, 0, tzinfo=LONDON)
DUE = date(2026, 12, 5)  # 7 years on (TTG_RETENTION_YEARS_AFTER_RELEASE's default)
ORIGINAL = (MATRIX_PRISON_NUMBER, *MATRIX_PERSON, "Matrix need")


@pytest.fixture
def released(personas: dict[str, Any], settings: Any) -> Person:
    """The access matrix's person, screened, planned and referred to a partner, then released."""
    settings.TTG_RETENTION_YEARS_AFTER_RELEASE = 7
    _referral(personas)
    CustodyPeriod.objects.filter(person__prison_number=MATRIX_PRISON_NUMBER).update(released_at=RELEASED)
    return Person.objects.get(prison_number=MATRIX_PRISON_NUMBER)


def _erase_events(person: Person) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="dataprotection.person.erase", object_id=str(person.pk)))


def test_not_erased_the_day_before(released: Person) -> None:
    run = services.apply_retention(today=date(2026, 12, 4))
    assert MATRIX_PRISON_NUMBER not in run.erased
    assert Person.objects.filter(prison_number=MATRIX_PRISON_NUMBER).exists()


def test_erased_on_the_day_leaving_no_personal_field(released: Person) -> None:
    before = {h.label: [r.pk for r in h.rows(released)] for h in personal_data.holdings() if h.erasable}
    assert before["referrals.Referral"] and before["screening.Screening"] and before["plans.Plan"]
    feed_events = list(FeedEvent.objects.filter(prison_number=MATRIX_PRISON_NUMBER).values_list("pk", flat=True))
    assert feed_events

    run = services.apply_retention(today=DUE)

    assert MATRIX_PRISON_NUMBER in run.erased
    person = Person.objects.get(pk=released.pk)
    assert person.prison_number.startswith("Z") and person.first_name == person.last_name == ""
    for holding in personal_data.holdings():
        if not holding.erasable:
            continue
        rows = holding.model._default_manager.filter(pk__in=before[holding.label])
        for row in rows:
            for name in personal_data.erasable_fields(holding):
                value = getattr(row, name)
                assert value in (None, "", {}, []) or name in holding.erase, f"{holding.label}.{name} kept {value!r}"
        text = json.dumps([[str(getattr(r, f.name)) for f in holding.model._meta.concrete_fields] for r in rows])
        assert not [o for o in ORIGINAL if o in text], holding.label
    assert not FeedEvent.objects.filter(prison_number=MATRIX_PRISON_NUMBER).exists()


def test_erasure_is_audited_and_sealed(released: Person) -> None:
    services.apply_retention(today=DUE)
    (event,) = _erase_events(released)
    assert event.actor is None and event.kind == AuditEvent.Kind.CHANGE
    assert event.after is not None and event.after["rows"]["people.Person"] == 1
    assert MATRIX_PERSON[1] not in json.dumps(event.after) and MATRIX_PERSON[1] not in event.reason
    assert len(event.hash) == 64 and event.hash == chain.link(event, event.prev_hash)  # sealed into the chain


def test_a_second_run_erases_nothing_again(released: Person) -> None:
    first = services.apply_retention(today=DUE)
    events = AuditEvent.objects.count()
    second = services.apply_retention(today=date(2027, 1, 1))
    assert first.erased == [MATRIX_PRISON_NUMBER]
    assert MATRIX_PRISON_NUMBER not in second.erased and second.erased == []
    assert AuditEvent.objects.count() == events
    assert Erasure.objects.filter(person=released).count() == 1


def test_a_legal_hold_blocks_erasure_until_released(released: Person, personas: dict[str, Any]) -> None:
    admin = personas[Role.ADMINISTRATOR]
    hold = services.place_hold(person=released, reason="Claim against HMPPS, reference CL-1", by=admin)
    run = services.apply_retention(today=date(2030, 1, 1))
    assert MATRIX_PRISON_NUMBER in run.held and MATRIX_PRISON_NUMBER not in run.erased
    assert Person.objects.get(pk=released.pk).first_name == MATRIX_PERSON[0]
    services.release_hold(hold=hold, reason="Claim settled", by=admin)
    run = services.apply_retention(today=date(2030, 1, 1))
    assert run.erased == [MATRIX_PRISON_NUMBER]
    hold_events = AuditEvent.objects.filter(object_type="dataprotection.LegalHold", object_id=str(hold.pk))
    assert {e.action for e in hold_events} == {"dataprotection.legalhold.add", "dataprotection.legalhold.release"}
    assert all("Claim" not in json.dumps([e.before, e.after]) for e in hold_events)


def test_a_dry_run_changes_and_logs_nothing(released: Person) -> None:
    events = AuditEvent.objects.count()
    out = StringIO()
    call_command("apply_retention", "--dry-run", "--today", DUE.isoformat(), verbosity=2, stdout=out)
    assert "1 records would be erased" in out.getvalue() and MATRIX_PRISON_NUMBER in out.getvalue()
    assert Person.objects.get(pk=released.pk).first_name == MATRIX_PERSON[0]
    assert AuditEvent.objects.count() == events and not Erasure.objects.exists()


def test_the_command_erases(released: Person) -> None:
    out = StringIO()
    call_command("apply_retention", "--today", DUE.isoformat(), stdout=out)
    assert "1 records erased" in out.getvalue()
    assert "people.Person: 1 rows anonymised" in out.getvalue()


def test_the_daily_task_applies_the_schedule(released: Person, settings: Any) -> None:
    from ttg.dataprotection.tasks import apply_retention

    settings.TTG_NOW = "2026-12-05T06:00:00"
    assert apply_retention.call() == {"erased": 1, "held": 0}
    assert apply_retention.call() == {"erased": 0, "held": 0}
