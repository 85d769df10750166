from django.db import models
from django.utils.translation import gettext_lazy as _


class PrisonEstate(models.TextChoices):
    MALE = "male", _("Men's estate")
    FEMALE = "female", _("Women's estate")


class Country(models.TextChoices):
    """The country a prison is in: the homelessness route it follows depends on it (issue 23 item 9).
    The values are those of ttg.estate.reference (ENGLAND, WALES), which the pure rules use."""

    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")


class OrganisationType(models.TextChoices):
    VOLUNTARY = "voluntary", _("Voluntary sector")
    STATUTORY = "statutory", _("Statutory")
    PRIVATE = "private", _("Private")


# Specialisms the brief names (service brief, "The estate"). Loaded as reference data.
SPECIALISMS = {
    "womens_centre": _("Women's centre"),
    "domestic_abuse": _("Domestic abuse"),
    "learning_disability": _("Learning disability"),
    "bame_led": _("BAME-led"),
    "user_led": _("User-led"),
    "accommodation": _("Accommodation"),
    "employment": _("Employment"),
    "finance_debt": _("Finance and debt"),
}
