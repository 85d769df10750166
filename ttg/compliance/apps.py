from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    """Compliance with the specification per CRC, prison and month (R-A1), counted from the records:
    set-based SQL over stored state, counted by a scheduled job into `MonthlyCount` for the pages to read."""

    name = "ttg.compliance"
    label = "compliance"
    verbose_name = "Compliance"

    def ready(self) -> None:
        from . import access, home

        access.register()
        home.register()
