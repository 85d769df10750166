"""Information-sharing agreements in the administration pages (administrators only): to correct one,
or end it by giving it a last day. Every change is in the audit trail. CRC managers record theirs
on the pages (/supply-chain/sharing-agreements/)."""

from typing import Any

from django import forms
from django.contrib import admin

from ttg.core import clock
from ttg.core.admin import AuditedAdmin

from . import rules
from .models import SharingAgreement


class SharingAgreementAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    categories = forms.MultipleChoiceField(choices=list(rules.CATEGORIES.items()), widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = SharingAgreement
        fields = [
            "crc",
            "organisation",
            "reference",
            "purpose",
            "lawful_basis",
            "categories",
            "valid_from",
            "valid_until",
            "signed_copy_reference",
        ]

    def clean_categories(self) -> list[str]:
        chosen = set(self.cleaned_data["categories"])
        return [c for c in rules.CATEGORIES if c in chosen]


@admin.register(SharingAgreement)
class SharingAgreementAdmin(AuditedAdmin):
    form = SharingAgreementAdminForm
    list_display = ("reference", "crc", "organisation", "valid_from", "valid_until")
    list_filter = ("crc", "organisation")
    search_fields = ("reference", "organisation__name")

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_at, obj.created_by = clock.now(), request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # disclosures were logged under it: end it with a last day instead
