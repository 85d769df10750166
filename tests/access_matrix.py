"""The access matrix: for every named route, which roles may use it.

tests/test_access_matrix.py walks the URL resolver and fails for any route without an entry here,
and for any entry whose route no longer exists. Add your route here when you add a page or an
endpoint (docs/adding-a-feature.md, step 5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ttg.accounts.constants import PEOPLE_ROLES, Role

EVERY_ROLE = frozenset(Role)
PEOPLE = frozenset(PEOPLE_ROLES)  # not integration accounts, which are systems
NO_ROLE: frozenset[Role] = frozenset()
TWO_FACTOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.CONTRACT_MANAGER, Role.CRC_MANAGER})  # settings.TTG_MFA_ROLES


@dataclass(frozen=True)
class Entry:
    roles: frozenset[str]
    public: bool = False
    api: bool = False
    method: str = "get"
    # Builds URL kwargs from the personas (role -> user) for routes with parameters.
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda personas: {})
    # Status for an allowed request, when not 200 (e.g. a redirect after a POST).
    ok_status: int = 200


PERSON_ROLES = frozenset({Role.PRISON_OFFICER, Role.GOVERNOR, Role.TTG_CASEWORKER, Role.CRC_MANAGER})
MATRIX_PRISON_NUMBER = "M1234AT"
NOTICE_PUBLISHERS = frozenset({Role.CONTRACT_MANAGER, Role.ADMINISTRATOR})
NOTICE_READERS = PEOPLE - {Role.ANALYST}
QUESTION_READERS = PERSON_ROLES | {Role.PARTNER_CASEWORKER, Role.CONTRACT_MANAGER, Role.ADMINISTRATOR, Role.RESPONSIBLE_OFFICER}


def _demo_notice(personas: dict[str, Any]) -> dict[str, Any]:
    """The demo's published notice (the 1 October 2018 BCST changes), sent to every persona but the analyst and administrator."""
    from ttg.notices.demo import TITLE
    from ttg.notices.models import Notice

    return {"pk": Notice.objects.get(title=TITLE).pk}


def _draft_notice(personas: dict[str, Any]) -> dict[str, Any]:
    from ttg.core import clock
    from ttg.notices.models import Notice, NoticeLink

    notice, made = Notice.objects.get_or_create(
        title="Access matrix draft",
        defaults={
            "summary": "s",
            "what_to_do": "w",
            "effective_on": clock.today(),
            "audience": ["crcs", "supply_chain"],
            "created_by": personas[Role.ADMINISTRATOR],
            "created_at": clock.now(),
        },
    )
    if made:
        NoticeLink.objects.create(notice=notice, kind="question_set", key="BCST1/2018-10-01")
    return {"pk": notice.pk}


def _notice_attachment(personas: dict[str, Any]) -> dict[str, Any]:
    from ttg.core import clock
    from ttg.notices.models import NoticeAttachment

    kwargs = _demo_notice(personas)
    attachment, _ = NoticeAttachment.objects.get_or_create(
        notice_id=kwargs["pk"],
        filename="bcst-changes.txt",
        defaults={
            "content_type": "text/plain; charset=utf-8",
            "size": 5,
            "sha256": "0" * 64,
            "content": b"hello",
            "uploaded_by": personas[Role.ADMINISTRATOR],
            "uploaded_at": clock.now(),
        },
    )
    return {**kwargs, "attachment_pk": attachment.pk}


# The matrix's people have names and dates of birth found nowhere else, so a test can look for them in
# every response a contract manager gets (tests/test_case_references.py): none may appear.
MATRIX_PERSON = ("Quillon", "Vexmatrix", "1953-11-29")
PAYMENTS_PERSON = ("Perpetua", "Zanzimatrix", "1947-02-13")


def _person_at_altcourse(personas: dict[str, Any]) -> dict[str, Any]:
    """A person in custody at HMP Altcourse (ACI), received through the real feed importer."""
    import io

    from ttg.people.importer import import_feed
    from ttg.people.models import Person

    if not Person.objects.filter(prison_number=MATRIX_PRISON_NUMBER).exists():  # once per test database
        row = f"matrix-1,RECEPTION,2019-08-01T10:00:00+01:00,{MATRIX_PRISON_NUMBER},ACI,,,{','.join(MATRIX_PERSON)},M,W1,REMAND,,,,,\n"
        header = "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,date_of_birth,sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"
        import_feed(io.BytesIO((header + row).encode()), source="access matrix", kind="csv")
    return {"prison_number": MATRIX_PRISON_NUMBER}


def _screened_person_at_altcourse(personas: dict[str, Any]) -> dict[str, Any]:
    """The same person with a submitted BCST1, one immediate-needs flag and a duty to refer."""
    from ttg.core import clock
    from ttg.people.models import CustodyPeriod
    from ttg.screening.models import DutyToRefer, Kind, NeedFlag, Screening, Status

    kwargs = _person_at_altcourse(personas)
    period = CustodyPeriod.objects.get(person__prison_number=MATRIX_PRISON_NUMBER, released_at__isnull=True)
    officer, now = personas[Role.PRISON_OFFICER], clock.now()
    screening, _ = Screening.objects.get_or_create(
        custody_period=period,
        kind=Kind.BCST1,
        defaults={
            "question_set_version": "2018-10-01",
            "status": Status.SUBMITTED,
            "started_by": officer,
            "started_at": now,
            "submitted_by": officer,
            "submitted_at": now,
            "updated_at": now,
        },
    )
    flag, _ = NeedFlag.objects.get_or_create(
        screening=screening,
        question_id="prescribed_medication",
        defaults={"custody_period": period, "pathway": "health", "need": "Needs medication", "raised_at": now},
    )
    DutyToRefer.objects.get_or_create(
        custody_period=period, defaults={"raised_by_screening": screening, "raised_at": now, "due_on": now.date(), "updated_at": now}
    )
    return {**kwargs, "flag_id": flag.pk}


def _first_bcst2_section(personas: dict[str, Any]) -> dict[str, Any]:
    from ttg.screening.questions import question_set_version

    section = question_set_version("BCST2", "2018-10-01").sections[0]
    return {**_person_at_altcourse(personas), "kind": "bcst2", "section_id": section.id}


def _screened_person(personas: dict[str, Any]) -> dict[str, Any]:
    return {"prison_number": _screened_person_at_altcourse(personas)["prison_number"]}


def _screening_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    return {"prison_number": _screened_person_at_altcourse(personas)["prison_number"], "kind": "bcst1"}


def _catalogue_in_force(personas: dict[str, Any]) -> dict[str, Any]:
    """The 2019 version: loaded by a data migration, and again here in case a browser test emptied the tables."""
    from ttg.plans.catalogue.loader import load_initial_catalogue

    return {"pk": load_initial_catalogue()[-1].pk}


def _planned_activity(personas: dict[str, Any]) -> dict[str, Any]:
    """The screened person with a proposed plan (Level 1 for everyone at Altcourse); its first activity."""
    from ttg.people.models import CustodyPeriod
    from ttg.plans.catalogue.loader import load_initial_catalogue
    from ttg.plans.plan import services

    kwargs = _screened_person(personas)
    load_initial_catalogue()
    period = CustodyPeriod.objects.get(person__prison_number=MATRIX_PRISON_NUMBER, released_at__isnull=True)
    plan = services.propose(period=period, by=personas[Role.TTG_CASEWORKER])
    return {**kwargs, "pk": plan.activities.order_by("order", "id").first().pk}  # type: ignore[union-attr]


RELEASE_PRISON_NUMBER = "R1234AT"


def _release_person(personas: dict[str, Any]) -> dict[str, Any]:
    """A person at HMP Belmarsh (no designation: not a resettlement prison), due for release in October, whose
    case the responsible officer holds, with their release plan (rule R-F2b)."""
    import io

    from ttg.people.cases import hold_case
    from ttg.people.importer import import_feed
    from ttg.people.models import CustodyPeriod, ProbationCase
    from ttg.plans.catalogue.loader import load_initial_catalogue
    from ttg.plans.plan import services

    if not CustodyPeriod.objects.filter(person__prison_number=RELEASE_PRISON_NUMBER).exists():
        row = f"matrix-r1,RECEPTION,2019-03-01T10:00:00+00:00,{RELEASE_PRISON_NUMBER},BAI,,,{','.join(MATRIX_PERSON)},M,W1,SENTENCED,DETERMINATE,2019-03-01,240,2019-10-27,\n"
        header = "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,date_of_birth,sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"
        import_feed(io.BytesIO((header + row).encode()), source="access matrix", kind="csv")
    period = CustodyPeriod.objects.get(person__prison_number=RELEASE_PRISON_NUMBER, released_at__isnull=True)
    officer = personas[Role.RESPONSIBLE_OFFICER]
    hold_case(custody_period=period, officer=officer, source=ProbationCase.Source.ALLOCATED, by=None)
    load_initial_catalogue()
    services.make_release_plan(period=period, by=officer)
    return {"prison_number": RELEASE_PRISON_NUMBER}


def _planned_person(personas: dict[str, Any]) -> dict[str, Any]:
    return {"prison_number": _planned_activity(personas)["prison_number"]}


def _plan_goal(personas: dict[str, Any]) -> dict[str, Any]:
    """The planned person with one goal of their own (issue 23), made again if a test removed it."""
    from ttg.plans.plan import services
    from ttg.plans.plan.models import Plan, PlanGoal

    kwargs = _planned_person(personas)
    plan = Plan.objects.get(custody_period__person__prison_number=MATRIX_PRISON_NUMBER)
    goal = PlanGoal.objects.filter(plan=plan).first() or services.add_goal(
        plan=plan, words="A job", activities=[], agreed=True, by=personas[Role.TTG_CASEWORKER]
    )
    return {**kwargs, "pk": goal.pk}


def _agreed_person(personas: dict[str, Any]) -> dict[str, Any]:
    """The planned person with their plan agreed: ready to hand over."""
    from ttg.plans.plan import services
    from ttg.plans.plan.models import Plan

    kwargs = _planned_person(personas)
    plan = Plan.objects.get(custody_period__person__prison_number=MATRIX_PRISON_NUMBER)
    services.agree(plan=plan, by=personas[Role.TTG_CASEWORKER])
    return kwargs


def _handover(personas: dict[str, Any]) -> Any:
    """The agreed plan handed over to the responsible officer persona (david.jones)."""
    from ttg.plans.handover import services as services_handover
    from ttg.plans.handover.models import Handover
    from ttg.plans.plan.models import Plan

    _agreed_person(personas)
    plan = Plan.objects.get(custody_period__person__prison_number=MATRIX_PRISON_NUMBER)
    existing = Handover.objects.filter(plan=plan).first()
    if existing is not None:
        return existing
    return services_handover.hand_over(
        plan=plan,
        officer=personas[Role.RESPONSIBLE_OFFICER],
        where_to="Approved premises",
        summary="Matrix",
        by=personas[Role.TTG_CASEWORKER],
    )


def _handed_over_person(personas: dict[str, Any]) -> dict[str, Any]:
    _handover(personas)
    return {"prison_number": MATRIX_PRISON_NUMBER}


def _handover_pk(personas: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _handover(personas).pk}


HANDOVER_VIEWERS = PERSON_ROLES | {Role.RESPONSIBLE_OFFICER}  # the officer: only handovers that name them


def _supply_contract(personas: dict[str, Any]) -> dict[str, Any]:
    """The demo's contract between Merseyside CRC and Mersey Women's Centre."""
    from ttg.supply_chain.models import SupplyChainContract

    return {"pk": SupplyChainContract.objects.get(crc__code="MERSEYSIDE", reference="MCRC-2019-004").pk}


def _supply_service(personas: dict[str, Any]) -> dict[str, Any]:
    """A current register row under that contract."""
    from ttg.supply_chain.models import SupplyChainService

    return {"pk": SupplyChainService.objects.filter(contract__reference="MCRC-2019-004", until__isnull=True).order_by("pk").first().pk}  # type: ignore[union-attr]


def _mobilisation_plan(personas: dict[str, Any]) -> dict[str, Any]:
    """The demo's signed-off plan of Merseyside CRC at HMP Altcourse (the governor persona's prison)."""
    from ttg.mobilisation.models import MobilisationPlan

    return {"pk": MobilisationPlan.objects.get(crc__code="MERSEYSIDE", prison__code="ACI").pk}


def _mobilisation_commitment(personas: dict[str, Any]) -> dict[str, Any]:
    """A commitment the demo's plans make to Mersey Women's Centre, the partner persona's organisation."""
    from ttg.mobilisation.models import Commitment

    return {"pk": Commitment.objects.filter(organisation__name="Mersey Women's Centre", plan__crc__code="MERSEYSIDE").earliest("pk").pk}


def _mobilisation_meeting(personas: dict[str, Any]) -> dict[str, Any]:
    """The demo's monitoring meeting on Merseyside CRC's plan at HMP Liverpool."""
    from ttg.mobilisation.models import MonitoringMeeting

    return {"pk": MonitoringMeeting.objects.filter(plan__crc__code="MERSEYSIDE", plan__prison__code="LPI").earliest("pk").pk}


def _mobilisation_action(personas: dict[str, Any]) -> dict[str, Any]:
    """An action from that meeting (marking it done twice is done once)."""
    from ttg.mobilisation.models import MeetingAction

    return {"pk": MeetingAction.objects.filter(meeting__plan__crc__code="MERSEYSIDE").earliest("pk").pk}


MOBILISATION_VIEW = frozenset({Role.CRC_MANAGER, Role.CONTRACT_MANAGER, Role.GOVERNOR, Role.ADMINISTRATOR})


SUPPLY_VIEW = frozenset({Role.CRC_MANAGER, Role.TTG_CASEWORKER, Role.CONTRACT_MANAGER, Role.ADMINISTRATOR, Role.PARTNER_CASEWORKER})
SUPPLY_EDIT = frozenset({Role.CRC_MANAGER, Role.ADMINISTRATOR})
SHARING_VIEW = frozenset({Role.CRC_MANAGER, Role.CONTRACT_MANAGER, Role.ADMINISTRATOR})  # contract managers: read only
SHARING_EDIT = frozenset({Role.CRC_MANAGER, Role.ADMINISTRATOR})


def _sharing_agreement(personas: dict[str, Any]) -> dict[str, Any]:
    """The demo's agreement between Merseyside CRC and Mersey Women's Centre."""
    from ttg.supply_chain.models import SharingAgreement

    return {"pk": SharingAgreement.objects.get(reference="ISA-MCRC-2019-01").pk}


def _own_notification(personas: dict[str, Any]) -> dict[str, Any]:
    """A notification for each persona, so that each marks its own read; the pk is the administrator's.
    Anyone else posting to it gets the same 404 as for a missing one."""
    from ttg.core import clock
    from ttg.notifications.models import Notification

    for user in personas.values():
        Notification.objects.get_or_create(
            key="matrix", recipient=user, defaults={"template": "test_message", "subject": "S", "body": "B", "created_at": clock.now()}
        )
    return {"pk": Notification.objects.get(key="matrix", recipient=personas[Role.ADMINISTRATOR]).pk}


def _referral(personas: dict[str, Any]) -> dict[str, Any]:
    """A referral sent from the planned person's first activity to Mersey Women's Centre (aisha.begum's)."""
    from datetime import date

    from ttg.plans.plan.models import PlanActivity
    from ttg.referrals import services as referral_services
    from ttg.referrals.models import DesiredOutcome, Referral
    from ttg.referrals.outcomes import load_desired_outcomes

    activity = PlanActivity.objects.get(pk=_planned_activity(personas)["pk"])
    existing = Referral.objects.filter(plan_activity=activity).first()
    if existing is None:
        load_desired_outcomes()
        existing = referral_services.send(
            activity=activity,
            organisation=personas[Role.PARTNER_CASEWORKER].organisation,
            need="Matrix need",
            desired_outcomes=list(DesiredOutcome.objects.all()[:1]),
            shared=["first_name"],
            consent_given=True,
            consent_on=date(2019, 9, 2),
            funding="unfunded",
            by=personas[Role.TTG_CASEWORKER],
        )
    return {"pk": existing.pk}


def _open_dispute(personas: dict[str, Any]) -> dict[str, Any]:
    """An open accuracy dispute on the Altcourse person (any of PERSON_ROLES may resolve it)."""
    from ttg.core import clock
    from ttg.dataprotection.models import AccuracyDispute
    from ttg.people.models import Person

    _person_at_altcourse(personas)
    person = Person.objects.get(prison_number=MATRIX_PRISON_NUMBER)
    dispute, _ = AccuracyDispute.objects.get_or_create(
        person=person, part="name", defaults={"person_says": "Matrix", "raised_by": personas[Role.PRISON_OFFICER], "raised_at": clock.now()}
    )
    return {"pk": dispute.pk}


def _legal_hold(personas: dict[str, Any]) -> dict[str, Any]:
    """A legal hold in force on the Altcourse person."""
    from ttg.core import clock
    from ttg.dataprotection.models import LegalHold
    from ttg.people.models import Person

    _person_at_altcourse(personas)
    person = Person.objects.get(prison_number=MATRIX_PRISON_NUMBER)
    hold, _ = LegalHold.objects.get_or_create(
        person=person, released_at=None, defaults={"reason": "Matrix", "set_by": personas[Role.ADMINISTRATOR], "set_at": clock.now()}
    )
    return {"pk": hold.pk}


MATRIX: dict[str, Entry] = {
    # Notices (R-N1): publishers draft, publish and follow up; recipients (every persona of the demo
    # notice's audience: not the analyst; the administrator publishes but is not sent it) read and acknowledge.
    "notice_list": Entry(PEOPLE),
    "notice_new": Entry(NOTICE_PUBLISHERS),
    "notice_detail": Entry(NOTICE_READERS, kwargs=_demo_notice),
    "notice_edit": Entry(NOTICE_PUBLISHERS, kwargs=_draft_notice),
    "notice_attachment_add": Entry(NOTICE_PUBLISHERS, kwargs=_draft_notice),
    "notice_attachment": Entry(NOTICE_READERS, kwargs=_notice_attachment),
    "notice_publish": Entry(NOTICE_PUBLISHERS, kwargs=_draft_notice),
    "notice_acknowledge": Entry(NOTICE_READERS - {Role.ADMINISTRATOR}, method="post", ok_status=302, kwargs=_demo_notice),
    "notice_report": Entry(NOTICE_PUBLISHERS, kwargs=_demo_notice),
    "notice_report_export": Entry(NOTICE_PUBLISHERS, kwargs=lambda personas: {**_demo_notice(personas), "fmt": "csv"}),
    "api_notices": Entry(PEOPLE, api=True),
    "api_notice": Entry(NOTICE_READERS, api=True, kwargs=_demo_notice),
    "api_notice_acknowledge": Entry(NOTICE_READERS - {Role.ADMINISTRATOR}, api=True, method="post", kwargs=_demo_notice),
    "api_notice_draft": Entry(NOTICE_PUBLISHERS, api=True, method="post", ok_status=415),
    "api_notice_publish": Entry(NOTICE_PUBLISHERS, api=True, method="post", kwargs=_demo_notice),
    "api_notice_report": Entry(NOTICE_PUBLISHERS, api=True, kwargs=_demo_notice),
    "question_sets": Entry(QUESTION_READERS),
    "question_set": Entry(QUESTION_READERS, kwargs=lambda personas: {"kind": "bcst1", "version": "2018-10-01"}),
    "home": Entry(PEOPLE),
    "login": Entry(EVERY_ROLE, public=True, ok_status=302),  # signed-in users are sent home
    "logout": Entry(EVERY_ROLE, public=True, method="post", ok_status=302),
    # Two-factor sign-in (ttg/accounts/mfa.py): only the roles that sign in with a code; the matrix's
    # clients have given it already, so both pages send them on. Others: not found.
    "two_factor_verify": Entry(frozenset(TWO_FACTOR_ROLES), ok_status=302),
    "two_factor_setup": Entry(frozenset(TWO_FACTOR_ROLES), ok_status=302),
    "reauthenticate": Entry(EVERY_ROLE),
    "accessibility": Entry(EVERY_ROLE, public=True),
    "privacy": Entry(EVERY_ROLE, public=True),
    "cookies": Entry(EVERY_ROLE, public=True),
    "set_language": Entry(EVERY_ROLE, public=True, method="post", ok_status=302),
    "healthz": Entry(EVERY_ROLE, public=True),
    "audit_search": Entry(frozenset({Role.CONTRACT_MANAGER, Role.ADMINISTRATOR})),
    "api_me": Entry(EVERY_ROLE, api=True),
    "api_audit_events": Entry(frozenset({Role.CONTRACT_MANAGER, Role.ADMINISTRATOR}), api=True),
    "api_schema": Entry(EVERY_ROLE, api=True),
    "api_docs": Entry(EVERY_ROLE, api=True),
    # A POST with no body: allowed roles get a clear 400/415, never a silent success.
    "api_custody_feed": Entry(frozenset({Role.INTEGRATION, Role.ADMINISTRATOR}), api=True, method="post", ok_status=415),
    # People in custody: prison staff and the CRC serving the prison; the objects are in their scope.
    "people_search": Entry(PERSON_ROLES),
    "person_detail": Entry(PERSON_ROLES, kwargs=_person_at_altcourse),
    "person_language": Entry(frozenset({Role.TTG_CASEWORKER}), kwargs=_person_at_altcourse),
    # Data protection (docs/data-protection.md): subject access and legal holds for administrators;
    # accuracy disputes for whoever may see the person.
    "dataprotection_find": Entry(frozenset({Role.ADMINISTRATOR})),
    "dataprotection_person": Entry(frozenset({Role.ADMINISTRATOR}), kwargs=_person_at_altcourse),
    "subject_access_export": Entry(frozenset({Role.ADMINISTRATOR}), kwargs=_person_at_altcourse),
    "subject_access_export_json": Entry(frozenset({Role.ADMINISTRATOR}), kwargs=_person_at_altcourse),
    "legal_hold_add": Entry(frozenset({Role.ADMINISTRATOR}), kwargs=_person_at_altcourse),
    "legal_hold_release": Entry(frozenset({Role.ADMINISTRATOR}), kwargs=_legal_hold),
    "accuracy_disputes": Entry(PERSON_ROLES, kwargs=_person_at_altcourse),
    "accuracy_dispute_resolve": Entry(PERSON_ROLES, kwargs=_open_dispute),
    "my_caseloads": Entry(PERSON_ROLES),
    "prison_caseload": Entry(PERSON_ROLES, kwargs=lambda personas: {"code": "ACI"}),
    # Screening: whoever may see the person sees their screening; BCST1 is the prison officer's,
    # BCST2 and acknowledging immediate needs the TTG caseworker's.
    "person_screening": Entry(PERSON_ROLES, kwargs=_screened_person),
    "screening_tasks": Entry(PERSON_ROLES, kwargs=lambda personas: {**_person_at_altcourse(personas), "kind": "bcst2"}),
    "screening_check": Entry(PERSON_ROLES, kwargs=_screening_kwargs),
    "screening_submitted": Entry(PERSON_ROLES, kwargs=_screening_kwargs),
    "screening_amend": Entry(frozenset({Role.PRISON_OFFICER}), method="post", ok_status=302, kwargs=_screening_kwargs),
    "screening_section": Entry(frozenset({Role.TTG_CASEWORKER}), kwargs=_first_bcst2_section),
    # No earlier custody for this person, so no clone: the officer is sent on to the BCST1 sections.
    "screening_clone": Entry(frozenset({Role.PRISON_OFFICER}), ok_status=302, kwargs=_person_at_altcourse),
    "flag_acknowledge": Entry(frozenset({Role.TTG_CASEWORKER}), method="post", ok_status=302, kwargs=_screened_person_at_altcourse),
    "duty_to_refer": Entry(PERSON_ROLES, kwargs=_screened_person),
    "screening_work_list": Entry(PERSON_ROLES, kwargs=lambda personas: {"code": "ACI"}),
    # The screening API: the same roles as the pages. The matrix POSTs a form, not JSON: 415 for allowed roles.
    "api_screening": Entry(PERSON_ROLES, api=True, kwargs=_screened_person),
    "api_bcst1": Entry(frozenset({Role.PRISON_OFFICER}), api=True, method="post", ok_status=415, kwargs=_person_at_altcourse),
    "api_bcst2": Entry(frozenset({Role.TTG_CASEWORKER}), api=True, method="post", ok_status=415, kwargs=_person_at_altcourse),
    "api_question_set": Entry(PERSON_ROLES, api=True, kwargs=lambda personas: {"kind": "bcst1", "version": "2018-10-01"}),
    "api_question_sets": Entry(PERSON_ROLES, api=True),
    # Resettlement plans: whoever may see the person sees their plan; the TTG caseworker proposes,
    # agrees and updates it.
    "plan": Entry(PERSON_ROLES, kwargs=_planned_person),
    "plan_propose": Entry(frozenset({Role.TTG_CASEWORKER}), method="post", ok_status=302, kwargs=_screened_person),
    # An empty POST to agree re-shows the question (was the plan agreed with the person?) with its error.
    "plan_agree": Entry(frozenset({Role.TTG_CASEWORKER}), method="post", ok_status=200, kwargs=_planned_person),
    "plan_activity": Entry(PERSON_ROLES, kwargs=_planned_activity),
    "plan_activity_add": Entry(frozenset({Role.TTG_CASEWORKER}), kwargs=_planned_person),
    "plan_print": Entry(PERSON_ROLES, kwargs=_planned_person),
    "plan_pdf": Entry(PERSON_ROLES, kwargs=_planned_person),
    # The person's own goals (issue 23): the TTG caseworker records, changes and removes them.
    "plan_goal_add": Entry(frozenset({Role.TTG_CASEWORKER}), kwargs=_planned_person),
    "plan_goal": Entry(frozenset({Role.TTG_CASEWORKER}), kwargs=_plan_goal),
    "plan_goal_remove": Entry(frozenset({Role.TTG_CASEWORKER}), method="post", ok_status=302, kwargs=_plan_goal),
    # The plans API: the same roles as the pages. The matrix sends a form, not JSON: 415 for allowed roles.
    "api_plan": Entry(PERSON_ROLES, api=True, kwargs=_planned_person),
    "api_plan_agree": Entry(frozenset({Role.TTG_CASEWORKER}), api=True, method="post", ok_status=415, kwargs=_planned_person),
    "api_plan_activities": Entry(frozenset({Role.TTG_CASEWORKER}), api=True, method="post", ok_status=415, kwargs=_planned_person),
    # An empty PATCH: 400, "send at least one field to change".
    "api_plan_activity": Entry(frozenset({Role.TTG_CASEWORKER}), api=True, method="patch", ok_status=400, kwargs=_planned_activity),
    # The person's own goals (issue 23): a form, not JSON, gets 415; an empty PUT 400 (the fields needed).
    "api_plan_goals": Entry(frozenset({Role.TTG_CASEWORKER}), api=True, method="post", ok_status=415, kwargs=_planned_person),
    "api_plan_goal": Entry(frozenset({Role.TTG_CASEWORKER}), api=True, method="put", ok_status=400, kwargs=_plan_goal),
    # The handover to the responsible officer: the TTG caseworker makes it; whoever may see the person
    # sees it, and so does the responsible officer it names, who marks it received.
    "plan_handover": Entry(frozenset({Role.TTG_CASEWORKER}), kwargs=_agreed_person),
    "plan_handover_check": Entry(frozenset({Role.TTG_CASEWORKER}), ok_status=302, kwargs=_agreed_person),  # no answers yet: to the form
    "plan_handover_done": Entry(frozenset({Role.TTG_CASEWORKER}), kwargs=_handed_over_person),
    "handover_list": Entry(frozenset({Role.RESPONSIBLE_OFFICER})),
    "handover_summary": Entry(HANDOVER_VIEWERS, kwargs=_handover_pk),
    "handover_for_person": Entry(HANDOVER_VIEWERS, kwargs=_handover_pk),
    "handover_receive": Entry(frozenset({Role.RESPONSIBLE_OFFICER}), method="post", ok_status=302, kwargs=_handover_pk),
    "api_plan_handover": Entry(HANDOVER_VIEWERS, api=True, kwargs=_handed_over_person),
    "api_handovers": Entry(frozenset({Role.RESPONSIBLE_OFFICER}), api=True),
    "api_handover_receive": Entry(frozenset({Role.RESPONSIBLE_OFFICER}), api=True, method="post", kwargs=_handover_pk),
    # Through the gate (ttg/plans/gate/views.py, api.py): the same roles; the review's completion page
    # sends back to the review until it is completed; only the TTG caseworker changes anything.
    "plan_review": Entry(PERSON_ROLES, kwargs=_planned_person),
    "plan_review_pathway": Entry(PERSON_ROLES, kwargs=lambda personas: {**_planned_person(personas), "code": "health"}),
    "plan_review_check": Entry(PERSON_ROLES, kwargs=_planned_person),
    "plan_review_completed": Entry(PERSON_ROLES, ok_status=302, kwargs=_planned_person),
    "plan_outcome": Entry(PERSON_ROLES, kwargs=lambda personas: {**_planned_person(personas), "kind": "release-day"}),
    # The release checklist (issue 23 item 3): the same roles; only the TTG caseworker changes an item.
    "plan_checklist": Entry(PERSON_ROLES, kwargs=_planned_person),
    "plan_checklist_item": Entry(PERSON_ROLES, kwargs=lambda personas: {**_planned_person(personas), "code": "bank_account"}),
    "plan_activity_continues": Entry(frozenset({Role.TTG_CASEWORKER}), method="post", ok_status=302, kwargs=_planned_activity),
    "api_pre_release_review": Entry(PERSON_ROLES, api=True, kwargs=_planned_person),
    "api_release_outcome": Entry(PERSON_ROLES, api=True, kwargs=lambda personas: {**_planned_person(personas), "kind": "release-day"}),
    "api_release_checklist": Entry(PERSON_ROLES, api=True, kwargs=_planned_person),
    # The work list (ttg/worklist/views.py): the CRC's TTG caseworkers and managers, for the people their CRC serves.
    "work_list": Entry(frozenset({Role.TTG_CASEWORKER, Role.CRC_MANAGER})),
    # Allocation (docs/allocation.md, rule AL1): the CRC's managers allocate the people their CRC works with.
    "allocations": Entry(frozenset({Role.CRC_MANAGER})),
    "person_allocate": Entry(frozenset({Role.CRC_MANAGER}), kwargs=_person_at_altcourse),
    # The estate: reference data, no personal data; every person's role may read it.
    "prison_list": Entry(PEOPLE),
    "prison_detail": Entry(PEOPLE, kwargs=lambda personas: {"code": "ACI"}),
    # The prison's language for people's plans (rule L1): its governor, and administrators.
    "prison_language": Entry(frozenset({Role.GOVERNOR, Role.ADMINISTRATOR}), kwargs=lambda personas: {"code": "ACI"}),
    "crc_list": Entry(PEOPLE),
    "nps_division_list": Entry(PEOPLE),
    "organisation_list": Entry(PEOPLE),
    # The specification catalogue: reference data, no personal data; every person's role may read it.
    "catalogue_list": Entry(PEOPLE),
    "catalogue_version": Entry(PEOPLE, kwargs=_catalogue_in_force),
    "api_catalogue_versions": Entry(PEOPLE, api=True),
    "api_catalogue_version": Entry(PEOPLE, api=True, kwargs=_catalogue_in_force),
    # Supply chain (R-R1): the partner caseworker persona works for Mersey Women's Centre, the contract's organisation.
    "supply_chain_register": Entry(SUPPLY_VIEW),
    "supply_chain_contract": Entry(SUPPLY_VIEW, kwargs=_supply_contract),
    "supply_chain_contract_add": Entry(SUPPLY_EDIT),
    "supply_chain_contract_check": Entry(SUPPLY_EDIT, ok_status=302),  # nothing saved yet: back to the form
    "supply_chain_service_add": Entry(SUPPLY_EDIT, kwargs=_supply_contract),
    "supply_chain_service_end": Entry(SUPPLY_EDIT, kwargs=_supply_service),
    "api_supply_chain": Entry(SUPPLY_VIEW, api=True),
    "sharing_agreements": Entry(SHARING_VIEW),
    "sharing_agreement": Entry(SHARING_VIEW, kwargs=_sharing_agreement),
    "sharing_agreement_add": Entry(SHARING_EDIT),
    "sharing_agreement_check": Entry(SHARING_EDIT, ok_status=302),  # nothing saved yet: back to the form
    "api_sharing_agreements": Entry(SHARING_VIEW, api=True),
    # Mobilisation (R-M1 to R-M4): the plan's readers are Merseyside's manager, the contract manager, the
    # governor of Altcourse and administrators; each change is one role's; the partner sees only its own
    # commitments (another organisation's and a second CRC's manager: ttg/mobilisation/tests/test_pages.py).
    "mobilisation_list": Entry(MOBILISATION_VIEW),
    "mobilisation_start": Entry(frozenset({Role.CRC_MANAGER}), method="post", ok_status=302, kwargs=lambda personas: {"code": "LPI"}),
    "mobilisation_plan": Entry(MOBILISATION_VIEW, kwargs=_mobilisation_plan),
    "mobilisation_section": Entry(
        frozenset({Role.CRC_MANAGER}), kwargs=lambda personas: {**_mobilisation_plan(personas), "section": "staff"}
    ),
    "mobilisation_row_remove": Entry(
        frozenset({Role.CRC_MANAGER}),
        method="post",
        ok_status=302,
        kwargs=lambda personas: {**_mobilisation_plan(personas), "section": "staff", "index": 0},
    ),
    "mobilisation_submit": Entry(frozenset({Role.CRC_MANAGER}), kwargs=_mobilisation_plan),
    "mobilisation_revise": Entry(frozenset({Role.CRC_MANAGER}), method="post", ok_status=302, kwargs=_mobilisation_plan),
    "mobilisation_review": Entry(frozenset({Role.CONTRACT_MANAGER}), kwargs=_mobilisation_plan),
    "mobilisation_declare": Entry(frozenset({Role.CRC_MANAGER}), kwargs=_mobilisation_plan),
    "mobilisation_governor": Entry(frozenset({Role.GOVERNOR}), kwargs=_mobilisation_plan),
    "mobilisation_go_live": Entry(frozenset({Role.CONTRACT_MANAGER}), kwargs=_mobilisation_plan),
    "mobilisation_commitments": Entry(frozenset({Role.PARTNER_CASEWORKER})),
    # Monitoring meetings (R-M2): the contract manager records them; the CRC manager only closes actions.
    "mobilisation_meeting_add": Entry(frozenset({Role.CONTRACT_MANAGER}), kwargs=_mobilisation_plan),
    "mobilisation_action_add": Entry(frozenset({Role.CONTRACT_MANAGER}), kwargs=_mobilisation_meeting),
    "mobilisation_action_done": Entry(
        frozenset({Role.CRC_MANAGER, Role.CONTRACT_MANAGER}), method="post", ok_status=302, kwargs=_mobilisation_action
    ),
    "mobilisation_bid_namings": Entry(frozenset({Role.CONTRACT_MANAGER, Role.ADMINISTRATOR})),
    "mobilisation_commitment_respond": Entry(frozenset({Role.PARTNER_CASEWORKER}), kwargs=_mobilisation_commitment),
    "api_mobilisation_plans": Entry(MOBILISATION_VIEW, api=True),
    "api_mobilisation_plan": Entry(MOBILISATION_VIEW, api=True, kwargs=_mobilisation_plan),
    # POSTs with no body: the JSON-only API answers 415 to an allowed role (submit takes no body: the
    # signed-off plan cannot be submitted, a problem response).
    "api_mobilisation_submit": Entry(frozenset({Role.CRC_MANAGER}), api=True, method="post", ok_status=400, kwargs=_mobilisation_plan),
    "api_mobilisation_decision": Entry(
        frozenset({Role.CONTRACT_MANAGER}), api=True, method="post", ok_status=415, kwargs=_mobilisation_plan
    ),
    "api_mobilisation_declare": Entry(frozenset({Role.CRC_MANAGER}), api=True, method="post", ok_status=415, kwargs=_mobilisation_plan),
    "api_mobilisation_governor": Entry(frozenset({Role.GOVERNOR}), api=True, method="post", ok_status=415, kwargs=_mobilisation_plan),
    "api_mobilisation_go_live": Entry(
        frozenset({Role.CONTRACT_MANAGER}), api=True, method="post", ok_status=415, kwargs=_mobilisation_plan
    ),
    "api_mobilisation_commitments": Entry(frozenset({Role.PARTNER_CASEWORKER}), api=True),
    "api_mobilisation_commitment_answer": Entry(
        frozenset({Role.PARTNER_CASEWORKER}), api=True, method="post", ok_status=415, kwargs=_mobilisation_commitment
    ),
    # Notifications: each person their own.
    "notification_list": Entry(PEOPLE),
    "notification_read": Entry(frozenset({Role.ADMINISTRATOR}), method="post", ok_status=302, kwargs=_own_notification),
    "notification_read_all": Entry(PEOPLE, method="post", ok_status=302),
    # Referrals: the TTG caseworker refers; CRC users see referrals from their prisons; partner
    # caseworkers work on referrals to their organisation in their own workspace; contract managers
    # see counts only.
    "referral_new": Entry(
        frozenset({Role.TTG_CASEWORKER}), kwargs=lambda personas: {**_planned_activity(personas), "step": "organisation"}
    ),
    "referral_list": Entry(frozenset({Role.TTG_CASEWORKER, Role.CRC_MANAGER, Role.RESPONSIBLE_OFFICER})),
    # Nobody released unseen (issue 23 item 4): the NPS's and each CRC's list; the officer's release plan.
    "release_list": Entry(frozenset({Role.TTG_CASEWORKER, Role.CRC_MANAGER, Role.RESPONSIBLE_OFFICER})),
    "release_plan": Entry(frozenset({Role.RESPONSIBLE_OFFICER}), kwargs=_release_person),
    "release_plan_make": Entry(frozenset({Role.RESPONSIBLE_OFFICER}), method="post", ok_status=302, kwargs=_release_person),
    "release_activity_add": Entry(frozenset({Role.RESPONSIBLE_OFFICER}), kwargs=_release_person),
    "person_referrals": Entry(frozenset({Role.TTG_CASEWORKER, Role.CRC_MANAGER}), kwargs=_planned_person),
    "referral_summary": Entry(frozenset({Role.CONTRACT_MANAGER})),
    "referral_detail": Entry(frozenset({Role.TTG_CASEWORKER, Role.CRC_MANAGER}), kwargs=_referral),
    "referral_note": Entry(frozenset({Role.TTG_CASEWORKER}), method="post", ok_status=302, kwargs=_referral),
    "referral_withdraw": Entry(frozenset({Role.TTG_CASEWORKER}), kwargs=_referral),
    "referral_purchase": Entry(frozenset({Role.TTG_CASEWORKER}), kwargs=_referral),
    "partner_inbox": Entry(frozenset({Role.PARTNER_CASEWORKER})),
    "partner_referral": Entry(frozenset({Role.PARTNER_CASEWORKER}), kwargs=_referral),
    "partner_referral_action": Entry(
        frozenset({Role.PARTNER_CASEWORKER}), kwargs=lambda personas: {**_referral(personas), "action": "note"}
    ),
    "unfunded_work_list": Entry(frozenset({Role.PARTNER_CASEWORKER})),
    "unfunded_work_new": Entry(frozenset({Role.PARTNER_CASEWORKER})),
    "api_referrals": Entry(frozenset({Role.TTG_CASEWORKER, Role.CRC_MANAGER, Role.PARTNER_CASEWORKER, Role.RESPONSIBLE_OFFICER}), api=True),
    "api_referral": Entry(frozenset({Role.TTG_CASEWORKER, Role.CRC_MANAGER, Role.PARTNER_CASEWORKER}), api=True, kwargs=_referral),
    # The matrix POSTs a form, not JSON: 415 for the partner, who may accept; 403 for the referrer's side.
    "api_referral_action": Entry(
        frozenset({Role.PARTNER_CASEWORKER}),
        api=True,
        method="post",
        ok_status=415,
        kwargs=lambda personas: {**_referral(personas), "action": "accept"},
    ),
    "api_unfunded_work": Entry(frozenset({Role.PARTNER_CASEWORKER}), api=True),
}

# The Django admin is one unit: administrators only (checked in test_access_matrix.py).
ADMIN_ROLES = frozenset({Role.ADMINISTRATOR})


# --- payments (issue 7) -----------------------------------------------------------------------------

PAYMENTS_PRISON_NUMBER = "M4321PY"
RATE_CARD_VIEWERS = frozenset(
    {Role.CRC_MANAGER, Role.PARTNER_CASEWORKER, Role.RESPONSIBLE_OFFICER, Role.CONTRACT_MANAGER, Role.ADMINISTRATOR}
)
PURCHASE_VIEWERS = frozenset({Role.CRC_MANAGER, Role.PARTNER_CASEWORKER, Role.RESPONSIBLE_OFFICER, Role.CONTRACT_MANAGER})
FUNDING_VIEWERS = frozenset({Role.CONTRACT_MANAGER, Role.ANALYST, Role.ADMINISTRATOR})
BUYERS = frozenset({Role.RESPONSIBLE_OFFICER, Role.CONTRACT_MANAGER})


def _payments_rate_card(personas: dict[str, Any]) -> dict[str, Any]:
    from ttg.payments.models import RateCard

    return {"pk": RateCard.objects.get(crc__code="MERSEYSIDE", published=True, version=1).pk}


def _payments_draft(personas: dict[str, Any]) -> dict[str, Any]:
    from datetime import date

    from ttg.estate.models import CRC
    from ttg.payments import services
    from ttg.payments.models import RateCard

    draft = RateCard.objects.filter(crc__code="MERSEYSIDE", published=False).first()
    if draft is None:
        draft = services.start_draft(crc=CRC.objects.get(code="MERSEYSIDE"), in_force_from=date(2019, 10, 1), by=personas[Role.CRC_MANAGER])
    return {"pk": draft.pk}


def _payments_purchase(personas: dict[str, Any]) -> dict[str, Any]:
    """A woman at HMP New Hall (not a resettlement prison in the test estate) for whom david.jones
    bought Mersey Women's Centre sessions, with one session delivered (so two claims exist)."""
    import io

    from ttg.core import clock
    from ttg.payments import services
    from ttg.payments.models import Purchase, RateCardItem
    from ttg.people.cases import hold_case
    from ttg.people.importer import import_feed
    from ttg.people.models import CustodyPeriod, ProbationCase

    existing = Purchase.objects.filter(person__prison_number=PAYMENTS_PRISON_NUMBER).first()
    if existing is not None:
        return {"reference": existing.reference}
    header = "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,date_of_birth,sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"
    row = f"matrix-pay-1,RECEPTION,2019-08-01T10:00:00+01:00,{PAYMENTS_PRISON_NUMBER},NHI,,,{','.join(PAYMENTS_PERSON)},F,W1,SENTENCED,DETERMINATE,2019-08-01,90,2019-10-30,\n"
    import_feed(io.BytesIO((header + row).encode()), source="access matrix", kind="csv")
    period = CustodyPeriod.objects.get(person__prison_number=PAYMENTS_PRISON_NUMBER)
    hold_case(custody_period=period, officer=personas[Role.RESPONSIBLE_OFFICER], source=ProbationCase.Source.ALLOCATED, by=None)
    item = RateCardItem.objects.get(rate_card__crc__code="MERSEYSIDE", rate_card__published=True, title="Women's centre key-work session")
    bought = services.make_purchase(by=personas[Role.RESPONSIBLE_OFFICER], custody_period=period, item=item, units=4)
    services.record_delivery(purchase=bought, source_key="matrix.session:1", units=1, on=clock.today())
    return {"reference": bought.reference}


def _payments_variation(personas: dict[str, Any]) -> dict[str, Any]:
    """A request for two more units on the purchase above, asked for by the partner, not yet decided."""
    from ttg.payments import services
    from ttg.payments.models import Purchase, Variation

    kwargs = _payments_purchase(personas)
    bought = Purchase.objects.get(reference=kwargs["reference"])
    variation = Variation.objects.filter(purchase=bought, status="requested").first()
    if variation is None:
        variation = services.request_variation(
            purchase=bought, extra_units=2, reason="Two more sessions", by=personas[Role.PARTNER_CASEWORKER]
        )
    return {**kwargs, "pk": variation.pk}


def _payments_request(personas: dict[str, Any]) -> dict[str, Any]:
    """A purchase Merseyside CRC was asked for when a referral was sent (issue 15), for the person at
    HMP Altcourse, not yet decided: its purchaser is the CRC's manager."""
    from ttg.payments import services
    from ttg.payments.models import Purchase, RateCardItem
    from ttg.people.models import CustodyPeriod

    _person_at_altcourse(personas)
    existing = Purchase.objects.filter(person__prison_number=MATRIX_PRISON_NUMBER, status="requested").first()
    if existing is not None:
        return {"reference": existing.reference}
    period = CustodyPeriod.objects.select_related("current_prison", "person").get(
        person__prison_number=MATRIX_PRISON_NUMBER, released_at__isnull=True
    )
    item = RateCardItem.objects.get(rate_card__crc__code="MERSEYSIDE", rate_card__published=True, title="Women's centre key-work session")
    caseworker = personas[Role.TTG_CASEWORKER]
    asked = services.request_purchase(by=caseworker, custody_period=period, item=item, units=2, crc=caseworker.crc)
    return {"reference": asked.reference}


def _payments_claim(personas: dict[str, Any]) -> dict[str, Any]:
    """The Merseyside CRC's claim to NPS North West for the purchase above."""
    from ttg.payments.models import Claim

    reference = _payments_purchase(personas)["reference"]
    claim = Claim.objects.filter(claimant_crc__code="MERSEYSIDE", lines__delivery__purchase__reference=reference).first()
    return {"pk": claim.pk}  # type: ignore[union-attr]


def _payments_submitted_claim(personas: dict[str, Any]) -> dict[str, Any]:
    from ttg.payments import services
    from ttg.payments.models import Claim

    kwargs = _payments_claim(personas)
    claim = Claim.objects.get(pk=kwargs["pk"])
    if claim.status == "draft":
        services.submit_claim(claim=claim, by=personas[Role.CRC_MANAGER])
    return kwargs


def _payments_approved_claim(personas: dict[str, Any]) -> dict[str, Any]:
    from ttg.payments import services
    from ttg.payments.models import Claim

    kwargs = _payments_submitted_claim(personas)
    claim = Claim.objects.get(pk=kwargs["pk"])
    if claim.status == "submitted":
        services.approve_claim(claim=claim, by=personas[Role.RESPONSIBLE_OFFICER])
    return kwargs


MATRIX.update(
    {
        # Rate cards: published ones for everyone who buys, sells or manages contracts; CRC managers edit their own.
        "payments_rate_cards": Entry(RATE_CARD_VIEWERS),
        "payments_rate_card": Entry(RATE_CARD_VIEWERS, kwargs=_payments_rate_card),
        "payments_rate_card_draft": Entry(frozenset({Role.CRC_MANAGER})),
        "payments_rate_card_item": Entry(frozenset({Role.CRC_MANAGER}), kwargs=_payments_draft),
        "payments_rate_card_publish": Entry(frozenset({Role.CRC_MANAGER}), method="post", ok_status=302, kwargs=_payments_draft),
        # Buying: responsible officers, and HMPPS contract managers nationally. Purchases: the buyer,
        # the provider (CRC and partner) and the contract manager.
        "payments_buy": Entry(BUYERS),
        "payments_buy_check": Entry(BUYERS, ok_status=302),  # no answers yet: back to the form
        "payments_buy_done": Entry(BUYERS, kwargs=_payments_purchase),  # the contract manager manages its provider CRC
        "payments_purchases": Entry(PURCHASE_VIEWERS),
        "payments_purchase": Entry(PURCHASE_VIEWERS, kwargs=_payments_purchase),
        # An empty form: the partner gets the page back with the errors.
        "payments_delivery": Entry(frozenset({Role.PARTNER_CASEWORKER}), method="post", kwargs=_payments_purchase),
        # More units: the provider (here the partner) asks; the purchaser (here the officer) decides. The CRC
        # manager and the contract manager see the purchase but are neither side of it: 404. An empty
        # decision gets the purchase page back with the error.
        "payments_variation_request": Entry(frozenset({Role.PARTNER_CASEWORKER}), kwargs=_payments_purchase),
        "payments_variation_decide": Entry(frozenset({Role.RESPONSIBLE_OFFICER}), method="post", kwargs=_payments_variation),
        # A purchase asked for when a referral was sent: its purchaser (the CRC's manager) decides; an
        # empty decision gets the purchase page back with the error. Officers and contract managers may
        # decide purchases, but not this one: 404.
        "payments_purchase_decide": Entry(frozenset({Role.CRC_MANAGER}), method="post", kwargs=_payments_request),
        # Claims: claimant and payer; the contract manager of the CRC. The partner's own claim is another claim.
        "payments_claims": Entry(PURCHASE_VIEWERS),
        "payments_aged_debt": Entry(PURCHASE_VIEWERS),
        "payments_escalations": Entry(PURCHASE_VIEWERS),
        "payments_claims_export": Entry(PURCHASE_VIEWERS, kwargs=lambda personas: {"fmt": "csv"}),
        "payments_claim": Entry(frozenset({Role.CRC_MANAGER, Role.RESPONSIBLE_OFFICER, Role.CONTRACT_MANAGER}), kwargs=_payments_claim),
        "payments_claim_submit": Entry(frozenset({Role.CRC_MANAGER}), method="post", ok_status=302, kwargs=_payments_claim),
        "payments_claim_approve": Entry(
            frozenset({Role.RESPONSIBLE_OFFICER}), method="post", ok_status=302, kwargs=_payments_submitted_claim
        ),
        "payments_claim_reject": Entry(frozenset({Role.RESPONSIBLE_OFFICER}), kwargs=_payments_submitted_claim),
        "payments_claim_paid": Entry(frozenset({Role.RESPONSIBLE_OFFICER}), kwargs=_payments_approved_claim),
        # Funding: aggregates, no personal data.
        "payments_funding": Entry(FUNDING_VIEWERS),
        "payments_spend_export": Entry(FUNDING_VIEWERS, kwargs=lambda personas: {"fmt": "xlsx"}),
    }
)

MATRIX.update(
    {
        # The payments API: the same roles as the pages. POSTs with a form body get 415 once allowed
        # (the API reads JSON); submit and approve need no body.
        "api_rate_cards": Entry(RATE_CARD_VIEWERS, api=True),
        "api_rate_card": Entry(RATE_CARD_VIEWERS, api=True, kwargs=_payments_rate_card),
        "api_purchases": Entry(PURCHASE_VIEWERS, api=True),
        "api_purchase": Entry(PURCHASE_VIEWERS, api=True, kwargs=_payments_purchase),
        "api_purchase_buy": Entry(BUYERS, api=True, method="post", ok_status=415),
        "api_variations": Entry(PURCHASE_VIEWERS, api=True, kwargs=_payments_purchase),
        "api_variation_request": Entry(
            frozenset({Role.PARTNER_CASEWORKER}), api=True, method="post", ok_status=415, kwargs=_payments_purchase
        ),
        "api_variation_decide": Entry(
            frozenset({Role.RESPONSIBLE_OFFICER}), api=True, method="post", ok_status=415, kwargs=_payments_variation
        ),
        "api_deliveries": Entry(frozenset({Role.PARTNER_CASEWORKER}), api=True, method="post", ok_status=415, kwargs=_payments_purchase),
        "api_claims": Entry(PURCHASE_VIEWERS, api=True),
        "api_aged_debt": Entry(PURCHASE_VIEWERS, api=True),
        "api_claim": Entry(
            frozenset({Role.CRC_MANAGER, Role.RESPONSIBLE_OFFICER, Role.CONTRACT_MANAGER}), api=True, kwargs=_payments_claim
        ),
        "api_claim_submit": Entry(frozenset({Role.CRC_MANAGER}), api=True, method="post", kwargs=_payments_claim),
        "api_claim_approve": Entry(frozenset({Role.RESPONSIBLE_OFFICER}), api=True, method="post", kwargs=_payments_submitted_claim),
        "api_claim_reject": Entry(
            frozenset({Role.RESPONSIBLE_OFFICER}), api=True, method="post", ok_status=415, kwargs=_payments_submitted_claim
        ),
        "api_claim_paid": Entry(
            frozenset({Role.RESPONSIBLE_OFFICER}), api=True, method="post", ok_status=415, kwargs=_payments_approved_claim
        ),
        "api_spend": Entry(FUNDING_VIEWERS, api=True),
    }
)


# --- Funding: budgets and allocations, subsidy (issue 7 part 4) ---------------------------------------

BUDGET_EDITORS = frozenset({Role.CONTRACT_MANAGER})


def _payments_budget(personas: dict[str, Any]) -> dict[str, Any]:
    """The demo's enhanced-specification budget for 2019–20 (loaded with the personas, or made here)."""
    from ttg.payments.demo import load_budgets
    from ttg.payments.models import Budget

    load_budgets()
    return {"pk": Budget.objects.filter(kind="enhanced_specification").order_by("pk").first().pk}  # type: ignore[union-attr]


MATRIX.update(
    {
        # Pages: contract managers only; a check-answers step with no answers sends them back to the form.
        "payments_budgets": Entry(BUDGET_EDITORS),
        "payments_budget_new": Entry(BUDGET_EDITORS),
        "payments_budget_new_check": Entry(BUDGET_EDITORS, ok_status=302),
        "payments_budget": Entry(BUDGET_EDITORS, kwargs=_payments_budget),
        "payments_budget_allocation": Entry(BUDGET_EDITORS, kwargs=_payments_budget),
        "payments_budget_allocation_check": Entry(BUDGET_EDITORS, ok_status=302, kwargs=_payments_budget),
        # API: subsidy for everyone who sees funding; budgets for contract managers.
        "api_subsidy": Entry(FUNDING_VIEWERS, api=True),
        "api_budgets": Entry(BUDGET_EDITORS, api=True),
        "api_budget": Entry(BUDGET_EDITORS, api=True, kwargs=_payments_budget),
        "api_budget_allocation": Entry(BUDGET_EDITORS, api=True, method="post", ok_status=415, kwargs=_payments_budget),
    }
)

# Market stewardship (R-A4, ttg/stewardship): contract managers (the CRCs they manage), CRC managers (their
# own), analysts and administrators (every CRC) see the figures; only contract managers set benchmarks.
# Aggregates only: no person's name or prison number on any of these.
STEWARDSHIP_VIEW = frozenset({Role.CONTRACT_MANAGER, Role.CRC_MANAGER, Role.ANALYST, Role.ADMINISTRATOR})
_MERSEYSIDE = {"code": "MERSEYSIDE"}
MATRIX.update(
    {
        "stewardship": Entry(STEWARDSHIP_VIEW),
        "stewardship_export": Entry(STEWARDSHIP_VIEW, kwargs=lambda personas: {"fmt": "csv"}),
        "stewardship_crc": Entry(STEWARDSHIP_VIEW, kwargs=lambda personas: _MERSEYSIDE),
        "stewardship_crc_export": Entry(STEWARDSHIP_VIEW, kwargs=lambda personas: {**_MERSEYSIDE, "fmt": "xlsx"}),
        "stewardship_prison": Entry(STEWARDSHIP_VIEW, kwargs=lambda personas: {"code": "ACI"}),
        "stewardship_benchmark": Entry(frozenset({Role.CONTRACT_MANAGER}), kwargs=lambda personas: _MERSEYSIDE),
        # No answers yet: back to the form.
        "stewardship_benchmark_check": Entry(frozenset({Role.CONTRACT_MANAGER}), ok_status=302, kwargs=lambda personas: _MERSEYSIDE),
        "api_stewardship": Entry(STEWARDSHIP_VIEW, api=True),
        "api_stewardship_crc": Entry(STEWARDSHIP_VIEW, api=True, kwargs=lambda personas: _MERSEYSIDE),
        "api_stewardship_prison": Entry(STEWARDSHIP_VIEW, api=True, kwargs=lambda personas: {"code": "ACI"}),
        "api_stewardship_benchmark": Entry(
            frozenset({Role.CONTRACT_MANAGER}), api=True, method="post", ok_status=415, kwargs=lambda personas: _MERSEYSIDE
        ),
    }
)

# Compliance (issue 19, R-A1): contract managers (the CRCs they manage) and CRC managers (their own CRC);
# Merseyside's figures and Altcourse's, and the cases behind Altcourse's BCST1 figure for August 2019.
COMPLIANCE_VIEW = frozenset({Role.CONTRACT_MANAGER, Role.CRC_MANAGER})


def _compliance_cases(personas: dict[str, Any]) -> dict[str, Any]:
    """The matrix's person at Altcourse, received in August 2019 with a BCST1: one of the cases counted."""
    _screened_person_at_altcourse(personas)
    return {"code": "ACI", "figure": "bcst1", "month": "2019-08"}


MATRIX.update(
    {
        "compliance_overview": Entry(COMPLIANCE_VIEW),
        "compliance_crc": Entry(COMPLIANCE_VIEW, kwargs=lambda personas: {"code": "MERSEYSIDE"}),
        "compliance_crc_export": Entry(COMPLIANCE_VIEW, kwargs=lambda personas: {"code": "MERSEYSIDE", "fmt": "csv"}),
        "compliance_prison": Entry(COMPLIANCE_VIEW, kwargs=lambda personas: {"code": "ACI"}),
        "compliance_cases": Entry(COMPLIANCE_VIEW, kwargs=_compliance_cases),
        "api_compliance_crcs": Entry(COMPLIANCE_VIEW, api=True),
        "api_compliance_crc": Entry(COMPLIANCE_VIEW, api=True, kwargs=lambda personas: {"code": "MERSEYSIDE"}),
        "api_compliance_prison": Entry(COMPLIANCE_VIEW, api=True, kwargs=lambda personas: {"code": "ACI"}),
    }
)


# Insights and evaluation (issue 21): the analyst's figures for the whole service (counts only).
INSIGHTS_READERS = frozenset({Role.ANALYST})
MATRIX.update(
    {
        "insights_cohorts": Entry(INSIGHTS_READERS),
        "insights_equality": Entry(INSIGHTS_READERS),
        "insights_export": Entry(INSIGHTS_READERS, kwargs=lambda personas: {"by": "sex", "fmt": "csv"}),
        "insights_extract": Entry(INSIGHTS_READERS),
        "api_insights_breakdown": Entry(INSIGHTS_READERS, api=True, kwargs=lambda personas: {"by": "sex"}),
    }
)

# --- A second organisation of every kind (issue 17, item 5) ---------------------------------------------
#
# For each role that works for an organisation, a user of another organisation of the same kind: a
# prison (HMP Swansea) served by another CRC (Wales CRC), another partner organisation, another NPS
# division, a contract manager of other CRCs. The objects the matrix makes are all the first
# organisations' (Altcourse, Merseyside CRC, Mersey Women's Centre, NPS North West). So for a route that
# names a record, a second-organisation user whose role may use the route gets 404, exactly as for a
# record that does not exist ("not found" and "not yours" look the same); for a list, export or search,
# they get the page, with none of the first organisation's people in it (test_access_matrix.py).
# Analysts, administrators and integration accounts work for no organisation that scopes records.

SECOND_ORGANISATION = {
    Role.PRISON_OFFICER: {"prison": "SWI"},
    Role.GOVERNOR: {"prison": "SWI"},
    Role.TTG_CASEWORKER: {"crc": "WALES"},
    Role.CRC_MANAGER: {"crc": "WALES"},
    Role.PARTNER_CASEWORKER: {"organisation": "Gateway Housing Trust"},
    Role.RESPONSIBLE_OFFICER: {"nps_division": "WALES"},
    Role.CONTRACT_MANAGER: {"manages": "WALES"},
}

# Routes that name something that is not one organisation's record: reference data every allowed role
# reads, whoever they work for. Each with why.
SHARED_ACROSS_ORGANISATIONS: dict[str, str] = {
    "prison_detail": "the estate is reference data",
    "catalogue_version": "the specification catalogue is reference data",
    "api_catalogue_version": "the specification catalogue is reference data",
    "api_question_set": "the screening questions are reference data",
    "payments_rate_card": "a published rate card is public to every buyer, seller and contract manager",
    "api_rate_card": "a published rate card is public to every buyer, seller and contract manager",
    "screening_work_list": "the prison is reference data; the people on the list are the user's own (none of Altcourse's)",
    "payments_budget": "budgets are national (HMPPS's), for every contract manager",
    "payments_budget_allocation": "budgets are national (HMPPS's), for every contract manager",
    "payments_budget_allocation_check": "budgets are national (HMPPS's), for every contract manager",
    "api_budget": "budgets are national (HMPPS's), for every contract manager",
    "api_budget_allocation": "budgets are national (HMPPS's), for every contract manager",
    "question_set": "the screening questions are reference data",
}
# Routes shared across organisations for some roles only, each with why.
SHARED_FOR_ROLES: dict[str, tuple[frozenset[str], str]] = {
    name: (frozenset({Role.CONTRACT_MANAGER}), "notices are HMPPS's: any contract manager publishes, edits and follows any notice")
    for name in (
        "notice_detail",
        "notice_edit",
        "notice_publish",
        "notice_report",
        "notice_report_export",
        "notice_attachment",
        "notice_attachment_add",
        "api_notice",
        "api_notice_publish",
        "api_notice_report",
    )
}


# Refusals are 403 for a role without the route's action (a whole page it may not use) and 404 for a
# role with it but not this record. These routes refuse some roles that have their action the whole
# page all the same (403), each with why.
WHOLE_PAGE_FORBIDDEN: dict[str, tuple[frozenset[str], str]] = {
    "api_referral_action": (
        frozenset({Role.TTG_CASEWORKER, Role.CRC_MANAGER}),
        "the partner's answers: the referrer sees the referral, never answers for the partner",
    ),
    "person_referrals": (frozenset({Role.PARTNER_CASEWORKER}), "partners work on referrals in their own workspace (partner_inbox)"),
    "referral_detail": (frozenset({Role.PARTNER_CASEWORKER}), "partners work on referrals in their own workspace (partner_referral)"),
    "referral_list": (frozenset({Role.PARTNER_CASEWORKER}), "partners work on referrals in their own workspace (partner_inbox)"),
    "screening_amend": (frozenset({Role.TTG_CASEWORKER, Role.CRC_MANAGER, Role.GOVERNOR}), "BCST1 is the prison officer's"),
    "screening_section": (frozenset({Role.PRISON_OFFICER, Role.CRC_MANAGER, Role.GOVERNOR}), "BCST2 is the TTG caseworker's"),
}


def second_organisation_users() -> dict[str, Any]:
    """Role -> a user of the second organisation of that role's kind (made once per test database)."""
    from ttg.accounts.models import User
    from ttg.estate.models import CRC, NPSDivision, Organisation, Prison

    users: dict[str, Any] = {}
    for role, where in SECOND_ORGANISATION.items():
        user, made = User.objects.get_or_create(
            username=f"second.{role}",
            defaults={
                "role": role,
                "prison": Prison.objects.get(code=where["prison"]) if "prison" in where else None,
                "crc": CRC.objects.get(code=where["crc"]) if "crc" in where else None,
                "organisation": Organisation.objects.get(name=where["organisation"]) if "organisation" in where else None,
                "nps_division": NPSDivision.objects.get(code=where["nps_division"]) if "nps_division" in where else None,
            },
        )
        if made and "manages" in where:
            user.managed_crcs.set(CRC.objects.filter(code=where["manages"]))
        users[role] = user
    return users


def first_organisations_world(personas: dict[str, Any]) -> list[str]:
    """Every record the matrix makes, at once (for the lists); returns the prison numbers of its people."""
    _referral(personas)
    _handover(personas)
    _payments_approved_claim(personas)
    _payments_variation(personas)
    _payments_request(personas)
    _own_notification(personas)
    return [MATRIX_PRISON_NUMBER, PAYMENTS_PRISON_NUMBER]


# Methods a route takes besides its entry's own, with the status the entry's first allowed role (in
# sorted order) gets for an empty request: a form page posted empty shows its errors (200) or goes
# back to its form (302); an API that reads JSON refuses a form (415); 403 where the method needs an
# action that role has not (the page is one role's to read, another's to change). Every other method
# gets 405. A role without the route's action gets 403 whatever the method (checked before it).
OTHER_METHODS: dict[str, dict[str, int]] = {
    "api_budgets": {"post": 415},
    # Allocating a person (docs/allocation.md) posted empty shows its error.
    "person_allocate": {"post": 200},
    # Mobilisation's form pages posted empty show their errors.
    "mobilisation_action_add": {"post": 200},
    "mobilisation_bid_namings": {"post": 200},
    "mobilisation_commitment_respond": {"post": 200},
    "mobilisation_declare": {"post": 200},
    "mobilisation_go_live": {"post": 200},
    "mobilisation_governor": {"post": 200},
    "mobilisation_meeting_add": {"post": 200},
    "mobilisation_review": {"post": 200},
    "mobilisation_section": {"post": 200},
    "mobilisation_submit": {"post": 200},
    "two_factor_setup": {"post": 302},  # already set up and given: on to the page asked for
    "two_factor_verify": {"post": 302},
    "api_plan": {"post": 403},
    "api_plan_goal": {"delete": 204},
    "api_plan_handover": {"post": 403},
    "api_pre_release_review": {"put": 403},
    "api_referrals": {"post": 403},
    "api_release_outcome": {"put": 403},
    "api_release_checklist": {"put": 403},
    "api_unfunded_work": {"post": 415},
    "duty_to_refer": {"post": 403},
    "partner_referral_action": {"post": 200},
    "payments_budget_allocation": {"post": 200},
    "payments_budget_allocation_check": {"post": 302},
    "payments_budget_new": {"post": 200},
    "payments_budget_new_check": {"post": 302},
    "payments_buy": {"post": 200},
    "payments_buy_check": {"post": 302},
    "payments_claim_paid": {"post": 200},
    "payments_claim_reject": {"post": 200},
    "payments_rate_card_draft": {"post": 200},
    "payments_rate_card_item": {"post": 200},
    "payments_variation_request": {"post": 200},
    "people_search": {"post": 200},
    "plan_activity": {"post": 403},
    "plan_activity_add": {"post": 200},
    "release_activity_add": {"post": 200},
    "plan_agree": {"get": 200},
    "plan_goal": {"post": 200},
    "plan_goal_add": {"post": 200},
    # The person's language posted empty shows its error (issue 22).
    "person_language": {"post": 200},
    "prison_language": {"post": 200},
    "plan_handover": {"post": 200},
    "plan_handover_check": {"post": 302},
    "plan_outcome": {"post": 403},
    "plan_checklist_item": {"post": 403},
    "plan_review_check": {"post": 403},
    "plan_review_pathway": {"post": 403},
    "reauthenticate": {"post": 200},
    "referral_new": {"post": 200},
    "referral_purchase": {"post": 200},
    "referral_withdraw": {"post": 200},
    "screening_check": {"post": 403},
    "screening_clone": {"post": 302},
    "screening_section": {"post": 200},
    "supply_chain_contract_add": {"post": 200},
    "supply_chain_contract_check": {"post": 302},
    "supply_chain_service_add": {"post": 200},
    "supply_chain_service_end": {"post": 200},
    "unfunded_work_new": {"post": 200},
    "accuracy_dispute_resolve": {"post": 200},
    "accuracy_disputes": {"post": 200},
    "dataprotection_find": {"post": 200},
    "legal_hold_add": {"post": 200},
    "legal_hold_release": {"post": 200},
    "notice_attachment_add": {"post": 200},
    "notice_edit": {"post": 200},
    "notice_new": {"post": 200},
    "notice_publish": {"post": 302},
    "sharing_agreement_add": {"post": 200},
    "sharing_agreement_check": {"post": 302},
    "stewardship_benchmark": {"post": 200},
    "stewardship_benchmark_check": {"post": 302},
    "insights_extract": {"post": 200},
}


# --- Contract assurance: audit samples, issues, engagement (issue 19 items 2, 3, 5) -------------------

ASSURANCE_SAMPLE_VIEW = frozenset({Role.CONTRACT_MANAGER, Role.CRC_MANAGER})
ASSURANCE_RAISERS = frozenset(
    {Role.PRISON_OFFICER, Role.GOVERNOR, Role.TTG_CASEWORKER, Role.CRC_MANAGER, Role.PARTNER_CASEWORKER, Role.RESPONSIBLE_OFFICER}
)
ASSURANCE_ENGAGEMENT = frozenset({Role.CONTRACT_MANAGER, Role.CRC_MANAGER, Role.PARTNER_CASEWORKER})


def _assurance_sample(personas: dict[str, Any]) -> dict[str, Any]:
    """samuel.adeyemi's sample of Merseyside CRC's August 2019 receptions: the matrix's person at HMP Altcourse."""
    from datetime import date

    from ttg.assurance import services
    from ttg.assurance.models import AuditSample
    from ttg.estate.models import CRC

    _person_at_altcourse(personas)
    existing = AuditSample.objects.filter(crc__code="MERSEYSIDE", seed=1919).first()
    if existing is None:
        existing = services.draw_sample(
            crc=CRC.objects.get(code="MERSEYSIDE"),
            period_start=date(2019, 8, 1),
            period_end=date(2019, 8, 31),
            size=5,
            seed=1919,
            by=personas[Role.CONTRACT_MANAGER],
        )
    return {"pk": existing.pk}


def _assurance_case(personas: dict[str, Any]) -> dict[str, Any]:
    from ttg.assurance.models import SampleCase

    kwargs = _assurance_sample(personas)
    return {**kwargs, "case_pk": SampleCase.objects.filter(sample_id=kwargs["pk"]).earliest("position").pk}


def _assurance_action(personas: dict[str, Any]) -> dict[str, Any]:
    """An action proposed to Merseyside CRC, not answered yet."""
    from datetime import date

    from ttg.assurance import services
    from ttg.assurance.models import AuditSample, SampleAction

    sample = AuditSample.objects.get(pk=_assurance_sample(personas)["pk"])
    action = SampleAction.objects.filter(sample=sample).first() or services.add_action(
        sample=sample, case=None, what="Matrix action", due_on=date(2019, 9, 30), by=personas[Role.CONTRACT_MANAGER]
    )
    return {"pk": action.pk}


def _assurance_issue(personas: dict[str, Any]) -> dict[str, Any]:
    """An issue aisha.begum (Mersey Women's Centre) raised about Merseyside CRC."""
    from ttg.assurance import services
    from ttg.assurance.models import ContractIssue
    from ttg.estate.models import CRC

    issue = ContractIssue.objects.filter(summary="Matrix issue").first() or services.raise_issue(
        crc=CRC.objects.get(code="MERSEYSIDE"),
        topic="payment",
        summary="Matrix issue",
        details="Not paid",
        claim=None,
        by=personas[Role.PARTNER_CASEWORKER],
    )
    return {"pk": issue.pk}


MATRIX.update(
    {
        # Audit samples (R-A2): the contract manager draws and checks; the CRC manager reads and answers actions.
        "assurance_samples": Entry(ASSURANCE_SAMPLE_VIEW),
        "assurance_sample_new": Entry(frozenset({Role.CONTRACT_MANAGER})),
        "assurance_sample_check": Entry(frozenset({Role.CONTRACT_MANAGER}), ok_status=302),  # no answers yet: back to the form
        "assurance_sample": Entry(ASSURANCE_SAMPLE_VIEW, kwargs=_assurance_sample),
        "assurance_case": Entry(ASSURANCE_SAMPLE_VIEW, kwargs=_assurance_case),
        # Who a sampled person is: only the contract manager who drew the sample, by a logged POST.
        "assurance_case_reveal": Entry(frozenset({Role.CONTRACT_MANAGER}), method="post", kwargs=_assurance_case),
        "assurance_action_add": Entry(frozenset({Role.CONTRACT_MANAGER}), kwargs=_assurance_sample),
        "assurance_action_respond": Entry(frozenset({Role.CRC_MANAGER}), kwargs=_assurance_action),
        "assurance_action_close": Entry(frozenset({Role.CONTRACT_MANAGER}), kwargs=_assurance_action),
        # Issues (R-A3): anyone raises; the raiser and the CRC's contract managers follow it.
        "assurance_issues": Entry(ASSURANCE_RAISERS | {Role.CONTRACT_MANAGER}),
        "assurance_issue_new": Entry(ASSURANCE_RAISERS),
        "assurance_issue_check": Entry(ASSURANCE_RAISERS, ok_status=302),  # no answers yet: back to the form
        "assurance_issue": Entry(frozenset({Role.CONTRACT_MANAGER, Role.PARTNER_CASEWORKER}), kwargs=_assurance_issue),
        "assurance_issue_resolve": Entry(frozenset({Role.CONTRACT_MANAGER}), kwargs=_assurance_issue),
        # The engagement log (R-A5).
        "assurance_engagements": Entry(ASSURANCE_ENGAGEMENT),
        "assurance_engagement_new": Entry(frozenset({Role.CRC_MANAGER, Role.PARTNER_CASEWORKER})),
        "api_assurance_samples": Entry(ASSURANCE_SAMPLE_VIEW, api=True),
        "api_assurance_sample": Entry(ASSURANCE_SAMPLE_VIEW, api=True, kwargs=_assurance_sample),
        "api_assurance_issues": Entry(ASSURANCE_RAISERS | {Role.CONTRACT_MANAGER}, api=True),
        "api_assurance_issue": Entry(frozenset({Role.CONTRACT_MANAGER, Role.PARTNER_CASEWORKER}), api=True, kwargs=_assurance_issue),
        "api_assurance_engagements": Entry(ASSURANCE_ENGAGEMENT, api=True),
        # The matrix posts a form, not JSON: 415 once allowed.
        "api_assurance_issue_resolve": Entry(
            frozenset({Role.CONTRACT_MANAGER}), api=True, method="post", ok_status=415, kwargs=_assurance_issue
        ),
        "api_assurance_action_answer": Entry(
            frozenset({Role.CRC_MANAGER}), api=True, method="post", ok_status=415, kwargs=_assurance_action
        ),
    }
)
OTHER_METHODS.update(
    {
        # Contract assurance's form pages posted empty show their errors; check-answers steps with no
        # answers go back to their forms; the API's POSTs refuse the contract manager (they raise and record nothing).
        "assurance_sample_new": {"post": 200},
        "assurance_sample_check": {"post": 302},
        "assurance_case": {"post": 200},
        "assurance_action_add": {"post": 200},
        "assurance_action_respond": {"post": 200},
        "assurance_action_close": {"post": 200},
        "assurance_issue_new": {"post": 200},
        "assurance_issue_check": {"post": 302},
        "assurance_issue": {"post": 200},
        "assurance_issue_resolve": {"post": 200},
        "assurance_engagement_new": {"post": 200},
        "api_assurance_issues": {"post": 403},
        "api_assurance_engagements": {"post": 403},
    }
)
