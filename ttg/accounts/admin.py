from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from ttg.core.admin import AuditedAdmin

from .models import User

admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "employer", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("prison", "crc", "organisation", "nps_division")
    autocomplete_fields = ("prison", "crc", "organisation", "nps_division")
    filter_horizontal = ("managed_crcs",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal details", {"fields": ("first_name", "last_name", "email")}),
        (
            "Role and organisation",
            {
                "fields": ("role", "prison", "crc", "organisation", "nps_division", "managed_crcs"),
                "description": "Choose one role and the one organisation the person works for. "
                "HMPPS staff (contract managers, analysts, administrators) leave the organisation empty.",
            },
        ),
        ("Access", {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        ("Role and organisation", {"fields": ("first_name", "last_name", "role", "prison", "crc", "organisation", "nps_division")}),
    )
    readonly_fields = ("last_login", "date_joined")

    @admin.display(description="Works for")
    def employer(self, obj: User) -> str:
        return obj.employer_name

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        # People who used the service stay on record (their audit trail refers to them): switch
        # their account off instead.
        return False
