"""The languages of what a person is given (issue 22, docs/welsh.md): English and Welsh, the two the
service speaks. Each is named in its own language, as a language choice is. The values are Django's
language codes, so `translation.override(language)` takes them as they are."""

from __future__ import annotations

from django.db import models


class Language(models.TextChoices):
    ENGLISH = "en-gb", "English"
    WELSH = "cy", "Cymraeg (Welsh)"
