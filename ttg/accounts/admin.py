from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.admin import TokenAdmin as DRFTokenAdmin
from rest_framework.authtoken.models import TokenProxy

from ttg.core.admin import AuditedAdmin

from .models import User

admin.site.unregister(Group)
admin.site.unregister(TokenProxy)
# Authenticator devices hold their secret and are not audited in django-otp's admin: an administrator
# resets someone's two-factor sign-in with `manage.py reset_two_factor` instead (audited).
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(TokenProxy)
class TokenAdmin(AuditedAdmin, DRFTokenAdmin):
    """API tokens for integration accounts. The key itself never reaches the audit trail."""

    audit_redact = ("key",)


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


@admin.register(AccessAttempt)
class LockoutAdmin(AuditedAdmin, AccessAttemptAdmin):
    """Failed sign-ins and lockouts. Deleting an account's record unlocks it (and is audited)."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
