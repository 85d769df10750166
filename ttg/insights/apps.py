from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Insights and evaluation (R-E1, R-E2): outcomes by cohort and equality analysis for analysts,
    counted across people, screening, plans and payments. No models of its own."""

    name = "ttg.insights"
    label = "insights"
    verbose_name = "Insights and evaluation"

    def ready(self) -> None:
        from . import access, home

        access.register()
        home.register()
