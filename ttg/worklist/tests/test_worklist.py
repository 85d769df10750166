"""The TTG caseworker's work list (/work/): each section's rules at their boundary dates, scoping to the
CRC, the prison filter, a fixed query count, the home page's summary; and the plan page's pathway
names from the plan's own catalogue version. The clock says Monday 2 September 2019 (the week ends on
Sunday 8 September)."""

from __future__ import annotations

import html
import itertools
import re
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import home_tasks
from ttg.accounts.constants import Role
from ttg.estate.models import Prison
from ttg.people.models import CustodyPeriod, Person
from ttg.plans.catalogue.models import CataloguePathway, CatalogueVersion
from ttg.plans.gate.models import OutcomeKind, PreReleaseReview, ReleaseOutcome, ReviewStatus
from ttg.plans.handover.models import Handover
from ttg.plans.plan.models import Plan, PlanActivity, PlanStatus
from ttg.plans.plan.rules import handover_due
from ttg.screening.rules import RuleSettings
from ttg.worklist import selectors as selectors_worklist

TODAY = date(2019, 9, 2)
_numbers = itertools.count(1)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)), timezone.get_default_timezone())


def _plan(
    personas: dict[str, Any],
    catalogue: dict[str, CatalogueVersion],
    *,
    release: date | None = date(2020, 3, 1),
    released: date | None = None,
    status: str = PlanStatus.AGREED,
    prison: str = "ACI",
    name: str = "",
) -> Plan:
    """A person in custody (or released on `released`) with a plan: straight into the tables, so that many are quick to make."""
    n = next(_numbers)
    by = personas[Role.TTG_CASEWORKER]
    at = Prison.objects.get(code=prison) if len(prison) == 3 else Prison.objects.get(pk=int(prison))
    person = Person.objects.create(
        prison_number=f"W{n:04d}WL", first_name=name or f"Person{n}", last_name="Worklist", date_of_birth=date(1990, 1, 1), sex="M"
    )
    period = CustodyPeriod.objects.create(
        person=person,
        received_at=_at(date(2019, 5, 1)),
        reception_date=date(2019, 5, 1),
        reception_prison=at,
        current_prison=at,
        legal_status="SENTENCED",
        release_date=release,
        released_at=_at(released) if released else None,
    )
    agreed = status == PlanStatus.AGREED
    return Plan.objects.create(
        custody_period=period,
        catalogue_version=catalogue["2019"],
        status=status,
        proposed_at=_at(date(2019, 8, 1)),
        proposed_by=by,
        agreed_at=_at(date(2019, 8, 2)) if agreed else None,
        agreed_by=by if agreed else None,
        agreed_with_person=agreed,
    )


def _activity(plan: Plan, due_on: date, *, status: str = "planned", continues: bool = False) -> PlanActivity:
    return PlanActivity.objects.create(
        plan=plan,
        title=f"Activity due {due_on}",
        pathway="ete",
        level=2,
        due_on=due_on,
        status=status,
        updated_at=_at(TODAY),
        updated_by=plan.proposed_by,
        continues_after_release=continues,
    )


def _review(plan: Plan, status: str) -> PreReleaseReview:
    done = status == ReviewStatus.COMPLETED
    return PreReleaseReview.objects.create(
        plan=plan,
        status=status,
        updated_at=_at(TODAY),
        updated_by=plan.proposed_by,
        completed_at=_at(TODAY) if done else None,
        completed_by=plan.proposed_by if done else None,
    )


def _handover(plan: Plan, personas: dict[str, Any]) -> Handover:
    return Handover.objects.create(
        plan=plan,
        officer=personas[Role.RESPONSIBLE_OFFICER],
        where_to="Liverpool",
        summary="Housing arranged",
        handed_over_at=_at(TODAY),
        handed_over_by=personas[Role.TTG_CASEWORKER],
    )


def _outcome(plan: Plan, kind: str) -> ReleaseOutcome:
    return ReleaseOutcome.objects.create(
        plan=plan,
        kind=kind,
        accommodation="temporary",
        accommodation_safe="yes",
        ete="no",
        bank_account="yes",
        id_documents="yes",
        benefit_claim="yes",
        gp_registration="yes",
        recorded_at=_at(TODAY),
        recorded_by=plan.proposed_by,
    )


def _screening(plan: Plan, kind: str, submitted: date | None = date(2019, 8, 20)) -> Any:
    from ttg.screening.models import Screening

    by = plan.proposed_by
    return Screening.objects.create(
        custody_period=plan.custody_period,
        kind=kind,
        question_set_version="2018-10",
        status="submitted" if submitted else "draft",
        started_by=by,
        started_at=_at(date(2019, 8, 19)),
        submitted_by=by if submitted else None,
        submitted_at=_at(submitted) if submitted else None,
        updated_at=_at(date(2019, 8, 19)),
    )


def _flag(plan: Plan, *, acknowledged: bool = False, withdrawn: bool = False) -> Any:
    from ttg.screening.models import NeedFlag

    return NeedFlag.objects.create(
        screening=_screening(plan, "BCST1"),
        custody_period=plan.custody_period,
        pathway="health",
        question_id="prescribed_medication",
        need="Prescribed medication needed on arrival",
        raised_at=_at(date(2019, 8, 20)),
        acknowledged_by=plan.proposed_by if acknowledged else None,
        acknowledged_at=_at(TODAY) if acknowledged else None,
        withdrawn_at=_at(TODAY) if withdrawn else None,
    )


def _referral(personas: dict[str, Any], activity: PlanActivity, *, status: str = "sent", funding: str = "supply_chain") -> Any:
    from ttg.referrals.models import Referral

    return Referral.objects.create(
        plan_activity=activity,
        organisation=personas[Role.PARTNER_CASEWORKER].organisation,
        crc=personas[Role.TTG_CASEWORKER].crc,
        activity_title=activity.title,
        referred_by=personas[Role.TTG_CASEWORKER],
        referred_at=_at(date(2019, 8, 21)),
        need="Support to find work",
        shared_information={"first_name": "A", "last_name": "B"},
        consent_given=True,
        consent_on=date(2019, 8, 21),
        funding=funding,
        status=status,
        status_changed_at=_at(date(2019, 8, 28)),
    )


def _work(personas: dict[str, Any], role: str = Role.TTG_CASEWORKER, prison: str = "") -> selectors_worklist.WorkList:
    return selectors_worklist.work_list(personas[role], prison)


CHECKLIST = "Finish the release checklist"


def _in(work: selectors_worklist.WorkList, key: str, *, checklists: bool = False) -> list[tuple[str, str]]:
    """(prison number, what) of the section's items; the release checklists (issue 23, tested on their
    own below) only when asked for."""
    return [(i.person.prison_number, i.what) for i in work.section(key).items if checklists or not i.what.startswith(CHECKLIST)]


def _numbers_in(work: selectors_worklist.WorkList, key: str) -> set[str]:
    return {number for number, _what in _in(work, key)}


def _everywhere(work: selectors_worklist.WorkList) -> set[str]:
    return {i.person.prison_number for s in work.sections for i in s.items}


@pytest.fixture
def mine(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> Any:
    def make(**kwargs: Any) -> Plan:
        return _plan(personas, catalogue, **kwargs)

    return make


# --- the week --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "sunday"),
    [
        (date(2019, 9, 2), date(2019, 9, 8)),  # Monday
        (date(2019, 9, 6), date(2019, 9, 8)),  # Friday
        (date(2019, 9, 8), date(2019, 9, 8)),  # Sunday: today
        (date(2019, 12, 30), date(2020, 1, 5)),  # over the new year
    ],
)
def test_the_week_ends_on_sunday(today: date, sunday: date) -> None:
    assert selectors_worklist.end_of_week(today) == sunday


# --- activities: overdue and due this week ----------------------------------------------------------


def test_open_activities_before_today_are_overdue_and_today_to_sunday_due_this_week(personas: dict[str, Any], mine: Any) -> None:
    plan = mine()
    yesterday = _activity(plan, TODAY - timedelta(days=1))
    today = _activity(plan, TODAY, status="in_progress")
    sunday = _activity(plan, date(2019, 9, 8))
    _activity(plan, date(2019, 9, 9))  # Monday next week: not yet
    _activity(plan, TODAY - timedelta(days=1), status="delivered")  # done: never listed
    _activity(plan, TODAY - timedelta(days=30), status="cancelled")
    work = _work(personas)
    assert [i.what for i in work.section("overdue").items] == [f"{yesterday.title} (planned)"]
    assert work.section("overdue").items[0].overdue
    assert [i.what for i in work.section("this_week").items] == [f"{today.title} (in progress)", f"{sunday.title} (planned)"]
    assert not any(i.overdue for i in work.section("this_week").items)
    assert work.section("this_week").items[0].href == reverse("plan_activity", args=[plan.custody_period.person.prison_number, today.pk])


def test_after_release_only_activities_that_continue_are_listed(personas: dict[str, Any], mine: Any) -> None:
    plan = mine(release=date(2019, 8, 27), released=date(2019, 8, 27))
    _activity(plan, TODAY, status="planned")
    continuing = _activity(plan, TODAY, status="planned", continues=True)
    assert [i.what for i in _work(personas).section("this_week").items] == [f"{continuing.title} (planned)"]


# --- plans to agree ---------------------------------------------------------------------------------


def test_draft_plans_are_to_agree_and_agreed_ones_are_not(personas: dict[str, Any], mine: Any) -> None:
    draft = mine(status=PlanStatus.DRAFT)
    mine(status=PlanStatus.AGREED)
    assert _numbers_in(_work(personas), "to_agree") == {draft.custody_period.person.prison_number}


# --- pre-release reviews ----------------------------------------------------------------------------


def test_a_review_is_to_do_from_exactly_12_weeks_before_release(personas: dict[str, Any], mine: Any) -> None:
    opened = mine(release=TODAY + timedelta(weeks=12))  # 25 November: opens today
    not_yet = mine(release=TODAY + timedelta(weeks=12, days=1))
    work = _work(personas)
    assert _numbers_in(work, "reviews") == {opened.custody_period.person.prison_number}
    assert not_yet.custody_period.person.prison_number not in _everywhere(work)


def test_a_review_started_is_to_do_and_a_completed_one_is_not(personas: dict[str, Any], mine: Any) -> None:
    started, done = mine(release=date(2019, 11, 1)), mine(release=date(2019, 11, 1))
    _review(started, ReviewStatus.IN_PROGRESS)
    _review(done, ReviewStatus.COMPLETED)
    assert _numbers_in(_work(personas), "reviews") == {started.custody_period.person.prison_number}


def test_draft_plans_have_no_review_to_do(personas: dict[str, Any], mine: Any) -> None:
    draft = mine(release=date(2019, 11, 1), status=PlanStatus.DRAFT)
    work = _work(personas)
    assert _numbers_in(work, "reviews") == set() and _numbers_in(work, "to_agree") == {draft.custody_period.person.prison_number}


def test_a_review_not_completed_is_overdue_once_the_handover_due_date_has_passed(personas: dict[str, Any], mine: Any) -> None:
    # Release Tuesday 17 September: handover due 10 working days before, Tuesday 3 September (not passed).
    on_time = mine(release=date(2019, 9, 17))
    # Release Monday 16 September: handover due Monday 2 September, today (not passed).
    due_today = mine(release=date(2019, 9, 16))
    # Release Friday 13 September: handover due Friday 30 August (passed).
    late = mine(release=date(2019, 9, 13))
    work = _work(personas)
    reviews = {n for n, what in _in(work, "overdue") if what.startswith("Complete the pre-release review")}
    assert reviews == {late.custody_period.person.prison_number}
    assert _numbers_in(work, "reviews") == {on_time.custody_period.person.prison_number, due_today.custody_period.person.prison_number}


# --- handovers --------------------------------------------------------------------------------------


def test_handovers_due_in_the_next_two_weeks_are_listed_and_past_ones_are_overdue(personas: dict[str, Any], mine: Any) -> None:
    # Handover due = 10 working days before release (T6); listed when due by Monday 16 September.
    last_in = mine(release=date(2019, 9, 30))  # due Monday 16 September
    first_out = mine(release=date(2019, 10, 1))  # due Tuesday 17 September
    today = mine(release=date(2019, 9, 16))  # due today
    late = mine(release=date(2019, 9, 13))  # due Friday 30 August
    done = mine(release=date(2019, 9, 20))
    _handover(done, personas)
    draft = mine(release=date(2019, 9, 20), status=PlanStatus.DRAFT)
    assert handover_due(date(2019, 9, 30), RuleSettings()).value == date(2019, 9, 16)
    work = _work(personas)
    handovers = {n for n, what in _in(work, "handovers")}
    assert handovers == {last_in.custody_period.person.prison_number, today.custody_period.person.prison_number}
    overdue = {n for n, what in _in(work, "overdue") if what.startswith("Hand over")}
    assert overdue == {late.custody_period.person.prison_number}
    assert first_out.custody_period.person.prison_number not in handovers | overdue
    everything = {n for s in work.sections for n, what in _in(work, s.key) if what.startswith("Hand over")}
    assert done.custody_period.person.prison_number not in everything
    assert draft.custody_period.person.prison_number not in everything
    item = next(i for i in work.section("handovers").items if i.person.prison_number == today.custody_period.person.prison_number)
    assert item.when == TODAY and not item.overdue and item.href == reverse("plan_handover", args=[item.person.prison_number])


def test_the_handover_window_counts_bank_holidays(personas: dict[str, Any], mine: Any, settings: Any) -> None:
    # Monday 9 December 2019: handovers due by Monday 23 December are listed. 25 and 26 December and
    # 1 January are bank holidays, so release on Thursday 9 January is due on 23 December (in); counting
    # weekdays only it would be 26 December (out).
    settings.TTG_NOW = "2019-12-09T09:30:00+00:00"
    in_ = mine(release=date(2020, 1, 9))
    out = mine(release=date(2020, 1, 10))  # due Tuesday 24 December
    assert handover_due(date(2020, 1, 9), RuleSettings()).value == date(2019, 12, 23)
    assert handover_due(date(2020, 1, 10), RuleSettings()).value == date(2019, 12, 24)
    work = _work(personas)
    handovers = _numbers_in(work, "handovers")
    assert in_.custody_period.person.prison_number in handovers
    assert out.custody_period.person.prison_number not in handovers


# --- after release ----------------------------------------------------------------------------------


def test_after_release_outcomes_to_record(personas: dict[str, Any], mine: Any) -> None:
    today = mine(release=TODAY, released=TODAY)  # release-day outcomes: today
    yesterday = mine(release=date(2019, 9, 1), released=date(2019, 9, 1))  # release-day not recorded: overdue
    recorded = mine(release=date(2019, 8, 27), released=date(2019, 8, 27))
    _outcome(recorded, OutcomeKind.RELEASE_DAY)  # after release due 24 September
    late = mine(release=date(2019, 8, 1), released=date(2019, 8, 1))  # after release due 29 August: overdue
    _outcome(late, OutcomeKind.RELEASE_DAY)
    all_done = mine(release=date(2019, 8, 1), released=date(2019, 8, 1))
    _outcome(all_done, OutcomeKind.RELEASE_DAY)
    _outcome(all_done, OutcomeKind.AFTER_RELEASE)
    gone = mine(release=date(2019, 5, 1), released=date(2019, 6, 9))  # more than 12 weeks ago: no longer seen
    work = _work(personas)
    n = lambda plan: plan.custody_period.person.prison_number  # noqa: E731
    after = _in(work, "after_release")
    assert (n(today), "Record the release-day outcomes") in after
    assert (n(today), "Record the outcomes after release") in after
    assert (n(recorded), "Record the outcomes after release") in after
    assert (n(recorded), "Record the release-day outcomes") not in after
    overdue = _in(work, "overdue")
    assert (n(yesterday), "Record the release-day outcomes") in overdue
    assert (n(late), "Record the outcomes after release") in overdue
    assert n(all_done) not in _everywhere(work) and n(gone) not in _everywhere(work)
    # Released people are never in the in-custody sections.
    assert not {n(today), n(yesterday), n(recorded), n(late)} & (_numbers_in(work, "reviews") | _numbers_in(work, "handovers"))
    item = next(i for i in work.section("after_release").items if i.person.prison_number == n(recorded))
    assert item.when == date(2019, 9, 24) and item.href == reverse("plan_outcome", args=[n(recorded), "after-release"])


# --- scope, filter, limits ------------------------------------------------------------------------


def test_another_crcs_people_never_appear(personas: dict[str, Any], mine: Any, django_user_model: Any) -> None:
    aci = Prison.objects.select_related("crc").get(code="ACI")
    elsewhere = Prison.objects.exclude(crc=aci.crc).exclude(crc=None).first()
    assert elsewhere is not None
    theirs = mine(prison=str(elsewhere.pk), status=PlanStatus.DRAFT, release=date(2019, 9, 13))
    _activity(theirs, TODAY)
    ours = mine(status=PlanStatus.DRAFT)
    for role in (Role.TTG_CASEWORKER, Role.CRC_MANAGER):
        work = _work(personas, role)
        assert theirs.custody_period.person.prison_number not in _everywhere(work)
        assert ours.custody_period.person.prison_number in _everywhere(work)
        assert elsewhere not in work.prisons and aci in work.prisons
    # Asking for the other CRC's prison by code shows all of one's own, never theirs.
    work = _work(personas, prison=elsewhere.code)
    assert work.prison is None and theirs.custody_period.person.prison_number not in _everywhere(work)
    other = django_user_model.objects.create(username="other.caseworker", role=Role.TTG_CASEWORKER, crc=elsewhere.crc)
    assert theirs.custody_period.person.prison_number in _everywhere(selectors_worklist.work_list(other))
    assert ours.custody_period.person.prison_number not in _everywhere(selectors_worklist.work_list(other))


def test_the_prison_filter(personas: dict[str, Any], mine: Any) -> None:
    aci = Prison.objects.get(code="ACI")
    sibling = Prison.objects.filter(crc=aci.crc).exclude(pk=aci.pk).first()
    assert sibling is not None
    at_aci, at_sibling = mine(status=PlanStatus.DRAFT), mine(status=PlanStatus.DRAFT, prison=str(sibling.pk))
    assert _numbers_in(_work(personas), "to_agree") >= {
        at_aci.custody_period.person.prison_number,
        at_sibling.custody_period.person.prison_number,
    }
    only = _work(personas, prison=sibling.code)
    assert only.prison == sibling
    assert _numbers_in(only, "to_agree") == {at_sibling.custody_period.person.prison_number}


def test_each_section_shows_at_most_the_setting_and_counts_the_rest(personas: dict[str, Any], mine: Any, settings: Any) -> None:
    settings.TTG_WORK_LIST_ROWS = 2
    for _ in range(5):
        mine(status=PlanStatus.DRAFT)
    section = _work(personas).section("to_agree")
    assert (len(section.items), section.total, section.more) == (2, 5, 3)


def test_roles_without_the_work_list_are_refused(client_for: Any) -> None:
    for role in (Role.PRISON_OFFICER, Role.RESPONSIBLE_OFFICER, Role.PARTNER_CASEWORKER, Role.GOVERNOR):
        assert client_for(role).get(reverse("work_list")).status_code in (403, 404)


# --- BCST2 due, referrals needing a reply, immediate needs to acknowledge -----------------------------


def _bcst2_due(personas: dict[str, Any], plan: Plan) -> date:
    from ttg.screening.selectors import period_screening

    due = period_screening(personas[Role.TTG_CASEWORKER], plan.custody_period).decisions.bcst2.value.due_on
    assert due is not None
    return due


def test_bcst2_is_due_until_its_due_date_and_overdue_the_day_after(personas: dict[str, Any], mine: Any, settings: Any) -> None:
    plan = mine(status=PlanStatus.DRAFT)
    _screening(plan, "BCST1")
    number = plan.custody_period.person.prison_number
    due = _bcst2_due(personas, plan)
    settings.TTG_NOW = f"{due.isoformat()}T17:00:00+01:00"
    work = _work(personas)
    assert (number, "Complete BCST2") in _in(work, "bcst2")
    item = work.section("bcst2").items[0]
    assert item.when == due and not item.overdue and item.href == reverse("screening_tasks", args=[number, "bcst2"])
    assert item.person_href == reverse("person_detail", args=[number])
    settings.TTG_NOW = f"{(due + timedelta(days=1)).isoformat()}T09:00:00+01:00"
    work = _work(personas)
    assert (number, "Complete BCST2") in _in(work, "overdue") and number not in _numbers_in(work, "bcst2")


def test_bcst2_is_listed_only_after_bcst1_and_until_it_is_submitted(personas: dict[str, Any], mine: Any) -> None:
    no_bcst1 = mine(status=PlanStatus.DRAFT)
    started = mine(status=PlanStatus.DRAFT)
    _screening(started, "BCST1")
    _screening(started, "BCST2", submitted=None)
    done = mine(status=PlanStatus.DRAFT)
    _screening(done, "BCST1")
    _screening(done, "BCST2")
    everywhere = {n for key in ("bcst2", "overdue") for n, what in _in(_work(personas), key) if "BCST2" in what}
    assert everywhere == {started.custody_period.person.prison_number}
    assert ("Finish BCST2") in [what for _n, what in _in(_work(personas), "bcst2") + _in(_work(personas), "overdue")]
    assert no_bcst1.custody_period.person.prison_number not in everywhere


def test_referrals_declined_or_cancelled_need_a_reply_while_the_activity_is_open_and_not_referred_again(
    personas: dict[str, Any], mine: Any
) -> None:
    declined = _referral(personas, _activity(mine(), date(2019, 10, 1)), status="declined")
    cancelled = _referral(personas, _activity(mine(), date(2019, 10, 1)), status="cancelled")
    again = _activity(mine(), date(2019, 10, 1))
    _referral(personas, again, status="declined")
    _referral(personas, again, status="sent")  # referred again: nothing to reply to
    done = _activity(mine(), date(2019, 10, 1), status="delivered")
    _referral(personas, done, status="declined")  # the activity was done another way
    _referral(personas, _activity(mine(), date(2019, 10, 1)), status="withdrawn")  # the referrer's own act
    _referral(personas, _activity(mine(), date(2019, 10, 1)), status="accepted")  # funded by the supply chain
    items = _work(personas).section("referrals").items
    assert [i.href for i in items] == [reverse("referral_detail", args=[r.pk]) for r in (declined, cancelled)]
    assert "was declined by" in items[0].what and items[0].when_label == "Declined"
    assert "was cancelled by" in items[1].what


def test_rate_card_referrals_without_an_authorised_purchase_need_the_purchase(personas: dict[str, Any], mine: Any) -> None:
    unfunded = _referral(personas, _activity(mine(), date(2019, 10, 1)), funding="rate_card")
    _referral(personas, _activity(mine(), date(2019, 10, 1)), funding="rate_card", status="completed")
    items = _work(personas).section("referrals").items
    assert [(i.href, i.when) for i in items] == [(reverse("referral_purchase", args=[unfunded.pk]), date(2019, 8, 21))]
    assert items[0].what.endswith("is unfunded: add the purchase")


def test_a_rate_card_referral_whose_purchase_is_used_up_says_so(personas: dict[str, Any], mine: Any) -> None:
    from ttg.payments import services as payments
    from ttg.payments.models import Purchase, RateCardItem

    activity = _activity(mine(), date(2019, 10, 1))
    item = RateCardItem.objects.get(rate_card__crc__code="MERSEYSIDE", rate_card__published=True, title="Women's centre key-work session")
    bought = payments.make_purchase(
        by=personas[Role.CRC_MANAGER], custody_period=activity.plan.custody_period, item=item, units=1, purchaser_kind="crc"
    )
    referral = _referral(personas, activity, funding="rate_card")
    Referral = type(referral)
    Referral.objects.filter(pk=referral.pk).update(purchase=bought)
    assert not _work(personas).section("referrals").items  # authorised: funded, nothing to reply to
    Purchase.objects.filter(pk=bought.pk).update(status="complete")
    items = _work(personas).section("referrals").items
    assert [i.href for i in items] == [reverse("referral_detail", args=[referral.pk])]
    assert items[0].what.endswith("is unfunded: its purchase is complete")


def test_immediate_needs_waiting_to_be_acknowledged(personas: dict[str, Any], mine: Any) -> None:
    waiting = _flag(mine())
    _flag(mine(), acknowledged=True)
    _flag(mine(), withdrawn=True)
    _flag(mine(release=date(2019, 8, 27), released=date(2019, 8, 27)))  # released: no longer acknowledged here
    items = _work(personas).section("flags").items
    number = waiting.custody_period.person.prison_number
    assert [(i.person.prison_number, i.what, i.when_label) for i in items] == [
        (number, "Acknowledge: Prescribed medication needed on arrival", "Raised")
    ]
    assert items[0].href == reverse("flag_acknowledge", args=[number, waiting.pk])


def test_another_crcs_flags_and_referrals_never_appear(personas: dict[str, Any], mine: Any, django_user_model: Any) -> None:
    from ttg.estate.models import CRC

    other_crc = CRC.objects.exclude(pk=personas[Role.TTG_CASEWORKER].crc_id).first()
    assert other_crc is not None
    other = django_user_model.objects.create_user(
        username="other.caseworker", password="a-long-test-password-2019", role=Role.TTG_CASEWORKER, crc=other_crc
    )
    _flag(mine())
    _referral(personas, _activity(mine(), date(2019, 10, 1)), status="declined")
    work = selectors_worklist.work_list(other)
    assert not work.section("flags").items and not work.section("referrals").items


# --- the page and its query count --------------------------------------------------------------------


def _lots(mine: Any, personas: dict[str, Any], count: int) -> None:
    """`count` people spread over every section."""
    for i in range(count):
        kind = i % 9
        if kind == 0:
            _activity(mine(), TODAY - timedelta(days=1))
        elif kind == 1:
            _activity(mine(), TODAY + timedelta(days=2))
        elif kind == 2:
            mine(status=PlanStatus.DRAFT)
        elif kind == 3:
            _review(mine(release=date(2019, 11, 1)), ReviewStatus.IN_PROGRESS)
        elif kind == 4:
            mine(release=date(2019, 9, 20))
        elif kind == 5:
            _outcome(mine(release=date(2019, 8, 27), released=date(2019, 8, 27)), OutcomeKind.RELEASE_DAY)
        elif kind == 6:
            _screening(mine(status=PlanStatus.DRAFT), "BCST1")  # BCST2 due
        elif kind == 7:
            _referral(personas, _activity(mine(), date(2019, 10, 1)), status="declined")
        else:
            _flag(mine())


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_rows(personas: dict[str, Any], mine: Any, client_for: Any) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    _lots(mine, personas, 9)  # one of each kind, so that every reader runs its queries
    few_page, few_home = _queries(client, reverse("work_list")), _queries(client, reverse("home"))
    few_total = sum(s.total for s in _work(personas).sections)
    _lots(mine, personas, 36)
    assert sum(s.total for s in _work(personas).sections) > few_total + 25
    assert _queries(client, reverse("work_list")) == few_page
    assert _queries(client, reverse("home")) == few_home
    with CaptureQueriesContext(connection) as ctx:
        _work(personas)
    # the prisons; the stored decisions whose day has come (none); one per kind of work and section (17),
    # and the referrals' rows read by id after their page of ids
    assert len(ctx.captured_queries) == 20


def test_the_page_lists_the_sections_in_order_with_links_and_tags(personas: dict[str, Any], mine: Any, client_for: Any) -> None:
    late = mine(release=date(2019, 9, 13), name="Latisha")
    draft = mine(status=PlanStatus.DRAFT, name="Drafty")
    page = client_for(Role.TTG_CASEWORKER).get(reverse("work_list")).content.decode()
    headings = [
        "Overdue",
        "Due this week",
        "BCST2 due",
        "Plans to agree",
        "Pre-release reviews and release checklists to do",
        "Handovers due",
        "Referrals needing a reply",
        "Immediate needs to acknowledge",
        "After release: outcomes to record",
    ]
    positions = [page.index(f'id="{key}">{h}') for key, h in zip(selectors_worklist.SECTION_KEYS, headings, strict=True)]
    assert positions == sorted(positions)
    assert reverse("plan", args=[late.custody_period.person.prison_number]) in page
    assert reverse("plan_handover", args=[late.custody_period.person.prison_number]) in page
    assert "Drafty Worklist" in page and draft.custody_period.person.prison_number in page
    assert "govuk-tag--red" in page
    assert '<select class="govuk-select" id="prison" name="prison">' in page


def test_the_home_page_summarises_the_work_list(personas: dict[str, Any], mine: Any, client_for: Any) -> None:
    mine(status=PlanStatus.DRAFT)
    mine(status=PlanStatus.DRAFT)
    tasks = home_tasks(client_for(Role.TTG_CASEWORKER).get(reverse("home")).content.decode())
    assert [text for text, *_ in tasks] == [
        # with something in them first, then by urgency: overdue, then due, then waiting
        "Plans to agree",
        "Overdue",
        "Due this week",
        "BCST2 due",
        "Pre-release reviews and release checklists to do",
        "Handovers due",
        "Immediate needs to acknowledge",
        "After release: outcomes to record",
        "Referrals needing a reply",
    ]
    assert tasks[0] == ("Plans to agree", f"{reverse('work_list')}#to_agree", 2, "govuk-tag--blue")
    assert "/work/" not in client_for(Role.PRISON_OFFICER).get(reverse("home")).content.decode()
    # The CRC manager: what is overdue in the CRC.
    mine(release=date(2019, 9, 13))  # its handover was due on Friday 30 August, and so its review
    manager = home_tasks(client_for(Role.CRC_MANAGER).get(reverse("home")).content.decode())
    assert manager == [("Overdue work in your CRC", f"{reverse('work_list')}#overdue", 2, "govuk-tag--red"), *manager[1:]]


# --- the plan page: the pathway names of the plan's own catalogue version ---------------------------------


def test_the_plan_page_names_pathways_as_the_plans_catalogue_version_does(
    personas: dict[str, Any], mine: Any, catalogue: dict[str, CatalogueVersion], client_for: Any
) -> None:
    plan = mine()
    _activity(plan, TODAY + timedelta(days=30))
    CataloguePathway.objects.filter(version=catalogue["2019"], code="ete").update(name="Work and learning, as named in 2019")
    CataloguePathway.objects.filter(version=catalogue["2015"], code="ete").update(name="Named so in 2015 only")
    page = client_for(Role.TTG_CASEWORKER).get(reverse("plan", args=[plan.custody_period.person.prison_number])).content.decode()
    assert "Work and learning, as named in 2019" in page
    assert "Named so in 2015 only" not in page
    Plan.objects.filter(pk=plan.pk).update(catalogue_version=catalogue["2015"])
    page = client_for(Role.TTG_CASEWORKER).get(reverse("plan", args=[plan.custody_period.person.prison_number])).content.decode()
    assert "Named so in 2015 only" in page and "Work and learning, as named in 2019" not in page


# --- every link and button on the list works for the user who sees it (issue 16) ------------------------


def _hrefs(page: str) -> list[str]:
    """The links of the page's main content (the header and footer are the page frame's)."""
    main = page[page.index('<main class="govuk-main-wrapper') : page.index("</main>")]
    return [html.unescape(h) for h in re.findall(r'<a [^>]*href="([^"#]*)[^"]*"', main) if h.startswith("/")]


@pytest.fixture
def every_kind(personas: dict[str, Any], mine: Any) -> dict[str, Any]:
    """A need to acknowledge, a rate-card referral waiting for its purchase, a handover due and one overdue."""
    flag = _flag(mine())
    unfunded = _referral(personas, _activity(mine(), date(2019, 10, 1)), funding="rate_card")
    due = mine(release=date(2019, 9, 20))
    late = mine(release=date(2019, 9, 13))
    return {"flag": flag, "referral": unfunded, "handover": due, "late": late}


def test_the_caseworker_acknowledges_a_need_with_a_button_and_comes_back_to_the_list(
    personas: dict[str, Any], every_kind: dict[str, Any], client_for: Any
) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    flag = every_kind["flag"]
    number = flag.custody_period.person.prison_number
    action = reverse("flag_acknowledge", args=[number, flag.pk])
    page = client.get(reverse("work_list") + "?prison=ACI").content.decode()
    # A form that posts (never a link to the POST-only address), with its CSRF token and the way back.
    assert f'href="{action}"' not in page
    form = page[page.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="next" value="/work/?prison=ACI#flags"' in form
    assert "Acknowledge: Prescribed medication needed on arrival" in form

    response = client.post(action, {"next": "/work/?prison=ACI#flags"})
    assert response.status_code == 302 and response["Location"] == "/work/?prison=ACI#flags"
    flag.refresh_from_db()
    assert flag.acknowledged_by == personas[Role.TTG_CASEWORKER]
    after = client.get(response["Location"]).content.decode()
    assert "Immediate need acknowledged: Prescribed medication needed on arrival" in after
    assert f'action="{action}"' not in after


@pytest.mark.parametrize("elsewhere", ["https://example.com/work/", "//example.com/work/", "work/", ""])
def test_after_acknowledging_only_a_page_of_this_service_is_followed(elsewhere: str, every_kind: dict[str, Any], client_for: Any) -> None:
    flag = every_kind["flag"]
    number = flag.custody_period.person.prison_number
    response = client_for(Role.TTG_CASEWORKER).post(reverse("flag_acknowledge", args=[number, flag.pk]), {"next": elsewhere})
    assert response.status_code == 302 and response["Location"] == reverse("person_screening", args=[number])


def test_the_crc_manager_is_shown_only_links_she_may_follow(personas: dict[str, Any], every_kind: dict[str, Any], client_for: Any) -> None:
    client = client_for(Role.CRC_MANAGER)
    page = client.get(reverse("work_list")).content.decode()
    referral, flag = every_kind["referral"], every_kind["flag"]
    number = flag.custody_period.person.prison_number
    # Adding the purchase, handing over and acknowledging are the caseworker's: the manager reads about them instead.
    assert reverse("referral_purchase", args=[referral.pk]) not in page
    assert reverse("flag_acknowledge", args=[number, flag.pk]) not in page and '<form method="post"' not in page
    assert "/plan/handover/" not in page
    assert f'href="{reverse("referral_detail", args=[referral.pk])}"' in page
    assert f'href="{reverse("person_screening", args=[number])}">Acknowledge: ' in page
    due = every_kind["handover"].custody_period.person.prison_number
    assert f'href="{reverse("plan", args=[due])}#handover">Hand over' in page


@pytest.mark.parametrize("role", [Role.TTG_CASEWORKER, Role.CRC_MANAGER])
def test_every_link_on_the_work_list_opens_for_the_user_who_sees_it(role: str, every_kind: dict[str, Any], client_for: Any) -> None:
    client = client_for(role)
    hrefs = set(_hrefs(client.get(reverse("work_list")).content.decode()))
    assert len(hrefs) >= 8  # the people's plans and records, and each piece of work
    refused = {href: status for href in sorted(hrefs) if (status := client.get(href).status_code) != 200}
    assert refused == {}
