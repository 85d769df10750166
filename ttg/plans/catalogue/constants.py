"""Choices of the specification catalogue: levels, deliver or signpost, partners and cohorts.

The pathway codes are not repeated here: they live in `ttg.core.pathways`, and the choices
below are built from them. What a pathway, a need area or a level is called and means is not
here either: that is each catalogue version's data (CataloguePathway, CatalogueNeedArea,
CatalogueLevel).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ttg.core.pathways import PATHWAYS

PATHWAY_CHOICES = [(p.code, p.name) for p in PATHWAYS]


class Level(models.IntegerChoices):
    """The three levels of support (service brief R-P2)."""

    ONE = 1, _("Level 1")
    TWO = 2, _("Level 2")
    THREE = 3, _("Level 3")


class Mode(models.TextChoices):
    """Whether the CRC delivers the activity itself or signposts to a partner (R-P3)."""

    DELIVER = "deliver", _("Delivered by the CRC")
    SIGNPOST = "signpost", _("Signposted")


class SignpostTo(models.TextChoices):
    """The kind of partner a signposted activity goes to."""

    PRISON_HEALTHCARE = "prison_healthcare", _("Prison healthcare")
    SUBSTANCE_MISUSE = "substance_misuse_service", _("Substance-misuse service")
    LOCAL_HOUSING_AUTHORITY = "local_housing_authority", _("Local housing authority")
    DWP_WORK_COACH = "dwp_work_coach", _("DWP work coach (Jobcentre Plus)")
    BANK = "bank", _("Bank or building society")
    DEBT_ADVICE = "debt_advice_service", _("Debt advice service")
    CAREERS_SERVICE = "careers_service", _("National Careers Service")
    PRISON_EDUCATION = "prison_education", _("Prison education provider")
    FAMILY_SERVICE = "family_service", _("Family support service")
    SPECIALIST_ORGANISATION = "specialist_organisation", _("Specialist organisation")
    WOMENS_CENTRE = "womens_centre", _("Women's centre")
    LEAVING_CARE_TEAM = "leaving_care_team", _("Local authority leaving-care team")
    VETERANS_ORGANISATION = "veterans_organisation", _("Veterans' organisation")


class Cohort(models.TextChoices):
    """Who an activity is for, when not for everyone (blank means everyone)."""

    WOMEN = "women", _("Women")
    DOMESTIC_ABUSE = "domestic_abuse", _("Women who have experienced domestic abuse")
    SEX_WORK = "sex_work", _("Women who have been involved in sex work")
    LEARNING_DISABILITY = "learning_disability", _("People with a learning disability")
    CARE_LEAVERS = "care_leavers", _("Care leavers")
    VETERANS = "veterans", _("Veterans of the armed forces")
