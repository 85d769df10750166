"""Rule P13 (issue 16): the plan activities that an event completes take their status from it, in the
event's transaction, and say the same wherever the plan is shown.

One test per activity kind (BCST2 done or not needed, the plan agreed, the pre-release review completed,
the release-day outcomes recorded, the handover made); a status set by hand is refused for each; and
the plan page, the handover summary, the printed plan and the PDF agree. People come from the real
custody-feed importer; the clock says Monday 2 September 2019.
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from weasyprint import HTML

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.people.models import CustodyPeriod
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.gate import services as services_gate
from ttg.plans.gate.tests.test_gate import OUTCOMES, _fresh, _planned, _release
from ttg.plans.handover import services as services_handover
from ttg.plans.handover.models import Handover
from ttg.plans.plan import plain, rules, services
from ttg.plans.plan.models import Plan, PlanActivity
from ttg.plans.plan.views_print import _context
from ttg.screening import questions
from ttg.screening import services as screening
from ttg.screening.models import Kind
from ttg.screening.tests.test_journeys import NUMBER, complete, feed, period, reception

# --- the rule, as a pure function ------------------------------------------------------------------


@pytest.mark.parametrize("event", rules.EVENTS)
def test_each_event_completes_one_activity_kind_once(event: str) -> None:
    completes = rules.COMPLETES[event]
    decision = rules.status_from_event(code=completes.activity, current=rules.PLANNED, event=event, on=date(2019, 9, 2))
    assert decision.value is not None
    status, words = decision.value
    assert status == completes.status and "2 September 2019" in words and "rule P13" in decision.reasons[0]
    # Already so: nothing to do. Another activity: not this event's.
    assert rules.status_from_event(code=completes.activity, current=status, event=event, on=date(2019, 9, 2)).value is None
    assert rules.status_from_event(code="ete-careers", current=rules.PLANNED, event=event, on=date(2019, 9, 2)).value is None


def test_every_activity_an_event_completes_is_in_the_catalogue_and_ends_by_release(catalogue: dict[str, CatalogueVersion]) -> None:
    codes = {c.activity for c in rules.COMPLETES.values()}
    assert codes == set(rules.DONE_WHEN) == rules.BEFORE_RELEASE_ONLY
    assert codes <= set(catalogue["2019"].activities.values_list("code", flat=True))


def test_a_status_is_never_set_by_hand_for_them() -> None:
    for code in rules.DONE_WHEN:
        refused = rules.set_by_hand(code, rules.PLANNED, rules.DELIVERED)
        assert not refused.value and "marked done when" in refused.reasons[0]
        assert rules.set_by_hand(code, rules.PLANNED, rules.PLANNED).value  # saving the owner or due date alone
    assert rules.set_by_hand("ete-careers", rules.PLANNED, rules.DELIVERED).value
    assert rules.set_by_hand(None, rules.PLANNED, rules.DELIVERED).value  # a custom activity


# --- each kind, through the services ---------------------------------------------------------------


def _activity(plan: Plan, code: str) -> PlanActivity:
    return PlanActivity.objects.get(plan=plan, activity__code=code)


def _screen(personas: dict[str, Any], received: CustodyPeriod, *kinds: str) -> None:
    for kind in kinds:
        qs = questions.question_set(kind, received.reception_date)
        answers = complete(qs, ete_problem="2", job_on_release="no") if kind == Kind.BCST2 else complete(qs)
        by = personas[Role.PRISON_OFFICER if kind == Kind.BCST1 else Role.TTG_CASEWORKER]
        screening.submit_answers(period=received, kind=kind, answers=answers, by=by)


def test_bcst2_submitted_before_the_plan(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> None:
    feed(reception("r1", NUMBER, at="2019-08-30T09:30:00+01:00"))
    _screen(personas, period(), Kind.BCST1, Kind.BCST2)
    plan = services.propose(period=period(), by=personas[Role.TTG_CASEWORKER])
    activity = _activity(plan, "screening-bcst2")
    assert activity.status == rules.DELIVERED and activity.outcome == "BCST2 submitted on 2 September 2019."
    assert AuditEvent.objects.filter(action="plans.planactivity.complete", object_id=str(activity.pk)).count() == 1


def test_bcst2_submitted_after_the_plan_in_the_same_transaction(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> None:
    feed(reception("r1", NUMBER, at="2019-08-30T09:30:00+01:00"))
    _screen(personas, period(), Kind.BCST1)
    plan = services.propose(period=period(), by=personas[Role.TTG_CASEWORKER])
    assert _activity(plan, "screening-bcst2").status == rules.PLANNED
    # A BCST2 whose transaction rolls back leaves the plan as it was.
    with transaction.atomic():
        _screen(personas, period(), Kind.BCST2)
        assert _activity(plan, "screening-bcst2").status == rules.DELIVERED
        transaction.set_rollback(True)
    assert _activity(plan, "screening-bcst2").status == rules.PLANNED
    _screen(personas, period(), Kind.BCST2)
    assert _activity(plan, "screening-bcst2").status == rules.DELIVERED


def test_bcst2_not_needed_with_more_than_four_years_to_serve(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> None:
    feed(reception("r1", NUMBER, at="2019-08-30T09:30:00+01:00", release="2026-01-05"))
    _screen(personas, period(), Kind.BCST1)
    plan = services.propose(period=period(), by=personas[Role.TTG_CASEWORKER])
    # R-S3 (issue 23 item 8): BCST1 only, so the plan has no "Complete BCST2" activity to mark not needed.
    assert not PlanActivity.objects.filter(plan=plan, activity__code="screening-bcst2").exists()
    assert PlanActivity.objects.filter(plan=plan, activity__code="agree-plan").exists()


def test_agreeing_the_plan(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> None:
    feed(reception("r1", NUMBER, at="2019-08-30T09:30:00+01:00"))
    _screen(personas, period(), Kind.BCST1, Kind.BCST2)
    by = personas[Role.TTG_CASEWORKER]
    plan = services.propose(period=period(), by=by)
    assert _activity(plan, "agree-plan").status == rules.PLANNED
    services.agree(plan=plan, by=by, with_person=False, not_agreed_reason="Declined to meet")
    activity = _activity(plan, "agree-plan")
    assert activity.status == rules.DELIVERED and activity.outcome == "Plan agreed without the person on 2 September 2019."


def test_completing_the_pre_release_review(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> None:
    plan = _planned(personas, release="2019-11-01")  # the review opened on 9 August
    by = personas[Role.TTG_CASEWORKER]
    for code in services_gate.review_pathways(_fresh(plan)):
        services_gate.answer_pathway(plan=plan, pathway=code, answer="ready", by=by)
    assert _activity(plan, "pre-release-review").status == rules.PLANNED  # answered, not completed
    services_gate.complete_review(plan=plan, by=by)
    activity = _activity(plan, "pre-release-review")
    assert activity.status == rules.DELIVERED and activity.outcome == "Pre-release review completed on 2 September 2019."


def test_recording_the_release_day_outcomes(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> None:
    plan = _planned(personas, release="2019-08-27")
    _release()
    services_gate.record_outcome(plan=plan, kind="release_day", values=OUTCOMES, by=personas[Role.TTG_CASEWORKER])
    activity = _activity(plan, "release-essentials")
    assert activity.status == rules.DELIVERED and "release-day outcomes recorded on 2 September 2019" in activity.outcome


def test_handing_over(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> None:
    plan = _planned(personas, release="2019-11-01")
    handover = services_handover.hand_over(
        plan=plan,
        officer=personas[Role.RESPONSIBLE_OFFICER],
        where_to="Home",
        summary="Nothing outstanding",
        by=personas[Role.TTG_CASEWORKER],
    )
    activity = _activity(plan, "handover")
    assert activity.status == rules.DELIVERED
    assert activity.outcome == "Handed over to David Jones (responsible officer) on 2 September 2019."
    # The copy in the handover says so too: it was done by the handover itself.
    row = next(a for a in handover.activities if a["code"] == "handover")
    assert row["status"] == rules.DELIVERED and not row["continues"]


@pytest.mark.parametrize("code", sorted(rules.DONE_WHEN))
def test_the_status_of_each_is_refused_by_hand_on_the_service_and_the_page(
    personas: dict[str, Any], client_for: Any, catalogue: dict[str, CatalogueVersion], code: str
) -> None:
    plan = _planned(personas, release="2019-11-01")
    activity = _activity(plan, code)
    before = activity.status
    new = rules.IN_PROGRESS if before == rules.PLANNED else rules.PLANNED
    with pytest.raises(services.PlanError, match="marked done when") as problem:
        services.update_activity(activity=activity, status=new, reason="By hand", by=personas[Role.TTG_CASEWORKER])
    assert problem.value.field == "status" and "rule P13" not in problem.value.message
    page = client_for(Role.TTG_CASEWORKER).get(reverse("plan_activity", args=[NUMBER, activity.pk])).content.decode()
    assert 'name="status" value="' + before + '"' in page and 'id="id_status"' not in page and "its status follows that" in page
    assert _activity(plan, code).status == before


# --- the same everywhere ---------------------------------------------------------------------------


def _plan_page_statuses(html: str) -> dict[str, str]:
    """Activity title -> the tag beside it on the plan page."""
    items = re.findall(r'govuk-task-list__link"[^>]*>([^<]+)</a>.*?<strong class="govuk-tag[^"]*">([^<]+)</strong>', html, re.S)
    return {unescape(title.strip()): tag.strip() for title, tag in items}


def _summary_statuses(html: str) -> dict[str, str]:
    """Activity title -> its status in the handover summary's table."""
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)<span.*?</th>\s*<td class="govuk-table__cell">([^<]+)</td>', html, re.S
    )
    return {unescape(title.strip()): status.strip() for title, status in rows}


def _print_so_far(html: str) -> dict[str, str]:
    """What will happen -> "So far" in the printed plan."""
    items = re.findall(r"<h3[^>]*>([^<]+)</h3>.*?So far</dt>\s*<dd[^>]*>([^<]+)</dd>", html, re.S)
    return {unescape(what.strip()): unescape(so_far.strip()) for what, so_far in items}


def test_the_plan_page_handover_summary_print_and_pdf_agree(
    personas: dict[str, Any], client_for: Any, catalogue: dict[str, CatalogueVersion]
) -> None:
    plan = _planned(personas, release="2019-11-01")
    caseworker, officer = personas[Role.TTG_CASEWORKER], personas[Role.RESPONSIBLE_OFFICER]
    for code in services_gate.review_pathways(_fresh(plan)):
        services_gate.answer_pathway(plan=plan, pathway=code, answer="ready", by=caseworker)
    services_gate.complete_review(plan=plan, by=caseworker)
    handover = services_handover.hand_over(plan=plan, officer=officer, where_to="Home", summary="Nothing outstanding", by=caseworker)
    expected = {a.title: a for a in PlanActivity.objects.filter(plan=plan).select_related("activity")}
    by_event = {t: a for t, a in expected.items() if a.activity and a.activity.code in rules.DONE_WHEN}
    assert {a.activity.code if a.activity else "": a.status for a in by_event.values()} == {
        "screening-bcst2": rules.DELIVERED,
        "agree-plan": rules.DELIVERED,
        "pre-release-review": rules.DELIVERED,
        "handover": rules.DELIVERED,
        "release-essentials": rules.PLANNED,  # recorded on the day of release
    }

    plan_page = _plan_page_statuses(client_for(Role.TTG_CASEWORKER).get(reverse("plan", args=[NUMBER])).content.decode())
    summary_html = client_for(Role.RESPONSIBLE_OFFICER).get(reverse("handover_summary", args=[handover.pk])).content.decode()
    summary = _summary_statuses(summary_html)
    printed = _print_so_far(client_for(Role.TTG_CASEWORKER).get(reverse("plan_print", args=[NUMBER])).content.decode())
    request = RequestFactory().get("/")
    request.user = caseworker
    request.LANGUAGE_CODE = "en"  # type: ignore[attr-defined]
    pdf_html = render_to_string("plans/plan_print.html", _context(request, NUMBER, pdf=True), request=request)
    document = HTML(string=pdf_html).render()
    pdf_text = re.sub(r"\s+", " ", " ".join(_texts(page._page_box) for page in document.pages))

    for title, activity in expected.items():
        label = rules.STATUS_LABELS[activity.status]
        assert plan_page[title] == label, title
        assert summary[title] == label, title
        said = str(plain.SO_FAR[activity.status])
        assert printed[plain.what(activity)] == said, title
        assert re.search(re.escape(plain.what(activity)) + r" .*?So far " + re.escape(said), pdf_text), title
    # Nothing that ends by release is said to continue after it.
    continuing = summary_html.split("What continues after release", 1)[1].split("Still to do before release", 1)[0]
    assert not any(title in continuing for title in by_event)
    assert "Check the day-one essentials" in summary_html.split("Still to do before release", 1)[1]
    assert Handover.objects.count() == 1


def _texts(box: Any) -> str:
    text = getattr(box, "text", "") or ""
    return text + " " + " ".join(_texts(child) for child in getattr(box, "children", []))
