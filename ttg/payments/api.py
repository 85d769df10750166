"""The payments API: rate cards, purchases (and buying), deliveries, variations (more units: request,
decide), claims (submit, approve, reject, mark paid), spend against allocation and aged debt.

Thin, like the pages: selectors scope every read (the same 404 for missing and not yours), services
do every write with its audit event, serializers list their fields. Money is integer pence
(`*_pence`), never a float.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import access, clock, db
from ttg.core.api import StrictSerializer
from ttg.core.audit import record_view
from ttg.people import identity

from . import rules, selectors, services
from .access import is_national_purchaser
from .constants import PurchaserKind, Unit
from .models import Claim, ClaimLine, Purchase, RateCard, RateCardItem, Variation
from .services import PaymentRefused


class RateCardItemSerializer(serializers.ModelSerializer[RateCardItem]):
    provider_organisation = serializers.CharField(source="provider_organisation.name", allow_null=True, default=None)
    price_pence = serializers.IntegerField()
    subcontract_price_pence = serializers.IntegerField(help_text="What the CRC pays the partner per unit (the price when no partner)")
    unit = serializers.CharField(help_text="referral, session, hour or outcome")

    class Meta:
        model = RateCardItem
        fields = ["id", "title", "pathway", "unit", "price_pence", "provider_organisation", "subcontract_price_pence"]


class RateCardSerializer(serializers.ModelSerializer[RateCard]):
    crc = serializers.CharField(source="crc.code")
    version = serializers.IntegerField()

    class Meta:
        model = RateCard
        fields = ["id", "crc", "version", "in_force_from", "published"]


class RateCardDetailSerializer(RateCardSerializer):
    items = RateCardItemSerializer(many=True, read_only=True)

    class Meta(RateCardSerializer.Meta):
        fields = [*RateCardSerializer.Meta.fields, "items"]


class PurchaseSerializer(serializers.ModelSerializer[Purchase]):
    case_reference = serializers.SerializerMethodField(
        help_text='The person\'s case reference, like "C-7K3P-Q9XM": the same for one person everywhere, and all a contract manager sees of them'
    )
    prison_number = serializers.SerializerMethodField(
        help_text="Like A1234BC; null for users who see case references only (contract managers)"
    )
    prison = serializers.CharField(source="prison.code", help_text="The prison the person leaves")
    item = serializers.IntegerField(source="item_id")
    service = serializers.CharField(source="item.title")
    provider_crc = serializers.CharField(source="provider_crc.code")
    provider_organisation = serializers.CharField(source="provider_organisation.name", allow_null=True, default=None)
    units_authorised = serializers.IntegerField()
    unit_price_pence = serializers.IntegerField()
    value_authorised_pence = serializers.IntegerField()
    extra_units_approved = serializers.IntegerField(source="extra_units", help_text="Units added by approved variations")
    units_delivered = serializers.IntegerField(source="delivered")
    units_left = serializers.IntegerField()
    status = serializers.CharField(
        help_text="requested (asked for when a referral was sent: waiting for the purchaser), authorised, complete, cancelled or refused"
    )
    purchaser_kind = serializers.CharField(help_text="individual, division, national or crc")

    class Meta:
        model = Purchase
        fields = [
            "reference", "status", "purchaser_kind", "purchased_on", "case_reference", "prison_number", "prison", "item", "service", "provider_crc",
            "provider_organisation", "units_authorised", "extra_units_approved", "unit_price_pence", "value_authorised_pence",
            "units_delivered", "units_left",
        ]  # fmt: skip

    def get_case_reference(self, purchase: Purchase) -> str:
        return identity.case_reference(purchase.person_id)

    def get_prison_number(self, purchase: Purchase) -> str | None:
        request = self.context.get("request")
        return purchase.person.prison_number if identity.may_identify(getattr(request, "user", None)) else None


class BuySerializer(StrictSerializer):
    prison_number = serializers.RegexField(r"^[A-Z]\d{4}[A-Z]{2}$", help_text="Like A1234BC")
    item = serializers.IntegerField(help_text="A rate-card item id of a rate card in force today")
    units = serializers.IntegerField(min_value=1, max_value=1000)
    purchaser_kind = serializers.ChoiceField(
        choices=[PurchaserKind.INDIVIDUAL, PurchaserKind.DIVISION, PurchaserKind.NATIONAL],
        required=False,
        help_text="individual or division (responsible officers; default individual); national (HMPPS contract managers, the default for them)",
    )


class VariationSerializer(serializers.ModelSerializer[Variation]):
    extra_units = serializers.IntegerField()
    status = serializers.CharField(help_text="requested, approved or refused")
    requested_by = serializers.CharField(source="requested_by.get_full_name")
    decided_by = serializers.CharField(source="decided_by.get_full_name", allow_null=True, default=None)

    class Meta:
        model = Variation
        fields = ["id", "extra_units", "reason", "status", "requested_by", "requested_at", "decided_by", "decided_at"]


class VariationRequestSerializer(StrictSerializer):
    extra_units = serializers.IntegerField(min_value=1, max_value=1000)
    reason = serializers.CharField(max_length=2000, help_text="Why more units are needed: the purchaser sees it")


class VariationDecisionSerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=["approve", "refuse"])


class DeliverySerializer(StrictSerializer):
    source_key = serializers.CharField(
        max_length=100, help_text='What was delivered, once only: e.g. "referrals.session:123". Repeats are not claimed again.'
    )
    units = serializers.IntegerField(min_value=1, max_value=1000)
    delivered_on = serializers.DateField()
    kind = serializers.ChoiceField(
        choices=Unit.values, required=False, help_text="referral, session, hour or outcome: must match the item's unit; defaults to it"
    )


class DeliveryResultSerializer(serializers.Serializer):
    source_key = serializers.CharField()
    created = serializers.BooleanField(help_text="false: this source_key was recorded before; nothing was claimed again")
    units = serializers.IntegerField()
    delivered_on = serializers.DateField()


class ClaimLineSerializer(serializers.ModelSerializer[ClaimLine]):
    purchase = serializers.CharField(source="delivery.purchase.reference")
    case_reference = serializers.SerializerMethodField(help_text="The case reference of the person the purchase is for")
    delivered_on = serializers.DateField(source="delivery.delivered_on")
    units = serializers.IntegerField()
    unit_price_pence = serializers.IntegerField()
    amount_pence = serializers.IntegerField()
    tier = serializers.CharField(help_text="purchase (provider to purchaser) or subcontract (partner to CRC)")

    class Meta:
        model = ClaimLine
        fields = ["purchase", "case_reference", "delivered_on", "tier", "units", "unit_price_pence", "amount_pence"]

    def get_case_reference(self, line: ClaimLine) -> str:
        return identity.case_reference(line.delivery.purchase.person_id)


class ClaimSerializer(serializers.ModelSerializer[Claim]):
    claimant = serializers.CharField(source="claimant_name")
    payer = serializers.CharField(source="payer_name")
    crc = serializers.CharField(source="crc.code")
    total_pence = serializers.IntegerField()
    sequence = serializers.IntegerField()
    escalated_on = serializers.SerializerMethodField()
    status = serializers.CharField(help_text="draft (open), submitted, approved, paid or rejected")

    class Meta:
        model = Claim
        fields = [
            "id",
            "month",
            "sequence",
            "claimant",
            "payer",
            "crc",
            "status",
            "total_pence",
            "submitted_on",
            "paid_on",
            "payment_reference",
            "rejected_reason",
            "escalated_on",
        ]

    def get_escalated_on(self, claim: Claim) -> str | None:
        escalation = getattr(claim, "escalation", None)
        return escalation.raised_on.isoformat() if escalation else None


class ClaimDetailSerializer(ClaimSerializer):
    lines = ClaimLineSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "lines"]


class RejectSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000)


class PaidSerializer(StrictSerializer):
    paid_on = serializers.DateField()
    payment_reference = serializers.CharField(max_length=50)


class PaymentRefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    field = serializers.CharField(allow_blank=True)


class AllocationSpendSerializer(serializers.Serializer):
    budget = serializers.CharField()
    kind = serializers.CharField()
    holder = serializers.CharField(help_text="A CRC code, an NPS division code, or national")
    allocated_pence = serializers.IntegerField()
    committed_pence = serializers.IntegerField()
    claimed_pence = serializers.IntegerField()
    paid_pence = serializers.IntegerField()


class AgedClaimSerializer(serializers.Serializer):
    claim = serializers.IntegerField()
    claimant = serializers.CharField()
    payer = serializers.CharField()
    crc = serializers.CharField()
    status = serializers.CharField()
    submitted_on = serializers.DateField()
    age_days = serializers.IntegerField()
    band = serializers.CharField()
    total_pence = serializers.IntegerField()
    escalated = serializers.BooleanField()


def _problem(refused: PaymentRefused, code: int = status.HTTP_422_UNPROCESSABLE_ENTITY) -> Response:
    return Response({"detail": " ".join(refused.reasons), "reasons": list(refused.reasons), "field": refused.field}, status=code)


PK = OpenApiParameter("pk", int, OpenApiParameter.PATH)
REFERENCE = OpenApiParameter("reference", str, OpenApiParameter.PATH, description="The purchase reference")
REFUSED = OpenApiResponse(PaymentRefusalSerializer, description="Refused by a rule, with the reasons in words")


class RateCardList(APIView):
    """Rate cards the caller may see: published ones, and the caller's own CRC's drafts."""

    ttg_action = "ratecard.view"

    @extend_schema(operation_id="payments_rate_cards", responses=RateCardSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(RateCardSerializer(selectors.rate_cards(request.user), many=True).data)


class RateCardDetail(APIView):
    """One rate card with its items (prices in pence)."""

    ttg_action = "ratecard.view"

    @extend_schema(operation_id="payments_rate_card", parameters=[PK], responses=RateCardDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(RateCardDetailSerializer(selectors.rate_card(request.user, pk)).data)


class PurchaseList(generics.ListAPIView):
    """Purchases the caller may see, with units delivered and left: newest first, 50 to a page
    (`limit`, at most 500, and `offset`)."""

    ttg_action = "purchase.view"
    serializer_class = PurchaseSerializer

    def get_queryset(self) -> Any:
        return selectors.purchases(self.request.user)

    @extend_schema(operation_id="payments_purchases")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class PurchaseBuy(APIView):
    """Buy a rate-card service for a person leaving a non-resettlement prison (responsible officers for
    themselves or their division; HMPPS contract managers nationally, from the CRCs they manage)."""

    ttg_action = "purchase.make"

    @extend_schema(operation_id="payments_buy", request=BuySerializer, responses={201: PurchaseSerializer, 400: None, 422: REFUSED})
    def post(self, request: Request) -> Response:
        data = BuySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        items = {i.pk: i for i in selectors.items_to_buy(request.user)}
        item = items.get(data.validated_data["item"])
        kind = data.validated_data.get("purchaser_kind") or (
            PurchaserKind.NATIONAL if is_national_purchaser(request.user) else PurchaserKind.INDIVIDUAL
        )
        if item is None:
            return _problem(PaymentRefused("No such service on a rate card in force today", "item"))
        period = selectors.case_to_buy_for(request.user, data.validated_data["prison_number"], kind)
        if period is None:  # the same answer for a prison number nobody has and a case someone else holds (R-F2a)
            return _problem(PaymentRefused(rules.case_held(purchaser_kind=kind, held=False, on=clock.today()).reasons, "prison_number"))
        try:
            bought = services.make_purchase(
                by=request.user, custody_period=period, item=item, units=data.validated_data["units"], purchaser_kind=kind
            )
        except PaymentRefused as refused:
            return _problem(refused)
        return Response(
            PurchaseSerializer(selectors.purchase(request.user, bought.reference), context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class PurchaseDetail(APIView):
    """One purchase: its authority (units, value) and progress."""

    ttg_action = "purchase.view"

    @extend_schema(operation_id="payments_purchase", parameters=[REFERENCE], responses=PurchaseSerializer)
    def get(self, request: Request, reference: str) -> Response:
        bought = selectors.purchase(request.user, reference)
        record_view(actor=request.user, obj=bought.person, why="Purchase read through the API", scope_crc=bought.provider_crc)
        return Response(PurchaseSerializer(bought, context={"request": request}).data)


class DeliveryCreate(APIView):
    """Record delivery against a purchase: claimed automatically, once per source_key (201 new, 200 repeat)."""

    ttg_action = "delivery.record"

    @extend_schema(
        operation_id="payments_delivery",
        parameters=[REFERENCE],
        request=DeliverySerializer,
        responses={201: DeliveryResultSerializer, 200: DeliveryResultSerializer, 400: None, 422: REFUSED},
    )
    def post(self, request: Request, reference: str) -> Response:
        bought = selectors.purchase(request.user, reference)
        data = DeliverySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            services.refuse_manual_delivery(bought)
            recorded = services.record_delivery(
                purchase=bought, source_key=v["source_key"], units=v["units"], on=v["delivered_on"], by=request.user, kind=v.get("kind")
            )
        except PaymentRefused as refused:
            return _problem(refused)
        d = recorded.delivery
        body = {"source_key": d.source_key, "created": recorded.created, "units": d.units, "delivered_on": d.delivered_on}
        return Response(DeliveryResultSerializer(body).data, status=status.HTTP_201_CREATED if recorded.created else status.HTTP_200_OK)


VARIATION = OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The variation id")


class VariationList(APIView):
    """A purchase's requests for more units, oldest first, with their decisions."""

    ttg_action = "purchase.view"

    @extend_schema(operation_id="payments_variations", parameters=[REFERENCE], responses=VariationSerializer(many=True))
    def get(self, request: Request, reference: str) -> Response:
        bought = selectors.purchase(request.user, reference)
        return Response(VariationSerializer(bought.variations.all(), many=True).data)


class VariationRequest(APIView):
    """The provider asks the purchaser for more units (the same request repeated while waiting returns the first)."""

    ttg_action = "variation.request"

    @extend_schema(
        operation_id="payments_variation_request",
        parameters=[REFERENCE],
        request=VariationRequestSerializer,
        responses={201: VariationSerializer, 400: None, 422: REFUSED},
    )
    def post(self, request: Request, reference: str) -> Response:
        bought = selectors.purchase(request.user, reference)
        if not services.is_provider(request.user, bought):
            raise Http404(access.NOT_FOUND_MESSAGE)
        data = VariationRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            variation = services.request_variation(
                purchase=bought, extra_units=data.validated_data["extra_units"], reason=data.validated_data["reason"], by=request.user
            )
        except PaymentRefused as refused:
            return _problem(refused)
        return Response(VariationSerializer(variation).data, status=status.HTTP_201_CREATED)


class VariationDecide(APIView):
    """The purchaser approves (within the budget) or refuses a request for more units."""

    ttg_action = "variation.decide"

    @extend_schema(
        operation_id="payments_variation_decide",
        parameters=[REFERENCE, VARIATION],
        request=VariationDecisionSerializer,
        responses={200: VariationSerializer, 400: None, 422: REFUSED},
    )
    def post(self, request: Request, reference: str, pk: int) -> Response:
        bought = selectors.purchase(request.user, reference)
        variation = next((v for v in bought.variations.all() if v.pk == pk), None)
        if variation is None or not services.is_purchaser(request.user, bought):
            raise Http404(access.NOT_FOUND_MESSAGE)
        data = VariationDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            decided = services.decide_variation(variation=variation, approve=data.validated_data["decision"] == "approve", by=request.user)
        except PaymentRefused as refused:
            return _problem(refused)
        return Response(VariationSerializer(decided).data)


class ClaimList(generics.ListAPIView):
    """Claims the caller may see (as claimant, payer, or contract manager): latest month first, 50 to a
    page (`limit`, at most 500, and `offset`)."""

    ttg_action = "claim.view"
    serializer_class = ClaimSerializer

    def get_queryset(self) -> Any:
        return selectors.claims(self.request.user)

    @extend_schema(operation_id="payments_claims")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ClaimDetail(APIView):
    """One claim with its lines."""

    ttg_action = "claim.view"

    @extend_schema(operation_id="payments_claim", parameters=[PK], responses=ClaimDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ClaimDetailSerializer(selectors.claim(request.user, pk)).data)


def _claim_action(request: Request, pk: int, party: str, move: Any) -> Response:
    found = selectors.claim(request.user, pk)
    if services.party(request.user, found) != party:
        raise Http404(access.NOT_FOUND_MESSAGE)
    try:
        moved = move(found)
    except PaymentRefused as refused:
        return _problem(refused)
    return Response(ClaimSerializer(selectors.claim(request.user, moved.pk)).data)


class ClaimSubmit(APIView):
    """The claimant submits a claim (early, or again after a rejection)."""

    ttg_action = "claim.submit"

    @extend_schema(operation_id="payments_claim_submit", parameters=[PK], request=None, responses={200: ClaimSerializer, 422: REFUSED})
    def post(self, request: Request, pk: int) -> Response:
        return _claim_action(request, pk, "claimant", lambda c: services.submit_claim(claim=c, by=request.user))


class ClaimApprove(APIView):
    """The payer approves a submitted claim."""

    ttg_action = "claim.approve"

    @extend_schema(operation_id="payments_claim_approve", parameters=[PK], request=None, responses={200: ClaimSerializer, 422: REFUSED})
    def post(self, request: Request, pk: int) -> Response:
        return _claim_action(request, pk, "payer", lambda c: services.approve_claim(claim=c, by=request.user))


class ClaimReject(APIView):
    """The payer rejects a submitted claim, with the reason."""

    ttg_action = "claim.approve"

    @extend_schema(
        operation_id="payments_claim_reject",
        parameters=[PK],
        request=RejectSerializer,
        responses={200: ClaimSerializer, 400: None, 422: REFUSED},
    )
    def post(self, request: Request, pk: int) -> Response:
        def reject(claim: Claim) -> Claim:
            data = RejectSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            return services.reject_claim(claim=claim, reason=data.validated_data["reason"], by=request.user)

        return _claim_action(request, pk, "payer", reject)


class ClaimPaid(APIView):
    """The payer records that an approved claim was paid, with the date and reference."""

    ttg_action = "claim.mark_paid"

    @extend_schema(
        operation_id="payments_claim_paid",
        parameters=[PK],
        request=PaidSerializer,
        responses={200: ClaimSerializer, 400: None, 422: REFUSED},
    )
    def post(self, request: Request, pk: int) -> Response:
        def paid(claim: Claim) -> Claim:
            data = PaidSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = data.validated_data
            return services.mark_paid(claim=claim, paid_on=v["paid_on"], reference=v["payment_reference"], by=request.user)

        return _claim_action(request, pk, "payer", paid)


class SpendView(APIView):
    """Spend against allocation: each allocation of each budget, with committed, claimed and paid (pence)."""

    ttg_action = "funding.view"

    @extend_schema(operation_id="payments_spend", responses=AllocationSpendSerializer(many=True))
    @db.reporting()
    def get(self, request: Request) -> Response:
        rows = [
            {
                "budget": b.budget.name,
                "kind": b.budget.kind,
                "holder": r.allocation.crc.code
                if r.allocation.crc
                else (r.allocation.nps_division.code if r.allocation.nps_division else "national"),
                "allocated_pence": r.allocation.amount_pence,
                "committed_pence": r.committed_pence,
                "claimed_pence": r.claimed_pence,
                "paid_pence": r.paid_pence,
            }
            for b in selectors.spend_against_allocation(request.user)
            for r in b.rows
        ]
        return Response(AllocationSpendSerializer(rows, many=True).data)


class AgedDebtView(APIView):
    """Unpaid claims the caller may see, oldest first, with their age band."""

    ttg_action = "claim.view"

    @extend_schema(operation_id="payments_aged_debt", responses=AgedClaimSerializer(many=True))
    @db.reporting()
    def get(self, request: Request) -> Response:
        debt = selectors.aged_debt(request.user, today=clock.today(), threshold_days=settings.TTG_CLAIM_ESCALATION_DAYS)
        rows = [
            {
                "claim": r.claim.pk,
                "claimant": r.claim.claimant_name,
                "payer": r.claim.payer_name,
                "crc": r.claim.crc.code,
                "status": r.claim.status,
                "submitted_on": r.claim.submitted_on,
                "age_days": r.age_days,
                "band": r.band,
                "total_pence": r.claim.total_pence,
                "escalated": getattr(r.claim, "escalation", None) is not None,
            }
            for r in debt.rows
        ]
        return Response(AgedClaimSerializer(rows, many=True).data)
