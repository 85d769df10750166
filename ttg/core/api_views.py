from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import access
from .models import AuditEvent
from .serializers import AuditEventSerializer, MeSerializer


class MeView(APIView):
    """Who the caller is: their role, organisation and the actions their role allows."""

    ttg_action = "account.view"

    @extend_schema(responses=MeSerializer, operation_id="me")
    def get(self, request: Request) -> Response:
        user: Any = request.user
        actions = sorted(a for a in access.ACTIONS if access.can(user, a))
        data = {
            "username": user.get_username(),
            "name": user.get_full_name(),
            "role": user.role,
            "role_name": user.get_role_display(),
            "employer_kind": user.employer_kind,
            "employer": user.employer_name,
            "actions": actions,
        }
        return Response(MeSerializer(data).data)


class AuditEventList(generics.ListAPIView):
    """The audit trail, newest first, scoped like the audit log page."""

    ttg_action = "audit.search"
    serializer_class = AuditEventSerializer

    def get_queryset(self) -> Any:
        events = AuditEvent.objects.visible_to(self.request.user)
        action = self.request.query_params.get("action")
        if action:
            events = events.filter(action__istartswith=action[:100])
        object_id = self.request.query_params.get("object_id")
        if object_id:
            events = events.filter(object_id=object_id[:64])
        return events

    @extend_schema(
        parameters=[
            OpenApiParameter("action", str, description="Actions starting with this text, e.g. auth."),
            OpenApiParameter("object_id", str, description="Events about this record"),
        ],
        operation_id="audit_events_list",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
