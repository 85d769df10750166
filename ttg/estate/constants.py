from django.db import models
from django.utils.translation import gettext_lazy as _


class PrisonEstate(models.TextChoices):
    MALE = "male", _("Men's estate")
    FEMALE = "female", _("Women's estate")


class OrganisationType(models.TextChoices):
    VOLUNTARY = "voluntary", _("Voluntary sector")
    STATUTORY = "statutory", _("Statutory")
    PRIVATE = "private", _("Private")
