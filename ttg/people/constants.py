from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    RECEPTION = "RECEPTION", _("Reception")
    TRANSFER = "TRANSFER", _("Transfer")
    RELEASE = "RELEASE", _("Release")
    SENTENCE = "SENTENCE", _("Sentence")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class LegalStatus(models.TextChoices):
    REMAND = "REMAND", _("Remand")
    SENTENCED = "SENTENCED", _("Sentenced")
    RECALL = "RECALL", _("Recall")


class SentenceType(models.TextChoices):
    DETERMINATE = "DETERMINATE", _("Determinate")
    INDETERMINATE = "INDETERMINATE", _("Indeterminate")


class ReleaseType(models.TextChoices):
    CONDITIONAL = "CONDITIONAL", _("Conditional release")
    END_OF_SENTENCE = "END_OF_SENTENCE", _("End of sentence")
    PAROLE = "PAROLE", _("Parole")
    HOME_DETENTION_CURFEW = "HOME_DETENTION_CURFEW", _("Home detention curfew")
    COURT = "COURT", _("Released by the court")
    DEPORTED = "DEPORTED", _("Deported")
    OTHER = "OTHER", _("Other")


class FeedOutcome(models.TextChoices):
    APPLIED = "applied", _("Applied")
    PENDING = "pending", _("Waiting for an earlier event")
    CONFLICT = "conflict", _("Conflict: same event id, different content")


# ONS 2011 ethnicity codes (custody-feed.md: "ONS 2011 code").
ETHNICITY_CODES = {
    "W1": "White: English, Welsh, Scottish, Northern Irish or British",
    "W2": "White: Irish",
    "W3": "White: Gypsy or Irish Traveller",
    "W9": "White: any other White background",
    "M1": "Mixed: White and Black Caribbean",
    "M2": "Mixed: White and Black African",
    "M3": "Mixed: White and Asian",
    "M9": "Mixed: any other mixed background",
    "A1": "Asian or Asian British: Indian",
    "A2": "Asian or Asian British: Pakistani",
    "A3": "Asian or Asian British: Bangladeshi",
    "A4": "Asian or Asian British: Chinese",
    "A9": "Asian or Asian British: any other Asian background",
    "B1": "Black or Black British: Caribbean",
    "B2": "Black or Black British: African",
    "B9": "Black or Black British: any other Black background",
    "O2": "Other ethnic group: Arab",
    "O9": "Other ethnic group: any other ethnic group",
    "NS": "Not stated",
}
