"""The specification catalogue over the API: versions, and each version's levels, need areas,
pathways and activities; and a person's resettlement plan (read, propose, agree, add and update activities).

Scoped like the pages: published versions for everyone who may read the catalogue, drafts for
administrators only; a draft or a missing version gets the same 404. Plans: see below.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import access
from ttg.core.api import DateTimeField, StrictSerializer
from ttg.people import records
from ttg.plans.plan import rules, services
from ttg.plans.plan.models import OwnerKind, Plan, PlanActivity, PlanGoal

# --------------------------------------------------------------------------------------------------
# A person's resettlement plan: read it, propose it, agree it, add and update its activities.
#
# Scoped exactly like the pages: the person through `records.in_custody` (the same 404 for missing
# and not yours), every read logged as a view of the person's record, every write through a service
# (audited), refusals as 400 with the rule's words and the field they belong to.
# --------------------------------------------------------------------------------------------------


# Plain strings in the schema, not enums: an enum named "status" would clash with the screening API's.
STATUS_HELP = "Rule P11: one of " + ", ".join(rules.STATUSES)


class PlanActivityOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    catalogue_code = serializers.CharField(allow_null=True, help_text="The catalogue activity's code; null for a custom activity")
    title = serializers.CharField()
    pathway = serializers.CharField(allow_blank=True, help_text="Blank: across all pathways (Level 1)")
    level = serializers.IntegerField(min_value=1, max_value=3)
    owner_kind = serializers.ChoiceField(choices=OwnerKind.choices)
    owner = serializers.CharField(allow_blank=True)
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text=STATUS_HELP)
    outcome = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True, help_text="Why it ended undelivered or was re-opened")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why it was proposed, in plain English")
    updated_at = DateTimeField()
    version = serializers.IntegerField(
        min_value=1,
        help_text="One more at every change: send it back with a change (PATCH) to be told, 409, when someone changed the activity since",
    )


class PlanCatalogueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PlanGoalOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    words = serializers.CharField(help_text="What the person wants, in their own words")
    activities = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the plan's activities that work towards it")
    agreed_on = serializers.DateField(help_text="The day the person agreed these words")


class PlanOutSerializer(serializers.Serializer):
    prison_number = serializers.CharField()
    # A plain string in the schema: an enum would clash by name with the activity statuses.
    status = serializers.CharField(help_text="draft or agreed")
    catalogue_version = PlanCatalogueSerializer(help_text="The version in force when the plan was proposed; the plan keeps it")
    proposed_at = DateTimeField()
    agreed_at = DateTimeField(allow_null=True)
    agreed_with_person = serializers.BooleanField(help_text="false with agreed_at set: agreed without the person (see not_agreed_reason)")
    not_agreed_reason = serializers.CharField(allow_blank=True)
    goals = PlanGoalOutSerializer(many=True, help_text="The person's own goals, first in the plan for the person (issue 23)")
    activities = PlanActivityOutSerializer(many=True)


class PlanProblemSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.CharField(), required=False, help_text="Request field -> what is wrong")  # type: ignore[assignment]


class AgreeSerializer(StrictSerializer):
    with_person = serializers.BooleanField(help_text="Whether the plan was agreed with the person")
    not_agreed_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="Needed when with_person is false, e.g. the person declined to take part",
    )


class ActivityCreateSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200, help_text="What will be done")
    pathway = serializers.CharField(required=False, allow_blank=True, default="", help_text="A pathway code; blank only for Level 1")
    level = serializers.IntegerField(help_text="1, 2 or 3")
    owner_kind = serializers.ChoiceField(choices=OwnerKind.choices, default=OwnerKind.CRC)
    owner = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200, help_text="Needed for partner and signposted"
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="Today or later, within 5 years")


class ActivityPatchSerializer(StrictSerializer):
    status = serializers.CharField(required=False, help_text=STATUS_HELP)
    outcome = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    owner_kind = serializers.ChoiceField(choices=OwnerKind.choices, required=False)
    owner = serializers.CharField(required=False, allow_blank=True, max_length=200)
    due_on = serializers.DateField(required=False, help_text="Today or later, within 5 years, when changed")
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The activity's version the change was made from: 409, and nothing changed, when someone changed it since",
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if not set(data) - {"version"}:
            raise serializers.ValidationError({"status": "Send at least one field to change"})
        return data


def _activity_data(a: PlanActivity) -> dict[str, Any]:
    return {
        "id": a.pk,
        "catalogue_code": a.activity.code if a.activity_id and a.activity else None,
        "title": a.title,
        "pathway": a.pathway,
        "level": a.level,
        "owner_kind": a.owner_kind,
        "owner": a.owner,
        "due_on": a.due_on,
        "status": a.status,
        "outcome": a.outcome,
        "reason": a.reason,
        "reasons": list(a.reasons or []),
        "updated_at": a.updated_at,
        "version": a.version,
    }


def _plan_for(user: Any, period: Any) -> Plan | None:
    activities = PlanActivity.objects.select_related("activity").order_by("order", "id")
    return (
        Plan.objects.visible_to(user)
        .select_related("catalogue_version")
        .prefetch_related(Prefetch("activities", queryset=activities))
        .prefetch_related("goals__activities")
        .filter(custody_period=period)
        .first()
    )


def _plan_data(person: Any, plan: Plan) -> dict[str, Any]:
    return {
        "prison_number": person.prison_number,
        "status": plan.status,
        "catalogue_version": {"id": plan.catalogue_version.pk, "name": plan.catalogue_version.name},
        "proposed_at": plan.proposed_at,
        "agreed_at": plan.agreed_at,
        "agreed_with_person": plan.agreed_with_person,
        "not_agreed_reason": plan.not_agreed_reason,
        "goals": [
            {"id": g.pk, "words": g.words, "activities": [a.pk for a in g.activities.all()], "agreed_on": g.agreed_on}
            for g in plan.goals.all()
        ],
        "activities": [_activity_data(a) for a in plan.activities.all()],
    }


def _problem(detail: str, errors: dict[str, str] | None = None, *, status_code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = errors
    return Response(PlanProblemSerializer(body).data, status=status_code)


def _invalid(serializer: serializers.Serializer) -> Response:
    errors = {str(k): str(v[0] if isinstance(v, list) else v) for k, v in serializer.errors.items()}
    return _problem("There is a problem with the request", errors)


def _refused(problem: services.PlanError) -> Response:
    return _problem(problem.cited, problem.cited_errors or None)


def _no_plan() -> Http404:
    return Http404("No resettlement plan has been proposed for this person yet")


def _must_edit(view: APIView, request: Request) -> None:
    """Reads need plan.view (the view's action); writes need plan.edit as well (the TTG caseworker)."""
    if not access.can(request.user, "plan.edit"):
        view.permission_denied(request, message="Only the TTG caseworker changes a resettlement plan")


PRISON_NUMBER = OpenApiParameter("prison_number", str, OpenApiParameter.PATH, description="For example A1234BC")
NOT_FOUND = OpenApiResponse(
    PlanProblemSerializer, description="No such person in custody, not one you may see (the same answer), or no plan yet"
)
REFUSED = OpenApiResponse(PlanProblemSerializer, description="Refused: `detail` gives the rule's words, `errors` names each field")


class PersonPlanView(APIView):
    """A person's resettlement plan with its activities (GET, logged as a view of the person's record),
    or propose it from their needs (POST, the TTG caseworker; idempotent: 201 when proposed now, 200
    with the plan already proposed)."""

    ttg_action = "plan.view"

    @extend_schema(operation_id="plan", parameters=[PRISON_NUMBER], responses={200: PlanOutSerializer, 404: NOT_FOUND})
    def get(self, request: Request, prison_number: str) -> Response:
        person, period = records.in_custody(request.user, prison_number)
        plan = _plan_for(request.user, period)
        if plan is None:
            raise _no_plan()
        return Response(PlanOutSerializer(_plan_data(person, plan)).data)

    @extend_schema(
        operation_id="plan_propose",
        parameters=[PRISON_NUMBER],
        request=None,
        responses={200: PlanOutSerializer, 201: PlanOutSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def post(self, request: Request, prison_number: str) -> Response:
        _must_edit(self, request)
        person, period = records.in_custody(request.user, prison_number, log=False)
        existed = Plan.objects.filter(custody_period=period).exists()
        try:
            services.propose(period=period, by=request.user)
        except services.PlanError as problem:
            return _refused(problem)
        plan = _plan_for(request.user, period)
        assert plan is not None
        return Response(PlanOutSerializer(_plan_data(person, plan)).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


class PlanAgreeView(APIView):
    """Agree the plan: with the person, or without them with the reason why. Agreeing again changes nothing."""

    ttg_action = "plan.edit"

    @extend_schema(
        operation_id="plan_agree",
        parameters=[PRISON_NUMBER],
        request=AgreeSerializer,
        responses={200: PlanOutSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def post(self, request: Request, prison_number: str) -> Response:
        person, period = records.in_custody(request.user, prison_number, log=False)
        plan = _plan_for(request.user, period)
        if plan is None:
            raise _no_plan()
        body = AgreeSerializer(data=request.data)
        if not body.is_valid():
            return _invalid(body)
        try:
            services.agree(
                plan=plan,
                by=request.user,
                with_person=body.validated_data["with_person"],
                not_agreed_reason=body.validated_data.get("not_agreed_reason", ""),
            )
        except services.PlanError as problem:
            return _refused(problem)
        plan = _plan_for(request.user, period)
        assert plan is not None
        return Response(PlanOutSerializer(_plan_data(person, plan)).data)


class PlanActivityList(APIView):
    """Add a custom activity to the plan (draft or agreed). Every field is checked; each problem is named."""

    ttg_action = "plan.edit"

    @extend_schema(
        operation_id="plan_activity_add",
        parameters=[PRISON_NUMBER],
        request=ActivityCreateSerializer,
        responses={201: PlanActivityOutSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def post(self, request: Request, prison_number: str) -> Response:
        _, period = records.in_custody(request.user, prison_number, log=False)
        plan = Plan.objects.visible_to(request.user).filter(custody_period=period).first()
        if plan is None:
            raise _no_plan()
        body = ActivityCreateSerializer(data=request.data)
        if not body.is_valid():
            return _invalid(body)
        try:
            activity = services.add_activity(plan=plan, by=request.user, **body.validated_data)
        except services.PlanError as problem:
            return _refused(problem)
        return Response(PlanActivityOutSerializer(_activity_data(activity)).data, status=status.HTTP_201_CREATED)


class PlanActivityDetail(APIView):
    """Change an activity: status (rule P11), outcome, reason, owner, due date. A refused change is a 400
    with the rule's words, naming the field; nothing is changed."""

    ttg_action = "plan.edit"

    @extend_schema(
        operation_id="plan_activity_update",
        parameters=[PRISON_NUMBER, OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The plan activity's id")],
        request=ActivityPatchSerializer,
        responses={
            200: PlanActivityOutSerializer,
            400: REFUSED,
            404: NOT_FOUND,
            409: OpenApiResponse(
                PlanProblemSerializer, description="Someone changed the activity after the `version` sent: nothing changed"
            ),
        },
    )
    def patch(self, request: Request, prison_number: str, pk: int) -> Response:
        _, period = records.in_custody(request.user, prison_number, log=False)
        activity = access.get_for(request.user, PlanActivity.objects.select_related("activity"), pk=pk, plan__custody_period=period)
        body = ActivityPatchSerializer(data=request.data)
        if not body.is_valid():
            return _invalid(body)
        data = body.validated_data
        try:
            activity = services.update_activity(
                activity=activity,
                status=data.get("status", activity.status),
                reason=data.get("reason", ""),
                outcome=data.get("outcome", ""),
                owner=data.get("owner"),
                owner_kind=data.get("owner_kind"),
                due_on=data.get("due_on"),
                by=request.user,
                version=data.get("version"),
            )
        except services.PlanConflict as conflict:
            return _problem(conflict.message, status_code=status.HTTP_409_CONFLICT)
        except services.PlanError as problem:
            return _refused(problem)
        activity = PlanActivity.objects.select_related("activity").get(pk=activity.pk)
        return Response(PlanActivityOutSerializer(_activity_data(activity)).data)


# --------------------------------------------------------------------------------------------------
# The person's own goals (issue 23, U7): record, change, remove. The same services and rules as the pages.
# --------------------------------------------------------------------------------------------------


class GoalInSerializer(StrictSerializer):
    words = serializers.CharField(max_length=services.GOAL_MAX, allow_blank=True, help_text="What the person wants, in their own words")
    activities = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        default=list,
        max_length=100,
        help_text="Ids of the plan's activities that work towards it",
    )
    agreed = serializers.BooleanField(help_text="true once the goal was read back to the person and they agree it: needed")


GOAL_ID = OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The goal's id")


def _goal_data(goal: PlanGoal) -> dict[str, Any]:
    return {"id": goal.pk, "words": goal.words, "activities": [a.pk for a in goal.activities.all()], "agreed_on": goal.agreed_on}


def _goal_write(request: Request, plan: Plan, goal: PlanGoal | None) -> Response:
    body = GoalInSerializer(data=request.data)
    if not body.is_valid():
        return _invalid(body)
    data = body.validated_data
    ids = set(data["activities"])
    activities = list(PlanActivity.objects.filter(plan=plan, pk__in=ids))
    if len(activities) != len(ids):
        return _problem("Choose activities of this plan", {"activities": "Choose activities of this plan"})
    try:
        if goal is None:
            goal = services.add_goal(plan=plan, words=data["words"], activities=activities, agreed=data["agreed"], by=request.user)
        else:
            goal = services.change_goal(goal=goal, words=data["words"], activities=activities, agreed=data["agreed"], by=request.user)
    except services.PlanError as problem:
        return _refused(problem)
    return Response(PlanGoalOutSerializer(_goal_data(goal)).data)


class PlanGoalList(APIView):
    """Record one of the person's goals, in their words, agreed with them, linked to the plan's activities."""

    ttg_action = "plan.edit"

    @extend_schema(
        operation_id="plan_goal_add",
        parameters=[PRISON_NUMBER],
        request=GoalInSerializer,
        responses={201: PlanGoalOutSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def post(self, request: Request, prison_number: str) -> Response:
        _, period = records.in_custody(request.user, prison_number, log=False)
        plan = Plan.objects.visible_to(request.user).filter(custody_period=period).first()
        if plan is None:
            raise _no_plan()
        response = _goal_write(request, plan, None)
        if response.status_code == status.HTTP_200_OK:
            response.status_code = status.HTTP_201_CREATED
        return response


class PlanGoalDetail(APIView):
    """Change a goal (its words and activities, agreed again with the person) or remove it (its activities stay)."""

    ttg_action = "plan.edit"

    def _goal(self, request: Request, prison_number: str, pk: int) -> PlanGoal:
        _, period = records.in_custody(request.user, prison_number, log=False)
        return access.get_for(request.user, PlanGoal.objects.select_related("plan"), pk=pk, plan__custody_period=period)

    @extend_schema(
        operation_id="plan_goal_change",
        parameters=[PRISON_NUMBER, GOAL_ID],
        request=GoalInSerializer,
        responses={200: PlanGoalOutSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def put(self, request: Request, prison_number: str, pk: int) -> Response:
        goal = self._goal(request, prison_number, pk)
        return _goal_write(request, goal.plan, goal)

    @extend_schema(
        operation_id="plan_goal_remove", parameters=[PRISON_NUMBER, GOAL_ID], request=None, responses={204: None, 404: NOT_FOUND}
    )
    def delete(self, request: Request, prison_number: str, pk: int) -> Response:
        services.remove_goal(goal=self._goal(request, prison_number, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
