"""The plans app's tables, gathered here for Django from its sub-packages, which each keep their own:
the catalogue (catalogue/models.py), the plan (plan/models.py), through the gate (gate/models.py) and
the handover (handover/models.py). Code imports them from their sub-package, never from here."""

from ttg.plans.catalogue.models import Activity, CatalogueLevel, CatalogueNeedArea, CataloguePathway, CatalogueVersion
from ttg.plans.gate.models import PreReleaseReview, ReleaseChecklist, ReleaseOutcome
from ttg.plans.handover.models import Handover, HandoverAlert
from ttg.plans.plan.models import Plan, PlanActivity, PlanGoal

__all__ = [
    "Activity",
    "CatalogueLevel",
    "CatalogueNeedArea",
    "CataloguePathway",
    "CatalogueVersion",
    "Handover",
    "HandoverAlert",
    "Plan",
    "PlanActivity",
    "PlanGoal",
    "PreReleaseReview",
    "ReleaseChecklist",
    "ReleaseOutcome",
]
