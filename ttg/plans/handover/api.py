"""The handover to the responsible officer over the API: see it or make it for a person's plan, the
responsible officer's handovers, and marking one received.

Thin, like the pages: the same scoping (the same 404 for missing and not yours), the same services
(refusals in words, nothing half-written), the due date computed from the current release date.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import access
from ttg.core.api import DateTimeField, ProblemSerializer, StrictSerializer, invalid, problem_response
from ttg.people import records
from ttg.people.api import NOT_FOUND, PRISON_NUMBER
from ttg.plans.handover import selectors
from ttg.plans.handover import services as services_handover
from ttg.plans.handover.models import Handover, HandoverState
from ttg.plans.plan import services
from ttg.plans.plan.models import Plan

STATES = list(HandoverState.values)


class HandoverActivitySerializer(serializers.Serializer):
    title = serializers.CharField()
    pathway = serializers.CharField(allow_blank=True, help_text="Blank: across all pathways (Level 1)")
    level = serializers.IntegerField(min_value=1, max_value=3)
    status = serializers.CharField(help_text="The activity's status at handover (rule P11)")
    owner_kind = serializers.CharField()
    owner = serializers.CharField(allow_blank=True)
    due_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField(allow_blank=True)
    continues = serializers.BooleanField(help_text="Still planned or in progress at handover: it continues after release")


class HandoverNeedSerializer(serializers.Serializer):
    pathway = serializers.CharField()
    level = serializers.CharField()
    needs = serializers.ListField(child=serializers.CharField())


class PlanHandoverSerializer(serializers.Serializer):
    """A plan's handover: its state, when it is due and why; once made, what was handed over."""

    id = serializers.IntegerField(allow_null=True, help_text="null until handed over")
    prison_number = serializers.CharField()
    state = serializers.ChoiceField(choices=STATES)
    due_on = serializers.DateField(allow_null=True, help_text="From the person's current release date (rule T6)")
    reasons = serializers.ListField(child=serializers.CharField())
    overdue = serializers.BooleanField(help_text="Not handed over and the due date has passed")
    release_date = serializers.DateField(allow_null=True, help_text="The person's current release date")
    officer = serializers.CharField(allow_null=True, help_text="The responsible officer's username")
    where_to = serializers.CharField(allow_null=True)
    summary = serializers.CharField(allow_null=True)
    handed_over_at = DateTimeField(allow_null=True)
    handed_over_by = serializers.CharField(allow_null=True)
    received_at = DateTimeField(allow_null=True)
    release_date_at_handover = serializers.DateField(allow_null=True)
    activities = HandoverActivitySerializer(many=True, help_text="The plan's activities as they stood at handover")
    needs = HandoverNeedSerializer(many=True, help_text="Needs by pathway (BCST2) at handover")


class MakeHandoverSerializer(StrictSerializer):
    officer = serializers.CharField(help_text="The username of an active responsible officer")
    where_to = serializers.CharField(max_length=500, help_text="Where the person will live on release")
    summary = serializers.CharField(max_length=5000, help_text="Risks to resettlement and what is outstanding")


def _data(handover: Handover | None, *, prison_number: str, release_date: Any, decision: Any, overdue: bool) -> dict[str, Any]:
    h = handover
    return {
        "id": h.pk if h else None,
        "prison_number": prison_number,
        "state": h.state if h else HandoverState.NOT_STARTED,
        "due_on": decision.value,
        "reasons": list(decision.reasons),
        "overdue": overdue,
        "release_date": release_date,
        "officer": h.officer.username if h else None,
        "where_to": h.where_to if h else None,
        "summary": h.summary if h else None,
        "handed_over_at": h.handed_over_at if h else None,
        "handed_over_by": h.handed_over_by.username if h else None,
        "received_at": h.received_at if h else None,
        "release_date_at_handover": h.release_date_at_handover if h else None,
        "activities": selectors.snapshot_activities(h) if h else [],
        "needs": h.needs if h else [],
    }


def _of_handover(h: Handover) -> dict[str, Any]:
    period = h.plan.custody_period
    return _data(
        h,
        prison_number=period.person.prison_number,
        release_date=period.release_date,
        decision=selectors.due(period.release_date),
        overdue=False,
    )


class PlanHandoverView(APIView):
    """The handover of a person's resettlement plan to the responsible officer (GET), or make it (POST:
    the plan must be agreed; a plan is handed over once). Logged as a view of the person's record."""

    ttg_action = "handover.view"

    @extend_schema(operation_id="plan_handover", parameters=[PRISON_NUMBER], responses={200: PlanHandoverSerializer, 404: NOT_FOUND})
    def get(self, request: Request, prison_number: str) -> Response:
        person, period = records.in_custody(request.user, prison_number, log=True)
        plan = access.get_for(request.user, Plan.objects.select_related("custody_period"), custody_period=period)
        panel = selectors.for_plan(request.user, plan)
        body = _data(
            panel.handover, prison_number=person.prison_number, release_date=period.release_date, decision=panel.due, overdue=panel.overdue
        )
        return Response(PlanHandoverSerializer(body).data)

    @extend_schema(
        operation_id="plan_handover_make",
        parameters=[PRISON_NUMBER],
        request=MakeHandoverSerializer,
        responses={
            201: PlanHandoverSerializer,
            400: OpenApiResponse(
                ProblemSerializer, description="The request is wrong, or the plan is not agreed: `errors` names the field"
            ),
            403: OpenApiResponse(ProblemSerializer, description="Only TTG caseworkers hand over a plan"),
            404: NOT_FOUND,
            409: OpenApiResponse(ProblemSerializer, description="Already handed over: nothing was changed"),
        },
    )
    def post(self, request: Request, prison_number: str) -> Response:
        if not access.can(request.user, "handover.make"):
            return problem_response("You cannot hand over a plan", code=status.HTTP_403_FORBIDDEN)
        _, period = records.in_custody(request.user, prison_number, log=False)
        plan = access.get_for(request.user, Plan.objects.select_related("custody_period"), custody_period=period)
        body = MakeHandoverSerializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        data = body.validated_data
        officer = selectors.officer_by_username(data["officer"])
        if Handover.objects.filter(plan=plan).exists():
            return problem_response("This plan has already been handed over: a plan is handed over once.", code=status.HTTP_409_CONFLICT)
        try:
            handover = services_handover.hand_over(
                plan=plan, officer=officer, where_to=data["where_to"], summary=data["summary"], by=request.user
            )
        except services.PlanError as problem:
            if Handover.objects.filter(plan=plan).exists():  # handed over by someone else since we looked
                return problem_response(problem.cited, code=status.HTTP_409_CONFLICT)
            return problem_response(problem.cited, {problem.field or "officer": problem.cited})
        return Response(PlanHandoverSerializer(_of_handover(selectors.one(request.user, handover.pk))).data, status=status.HTTP_201_CREATED)


class HandoverListView(APIView):
    """The handovers made to me (a responsible officer): not received first, by release date; then the
    latest received."""

    ttg_action = "handover.receive"

    @extend_schema(operation_id="handovers", responses=PlanHandoverSerializer(many=True))
    def get(self, request: Request) -> Response:
        groups = selectors.for_officer(request.user)
        rows = [*groups.overdue, *groups.coming, *groups.later, *groups.received]
        return Response(PlanHandoverSerializer([_of_handover(r.handover) for r in rows], many=True).data)


class HandoverReceiveView(APIView):
    """Mark a handover made to me received. Receiving again changes nothing."""

    ttg_action = "handover.receive"

    @extend_schema(
        operation_id="handover_receive",
        request=None,
        parameters=[OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The handover's id")],
        responses={
            200: PlanHandoverSerializer,
            403: OpenApiResponse(ProblemSerializer, description="Only the officer it was handed over to marks it received"),
            404: NOT_FOUND,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        handover = selectors.one(request.user, pk)
        try:
            handover = services_handover.receive(handover=handover, by=request.user)
        except services.PlanError as problem:
            return problem_response(problem.cited, code=status.HTTP_403_FORBIDDEN)
        return Response(PlanHandoverSerializer(_of_handover(selectors.one(request.user, handover.pk))).data)
