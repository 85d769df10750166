"""Notices over the API (R-N1): scoped as on the pages; drafting and publishing for publishers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import access
from ttg.core.api import ProblemSerializer, StrictSerializer, flatten_errors, invalid, problem_response
from ttg.estate.models import CRC

from . import selectors, services
from .constants import Audience
from .models import Notice, NoticeAttachment

NOT_FOUND = OpenApiResponse(ProblemSerializer, description="No such notice, or not one sent to you (the same answer)")


class LinkSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="rule, question_set or catalogue")
    key = serializers.CharField(help_text='"T3@2018-10-01", "BCST1/2018-10-01" or a catalogue version\'s first day "2019-04-01"')


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text="Bytes")


class NoticeSerializer(serializers.ModelSerializer[Notice]):
    status = serializers.CharField(help_text="draft or published")
    audience = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices))
    crc = serializers.CharField(source="crc.code", allow_null=True, default=None, help_text="Only this CRC's staff and supply chain")
    links = LinkSerializer(many=True, read_only=True)
    attachments = serializers.SerializerMethodField()
    acknowledged_at = serializers.DateTimeField(
        source="my_acknowledged_at", allow_null=True, read_only=True, help_text="When you acknowledged it"
    )

    class Meta:
        model = Notice
        fields = [
            "id",
            "title",
            "summary",
            "what_to_do",
            "effective_on",
            "status",
            "audience",
            "crc",
            "sector_left_out_reason",
            "published_at",
            "links",
            "attachments",
            "acknowledged_at",
        ]
        read_only_fields = fields

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, notice: Notice) -> list[dict[str, Any]]:
        return [{"id": a.id, "filename": a.filename, "content_type": a.content_type, "size": a.size} for a in notice.attachments.all()]


def _with_parts(qs: QuerySet[Notice]) -> QuerySet[Notice]:
    return qs.prefetch_related("links", Prefetch("attachments", queryset=NoticeAttachment.objects.defer("content")))


class NoticeList(generics.ListAPIView):
    """The notices you may see: those sent to you (publishers: every notice, drafts too)."""

    ttg_action = "notices.view"
    serializer_class = NoticeSerializer

    def get_queryset(self) -> QuerySet[Notice]:
        return _with_parts(selectors.notices(self.request.user))


class NoticeDetail(APIView):
    """One notice you may see."""

    ttg_action = "notices.view"

    @extend_schema(operation_id="notice", responses={200: NoticeSerializer, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(NoticeSerializer(selectors.notice(request.user, pk)).data)


class NoticeAcknowledge(APIView):
    """Acknowledge that you have read and understood a notice sent to you. Again: nothing changes."""

    ttg_action = "notices.acknowledge"

    @extend_schema(operation_id="notice_acknowledge", request=None, responses={200: NoticeSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        notice = selectors.notice(request.user, pk)
        if selectors.recipient(request.user, notice) is None:
            raise Http404(access.NOT_FOUND_MESSAGE)
        services.acknowledge(notice=notice, user=request.user)
        return Response(NoticeSerializer(selectors.notice(request.user, pk)).data)


class DraftInSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=5000, help_text="What has changed, in plain English")
    what_to_do = serializers.CharField(max_length=5000, help_text="What to do differently")
    effective_on = serializers.DateField()
    audience = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices), min_length=1)
    crc = serializers.SlugRelatedField(slug_field="code", queryset=CRC.objects.all(), allow_null=True, required=False, default=None)
    sector_left_out_reason = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")
    links = serializers.ListField(
        child=serializers.CharField(max_length=80),
        min_length=1,
        help_text='What it announces: "rule:T3@2018-10-01", "question_set:BCST1/2018-10-01", "catalogue:2019-04-01"',
    )


class NoticeDraftCreate(APIView):
    """Draft a notice (contract managers and administrators). Publish it with its publish endpoint."""

    ttg_action = "notices.publish"

    @extend_schema(operation_id="notice_draft", request=DraftInSerializer, responses={201: NoticeSerializer, 400: ProblemSerializer})
    def post(self, request: Request) -> Response:
        body = DraftInSerializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        try:
            notice = services.create_draft(draft=services.Draft(**body.validated_data), by=request.user)
        except ValidationError as error:
            return problem_response("There is a problem with the request", flatten_errors(error.message_dict))
        return Response(NoticeSerializer(selectors.notice(request.user, notice.pk)).data, status=status.HTTP_201_CREATED)


class NoticePublish(APIView):
    """Publish a draft: its audience is resolved to people and told. Publishing again changes nothing."""

    ttg_action = "notices.publish"

    @extend_schema(operation_id="notice_publish", request=None, responses={200: NoticeSerializer, 400: ProblemSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        notice = selectors.notice(request.user, pk)
        try:
            services.publish(notice=notice, by=request.user)
        except ValidationError as error:
            return problem_response("The notice cannot be published yet", flatten_errors(error.message_dict))
        return Response(NoticeSerializer(selectors.notice(request.user, pk)).data)


class ReportRowSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    kind = serializers.CharField(help_text="Prison, CRC, partner organisation, NPS division or HMPPS")
    acknowledged = serializers.ListField(child=serializers.CharField(), help_text="Who has acknowledged it")
    not_acknowledged = serializers.ListField(child=serializers.CharField(), help_text="Who has not")


class NoticeReport(APIView):
    """Who has and has not acknowledged a published notice, by organisation (nobody there first)."""

    ttg_action = "notices.publish"

    @extend_schema(operation_id="notice_report", responses={200: ReportRowSerializer(many=True), 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        notice = selectors.notice(request.user, pk)
        if not notice.is_published:
            raise Http404(access.NOT_FOUND_MESSAGE)

        def name(r: Any) -> str:
            return str(r.user.get_full_name() or r.user.username)

        rows = [
            {
                "organisation": row.name,
                "kind": row.employer,
                "acknowledged": [name(r) for r in row.acknowledged],
                "not_acknowledged": [name(r) for r in row.waiting],
            }
            for row in selectors.report(notice)
        ]
        return Response(ReportRowSerializer(rows, many=True).data)
