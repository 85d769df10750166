from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    """What a contract manager may set a benchmark for (R-A4a): a share, in per cent."""

    VOLUNTARY_SPEND = "voluntary_spend", _("Share of spend reaching voluntary-sector organisations")
    SPECIALIST_SPEND = "specialist_spend", _("Share of spend reaching specialist organisations")
    VOLUNTARY_ACTIVITIES = "voluntary_activities", _("Share of delivered activities delivered by voluntary-sector organisations")
    SPECIALIST_ACTIVITIES = "specialist_activities", _("Share of delivered activities delivered by specialist organisations")


# The measures in a chart's few words.
SHORT_LABELS = {
    Measure.VOLUNTARY_SPEND: _("Spend: voluntary sector"),
    Measure.SPECIALIST_SPEND: _("Spend: specialist"),
    Measure.VOLUNTARY_ACTIVITIES: _("Activities: voluntary sector"),
    Measure.SPECIALIST_ACTIVITIES: _("Activities: specialist"),
}
