from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules


class PlanStatus(models.TextChoices):
    DRAFT = rules.DRAFT, _("Draft")
    SUBMITTED = rules.SUBMITTED, _("Submitted")
    RETURNED = rules.RETURNED, _("Returned")
    SIGNED_OFF = rules.SIGNED_OFF, _("Signed off")


class Readiness(models.TextChoices):
    NOT_DECLARED = rules.NOT_DECLARED, _("Not declared ready")
    DECLARED = rules.DECLARED, _("Declared ready")
    AGREED = rules.AGREED, _("Agreed by the governor")
    DISAGREED = rules.DISAGREED, _("Disagreed by the governor")
    SIGNED_OFF = rules.READY, _("Signed off by HMPPS")


class Response(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Not confirmed yet")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Disputed")


class SpaceKind(models.TextChoices):
    ROOM = "room", _("Room")
    WING = "wing", _("Wing")
    REGIME = "regime", _("Regime time")
    KEYS = "keys", _("Keys")
    CLEARANCE = "clearance", _("Security clearance")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
