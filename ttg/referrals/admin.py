"""The desired-outcomes catalogue is edited here by administrators: retire an outcome rather than delete it."""

from django.contrib import admin

from ttg.core.admin import AuditedAdmin

from .models import DesiredOutcome


@admin.register(DesiredOutcome)
class DesiredOutcomeAdmin(AuditedAdmin):
    list_display = ("text", "pathway", "retired_on", "order")
    list_filter = ("pathway", "retired_on")
    search_fields = ("text",)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # kept on old referrals: retire it instead
