"""Budgets and allocations are set by administrators here (funding.edit), audited like every admin change."""

from __future__ import annotations

from django.contrib import admin

from ttg.core.admin import AuditedAdmin

from .models import Allocation, Budget


class AllocationInline(admin.TabularInline):
    model = Allocation
    extra = 0
    fields = ["crc", "nps_division", "amount_pence"]


@admin.register(Budget)
class BudgetAdmin(AuditedAdmin):
    list_display = ["name", "kind", "year_starting", "amount_pence"]
    list_filter = ["kind", "year_starting"]
    inlines = [AllocationInline]
