"""Choices of the specification catalogue: levels, deliver or signpost, partners and cohorts.

Pathways and need areas are not repeated here: they live in `ttg.screening.pathways`, and the
choices below are built from them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ttg.screening.pathways import NEED_AREAS, PATHWAYS

PATHWAY_CHOICES = [(p.code, p.name) for p in PATHWAYS]
NEED_AREA_CHOICES = [(a.code, a.name) for a in NEED_AREAS]


class Level(models.IntegerChoices):
    """The three levels of support (service brief R-P2)."""

    ONE = 1, _("Level 1")
    TWO = 2, _("Level 2")
    THREE = 3, _("Level 3")


# What each level means (service brief R-P2).
LEVEL_DESCRIPTIONS = {
    Level.ONE: _("Screening needs and resettlement planning: for everyone."),
    Level.TWO: _(
        "For people with a particular need: needs-driven, not every activity is mandatory, delivered according to individual circumstances."
    ),
    Level.THREE: _(
        "For further additional needs, complexities and vulnerabilities: for example women who have experienced domestic abuse, or people with learning disabilities."
    ),
}


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
