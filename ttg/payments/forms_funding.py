"""Forms of the budget pages. Totals are typed in pounds and parsed exactly to pence (money.parse_pounds)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import BudgetKind
from .forms import money_words
from .money import MoneyError, parse_pounds


def _pounds(form: forms.Form, name: str, label: str, *, allow_zero: bool = False) -> int:
    try:
        return parse_pounds(form.data.get(name, ""), field=name, label=label, allow_zero=allow_zero)
    except MoneyError as error:
        raise forms.ValidationError(money_words(label, error)) from None


class BudgetForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of budget"), choices=BudgetKind.choices, error_messages={"required": _("Select the kind of budget")}
    )
    year = forms.IntegerField(
        label=_("Financial year starting 1 April"),
        min_value=2015,
        max_value=2100,
        error_messages={
            "required": _("Enter the year the budget starts, like 2020"),
            "invalid": _("The year must be a year, like 2020"),
            "min_value": _("The year must be 2015 or later"),
            "max_value": _("The year must be 2100 or earlier"),
        },
    )
    name = forms.CharField(label=_("Name"), max_length=200, error_messages={"required": _("Enter the budget's name")})
    amount = forms.CharField(label=_("Total, in pounds"), required=False)

    def clean_amount(self) -> int:
        return _pounds(self, "amount", "the budget's total")


class AllocationForm(forms.Form):
    holder = forms.ChoiceField(label=_("Allocated to"), error_messages={"required": _("Select who the allocation is for")})
    amount = forms.CharField(label=_("Allocation, in pounds"), required=False)

    def __init__(self, *args: Any, holders: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = holders  # type: ignore[attr-defined]
        self.fields["holder"].error_messages["invalid_choice"] = _("Select who the allocation is for")

    def clean_amount(self) -> int:
        return _pounds(self, "amount", "the allocation", allow_zero=True)
