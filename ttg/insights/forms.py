from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ttg.insights.models import ExtractFormat


class ExtractForm(forms.Form):
    purpose = forms.CharField(
        label=_("What is the extract for?"),
        max_length=2000,
        error_messages={
            "required": _("Enter what the extract is for"),
            "max_length": _("What the extract is for must be 2,000 characters or fewer"),
        },
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=ExtractFormat.choices,
        error_messages={"required": _("Select a format"), "invalid_choice": _("Select a format")},
    )
