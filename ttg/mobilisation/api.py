"""Mobilisation over the API (R-M1 to R-M4): the same reads and transitions as the pages, scoped the
same way; refusals are problem responses with the rule's words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core.api import ProblemSerializer, StrictSerializer, flatten_errors, invalid, problem_response

from . import rules, selectors, services
from .models import Commitment, MobilisationPlan, PlanVersion


class VersionSerializer(serializers.ModelSerializer[PlanVersion]):
    content = serializers.JSONField(help_text="The four sections as submitted: staff, space, partners, risks")

    class Meta:
        model = PlanVersion
        fields = ["number", "submitted_at", "outcome", "comments", "checklist", "decided_at", "content"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer[MobilisationPlan]):
    crc = serializers.CharField(source="crc.code", help_text="The CRC's code")
    prison = serializers.CharField(source="prison.code", help_text="The prison's establishment code")
    status = serializers.CharField(help_text="The plan: draft, submitted, returned or signed_off (rule R-M2)")
    prison_go_live_on = serializers.DateField(
        source="prison.enhanced_go_live_on", allow_null=True, help_text="The prison's go-live date (rule T7)"
    )

    class Meta:
        model = MobilisationPlan
        fields = ["id", "crc", "prison", "status", "readiness", "ready_from", "governor_reason", "go_live_on", "prison_go_live_on"]
        read_only_fields = fields


class PlanDetailSerializer(PlanSerializer):
    draft = serializers.SerializerMethodField(help_text="The plan as it stands: staff, space, partners, risks")
    versions = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField(help_text="What changed since the last submitted version, in words")

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "draft", "versions", "changes"]
        read_only_fields = fields

    def get_draft(self, plan: MobilisationPlan) -> dict[str, Any]:
        return services.current_content(plan)

    def get_versions(self, plan: MobilisationPlan) -> list[dict[str, Any]]:
        return list(VersionSerializer(selectors.versions(plan), many=True).data)

    def get_changes(self, plan: MobilisationPlan) -> list[str]:
        return selectors.changes_since_last(plan, services.current_content(plan), selectors.versions(plan))


class CommitmentSerializer(serializers.ModelSerializer[Commitment]):
    crc = serializers.CharField(source="plan.crc.name", help_text="The CRC that made the commitment")
    prison = serializers.CharField(source="plan.prison.name")
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = Commitment
        fields = [
            "id",
            "crc",
            "prison",
            "organisation",
            "services",
            "money_pence",
            "fte",
            "starts_on",
            "ends_on",
            "response",
            "response_reason",
        ]
        read_only_fields = fields


class PlanList(generics.ListAPIView):
    """Mobilisation plans the caller may see (CRC manager: their CRC's; contract manager: the CRCs they manage; governor: their prison's)."""

    ttg_action = "mobilisation.view"
    serializer_class = PlanSerializer

    def get_queryset(self) -> QuerySet[MobilisationPlan]:
        return selectors.plans(self.request.user)


PK = OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The plan's id")
NOT_FOUND = OpenApiResponse(ProblemSerializer, description="No such plan, or not one the caller may see")


class PlanDetail(APIView):
    """One plan as it stands, its versions, and what changed since the last one."""

    ttg_action = "mobilisation.view"

    @extend_schema(operation_id="mobilisation_plan", parameters=[PK], responses={200: PlanDetailSerializer, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(PlanDetailSerializer(selectors.plan(request.user, pk)).data)


def _transition(request: Request, pk: int, change: Callable[[MobilisationPlan], Any]) -> Response:
    plan = selectors.plan(request.user, pk)
    try:
        change(plan)
    except PermissionDenied as refused:
        return problem_response(str(refused), code=status.HTTP_403_FORBIDDEN)
    except ValidationError as error:
        return problem_response("The change was refused", flatten_errors(error.message_dict))
    return Response(PlanDetailSerializer(selectors.plan(request.user, pk)).data)


_TRANSITION = {200: PlanDetailSerializer, 400: ProblemSerializer, 403: ProblemSerializer, 404: NOT_FOUND}


class PlanSubmit(APIView):
    """Submit the plan: it is kept as a new version. Submitting the same plan twice makes one version."""

    ttg_action = "mobilisation.edit"

    @extend_schema(operation_id="mobilisation_submit", request=None, parameters=[PK], responses=_TRANSITION)
    def post(self, request: Request, pk: int) -> Response:
        return _transition(request, pk, lambda plan: services.submit(plan=plan, by=request.user))


class DecisionSerializer(StrictSerializer):
    sign_off = serializers.BooleanField(help_text="true to sign the plan off, false to return it")
    checklist = serializers.ListField(child=serializers.ChoiceField(choices=[k for k, _t in rules.CHECKLIST]), required=False, default=list)
    comments = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class PlanDecision(APIView):
    """Sign the latest version off against the checklist, or return it with comments."""

    ttg_action = "mobilisation.review"

    @extend_schema(operation_id="mobilisation_decide", request=DecisionSerializer, parameters=[PK], responses=_TRANSITION)
    def post(self, request: Request, pk: int) -> Response:
        selectors.plan(request.user, pk)  # the same 404 for not yours as for not found, before the body is read
        body = DecisionSerializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        data = body.validated_data
        return _transition(
            request,
            pk,
            lambda plan: services.decide(
                plan=plan, sign_off=data["sign_off"], comments=data["comments"], checklist=data["checklist"], by=request.user
            ),
        )


class DeclareSerializer(StrictSerializer):
    ready_from = serializers.DateField()


class ReadinessDeclare(APIView):
    """Declare the prison ready from a date (no later than 1 April 2019)."""

    ttg_action = "mobilisation.edit"

    @extend_schema(operation_id="mobilisation_declare", request=DeclareSerializer, parameters=[PK], responses=_TRANSITION)
    def post(self, request: Request, pk: int) -> Response:
        selectors.plan(request.user, pk)  # the same 404 for not yours as for not found, before the body is read
        body = DeclareSerializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        return _transition(
            request, pk, lambda plan: services.declare_ready(plan=plan, ready_from=body.validated_data["ready_from"], by=request.user)
        )


class GovernorSerializer(StrictSerializer):
    agree = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="", help_text="Needed to disagree")


class ReadinessGovernor(APIView):
    """The governor agrees, or disagrees with reasons, that the CRC is ready in their prison."""

    ttg_action = "mobilisation.agree"

    @extend_schema(operation_id="mobilisation_governor", request=GovernorSerializer, parameters=[PK], responses=_TRANSITION)
    def post(self, request: Request, pk: int) -> Response:
        selectors.plan(request.user, pk)  # the same 404 for not yours as for not found, before the body is read
        body = GovernorSerializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        data = body.validated_data
        return _transition(
            request, pk, lambda plan: services.governor_decides(plan=plan, agree=data["agree"], reason=data["reason"], by=request.user)
        )


class GoLiveSerializer(StrictSerializer):
    go_live_on = serializers.DateField()
    reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="Needed to move a date already set"
    )


class ReadinessGoLive(APIView):
    """Sign readiness off with the go-live date, or move it with a reason: it becomes the prison's go-live date."""

    ttg_action = "mobilisation.review"

    @extend_schema(operation_id="mobilisation_go_live", request=GoLiveSerializer, parameters=[PK], responses=_TRANSITION)
    def post(self, request: Request, pk: int) -> Response:
        selectors.plan(request.user, pk)  # the same 404 for not yours as for not found, before the body is read
        body = GoLiveSerializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        data = body.validated_data
        return _transition(
            request,
            pk,
            lambda plan: services.sign_off_readiness(plan=plan, go_live_on=data["go_live_on"], reason=data["reason"], by=request.user),
        )


class CommitmentList(generics.ListAPIView):
    """What submitted mobilisation plans commit to the caller's organisation, and nothing else (R-M4)."""

    ttg_action = "mobilisation.respond"
    serializer_class = CommitmentSerializer

    def get_queryset(self) -> QuerySet[Commitment]:
        return selectors.my_commitments(self.request.user)


class CommitmentAnswerSerializer(StrictSerializer):
    disputed = serializers.BooleanField(help_text="false to confirm the organisation was engaged, true to dispute it")
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="", help_text="Needed to dispute")


class CommitmentAnswer(APIView):
    """Confirm or dispute (with a reason) one of the organisation's commitments."""

    ttg_action = "mobilisation.respond"

    @extend_schema(
        operation_id="mobilisation_commitment_answer",
        request=CommitmentAnswerSerializer,
        parameters=[OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The commitment's id")],
        responses={200: CommitmentSerializer, 400: ProblemSerializer, 404: ProblemSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        commitment = selectors.commitment(request.user, pk)
        body = CommitmentAnswerSerializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        try:
            row = services.respond(
                commitment=commitment, disputed=body.validated_data["disputed"], reason=body.validated_data["reason"], by=request.user
            )
        except ValidationError as error:
            return problem_response("The answer was refused", flatten_errors(error.message_dict))
        return Response(CommitmentSerializer(selectors.commitment(request.user, row.pk)).data)
