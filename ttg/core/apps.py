from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ttg.core"
    label = "core"
    verbose_name = "Core: access, audit and the page frame"

    def ready(self) -> None:
        from django.db import models
        from rest_framework import serializers

        from . import access, checks, formatting, navigation, rules, schema, signals, translating  # noqa: F401  (checks; security events; the OpenAPI extension)
        from .api import DateTimeField

        access.register_actions(access.CORE_ACTIONS)
        # Every API datetime in one form (UTC, "+00:00"): model fields too (ttg.core.api.DateTimeField).
        serializers.ModelSerializer.serializer_field_mapping[models.DateTimeField] = DateTimeField
        navigation.register_core_items()
        # Reasons in the reader's language (issue 22): the pure rules write their words through this.
        rules.use_translation(
            gettext=translating.gettext,
            ngettext=translating.ngettext,
            date_words=formatting.govuk_date,
            time_words=formatting.govuk_time,
        )
