"""Import runs and their rejected rows, for administrators to follow the custody feed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ttg.core.admin import AuditedAdmin, is_administrator

from .models import ImportRun, RejectedRow


class RejectedRowInline(admin.TabularInline):
    model = RejectedRow
    fields = ("line", "event_id", "field", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)


@admin.register(ImportRun)
class ImportRunAdmin(AuditedAdmin):
    """Read-only: runs are facts. The feed changes only by sending events."""

    list_display = ("started_at", "source", "status", "rows", "applied", "duplicates", "pending", "conflicts", "rejected")
    list_filter = ("status",)
    search_fields = ("source",)
    readonly_fields = (
        "source",
        "started_at",
        "finished_at",
        "status",
        "started_by",
        "rows",
        "applied",
        "duplicates",
        "pending",
        "conflicts",
        "rejected",
        "message",
    )
    inlines = [RejectedRowInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
