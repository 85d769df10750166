"""Demo screenings, so that every work list has something on it (run by load_demo after the feed).

Idempotent: nothing is added once any screening exists. Every write goes through services.py, as
a user's would, so flags and the duty to refer come from the answers.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.test.utils import override_settings

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.people.importer import import_feed
from ttg.people.models import CustodyPeriod

from . import questions, services
from .models import Kind, NeedFlag, Screening
from .selectors import decide, with_history


def answers_without_needs(qs: questions.QuestionSet, sex: str, **chosen: str) -> dict[str, str]:
    """Answers to every question asked: no need, except the `chosen` ones (the demo and the tests)."""
    chosen = {**SETTLED, **chosen}
    answers: dict[str, str] = {}
    for _ in range(5):  # follow-ups appear as answers are given
        for section in questions.sections_for(qs, sex=sex):
            for q in questions.visible_questions(section, answers):
                if q.id in chosen:
                    answers[q.id] = chosen[q.id]
                elif q.id not in answers and q.required:
                    values = [o.value for o in q.options]
                    answers[q.id] = next((v for v in ("no", "0", "yes") if v in values), values[0] if values else "")
    return answers


# "No" is not always the answer without a need: these say the person has somewhere to live.
SETTLED = {"somewhere_to_live_on_release": "yes", "homeless_within_56_days": "no", "accommodation_safe": "yes"}
# The demo's people agree in BCST1 to share with the CRC and its partners: referrals reuse it (issue 23).
SETTLED["consent_to_share"] = "yes"
NEEDS = {"prescribed_medication": "yes", "debts_or_fines": "yes", "debts_urgent": "yes"}
HOMELESS = {
    "somewhere_to_live_on_release": "no",
    "homeless_within_56_days": "yes",
    "duty_to_refer_consent": "yes",
    "housing_authority": "Liverpool City Council",
}


def submit_screening(period: CustodyPeriod, kind: str, by: Any, **chosen: str) -> None:
    """Submit a BCST1 or BCST2 for the period, with answers that show only the `chosen` needs."""
    qs = services.question_set_for(period, kind)
    services.submit_answers(period=period, kind=kind, answers=answers_without_needs(qs, period.person.sex, **chosen), by=by)


def load_screenings(personas: dict[str, Any], prison_codes: tuple[str, ...] = ("ACI", "LPI")) -> int:
    """Screen the people in custody at the demo CRC's prisons as a working prison would have.

    Older receptions are screened (BCST1, and BCST2 where the rules require it); the newest wait
    for BCST1, a few are overdue, some have immediate needs still to acknowledge, a few are
    homeless on release, and one returning person can have their previous BCST1 reused.
    """
    if Screening.objects.exists():
        return 0

    officer, caseworker = personas[Role.PRISON_OFFICER], personas[Role.TTG_CASEWORKER]
    today = clock.today()
    periods = list(
        with_history(CustodyPeriod.objects.filter(current_prison__code__in=prison_codes, released_at__isnull=True)).order_by("-received_at")
    )
    made = 0
    with transaction.atomic():
        # A returning person: screen their previous custody, so the clone is offered today.
        for period in periods:
            earlier = (
                CustodyPeriod.objects.filter(person=period.person, released_at__lt=period.received_at)
                .select_related("person")
                .order_by("-released_at")
                .first()
            )
            if earlier and earlier.released_at and period.reception_date <= earlier.released_at.date() + relativedelta(months=6):
                # Screened while they were in custody then: the service refuses screenings after release.
                screened_at = max(earlier.received_at + timedelta(hours=4), earlier.released_at - timedelta(days=7))
                with override_settings(TTG_NOW=screened_at.isoformat()):
                    submit_screening(earlier, Kind.BCST1, officer)
                made += 1
                periods.remove(period)
                break
        screened = []
        for n, period in enumerate(periods):
            age = (today - period.reception_date).days
            if age < 3 or n in (5, 9):  # the newest wait for BCST1; two are left overdue
                continue
            chosen = {**NEEDS} if n % 5 == 0 else {}
            if n % 11 == 1:
                chosen.update(HOMELESS)
            submit_screening(period, Kind.BCST1, officer, **chosen)
            made += 1
            screened.append((n, period, age))
        rows = {row.period.pk: row for row in decide([p for _, p, _ in screened])}
        for n, period, age in screened:
            if rows[period.pk].decisions.bcst2.value.required and age > 10 and n % 7 != 3:
                submit_screening(period, Kind.BCST2, caseworker)
                made += 1
            if age > 30:  # older immediate needs have been seen to
                for flag in NeedFlag.objects.filter(custody_period=period, acknowledged_at__isnull=True):
                    services.acknowledge_flag(flag=flag, note="Seen on the wing; referred to healthcare.", by=caseworker)
    return made


# --- the Welsh route (issue 23 item 9) ---------------------------------------------------------------

# A man at HMP Cardiff, homeless on release, who agrees to be referred but has not chosen a local authority
# yet: the route follows the prison (rule R-W1), so his referral is the Welsh national pathway's, to a Welsh
# local authority's housing service (T8W), not the English duty to refer. HMP Cardiff's prison officer
# (carys.jenkins) screened him and sees the referral on his record and the prison's work list.
WELSH_ROUTE_PERSON = ("A7301CF", "Rhys", "Powell", "1988-06-21")
WELSH_ROUTE_PRISON = "CFI"
WELSH_HEADER = (
    "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,date_of_birth,"
    "sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"
)


def load_welsh_route(officer: Any) -> int:
    """Receive the Welsh route's person at HMP Cardiff three weeks ago, due for release in ten weeks, and
    screen him (BCST1: homeless on release, agrees to a referral, no authority chosen yet) as `officer`, HMP
    Cardiff's prison officer. Only once the custody feed has brought people in (as the other demos: `make run`
    loads the demo before and after the feed); idempotent. Returns how many screenings were made."""
    number, first, last, born = WELSH_ROUTE_PERSON
    if not CustodyPeriod.objects.exclude(person__prison_number=number).exists():
        return 0
    if CustodyPeriod.objects.filter(person__prison_number=number).exists():
        return 0
    today = clock.today()
    received, release = today - timedelta(days=21), today + timedelta(weeks=10)
    row = (
        f"demo-wales-1,RECEPTION,{received.isoformat()}T11:00:00+01:00,{number},{WELSH_ROUTE_PRISON},,,{first},{last},{born},M,W1,"
        f"SENTENCED,DETERMINATE,{received.isoformat()},{(release - received).days * 2},{release.isoformat()},\n"
    )
    with transaction.atomic():
        import_feed(io.BytesIO((WELSH_HEADER + row).encode()), source="demo: the Welsh route at HMP Cardiff", kind="csv")
        period = CustodyPeriod.objects.select_related("person", "current_prison").get(
            person__prison_number=number, released_at__isnull=True
        )
        homeless_no_authority_yet = {k: v for k, v in HOMELESS.items() if k != "housing_authority"}
        screened_at = received + timedelta(days=1)
        with override_settings(TTG_NOW=f"{screened_at.isoformat()}T10:00:00+01:00"):
            submit_screening(period, Kind.BCST1, officer, **homeless_no_authority_yet)
    return 1
