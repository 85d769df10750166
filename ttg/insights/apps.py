from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Insights and evaluation (R-E1, R-E2): outcomes by cohort and equality analysis for analysts,
    read across people, screening, plans and payments."""

    name = "ttg.insights"
    label = "insights"
    verbose_name = "Insights and evaluation"
