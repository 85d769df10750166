"""Contract assurance over the API: audit samples (cases by case reference only), contract-management
issues (raise, follow, list; escalated unpaid claims beside them for contract managers) and the
engagement log (read and record). Scoped as the pages are; refusals are problem responses."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import access
from ttg.core.api import ProblemSerializer, StrictSerializer, flatten_errors, invalid, problem_response
from ttg.estate.models import CRC, Organisation
from ttg.people.identity import case_reference

from . import access as rights
from . import selectors, services
from .constants import EngagementKind, IssueTopic
from .models import AuditSample, ContractIssue, Engagement, SampleAction, SampleCase


class SampleCaseSerializer(serializers.ModelSerializer[SampleCase]):
    case_reference = serializers.SerializerMethodField(help_text="The person's case reference, never who they are")
    received_on = serializers.DateField(source="custody_period.reception_date")
    prison = serializers.CharField(source="custody_period.reception_prison.code", help_text="The prison that received them")

    class Meta:
        model = SampleCase
        fields = ["id", "position", "case_reference", "received_on", "prison", "evidence", "finding", "rating", "checked_at"]
        read_only_fields = fields

    def get_case_reference(self, case: SampleCase) -> str:
        return case_reference(case.custody_period.person_id)


class SampleActionSerializer(serializers.ModelSerializer[SampleAction]):
    status = serializers.CharField(help_text="proposed (waiting for the CRC), agreed, disputed or closed")
    case = serializers.IntegerField(
        source="case.position", allow_null=True, help_text="The case's number in the sample; null for the whole sample"
    )

    class Meta:
        model = SampleAction
        fields = ["id", "case", "what", "due_on", "status", "crc_response", "responded_at", "closing_note", "closed_at"]
        read_only_fields = fields


class SampleSerializer(serializers.ModelSerializer[AuditSample]):
    crc = serializers.CharField(source="crc.code")

    class Meta:
        model = AuditSample
        fields = ["id", "crc", "period_start", "period_end", "size", "seed", "population", "drawn_at"]
        read_only_fields = fields


class SampleDetailSerializer(SampleSerializer):
    cases = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta(SampleSerializer.Meta):
        fields = [*SampleSerializer.Meta.fields, "cases", "actions"]
        read_only_fields = fields

    def get_cases(self, sample: AuditSample) -> list[dict[str, Any]]:
        return list(SampleCaseSerializer(selectors.sample_cases(sample), many=True).data)

    def get_actions(self, sample: AuditSample) -> list[dict[str, Any]]:
        return list(SampleActionSerializer(selectors.sample_actions(sample), many=True).data)


class SampleList(generics.ListAPIView):
    """Audit samples (R-A2) of the CRCs the caller manages, or of the caller's CRC."""

    ttg_action = rights.SAMPLE_VIEW
    serializer_class = SampleSerializer

    def get_queryset(self) -> QuerySet[AuditSample]:
        return selectors.samples(self.request.user)


PK = OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The record's id")
NOT_FOUND = OpenApiResponse(ProblemSerializer, description="No such record, or not one the caller may see")


class SampleDetail(APIView):
    """One audit sample: its cases by case reference, their checklists, and its actions."""

    ttg_action = rights.SAMPLE_VIEW

    @extend_schema(operation_id="assurance_sample", parameters=[PK], responses={200: SampleDetailSerializer, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(SampleDetailSerializer(selectors.sample(request.user, pk)).data)


class NoteSerializer(serializers.Serializer):
    text = serializers.CharField()
    at = serializers.DateTimeField()
    by = serializers.CharField(source="by.get_full_name")


class IssueSerializer(serializers.ModelSerializer[ContractIssue]):
    crc = serializers.CharField(source="crc.code")
    raised_by = serializers.CharField(source="raised_by.get_full_name")
    status = serializers.CharField(help_text="open or resolved")

    class Meta:
        model = ContractIssue
        fields = [
            "id",
            "crc",
            "topic",
            "summary",
            "details",
            "claim",
            "status",
            "raised_at",
            "raised_by",
            "raised_for",
            "resolution",
            "resolved_at",
        ]
        read_only_fields = fields


class IssueDetailSerializer(IssueSerializer):
    notes = serializers.SerializerMethodField()

    class Meta(IssueSerializer.Meta):
        fields = [*IssueSerializer.Meta.fields, "notes"]
        read_only_fields = fields

    def get_notes(self, issue: ContractIssue) -> list[dict[str, Any]]:
        return list(NoteSerializer(selectors.notes(issue), many=True).data)


class IssueInSerializer(StrictSerializer):
    crc = serializers.SlugRelatedField(slug_field="code", queryset=CRC.objects.all(), help_text="The CRC's code")
    topic = serializers.ChoiceField(choices=IssueTopic.choices)
    summary = serializers.CharField(max_length=200)
    details = serializers.CharField(max_length=4000)
    claim = serializers.IntegerField(required=False, allow_null=True, help_text="The id of an unpaid claim your organisation made")


class IssueList(generics.ListAPIView):
    """Contract-management issues (R-A3): those the caller raised, or those about the CRCs a contract manager manages; and raising one."""

    ttg_action = rights.ISSUE_VIEW
    serializer_class = IssueSerializer

    def get_queryset(self) -> QuerySet[ContractIssue]:
        return selectors.issues(self.request.user)

    @extend_schema(
        operation_id="assurance_issue_raise",
        request=IssueInSerializer,
        responses={201: IssueDetailSerializer, 400: ProblemSerializer, 403: ProblemSerializer},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not access.can(request.user, rights.ISSUE_RAISE):
            return problem_response("You may not raise issues", code=status.HTTP_403_FORBIDDEN)
        body = IssueInSerializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        data = body.validated_data
        claim = None
        if data.get("claim") is not None:
            claim = selectors.unpaid_claims(request.user).filter(pk=data["claim"]).first()
            if claim is None:
                return problem_response("There is a problem with the request", {"claim": "Not an unpaid claim your organisation made"})
        try:
            issue = services.raise_issue(
                crc=data["crc"], topic=data["topic"], summary=data["summary"], details=data["details"], claim=claim, by=request.user
            )
        except ValidationError as error:
            return problem_response("There is a problem with the request", flatten_errors(error.message_dict))
        return Response(IssueDetailSerializer(issue).data, status=status.HTTP_201_CREATED)


class IssueDetail(APIView):
    """One issue and its messages."""

    ttg_action = rights.ISSUE_VIEW

    @extend_schema(operation_id="assurance_issue", parameters=[PK], responses={200: IssueDetailSerializer, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(IssueDetailSerializer(selectors.issue(request.user, pk)).data)


class EngagementSerializer(serializers.ModelSerializer[Engagement]):
    crc = serializers.CharField(source="crc.code")
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = Engagement
        fields = ["id", "crc", "organisation", "kind", "on", "note", "side", "recorded_at"]
        read_only_fields = fields


class EngagementInSerializer(StrictSerializer):
    crc = serializers.SlugRelatedField(slug_field="code", queryset=CRC.objects.all(), help_text="The CRC's code")
    organisation = serializers.SlugRelatedField(slug_field="name", queryset=Organisation.objects.all(), help_text="The organisation's name")
    kind = serializers.ChoiceField(choices=EngagementKind.choices)
    on = serializers.DateField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class EngagementList(generics.ListCreateAPIView):
    """The engagement log (R-A5) the caller may see; recording an entry (CRC managers and partners)."""

    ttg_action = rights.ENGAGEMENT_VIEW
    serializer_class = EngagementSerializer

    def get_queryset(self) -> QuerySet[Engagement]:
        return selectors.engagements(self.request.user)

    @extend_schema(
        operation_id="assurance_engagement_record",
        request=EngagementInSerializer,
        responses={201: EngagementSerializer, 400: ProblemSerializer, 403: ProblemSerializer},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not access.can(request.user, rights.ENGAGEMENT_RECORD):
            return problem_response("You may not record engagement", code=status.HTTP_403_FORBIDDEN)
        body = EngagementInSerializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        try:
            entry = services.record_engagement(by=request.user, **body.validated_data)
        except PermissionDenied as refused:
            return problem_response(str(refused), code=status.HTTP_403_FORBIDDEN)
        except ValidationError as error:
            return problem_response("The entry was refused", flatten_errors(error.message_dict))
        return Response(EngagementSerializer(entry).data, status=status.HTTP_201_CREATED)


class AnswerInSerializer(StrictSerializer):
    answer = serializers.ChoiceField(choices=[("agree", "agree"), ("dispute", "dispute")])
    response = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="", help_text="Required to dispute")


class ActionAnswer(APIView):
    """The CRC manager agrees an action from an audit sample of their CRC, or disputes it saying why (R-A2)."""

    ttg_action = rights.RESPOND

    @extend_schema(
        operation_id="assurance_action_answer",
        parameters=[PK],
        request=AnswerInSerializer,
        responses={200: SampleActionSerializer, 400: ProblemSerializer, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        action = selectors.sample_action(request.user, pk)
        body = AnswerInSerializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        try:
            done = services.respond_to_action(
                action=action, agree=body.validated_data["answer"] == "agree", response=body.validated_data["response"], by=request.user
            )
        except PermissionDenied as refused:
            return problem_response(str(refused), code=status.HTTP_403_FORBIDDEN)
        except ValidationError as error:
            return problem_response("The answer was refused", flatten_errors(error.message_dict))
        return Response(SampleActionSerializer(done).data)


class ResolveInSerializer(StrictSerializer):
    resolution = serializers.CharField(max_length=4000, help_text="How the issue was resolved: the raiser reads it")


class IssueResolve(APIView):
    """A contract manager resolves an issue about a CRC they manage, saying how (R-A3); the raiser is told."""

    ttg_action = rights.ISSUE_RESOLVE

    @extend_schema(
        operation_id="assurance_issue_resolve",
        parameters=[PK],
        request=ResolveInSerializer,
        responses={200: IssueDetailSerializer, 400: ProblemSerializer, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        issue = selectors.issue(request.user, pk)
        body = ResolveInSerializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        try:
            done = services.resolve_issue(issue=issue, resolution=body.validated_data["resolution"], by=request.user)
        except ValidationError as error:
            return problem_response("The issue was not resolved", flatten_errors(error.message_dict))
        return Response(IssueDetailSerializer(done).data)
