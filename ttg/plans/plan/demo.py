"""For the demos of what stands on a plan (ttg/plans/gate/demo.py, ttg/plans/handover/demo.py): a
person screened and their plan proposed, with two goals of their own, and agreed, through the services.
And the demo's Welsh speaker (issue 22): a man received at HMP Cardiff whose plan is in Welsh."""

from __future__ import annotations

import io
from typing import Any

from django.db import transaction

from ttg.accounts.constants import Role
from ttg.core.languages import Language
from ttg.people import services as people_services
from ttg.people.importer import import_feed
from ttg.people.models import CustodyPeriod, Person
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.plan import services
from ttg.plans.plan.models import Plan
from ttg.screening.demo import submit_screening
from ttg.screening.models import Kind, Screening
from ttg.screening.selectors import decide, with_history


def _screened(period: CustodyPeriod, personas: dict[str, Any], needs: dict[str, str]) -> None:
    """Submit BCST1 (with `needs`), and BCST2 where the rules require it, if the demo screenings left them undone."""

    if not Screening.objects.filter(custody_period=period, kind=Kind.BCST1).exists():
        submit_screening(period, Kind.BCST1, personas[Role.PRISON_OFFICER], **needs)
    row = decide(list(with_history(CustodyPeriod.objects.filter(pk=period.pk))))[0]
    if row.decisions.bcst2.value.required and not Screening.objects.filter(custody_period=period, kind=Kind.BCST2).exists():
        submit_screening(period, Kind.BCST2, personas[Role.TTG_CASEWORKER])


def agreed_plan(period: CustodyPeriod, personas: dict[str, Any], **needs: str) -> Plan | None:
    """Screen the person as the demo's prison officer and caseworker would, then propose and agree
    their plan. None when the rules propose no plan for them (the gate and handover demos use it)."""
    by = personas[Role.TTG_CASEWORKER]
    _screened(period, personas, needs)
    try:
        plan = services.propose(period=period, by=by)
    except services.PlanError:
        return None
    with_goals(plan, by)
    return services.agree(plan=plan, by=by)


# The person's own goals (issue 23, U7), in their words, each with the pathways of the activities towards it.
GOALS = (
    ("I want somewhere of my own to live, and to keep out of trouble this time.", ("accommodation", "attitudes", "health")),
    ("I want to get back to work and pay my own way, so I can see my kids.", ("ete", "finance", "children_families")),
)


def with_goals(plan: Plan, by: Any) -> None:
    """Two goals the person said, linked to the plan's activities on their pathways (or its first ones)."""
    if plan.goals.exists():
        return
    activities = list(plan.activities.order_by("order", "id"))
    for words, pathways in GOALS:
        # The activities on the goal's pathways, else the plan's first (for everyone: "Agree the plan", …).
        towards = [a for a in activities if a.pathway in pathways][:3] or activities[:2]
        services.add_goal(plan=plan, words=words, activities=towards, agreed=True, by=by)


WELSH_PERSON = "Z9004CY"
_WELSH_FEED = (
    "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,date_of_birth,"
    "sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"
    f"demo-welsh-1,RECEPTION,2019-05-07T10:00:00+01:00,{WELSH_PERSON},CFI,,,Dafydd,Llwyd,1990-03-01,M,W1,SENTENCED,DETERMINATE,"
    "2019-05-03,270,2020-01-28,\n"
)
# His goals, in his words (in Welsh, as he said them): somewhere to live and work; his grandson.
WELSH_GOALS = (
    ("Cael tŷ i fi fy hun yng Nghaerdydd, a chadw allan o drwbl.", ("accommodation", "attitudes", "health")),
    ("Cael gwaith, a gweld fy mab a’i fab bach, fy ŵyr, bob wythnos.", ("ete", "finance", "children_families")),
)


def load_welsh_plan(personas: dict[str, Any], caseworker: Any, *, after_the_feed: bool = True) -> int:
    """Dafydd Llwyd, received at HMP Cardiff (served by Wales CRC in the demo): his language recorded as
    Welsh by Wales CRC's caseworker (rhys.morgan), screened, and his plan agreed with two goals in his
    own words, so his plan page and PDF are in Welsh. Through the feed and the services; once. Like the
    through-the-gate demo, only once the custody feed has brought people to Altcourse (`make run` loads
    the demo before and after the feed; the tests' base, before it), unless `after_the_feed` is False."""
    if Person.objects.filter(prison_number=WELSH_PERSON).exists() or caseworker is None:
        return 0
    if not CatalogueVersion.objects.exists():  # tables emptied by a test: nothing to plan from
        return 0
    if after_the_feed and not CustodyPeriod.objects.filter(current_prison__code="ACI").exists():
        return 0
    with transaction.atomic():
        import_feed(io.BytesIO(_WELSH_FEED.encode()), source="demo: a Welsh speaker", kind="csv")
        period = CustodyPeriod.objects.select_related("person").get(person__prison_number=WELSH_PERSON)
        people_services.set_language(person=period.person, language=Language.WELSH, by=caseworker)
        staff = {**personas, Role.TTG_CASEWORKER: caseworker}
        _screened(period, staff, {"debts_or_fines": "yes"})
        plan = services.propose(period=period, by=caseworker)
        activities = list(plan.activities.order_by("order", "id"))
        for words, pathways in WELSH_GOALS:
            towards = [a for a in activities if a.pathway in pathways][:3] or activities[:2]
            services.add_goal(plan=plan, words=words, activities=towards, agreed=True, by=caseworker)
        services.agree(plan=plan, by=caseworker)
    return 1
