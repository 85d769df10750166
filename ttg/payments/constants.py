from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    """What one unit of a rate-card item is (R-F1)."""

    REFERRAL = "referral", _("per referral")
    SESSION = "session", _("per session attended")
    HOUR = "hour", _("per hour")
    OUTCOME = "outcome", _("per outcome achieved")


class PurchaserKind(models.TextChoices):
    """Who commissions a purchase (R-F2), and one more: a CRC buying from its own partner."""

    INDIVIDUAL = "individual", _("A responsible officer")
    DIVISION = "division", _("An NPS division")
    NATIONAL = "national", _("Nationally")
    CRC = "crc", _("A CRC, from its supply-chain partner")


class PurchaseStatus(models.TextChoices):
    """A purchase is the authority to deliver. One asked for when a referral is sent (issue 15, R-F3)
    starts as requested, and the purchaser authorises or refuses it."""

    REQUESTED = "requested", _("Requested: waiting for the purchaser")
    AUTHORISED = "authorised", _("Authorised")
    COMPLETE = "complete", _("Complete")
    CANCELLED = "cancelled", _("Cancelled")
    REFUSED = "refused", _("Refused")


# Purchases that commit nothing of their allocation: asked for and not (yet) authorised.
NOT_COMMITTED = (PurchaseStatus.REQUESTED, PurchaseStatus.REFUSED)


class Unfunded(models.TextChoices):
    """Why a delivery recorded against a purchase has no claim line (yet): stored on the delivery,
    explained in words by rules.unfunded_words. Blank: it is claimed."""

    AWAITING = "awaiting", _("The purchase is waiting for the purchaser's decision")
    REFUSED = "refused", _("The purchaser refused the purchase")
    BEFORE = "before", _("Delivered before the purchase's authority begins")
    BEYOND = "beyond", _("Beyond the units authorised")
    CANCELLED = "cancelled", _("The purchase was cancelled")


class VariationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Open: collecting this month's delivery")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


class Tier(models.TextChoices):
    """Which claim a delivery's line goes on: the buyer's, or the CRC's own payment to its partner."""

    PURCHASE = "purchase", _("From the provider to the purchaser")
    SUBCONTRACT = "subcontract", _("From the partner to the CRC")


class BudgetKind(models.TextChoices):
    ENHANCED = "enhanced_specification", _("Enhanced specification (resettlement prisons)")
    RATE_CARD = "rate_card", _("Rate-card purchases (non-resettlement prisons)")


UNPAID = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)
