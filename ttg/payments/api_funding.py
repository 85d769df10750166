"""The funding API (issue 7 part 4): unfunded work as subsidy (R-F5), and budgets and allocations
for contract managers (R-F4a, R-F4b). Kept apart from api.py so that the two can change separately.

Money is integer pence (`*_pence`); hours are decimals with two places, as recorded. Refusals are
422 with the reasons in words and the field at fault, as the rest of the payments API.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import db
from ttg.core.api import StrictSerializer

from . import selectors_funding, services_funding
from .api import PaymentRefusalSerializer
from .constants import BudgetKind
from .models import Budget
from .services import PaymentRefused

YEAR = OpenApiParameter(
    "year",
    int,
    OpenApiParameter.QUERY,
    required=False,
    description="The financial year starting 1 April of this year; the current one if absent",
)
PK = OpenApiParameter("pk", int, OpenApiParameter.PATH)
REFUSED = OpenApiResponse(PaymentRefusalSerializer, description="Refused by a rule, with the reasons in words and the field")


def _problem(refused: PaymentRefused) -> Response:
    return Response(
        {"detail": " ".join(refused.reasons), "reasons": list(refused.reasons), "field": refused.field},
        status=status.HTTP_422_UNPROCESSABLE_ENTITY,
    )


class SubsidyRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField(source="detail", help_text="The organisation's type (rows by organisation only)")
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    records = serializers.IntegerField()
    estimated_value_pence = serializers.IntegerField(source="value_pence", allow_null=True)


class SubsidySerializer(serializers.Serializer):
    year_starting = serializers.DateField()
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    records = serializers.IntegerField()
    organisations = serializers.IntegerField(help_text="How many organisations recorded any unfunded work")
    estimated_value_pence = serializers.IntegerField(source="value_pence", allow_null=True, help_text="An estimate (R-F5), not money paid")
    hour_value_pence = serializers.IntegerField(source="hour_value.pence", allow_null=True)
    estimate_basis = serializers.CharField(source="hour_value.basis")
    by_organisation = SubsidyRowSerializer(many=True)
    by_crc = SubsidyRowSerializer(many=True, help_text='By the CRC of the referral; "Not linked to a referral" for the rest')
    by_pathway = SubsidyRowSerializer(many=True)


class SubsidyView(APIView):
    """Unfunded work recorded by partner organisations in a financial year: hours and estimated value (aggregates only)."""

    ttg_action = "funding.view"

    @extend_schema(operation_id="payments_subsidy", parameters=[YEAR], responses=SubsidySerializer)
    @db.reporting()
    def get(self, request: Request) -> Response:
        year = selectors_funding.year_from(request.query_params.get("year"))
        return Response(SubsidySerializer(selectors_funding.subsidy(request.user, year_starting=year)).data)


class BudgetSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="budget.pk")
    name = serializers.CharField(source="budget.name")
    kind = serializers.CharField(source="budget.kind")
    year_starting = serializers.DateField(source="budget.year_starting")
    amount_pence = serializers.IntegerField(source="budget.amount_pence")
    allocated_pence = serializers.IntegerField()
    unallocated_pence = serializers.IntegerField()


class NewBudgetSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=BudgetKind.choices)
    year = serializers.IntegerField(min_value=2015, max_value=2100, help_text="The year of the 1 April the budget starts on")
    name = serializers.CharField(max_length=200)
    amount_pence = serializers.IntegerField(min_value=1, help_text="The budget's total, in pence")


class AllocationRowSerializer(serializers.Serializer):
    holder = serializers.CharField(source="key", help_text='"crc:<code>", "nps:<code>" or "national"')
    name = serializers.CharField()
    amount_pence = serializers.IntegerField(allow_null=True, help_text="Null: not allocated")
    committed_pence = serializers.IntegerField()
    may_change = serializers.BooleanField()


class BudgetDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="budget.pk")
    name = serializers.CharField(source="budget.name")
    kind = serializers.CharField(source="budget.kind")
    year_starting = serializers.DateField(source="budget.year_starting")
    amount_pence = serializers.IntegerField(source="budget.amount_pence")
    allocated_pence = serializers.IntegerField(help_text="Every allocation, including those of CRCs the caller does not manage")
    unallocated_pence = serializers.IntegerField()
    allocations = AllocationRowSerializer(many=True, source="rows")


class SetAllocationSerializer(StrictSerializer):
    holder = serializers.CharField(help_text='"crc:<code>", "nps:<code>" or "national"')
    amount_pence = serializers.IntegerField(min_value=0)


class BudgetList(APIView):
    """Budgets (GET), and adding a year's budget with no allocations yet (POST): contract managers."""

    ttg_action = "budget.edit"

    @extend_schema(operation_id="payments_budgets", responses=BudgetSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = selectors_funding.budgets(request.user)
        return Response(BudgetSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="payments_budget_add", request=NewBudgetSerializer, responses={201: BudgetDetailSerializer, 400: None, 422: REFUSED}
    )
    def post(self, request: Request) -> Response:
        body = NewBudgetSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = body.validated_data
        try:
            made: Budget = services_funding.add_budget(
                name=v["name"], kind=v["kind"], year_starting=date(v["year"], 4, 1), amount_pence=v["amount_pence"], by=request.user
            )
        except PaymentRefused as refused:
            return _problem(refused)
        detail = selectors_funding.budget_detail(request.user, made.pk)
        return Response(BudgetDetailSerializer(detail).data, status=status.HTTP_201_CREATED)


class BudgetDetail(APIView):
    """One budget with the allocations the caller may see and set."""

    ttg_action = "budget.edit"

    @extend_schema(operation_id="payments_budget", parameters=[PK], responses=BudgetDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(BudgetDetailSerializer(selectors_funding.budget_detail(request.user, pk)).data)


class AllocationSet(APIView):
    """Set (add or change) one allocation of a budget: within the budget, never below what is committed."""

    ttg_action = "budget.edit"

    @extend_schema(
        operation_id="payments_allocation_set",
        parameters=[PK],
        request=SetAllocationSerializer,
        responses={200: BudgetDetailSerializer, 400: None, 422: REFUSED},
    )
    def post(self, request: Request, pk: int) -> Response:
        detail = selectors_funding.budget_detail(request.user, pk)
        body = SetAllocationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v: Any = body.validated_data
        row = selectors_funding.holder_row(detail, v["holder"])
        if row is None:
            return _problem(PaymentRefused("No such holder for this budget that you may set", "holder"))
        try:
            services_funding.set_allocation(budget=detail.budget, holder=row.holder, amount_pence=v["amount_pence"], by=request.user)
        except PaymentRefused as refused:
            return _problem(refused)
        return Response(BudgetDetailSerializer(selectors_funding.budget_detail(request.user, pk)).data)
