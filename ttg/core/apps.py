from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ttg.core"
    label = "core"
    verbose_name = "Core: access, audit and the page frame"

    def ready(self) -> None:
        from django.db import models
        from rest_framework import serializers

        from . import access, checks, navigation, schema, signals  # noqa: F401  (checks; security events; the OpenAPI extension)
        from .api import DateTimeField

        access.register_actions(access.CORE_ACTIONS)
        # Every API datetime in one form (UTC, "+00:00"): model fields too (ttg.core.api.DateTimeField).
        serializers.ModelSerializer.serializer_field_mapping[models.DateTimeField] = DateTimeField
        navigation.register_core_items()
