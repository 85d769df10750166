from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules


class Rating(models.TextChoices):
    MET = "met", _("Met the specification")
    PARTLY = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class Evidence(models.TextChoices):
    """What the contract manager may have seen on a sampled case's record (R-A2's checklist)."""

    BCST1 = "bcst1", _("BCST1 (Basic Custody Screening Tool part 1)")
    BCST2 = "bcst2", _("BCST2 and the resettlement needs")
    PLAN = "plan", _("Resettlement plan")
    REFERRALS = "referrals", _("Referrals and activities delivered")
    REVIEW = "review", _("Pre-release review")
    HANDOVER = "handover", _("Handover to the responsible officer")
    OUTCOMES = "outcomes", _("Outcomes on release")


class ActionStatus(models.TextChoices):
    PROPOSED = rules.PROPOSED, _("Waiting for the CRC")
    AGREED = rules.AGREED, _("Agreed")
    DISPUTED = rules.DISPUTED, _("Disputed by the CRC")
    CLOSED = rules.CLOSED, _("Closed")


class IssueStatus(models.TextChoices):
    OPEN = rules.OPEN, _("Open")
    RESOLVED = rules.RESOLVED, _("Resolved")


class IssueTopic(models.TextChoices):
    PAYMENT = "payment", _("Payment: a claim or invoice not paid")
    DELIVERY = "delivery", _("Delivery of the service")
    SUPPLY_CHAIN = "supply_chain", _("The supply chain: how the CRC works with partners")
    INFORMATION = "information", _("Information sharing")
    OTHER = "other", _("Something else")


class EngagementKind(models.TextChoices):
    REQUESTED = rules.REQUESTED, _("Meeting requested")
    HELD = rules.HELD, _("Meeting held")
    POSTPONED = rules.POSTPONED, _("Meeting postponed")
    CANCELLED = rules.CANCELLED, _("Meeting cancelled")
    NO_ENGAGEMENT = rules.NO_ENGAGEMENT, _("No engagement")


class Side(models.TextChoices):
    CRC = "crc", _("The CRC")
    PARTNER = "partner", _("The partner organisation")
