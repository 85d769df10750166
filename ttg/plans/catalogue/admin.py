"""Administrators edit the catalogue here. A published version is never changed in place: copy it
as a new draft, change the draft, and publish it with the date it comes into force."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ttg.core.admin import AuditedAdmin, is_administrator
from ttg.core.audit import record_change, snapshot
from ttg.plans.catalogue import services
from ttg.plans.catalogue.models import Activity, CatalogueLevel, CatalogueNeedArea, CataloguePathway, CatalogueVersion


def _published(obj: Any) -> bool:
    version = obj if isinstance(obj, CatalogueVersion) else getattr(obj, "version", None)
    return bool(version is not None and version.published)


class DraftOnlyInline(admin.TabularInline):
    """The role decides, as in AuditedAdmin; the rows of a published version are shown, not changed."""

    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request) and not _published(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request) and not _published(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request) and not _published(obj)


class LevelInline(DraftOnlyInline):
    model = CatalogueLevel
    fields = ("level", "name", "name_cy", "description", "description_cy")
    max_num = 3
    formfield_overrides = {
        CatalogueLevel._meta.get_field("description").__class__: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
    }


class NeedAreaFormSet(forms.BaseInlineFormSet):
    """A need area that pathways are in is not deleted or given another code: they would be left in
    a need area the version does not have. Move the pathways first."""

    def clean(self) -> None:
        super().clean()
        if self.instance.pk is None:
            return
        in_use: dict[str, list[str]] = {}
        for code, name in self.instance.pathways.exclude(need_area="").values_list("need_area", "name"):
            in_use.setdefault(code, []).append(name)
        errors = []
        for form in self.initial_forms:
            old = form.initial.get("code", "")
            cleaned = getattr(form, "cleaned_data", {})
            gone = bool(cleaned.get("DELETE")) or cleaned.get("code", old) != old
            if gone and old in in_use:
                errors.append(
                    _(
                        "Need area “%(name)s”: the pathways %(pathways)s are in it. Move them to another need area and save, then delete it or change its code."
                    )
                    % {"name": form.initial.get("name", old), "pathways": ", ".join(f"“{p}”" for p in in_use[old])}
                )
        if errors:
            raise ValidationError(errors)


class NeedAreaInline(DraftOnlyInline):
    model = CatalogueNeedArea
    formset = NeedAreaFormSet
    fields = ("order", "code", "name", "name_cy", "description", "description_cy")
    formfield_overrides = {
        CatalogueNeedArea._meta.get_field("description").__class__: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
    }


class PathwayInline(DraftOnlyInline):
    model = CataloguePathway
    fields = ("order", "code", "name", "name_cy", "description", "description_cy", "women_only", "need_area")
    max_num = len(CataloguePathway._meta.get_field("code").choices or ())
    formfield_overrides = {
        CataloguePathway._meta.get_field("description").__class__: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}
    }

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        """The need area is chosen from the version's own (saved) ones: add a need area and save
        before putting pathways in it. The model's clean checks it again."""
        formset = super().get_formset(request, obj, **kwargs)
        if "need_area" in formset.form.base_fields:
            areas = list(obj.need_areas.values_list("code", "name")) if obj is not None and obj.pk else []
            formset.form.base_fields["need_area"] = forms.ChoiceField(
                label=_("Need area"),
                choices=[("", _("None"))] + [(code, f"{name} ({code})") for code, name in areas],
                required=False,
                help_text=_("One of this version's need areas. A version organised by need area puts every pathway in one."),
            )
        return formset


class ActivityInline(DraftOnlyInline):
    model = Activity
    fields = ("order", "code", "title", "title_cy", "pathway", "level", "mode", "signpost_to", "mandatory", "cohort")
    show_change_link = True  # description (in English and Welsh) and guidance are edited on the activity's own page


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(AuditedAdmin):
    list_display = ("name", "in_force_from", "published", "activity_count")
    list_filter = ("published",)
    search_fields = ("name",)
    fields = ("name", "in_force_from", "by_need_area", "notes", "published", "copied_from")
    readonly_fields = ("published", "copied_from")
    inlines = [LevelInline, NeedAreaInline, PathwayInline, ActivityInline]
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
        """Each level, need area, pathway and activity added, changed or deleted inline gets its own
        audit event ("plans.cataloguepathway.change", …)."""
        model = formset.model
        label = model._meta.label_lower
        before = {
            f.instance.pk: snapshot(model._default_manager.get(pk=f.instance.pk))
            for f in formset.forms
            if f.instance.pk and f.has_changed()
        }
        deleted = {f.instance.pk: snapshot(f.instance) for f in formset.deleted_forms if f.instance.pk}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record_change(
                actor=request.user, action=f"{label}.add", obj=obj, after=snapshot(obj), reason="Changed in the administration pages"
            )
        for obj, _fields in formset.changed_objects:
            record_change(
                actor=request.user,
                action=f"{label}.change",
                obj=obj,
                before=before.get(obj.pk),
                after=snapshot(obj),
                reason="Changed in the administration pages",
            )
        for pk, snap in deleted.items():
            record_change(
                actor=request.user,
                action=f"{label}.delete",
                object_type=model._meta.label,
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
    search_fields = ("title", "title_cy", "code", "description")
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
