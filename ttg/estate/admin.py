from django.contrib import admin

from ttg.core.admin import AuditedAdmin

from .models import CRC, NPSDivision, Organisation, Prison


@admin.register(Prison)
class PrisonAdmin(AuditedAdmin):
    list_display = ("code", "name", "estate", "country", "crc", "enhanced_go_live_on")
    list_filter = ("estate", "country", "crc")
    search_fields = ("code", "name")
    list_select_related = ("crc",)


@admin.register(CRC)
class CRCAdmin(AuditedAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(NPSDivision)
class NPSDivisionAdmin(AuditedAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "type", "charity_number")
    list_filter = ("type",)
    search_fields = ("name", "charity_number")
