"""Administrators edit the catalogue here. A published version is never changed in place: copy it
as a new draft, change the draft, and publish it with the date it comes into force."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ttg.core.admin import AuditedAdmin, is_administrator
from ttg.core.audit import record_change, snapshot

from . import services
from .models import Activity, CatalogueVersion


def _published(obj: Any) -> bool:
    version = obj if isinstance(obj, CatalogueVersion) else getattr(obj, "version", None)
    return bool(version is not None and version.published)


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ("order", "code", "title", "pathway", "level", "mode", "signpost_to", "mandatory", "cohort")
    extra = 0
    show_change_link = True  # description and guidance are edited on the activity's own page

    # The role decides, as in AuditedAdmin; the activities of a published version are shown, not changed.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request) and not _published(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request) and not _published(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request) and not _published(obj)


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(AuditedAdmin):
    list_display = ("name", "in_force_from", "published", "activity_count")
    list_filter = ("published",)
    search_fields = ("name",)
    fields = ("name", "in_force_from", "by_need_area", "notes", "published", "copied_from")
    readonly_fields = ("published", "copied_from")
    inlines = [ActivityInline]
    actions = ["copy_as_new_draft", "publish_versions"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CatalogueVersion]:
        return super().get_queryset(request).annotate(activity_total=Count("activities"))

    @admin.display(description=_("activities"), ordering="activity_total")
    def activity_count(self, obj: Any) -> int:
        return obj.activity_total

    # A published version is shown, never changed: what was in force stays as it was.
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not _published(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not _published(obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset.filter(published=False))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Each activity added, changed or deleted inline gets its own audit event."""
        before = {
            f.instance.pk: snapshot(Activity.objects.get(pk=f.instance.pk)) for f in formset.forms if f.instance.pk and f.has_changed()
        }
        deleted = {f.instance.pk: snapshot(f.instance) for f in formset.deleted_forms if f.instance.pk}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record_change(
                actor=request.user, action="plans.activity.add", obj=obj, after=snapshot(obj), reason="Changed in the administration pages"
            )
        for obj, _fields in formset.changed_objects:
            record_change(
                actor=request.user,
                action="plans.activity.change",
                obj=obj,
                before=before.get(obj.pk),
                after=snapshot(obj),
                reason="Changed in the administration pages",
            )
        for pk, snap in deleted.items():
            record_change(
                actor=request.user,
                action="plans.activity.delete",
                object_type="plans.Activity",
                object_id=str(pk),
                before=snap,
                reason="Deleted in the administration pages",
            )

    @admin.action(description=_("Copy as a new draft version"))
    def copy_as_new_draft(self, request: HttpRequest, queryset: QuerySet[CatalogueVersion]) -> None:
        for version in queryset:
            draft = services.copy_as_draft(version=version, by=request.user)
            link = reverse("admin:plans_catalogueversion_change", args=[draft.pk])
            self.message_user(
                request,
                format_html(_('Copied as a new draft: <a href="{}">{}</a>. Change it, then publish it.'), link, draft.name),
                messages.SUCCESS,
            )

    @admin.action(description=_("Publish (the version comes into force on its date)"))
    def publish_versions(self, request: HttpRequest, queryset: QuerySet[CatalogueVersion]) -> None:
        for version in queryset:
            try:
                services.publish(version=version, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("Published: %(version)s") % {"version": version}, messages.SUCCESS)


@admin.register(Activity)
class ActivityAdmin(AuditedAdmin):
    list_display = ("title", "code", "version", "pathway", "level", "mode", "signpost_to", "mandatory", "cohort")
    list_filter = ("version", "level", "pathway", "mode", "mandatory", "cohort")
    search_fields = ("title", "code", "description")
    list_select_related = ("version",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not _published(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not _published(obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset.filter(version__published=False))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "version":
            kwargs["queryset"] = CatalogueVersion.objects.filter(published=False)  # activities are added to drafts only
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
