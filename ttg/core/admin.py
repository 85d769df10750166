"""The Django admin, for administrators only, with every change written to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.urls import reverse

from . import access
from .audit import record_change, snapshot
from .models import AuditEvent


def is_administrator(request: HttpRequest) -> bool:
    """Staff whose role may use the administration pages (the kernel's "admin.use")."""
    user = request.user
    return bool(user.is_staff and access.can(user, "admin.use"))


# Only administrators reach the admin, whatever is_staff says.
admin.site.has_permission = is_administrator  # type: ignore[method-assign]
admin.site.site_header = "Through the Gate resettlement: administration"
admin.site.site_title = "TTG administration"
admin.site.index_title = "Users and reference data"


class AuditedAdmin(admin.ModelAdmin):
    """Writes an audit event for every add, change and delete made in the admin.

    The admin runs each of these in a transaction, so the event commits with the change.
    """

    audit_redact: tuple[str, ...] = ()

    @staticmethod
    def audit_scope_crc(obj: Any) -> Any:
        """The CRC whose contract manager should see this change, if any."""
        crc_model = AuditEvent._meta.get_field("scope_crc").related_model  # an audit event's scope
        # The object itself, or the account it belongs to (an API token).
        for candidate in (obj, getattr(obj, "user", None)):
            if isinstance(candidate, crc_model):  # type: ignore[arg-type]
                return candidate
            prison = getattr(candidate, "prison", None)
            crc = getattr(candidate, "crc", None) or (prison.crc if prison is not None else None)
            if crc is not None:
                return crc
        return None

    def _before(self, obj: models.Model) -> dict[str, Any] | None:
        if obj.pk is None:
            return None
        original = type(obj)._default_manager.filter(pk=obj.pk).first()
        return snapshot(original) if original is not None else None

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj._audit_before = self._before(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # After many-to-many fields are saved, so the "after" snapshot is complete.
        super().save_related(request, form, formsets, change)
        obj = form.instance
        record_change(
            actor=request.user,
            action=f"{obj._meta.label_lower}.{'change' if change else 'add'}",
            obj=obj,
            before=getattr(obj, "_audit_before", None),
            after=snapshot(obj),
            reason="Changed in the administration pages",
            redact=self.audit_redact,
            scope_crc=self.audit_scope_crc(obj),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before = snapshot(obj)
        scope_crc = self.audit_scope_crc(obj)
        pk = obj.pk
        label = obj._meta.label
        super().delete_model(request, obj)
        record_change(
            actor=request.user,
            action=f"{obj._meta.label_lower}.delete",
            object_type=label,
            object_id=str(pk),
            before=before,
            after=None,
            reason="Deleted in the administration pages",
            redact=self.audit_redact,
            scope_crc=scope_crc,
        )

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    # The role decides, not Django's per-model permissions: every administrator manages users and
    # reference data, nobody else reaches the admin at all.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)


def _admin_login(request: HttpRequest, extra_context: Any = None) -> Any:
    """The admin has no sign-in page of its own: people sign in once, on the service's page.
    Someone signed in without the administrator role is refused rather than sent round again."""
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = _admin_login  # type: ignore[method-assign,assignment]
