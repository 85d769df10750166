"""The catalogue API: versions with the one in force marked, and each version's levels, need areas,
pathways and activities, each title, name and description in English and, beside it (`…_cy`), in Welsh.
Drafts only for administrators."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import clock
from ttg.plans.catalogue import selectors
from ttg.plans.catalogue.constants import Level
from ttg.plans.catalogue.models import Activity, CatalogueLevel, CatalogueNeedArea, CataloguePathway, CatalogueVersion


class LevelSerializer(serializers.ModelSerializer[CatalogueLevel]):
    # An integer, not a second enum of the same choices as an activity's level (the schema would name it twice).
    level = serializers.IntegerField(min_value=1, max_value=3, help_text="1, 2 or 3 (R-P2)")

    class Meta:
        model = CatalogueLevel
        fields = ["level", "name", "name_cy", "description", "description_cy"]


class NeedAreaSerializer(serializers.ModelSerializer[CatalogueNeedArea]):
    class Meta:
        model = CatalogueNeedArea
        fields = ["code", "name", "name_cy", "description", "description_cy"]


class PathwaySerializer(serializers.ModelSerializer[CataloguePathway]):
    # A string, not a second enum of the pathway codes (an activity's pathway is that enum).
    code = serializers.CharField(help_text="One of the fixed pathway codes: the same as an activity's pathway")
    need_area = serializers.SerializerMethodField(help_text="The code of the version's need area the pathway is in; null if none")

    class Meta:
        model = CataloguePathway
        fields = ["code", "name", "name_cy", "description", "description_cy", "women_only", "need_area"]

    def get_need_area(self, pathway: CataloguePathway) -> str | None:
        return pathway.need_area or None


class ActivitySerializer(serializers.ModelSerializer[Activity]):
    need_area = serializers.SerializerMethodField(
        help_text="The code of the need area this version puts the activity's pathway in; null for Level 1 or a version without need areas"
    )
    # Declared, not inferred: a small integer's range differs between databases, and the schema must not.
    level = serializers.ChoiceField(choices=Level.choices, help_text="1, 2 or 3 (R-P2)")

    class Meta:
        model = Activity
        fields = [
            "code",
            "title",
            "title_cy",
            "description",
            "description_cy",
            "pathway",
            "need_area",
            "level",
            "mode",
            "signpost_to",
            "mandatory",
            "cohort",
            "guidance",
        ]

    def get_need_area(self, activity: Activity) -> str | None:
        return self.context.get("need_area_by_pathway", {}).get(activity.pathway) or None


class VersionSerializer(serializers.ModelSerializer[CatalogueVersion]):
    in_force_today = serializers.SerializerMethodField(help_text="Whether this is the version in force on the service's date")

    class Meta:
        model = CatalogueVersion
        fields = ["id", "name", "in_force_from", "published", "by_need_area", "notes", "in_force_today"]

    def get_in_force_today(self, version: CatalogueVersion) -> bool:
        return version.pk == self.context.get("in_force_id")


class VersionDetailSerializer(VersionSerializer):
    levels = LevelSerializer(many=True, read_only=True, help_text="What each level means in this version")
    need_areas = NeedAreaSerializer(many=True, read_only=True, help_text="In order; empty for a version not organised by need area")
    pathways = PathwaySerializer(many=True, read_only=True, help_text="Every pathway, in order, with the version's names")
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "levels", "need_areas", "pathways", "activities"]


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
    """One catalogue version with what its levels mean, its need areas and pathways (names,
    descriptions, which need area each pathway is in) and its activities (level, deliver or
    signpost, mandatory, cohort, guidance)."""

    ttg_action = "catalogue.view"

    @extend_schema(
        operation_id="catalogue_version",
        parameters=[OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The version's id")],
        responses=VersionDetailSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        version = selectors.version(request.user, pk)
        areas = {p.code: p.need_area for p in version.pathways.all()} if version.by_need_area else {}
        return Response(VersionDetailSerializer(version, context={**_context(), "need_area_by_pathway": areas}).data)
