from django.db import models
from django.utils.translation import gettext_lazy as _


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Accuracy disputed")
    RESOLVED = "resolved", _("Resolved")


class DisputeOutcome(models.TextChoices):
    CORRECTED = "corrected", _("Corrected: the record was wrong and has been put right")
    UPHELD = "upheld", _("Not changed: the record was checked and is accurate")
    WITHDRAWN = "withdrawn", _("Withdrawn by the person")


# The parts of a person's record a dispute can be about (the words staff choose from).
DISPUTED_PARTS = (
    ("name", _("Name")),
    ("date_of_birth", _("Date of birth")),
    ("sex", _("Sex")),
    ("ethnicity", _("Ethnicity")),
    ("custody", _("Custody and sentence details")),
    ("screening", _("Screening answers (BCST1 or BCST2)")),
    ("plan", _("Resettlement plan")),
    ("referral", _("A referral or what a partner recorded")),
    ("other", _("Something else")),
)
