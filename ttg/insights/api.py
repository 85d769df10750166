"""The insights figures in the API (R-E1): the same breakdowns as the pages, as published (hidden
figures are null, with `hidden` true). Analysts only."""

from __future__ import annotations

from django.http import Http404
from django.utils import translation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import access
from ttg.core.api import ProblemSerializer
from ttg.insights import selectors, tables
from ttg.insights.access import VIEW
from ttg.insights.constants import DIMENSION_BY_CODE

NOT_FOUND = OpenApiResponse(ProblemSerializer, description="No such breakdown")


class MeasureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    of = serializers.CharField(help_text="What the rate is out of")
    is_context = serializers.BooleanField(help_text="Timeliness shown as context, not an outcome")


class RateSerializer(serializers.Serializer):
    hidden = serializers.BooleanField(help_text="Hidden to protect people (rule E2): the counts and rate are null")
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    rate = serializers.FloatField(allow_null=True)
    interval_low = serializers.FloatField(allow_null=True, help_text="95% Wilson interval (rule E1)")
    interval_high = serializers.FloatField(allow_null=True)
    disparity_ratio = serializers.FloatField(allow_null=True, help_text="The group's rate over everyone's (rule E3)")
    notable = serializers.BooleanField(allow_null=True, help_text="The group's interval leaves out everyone's rate")


class GroupSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    released = serializers.IntegerField(allow_null=True)
    released_hidden = serializers.BooleanField()
    measures = serializers.DictField(child=RateSerializer(), help_text="By measure code")
    cost_pence = serializers.IntegerField(allow_null=True)
    cost_per_person_pence = serializers.IntegerField(allow_null=True)
    cost_per_outcome_pence = serializers.IntegerField(allow_null=True, help_text="Per person settled on the first night")
    uplift_per_person_pence = serializers.IntegerField(
        allow_null=True, help_text="Cost per person less the baseline (rule E5); null while the baseline is not set"
    )
    uplift_times = serializers.FloatField(allow_null=True, help_text="Cost per person as a multiple of the baseline (rule E5)")


class BreakdownSerializer(serializers.Serializer):
    breakdown = serializers.CharField()
    name = serializers.CharField()
    released_from = serializers.DateField()
    released_to = serializers.DateField()
    hidden_below = serializers.IntegerField(help_text="Counts from 1 to one below this are hidden")
    counted_at = serializers.DateTimeField(allow_null=True, help_text="When the figures were counted from the records; null: not yet")
    baseline_cost_per_person_pence = serializers.IntegerField(allow_null=True)
    measures = MeasureSerializer(many=True)
    groups = GroupSerializer(many=True)
    everyone = GroupSerializer()


class BreakdownView(APIView):
    """Outcomes of the people released in the evaluation window, by one breakdown: sex, ethnicity,
    age, disability, sentence, level3, resettlement, crc, prison or quarter."""

    ttg_action = VIEW

    @extend_schema(operation_id="insights_breakdown", responses={200: BreakdownSerializer, 404: NOT_FOUND})
    def get(self, request: Request, by: str) -> Response:
        if by not in DIMENSION_BY_CODE:
            raise Http404(access.NOT_FOUND_MESSAGE)
        with translation.override("en-gb"):  # the API is in English whatever the caller's language (labels, quarters)
            return Response(BreakdownSerializer(tables.api_data(selectors.breakdown(request.user, by))).data)
