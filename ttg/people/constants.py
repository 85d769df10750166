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
