from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import Measure


class BenchmarkForm(forms.Form):
    measure = forms.ChoiceField(
        label=_("What is the benchmark for?"),
        choices=Measure.choices,
        error_messages={"required": _("Select what the benchmark is for"), "invalid_choice": _("Select what the benchmark is for")},
    )
    percent = forms.IntegerField(
        label=_("Benchmark"),
        min_value=0,
        max_value=100,
        error_messages={
            "required": _("Enter the benchmark, as a whole per cent"),
            "invalid": _("The benchmark must be a whole number, like 40"),
            "min_value": _("The benchmark must be between 0 and 100 per cent"),
            "max_value": _("The benchmark must be between 0 and 100 per cent"),
        },
    )
    reason = forms.CharField(
        label=_("What is it based on?"),
        max_length=2000,
        error_messages={
            "required": _("Say what the benchmark is based on"),
            "max_length": _("The reason must be 2,000 characters or fewer"),
        },
    )
