"""Import runs and their rejected rows, for administrators to follow the custody feed; the cases
responsible officers hold, which administrators record from the NPS's allocation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.core.admin import AuditedAdmin, is_administrator

from .models import ImportRun, ProbationCase, RejectedRow


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


class ProbationCaseForm(forms.ModelForm):
    class Meta:
        model = ProbationCase
        fields = ("custody_period", "officer")

    def clean_officer(self) -> Any:
        officer = self.cleaned_data.get("officer")
        if officer is not None and (officer.role != Role.RESPONSIBLE_OFFICER or not officer.is_active):
            raise forms.ValidationError("Choose an active responsible officer: only they hold cases.")
        return officer


@admin.register(ProbationCase)
class ProbationCaseAdmin(AuditedAdmin):
    """Record that a responsible officer holds a person's case (the NPS's allocation). A case is never
    changed or removed here: a fact, like the handover that also makes one."""

    form = ProbationCaseForm
    list_display = ("custody_period", "officer", "source", "since", "recorded_by")
    list_filter = ("source",)
    search_fields = ("custody_period__person__prison_number", "officer__username")
    raw_id_fields = ("custody_period", "officer")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.source = ProbationCase.Source.ALLOCATED
            obj.since = clock.now()
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
