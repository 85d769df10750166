"""The specification catalogue over the API: versions, and each version's activities.

Scoped like the pages: published versions for everyone who may read the catalogue, drafts for
administrators only; a draft or a missing version gets the same 404.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import clock

from . import selectors
from .constants import Level
from .models import Activity, CatalogueVersion


class ActivitySerializer(serializers.ModelSerializer[Activity]):
    need_area = serializers.SerializerMethodField(help_text="The 2019 need area of the activity's pathway; null for Level 1")
    # Declared, not inferred: a small integer's range differs between databases, and the schema must not.
    level = serializers.ChoiceField(choices=Level.choices, help_text="1, 2 or 3 (R-P2)")

    class Meta:
        model = Activity
        fields = ["code", "title", "description", "pathway", "need_area", "level", "mode", "signpost_to", "mandatory", "cohort", "guidance"]

    def get_need_area(self, activity: Activity) -> str | None:
        area = activity.need_area
        return area.code if area else None


class VersionSerializer(serializers.ModelSerializer[CatalogueVersion]):
    in_force_today = serializers.SerializerMethodField(help_text="Whether this is the version in force on the service's date")

    class Meta:
        model = CatalogueVersion
        fields = ["id", "name", "in_force_from", "published", "by_need_area", "notes", "in_force_today"]

    def get_in_force_today(self, version: CatalogueVersion) -> bool:
        return version.pk == self.context.get("in_force_id")


class VersionDetailSerializer(VersionSerializer):
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "activities"]


def _context() -> dict[str, Any]:
    current = selectors.version_in_force(on=clock.today())
    return {"in_force_id": current.pk if current else None}


class CatalogueVersionList(APIView):
    """Catalogue versions, newest first, with the one in force today marked."""

    ttg_action = "catalogue.view"

    @extend_schema(operation_id="catalogue_versions", responses=VersionSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(VersionSerializer(selectors.versions(request.user), many=True, context=_context()).data)


class CatalogueVersionDetail(APIView):
    """One catalogue version with its activities (level, deliver or signpost, mandatory, cohort, guidance)."""

    ttg_action = "catalogue.view"

    @extend_schema(
        operation_id="catalogue_version",
        parameters=[OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The version's id")],
        responses=VersionDetailSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(VersionDetailSerializer(selectors.version(request.user, pk), context=_context()).data)
