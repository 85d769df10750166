"""Compliance over the API (R-A1): the same figures as the pages, counted the same way and scoped the same
way (contract managers: the CRCs they manage; CRC managers: their own). Counts only: no person.

The API is in English whatever the caller's language: the figures' words (translated on the pages) are read
inside `translation.override("en-gb")`."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core.api import ProblemSerializer

from . import rules, selectors


class MonthSerializer(serializers.Serializer):  # type: ignore[type-arg]
    month = serializers.CharField(help_text="YYYY-MM")
    met = serializers.IntegerField()
    counted = serializers.IntegerField()
    per_cent = serializers.IntegerField(allow_null=True, help_text="Rounded half up; null when nothing was counted")
    parts = serializers.DictField(child=serializers.IntegerField(), help_text="Further counts (activities: signposted, declined)")


class PrisonCountSerializer(serializers.Serializer):  # type: ignore[type-arg]
    prison = serializers.CharField(help_text="The prison's establishment code")
    met = serializers.IntegerField()
    counted = serializers.IntegerField()
    per_cent = serializers.IntegerField(allow_null=True)


class FigureSerializer(serializers.Serializer):  # type: ignore[type-arg]
    key = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    summary = serializers.DictField(help_text="The last 12 full months: met, counted, per_cent and the sentence")
    months = MonthSerializer(many=True, help_text="Each month of the two-year window, oldest first")
    prisons = PrisonCountSerializer(many=True, help_text="Each prison over the last 12 full months")


class ReportSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    name = serializers.CharField()
    summary_months = serializers.CharField(help_text="The months of the summaries, in words")
    counted_at = serializers.DateTimeField(allow_null=True, help_text="When the figures were counted from the records; null: not yet")
    figures = FigureSerializer(many=True)


class GlanceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    name = serializers.CharField()
    rates = serializers.DictField(child=serializers.IntegerField(allow_null=True), help_text="Figure key -> per cent, last 12 full months")
    weakest = serializers.CharField(allow_null=True, help_text="The key of the figure it does worst on")


def _parts(figure: rules.Figure, cell: rules.Cell) -> dict[str, int]:
    return {name: cell.parts[i] if i < len(cell.parts) else 0 for i, name in enumerate(figure.parts)}


def _report(code: str, name: str, report: selectors.Report) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "summary_months": report.period,
        "counted_at": report.counting.counted_at if report.counting else None,
        "figures": [
            {
                "key": v.figure.key,
                "title": v.figure.title,
                "definition": v.figure.definition,
                "summary": {"met": v.summary.met, "counted": v.summary.of, "per_cent": v.summary.rate, "sentence": v.sentence},
                "months": [
                    {"month": f"{m:%Y-%m}", "met": c.met, "counted": c.of, "per_cent": c.rate, "parts": _parts(v.figure, c)}
                    for m, c in v.months
                ],
                "prisons": [{"prison": p.code, "met": c.met, "counted": c.of, "per_cent": c.rate} for p, c in v.prisons],
            }
            for v in report.figures
        ],
    }


CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The CRC's code, or the prison's establishment code")
NOT_FOUND = OpenApiResponse(ProblemSerializer, description="No such CRC or prison, or not one the caller may see")


class CrcList(APIView):
    """The caller's CRCs at a glance over the last 12 full months, weakest first."""

    ttg_action = "compliance.view"

    @extend_schema(operation_id="compliance_crcs", responses={200: GlanceSerializer(many=True)})
    def get(self, request: Request) -> Response:
        found = selectors.overview(request.user, national=False)
        return Response(
            [{"code": g.key, "name": g.name, "rates": g.rates, "weakest": g.weakest[0] if g.weakest else None} for g in found.glances]
        )


class CrcDetail(APIView):
    """One CRC's figures: the last 12 full months, each month of the two-year window, and each prison."""

    ttg_action = "compliance.view"

    @extend_schema(operation_id="compliance_crc", parameters=[CODE], responses={200: ReportSerializer, 404: NOT_FOUND})
    def get(self, request: Request, code: str) -> Response:
        with translation.override("en-gb"):
            crc, _, report = selectors.crc_report(request.user, code)
            return Response(_report(crc.code, crc.name, report))


class PrisonDetail(APIView):
    """One prison's figures (a non-resettlement prison's: people released with no service)."""

    ttg_action = "compliance.view"

    @extend_schema(operation_id="compliance_prison", parameters=[CODE], responses={200: ReportSerializer, 404: NOT_FOUND})
    def get(self, request: Request, code: str) -> Response:
        with translation.override("en-gb"):
            prison, report = selectors.prison_report(request.user, code)
            return Response(_report(prison.code, prison.name, report))
