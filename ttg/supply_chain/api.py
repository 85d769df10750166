"""The supply-chain register and the information-sharing agreements over the API: scoped as on the pages (R-R1, R-R5)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from ttg.core import clock

from . import rules, selectors
from .models import PATHWAY_CHOICES, SharingAgreement, SupplyChainService


class SupplyChainServiceSerializer(serializers.ModelSerializer[SupplyChainService]):
    crc = serializers.CharField(source="contract.crc.code", help_text="The CRC's code")
    crc_name = serializers.CharField(source="contract.crc.name")
    organisation = serializers.CharField(source="contract.organisation.name")
    specialisms = serializers.SerializerMethodField(help_text="Codes of the organisation's specialisms")
    pathway = serializers.ChoiceField(choices=PATHWAY_CHOICES)
    prison = serializers.CharField(source="prison.code", help_text="The prison's establishment code")
    contract_reference = serializers.CharField(source="contract.reference")
    contract_title = serializers.CharField(source="contract.title")
    since = serializers.DateField(help_text="The first day")
    until = serializers.DateField(allow_null=True, help_text="The last day (included); null while it goes on")

    class Meta:
        model = SupplyChainService
        fields = [
            "id",
            "crc",
            "crc_name",
            "organisation",
            "specialisms",
            "pathway",
            "activity_code",
            "prison",
            "since",
            "until",
            "contract_reference",
            "contract_title",
        ]
        read_only_fields = fields

    def get_specialisms(self, row: SupplyChainService) -> list[str]:
        return [s.code for s in row.contract.organisation.specialisms.all()]


_FILTERS = [
    OpenApiParameter("crc", str, description="A CRC's code"),
    OpenApiParameter("prison", str, description="A prison's establishment code"),
    OpenApiParameter("pathway", str, description="A pathway code"),
    OpenApiParameter("specialism", str, description="A specialism code"),
    OpenApiParameter("status", str, enum=list(selectors.STATUSES), description="current (default), ended or all"),
]


@extend_schema(parameters=_FILTERS)
class SupplyChainList(generics.ListAPIView):
    """Supply-chain register rows the caller may see (CRC staff: their CRC; contract managers: the CRCs
    they manage; partners: their own organisation's rows; administrators: all)."""

    ttg_action = "supply_chain.view"
    serializer_class = SupplyChainServiceSerializer

    def get_queryset(self) -> QuerySet[SupplyChainService]:
        chosen = selectors.RegisterFilter.from_query(self.request.query_params)
        return selectors.services(self.request.user, chosen, on=clock.today())


class SharingAgreementSerializer(serializers.ModelSerializer[SharingAgreement]):
    crc = serializers.CharField(source="crc.code", allow_null=True, default=None, help_text="The disclosing CRC's code; null for the NPS")
    discloser = serializers.CharField(source="discloser_name", help_text="The CRC's name, or National Probation Service")
    organisation = serializers.CharField(source="organisation.name", help_text="The organisation that receives the data")
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=list(rules.CATEGORIES)), help_text="The categories of a person's data it allows (rule R-R5)"
    )
    valid_from = serializers.DateField(help_text="The first day it covers")
    valid_until = serializers.DateField(allow_null=True, help_text="The last day it covers (included); null while open-ended")

    class Meta:
        model = SharingAgreement
        fields = [
            "id",
            "reference",
            "crc",
            "discloser",
            "organisation",
            "purpose",
            "lawful_basis",
            "categories",
            "valid_from",
            "valid_until",
            "signed_copy_reference",
        ]
        read_only_fields = fields


class SharingAgreementList(generics.ListAPIView):
    """Information-sharing agreements the caller may see (CRC managers: their CRC's; contract managers:
    the CRCs they manage and the NPS's; administrators: all)."""

    ttg_action = "sharing_agreement.view"
    serializer_class = SharingAgreementSerializer

    def get_queryset(self) -> QuerySet[SharingAgreement]:
        return selectors.sharing_agreements(self.request.user)
