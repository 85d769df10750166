"""The custody feed endpoint: integration accounts POST a CSV or JSON Lines body."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiRequest, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core.api import ProblemSerializer, problem_response

from .feed import FeedTooLarge, FeedUnreadable
from .importer import import_feed

MAX_REJECTIONS_IN_RESPONSE = 1000

# For every API path that names a person: their prison number, and the one answer for missing and not yours.
PRISON_NUMBER = OpenApiParameter("prison_number", str, OpenApiParameter.PATH, description="For example A1234BC")
NOT_FOUND = OpenApiResponse(ProblemSerializer, description="No such person in custody, or not one you may see (the same answer)")


class _BoundedBody:
    """The request body, read a line at a time (the feed reader asks for at most
    TTG_FEED_MAX_LINE_BYTES), never beyond `limit` bytes in all: past it, FeedTooLarge. Content-Length
    is checked before (core.middleware.ApiProblemMiddleware); this holds whatever the header said."""

    def __init__(self, stream: Any, limit: int):
        self.stream = stream
        self.limit = limit
        self.read = 0

    def readline(self, size: int = -1) -> bytes:
        line = self.stream.readline(size) if self.stream is not None else b""
        self.read += len(line)
        if self.read > self.limit:
            raise FeedTooLarge(f"The feed is larger than {self.limit:,} bytes, the most one request may send: send it in parts.")
        return line


class CsvFeedParser(BaseParser):
    media_type = "text/csv"

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> dict[str, Any]:
        return {"stream": stream, "kind": "csv"}


class JsonLinesFeedParser(BaseParser):
    media_type = "application/x-ndjson"

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> dict[str, Any]:
        return {"stream": stream, "kind": "jsonl"}


class JsonLinesAliasParser(JsonLinesFeedParser):
    media_type = "application/jsonl"


class RejectionSerializer(serializers.Serializer):
    line = serializers.IntegerField(allow_null=True)
    event_id = serializers.CharField()
    field = serializers.CharField()
    message = serializers.CharField()


class ImportSummarySerializer(serializers.Serializer):
    import_run = serializers.IntegerField()
    rows = serializers.IntegerField()
    applied = serializers.IntegerField()
    duplicates = serializers.IntegerField(help_text="Events already applied (same id, same content)")
    pending = serializers.IntegerField(help_text="Events waiting for an earlier event, kept for later runs")
    conflicts = serializers.IntegerField(help_text="Same event id with different content: not applied")
    rejected = serializers.IntegerField()
    rejections = RejectionSerializer(many=True, help_text=f"The first {MAX_REJECTIONS_IN_RESPONSE} rejected rows")


class CustodyFeedView(APIView):
    """Import custody feed events (custody-feed.md) sent as the request body.

    `text/csv` with a header row, or JSON Lines (`application/x-ndjson`). Idempotent: sending the
    same events again changes nothing. Answers 200 with what happened to each row, 400 when the
    body cannot be read at all, 413 when it is larger than TTG_FEED_MAX_BODY_BYTES (nothing is read
    or applied), 415 for any other content type. A line longer than TTG_FEED_MAX_LINE_BYTES is one
    rejected row.
    """

    ttg_action = "feed.import"
    parser_classes = [CsvFeedParser, JsonLinesFeedParser, JsonLinesAliasParser]

    @staticmethod
    def ttg_max_body_bytes() -> int:
        return int(settings.TTG_FEED_MAX_BODY_BYTES)

    @extend_schema(
        operation_id="custody_feed_import",
        request={
            "text/csv": OpenApiRequest(str),
            "application/x-ndjson": OpenApiRequest(str),
        },
        responses={
            200: ImportSummarySerializer,
            400: OpenApiResponse(ProblemSerializer, description="The body cannot be read at all (no header row): nothing applied"),
            413: OpenApiResponse(ProblemSerializer, description="The body is larger than the most one request may send: nothing applied"),
            415: OpenApiResponse(ProblemSerializer, description="Not text/csv or application/x-ndjson"),
        },
        examples=[
            OpenApiExample("CSV", value="event_id,event_type,occurred_at,prison_number,...", request_only=True, media_type="text/csv")
        ],
    )
    def post(self, request: Request) -> Response:
        data = request.data
        if not isinstance(data, dict) or "stream" not in data:
            return problem_response("Send the feed as text/csv or application/x-ndjson.", code=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE)
        try:
            result = import_feed(
                _BoundedBody(data["stream"], self.ttg_max_body_bytes()),  # type: ignore[arg-type]
                source=f"API: {request.user.get_username()}",
                kind=data["kind"],
                by=request.user,
                keep_rejections=MAX_REJECTIONS_IN_RESPONSE,
            )
        except FeedTooLarge as error:
            return problem_response(str(error), code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        except FeedUnreadable as error:
            return problem_response(str(error), code=status.HTTP_400_BAD_REQUEST)
        counts = result.counts
        summary = {
            "import_run": result.run.pk,
            "rows": counts.rows,
            "applied": counts.applied,
            "duplicates": counts.duplicates,
            "pending": counts.pending,
            "conflicts": counts.conflicts,
            "rejected": counts.rejected,
            "rejections": [{"line": r.line, "event_id": r.event_id, "field": r.field, "message": r.message} for r in result.rejections],
        }
        return Response(ImportSummarySerializer(summary).data)
