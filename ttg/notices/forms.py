from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ttg.core.forms import GovukDateField
from ttg.estate.models import CRC

from . import links
from .constants import Audience


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")})
    summary = forms.CharField(
        label=_("What has changed, in plain English"), max_length=5000, error_messages={"required": _("Enter what has changed")}
    )
    what_to_do = forms.CharField(
        label=_("What to do differently"), max_length=5000, error_messages={"required": _("Enter what people must do differently")}
    )
    effective_on = GovukDateField(
        label=str(_("In effect from")), error_messages={"required": _("Enter the date the change is in effect from")}
    )
    audience = forms.MultipleChoiceField(
        label=_("Who it goes to"),
        choices=Audience.choices,
        error_messages={"required": _("Select who the notice goes to"), "invalid_choice": _("Select who the notice goes to")},
    )
    crc = forms.ChoiceField(label=_("Which CRCs"), required=False, error_messages={"invalid_choice": _("Select a CRC")})
    sector_left_out_reason = forms.CharField(label=_("Why the sector is not sent it"), required=False, max_length=2000)
    links = forms.MultipleChoiceField(
        label=_("What it announces"),
        error_messages={
            "required": _("Select the rule, questions or catalogue version the notice announces"),
            "invalid_choice": _("Select only rules, questions or catalogue versions that exist"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = links.options()
        cast(forms.ChoiceField, self.fields["crc"]).choices = [("", _("Every CRC"))] + [
            (c.code, c.name) for c in CRC.objects.order_by("name")
        ]
        cast(forms.MultipleChoiceField, self.fields["links"]).choices = [
            (o.value, o.label) for group in self.options.values() for o in group
        ]

    def crc_object(self) -> CRC | None:
        code = self.cleaned_data.get("crc")
        return CRC.objects.get(code=code) if code else None


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a file"), error_messages={"required": _("Select a file"), "empty": _("The selected file is empty")}
    )
