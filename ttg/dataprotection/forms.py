from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import DISPUTED_PARTS, DisputeOutcome

PRISON_NUMBER = r"^[A-Za-z][0-9]{4}[A-Za-z]{2}$"


class FindPersonForm(forms.Form):
    prison_number = forms.RegexField(
        regex=PRISON_NUMBER,
        strip=True,
        error_messages={
            "required": _("Enter a prison number"),
            "invalid": _("Enter a prison number in the right format, like A1234BC"),
        },
    )


class HoldForm(forms.Form):
    reason = forms.CharField(max_length=2000, error_messages={"required": _("Enter why the record must be kept")})


class ReleaseHoldForm(forms.Form):
    reason = forms.CharField(max_length=2000, error_messages={"required": _("Enter why the hold is released")})


class DisputeForm(forms.Form):
    part = forms.ChoiceField(
        choices=DISPUTED_PARTS,
        error_messages={
            "required": _("Select which part of the record the person says is wrong"),
            "invalid_choice": _("Select which part of the record the person says is wrong"),
        },
    )
    person_says = forms.CharField(max_length=4000, error_messages={"required": _("Enter what the person says is wrong")})


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=DisputeOutcome.choices, error_messages={"required": _("Select the outcome"), "invalid_choice": _("Select the outcome")}
    )
    resolution = forms.CharField(max_length=4000, error_messages={"required": _("Enter what was checked and what was done")})
