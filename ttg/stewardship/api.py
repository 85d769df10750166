"""Market stewardship over the API (R-A4): the same figures as the pages, scoped the same way, and the
contract manager's benchmark. Aggregates only: no person is named."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import db
from ttg.core.access import NOT_FOUND_MESSAGE
from ttg.core.api import ProblemSerializer, StrictSerializer, flatten_errors, invalid, problem_response

from . import selectors, services
from .constants import Measure


class FiguresSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The CRC's code or the prison's establishment code; empty for all")
    name = serializers.CharField()
    spend_pence = serializers.IntegerField(help_text="What purchasers pay: purchase-tier claim lines of claims not rejected")
    organisations_pence = serializers.IntegerField(help_text="Of it, what partner organisations claim")
    voluntary_pence = serializers.IntegerField()
    specialist_pence = serializers.IntegerField()
    in_house_pence = serializers.IntegerField(help_text="What no partner organisation claims: kept by the CRC")
    voluntary_spend_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, help_text="Per cent")
    specialist_spend_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    delivered = serializers.IntegerField(help_text="Plan activities delivered")
    supply_chain_delivered = serializers.IntegerField()
    other_partner_delivered = serializers.IntegerField()
    in_house_delivered = serializers.IntegerField()
    named_in_plan_delivered = serializers.IntegerField()
    voluntary_delivered = serializers.IntegerField()
    specialist_delivered = serializers.IntegerField()
    in_house_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    voluntary_activities_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    specialist_activities_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    benchmarks = serializers.DictField(child=serializers.IntegerField(), help_text="The benchmark in force for each measure, per cent")
    below_benchmark = serializers.ListField(child=serializers.CharField(), help_text="The measures below their benchmark")


class CoverageSerializer(serializers.Serializer):
    prison = serializers.CharField(help_text="Establishment code")
    prison_name = serializers.CharField()
    pathway = serializers.CharField()
    people_with_need = serializers.IntegerField(help_text="People in custody there with a need in the pathway")
    providers = serializers.IntegerField(help_text="Organisations the CRC's supply-chain register has for it there today")
    gap = serializers.BooleanField()


class ProviderSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    claimed_pence = serializers.IntegerField()
    paid_pence = serializers.IntegerField()
    unpaid_pence = serializers.IntegerField()
    aged_pence = serializers.IntegerField()
    unfunded_hours = serializers.DecimalField(max_digits=9, decimal_places=2)
    subsidy_pence = serializers.IntegerField()
    unpaid_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, help_text="Per cent of delivered work")
    aged_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    subsidy_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    at_risk = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class StewardshipSerializer(serializers.Serializer):
    level = serializers.CharField(help_text="national, crc or prison")
    total = FiguresSerializer()
    rows = FiguresSerializer(many=True, help_text="By CRC (national) or by prison (a CRC)")
    coverage = CoverageSerializer(many=True)
    providers = ProviderSerializer(many=True)


def _figures(row: selectors.Row) -> dict[str, Any]:
    f = row.figures
    return {
        "code": row.code,
        "name": row.name,
        "spend_pence": f.spend_pence,
        "organisations_pence": f.organisations_pence,
        "voluntary_pence": f.voluntary_pence,
        "specialist_pence": f.specialist_pence,
        "in_house_pence": f.in_house_pence,
        "voluntary_spend_share": f.share(Measure.VOLUNTARY_SPEND),
        "specialist_spend_share": f.share(Measure.SPECIALIST_SPEND),
        "delivered": f.delivered,
        "supply_chain_delivered": f.supply_chain_delivered,
        "other_partner_delivered": f.other_partner_delivered,
        "in_house_delivered": f.in_house_delivered,
        "named_in_plan_delivered": f.named_delivered,
        "voluntary_delivered": f.voluntary_delivered,
        "specialist_delivered": f.specialist_delivered,
        "in_house_share": f.in_house_share,
        "voluntary_activities_share": f.share(Measure.VOLUNTARY_ACTIVITIES),
        "specialist_activities_share": f.share(Measure.SPECIALIST_ACTIVITIES),
        "benchmarks": row.benchmarks,
        "below_benchmark": row.below,
    }


def _answer(s: selectors.Stewardship) -> Response:
    data = {
        "level": s.level,
        "total": _figures(s.total),
        "rows": [_figures(r) for r in s.rows],
        "coverage": [
            {
                "prison": c.prison_code,
                "prison_name": c.prison_name,
                "pathway": c.pathway,
                "people_with_need": c.people_with_need,
                "providers": c.providers,
                "gap": c.gap,
            }
            for c in s.coverage
        ],
        "providers": [
            {
                "name": p.name,
                "type": p.type_label,
                "claimed_pence": p.delivered_pence,
                "paid_pence": p.paid_pence,
                "unpaid_pence": p.unpaid_pence,
                "aged_pence": p.aged_pence,
                "unfunded_hours": p.unfunded_hours,
                "subsidy_pence": p.subsidy_pence,
                "unpaid_share": p.unpaid_share,
                "aged_share": p.aged_share,
                "subsidy_share": p.subsidy_share,
                "at_risk": p.at_risk,
                "reasons": list(p.decision.reasons),
            }
            for p in s.providers
        ],
    }
    return Response(StewardshipSerializer(data).data)


CODE = OpenApiParameter("code", str, OpenApiParameter.PATH)


class NationalView(APIView):
    """The CRCs the caller sees (every CRC for analysts and administrators), with coverage and providers."""

    ttg_action = "stewardship.view"

    @extend_schema(operation_id="stewardship_national", responses={200: StewardshipSerializer})
    def get(self, request: Request) -> Response:
        with db.reporting():
            return _answer(selectors.national(request.user))


class CrcView(APIView):
    """One CRC: its figures by prison, coverage and providers."""

    ttg_action = "stewardship.view"

    @extend_schema(operation_id="stewardship_crc", parameters=[CODE], responses={200: StewardshipSerializer, 404: ProblemSerializer})
    def get(self, request: Request, code: str) -> Response:
        with db.reporting():
            return _answer(selectors.for_crc(request.user, code))


class PrisonView(APIView):
    """One prison: its figures against its CRC's benchmarks, and its coverage."""

    ttg_action = "stewardship.view"

    @extend_schema(operation_id="stewardship_prison", parameters=[CODE], responses={200: StewardshipSerializer, 404: ProblemSerializer})
    def get(self, request: Request, code: str) -> Response:
        with db.reporting():
            return _answer(selectors.for_prison(request.user, code))


class BenchmarkBody(StrictSerializer):
    measure = serializers.ChoiceField(choices=Measure.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100, help_text="A whole per cent")
    reason = serializers.CharField(max_length=2000, help_text="What the benchmark is based on")


class BenchmarkAnswer(serializers.Serializer):
    crc = serializers.CharField()
    measure = serializers.CharField()
    percent = serializers.IntegerField()
    reason = serializers.CharField()
    set_at = serializers.DateTimeField()


class BenchmarkSet(APIView):
    """Set a benchmark for a CRC the caller manages (R-A4a); the earlier one is kept."""

    ttg_action = "stewardship.benchmark"

    @extend_schema(
        operation_id="stewardship_benchmark",
        request=BenchmarkBody,
        parameters=[CODE],
        responses={201: BenchmarkAnswer, 400: ProblemSerializer, 404: ProblemSerializer},
    )
    def post(self, request: Request, code: str) -> Response:
        crc = selectors.crc_for(request.user, code)
        body = BenchmarkBody(data=request.data)
        if not body.is_valid():
            return invalid(body)
        data = body.validated_data
        try:
            b = services.set_benchmark(crc=crc, measure=data["measure"], percent=data["percent"], reason=data["reason"], by=request.user)
        except PermissionDenied:
            raise Http404(NOT_FOUND_MESSAGE) from None
        except ValidationError as error:
            return problem_response("The benchmark was refused", flatten_errors(error.message_dict))
        answer = {"crc": crc.code, "measure": b.measure, "percent": b.percent, "reason": b.reason, "set_at": b.set_at}
        return Response(BenchmarkAnswer(answer).data, status=status.HTTP_201_CREATED)
