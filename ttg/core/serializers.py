from __future__ import annotations

from rest_framework import serializers

from .models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "kind",
            "action",
            "actor_username",
            "actor_role",
            "object_type",
            "object_id",
            "before",
            "after",
            "reason",
            "request_id",
        ]
        read_only_fields = fields


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    role_name = serializers.CharField()
    employer_kind = serializers.CharField()
    employer = serializers.CharField()
    actions = serializers.ListField(child=serializers.CharField(), help_text="What this user may do")
