"""Forms of the payments pages. Money is typed in pounds and parsed to pence (money.parse_pounds)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ttg.core.forms import GovukDateField
from ttg.core.pathways import PATHWAYS
from ttg.estate.models import Organisation

from .constants import PurchaserKind, Unit
from .money import MAX_PENCE, MoneyError, format_pence, parse_pounds

PRISON_NUMBER = re.compile(r"^[A-Z]\d{4}[A-Z]{2}$")


# What is wrong with an amount typed, in the reader's language: one sentence per amount and problem
# (money.parse_pounds says it in English, naming the amount; Welsh orders the words differently).
MONEY_WORDS: dict[str, dict[str, Any]] = {
    "the price": {
        "empty": _("Enter the price"),
        "negative": _("The price must not be negative"),
        "format": _("The price must be an amount in pounds and pence, like 125.50"),
        "zero": _("The price must be more than £0"),
        "too_much": _("The price must be less than %(most)s"),
    },
    "what the CRC pays the partner": {
        "empty": _("Enter what the CRC pays the partner"),
        "negative": _("What the CRC pays the partner must not be negative"),
        "format": _("What the CRC pays the partner must be an amount in pounds and pence, like 125.50"),
        "zero": _("What the CRC pays the partner must be more than £0"),
        "too_much": _("What the CRC pays the partner must be less than %(most)s"),
    },
    "the budget's total": {
        "empty": _("Enter the budget's total"),
        "negative": _("The budget's total must not be negative"),
        "format": _("The budget's total must be an amount in pounds and pence, like 125.50"),
        "zero": _("The budget's total must be more than £0"),
        "too_much": _("The budget's total must be less than %(most)s"),
    },
    "the allocation": {
        "empty": _("Enter the allocation"),
        "negative": _("The allocation must not be negative"),
        "format": _("The allocation must be an amount in pounds and pence, like 125.50"),
        "zero": _("The allocation must be more than £0"),
        "too_much": _("The allocation must be less than %(most)s"),
    },
}


def money_words(label: str, error: MoneyError) -> str:
    """The problem with an amount in the reader's language (English for an amount not listed above)."""
    words = MONEY_WORDS.get(label, {}).get(error.problem)
    if words is None:
        return error.message
    return str(words) % {"most": format_pence(MAX_PENCE)} if error.problem == "too_much" else str(words)


def _pounds(form: forms.Form, name: str, label: str, *, required: bool = True) -> int | None:
    text = form.data.get(name, "")
    if not required and not str(text).strip():
        return None
    try:
        return parse_pounds(text, field=name, label=label)
    except MoneyError as error:
        raise forms.ValidationError(money_words(label, error)) from None


class DraftForm(forms.Form):
    in_force_from = GovukDateField(label=str(_("Date the new rate card comes into force")))

    def clean_in_force_from(self) -> Any:
        value = self.cleaned_data.get("in_force_from")
        if value is None:
            raise forms.ValidationError(_("Enter the date the new rate card comes into force"))
        return value


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Service"), max_length=200, error_messages={"required": _("Enter the service")})
    pathway = forms.ChoiceField(
        label=_("Pathway"), choices=[(p.code, p.name) for p in PATHWAYS], error_messages={"required": _("Select the pathway")}
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, error_messages={"required": _("Select what one unit is")})
    price = forms.CharField(label=_("Price per unit, in pounds"), required=False)
    provider_organisation = forms.ModelChoiceField(
        label=_("Partner who delivers it (optional)"), queryset=Organisation.objects.order_by("name"), required=False
    )
    partner_price = forms.CharField(label=_("What the CRC pays the partner per unit, in pounds (optional)"), required=False)

    def clean_price(self) -> int | None:
        return _pounds(self, "price", "the price")

    def clean_partner_price(self) -> int | None:
        return _pounds(self, "partner_price", "what the CRC pays the partner", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("partner_price") is not None and not data.get("provider_organisation"):
            self.add_error("provider_organisation", _("Select the partner the CRC pays"))
        if data.get("partner_price") is not None and data.get("price") is not None and data["partner_price"] > data["price"]:
            self.add_error("partner_price", _("What the CRC pays the partner cannot be more than the price"))
        return data


# Who may buy as what: responsible officers for themselves or their division; HMPPS contract
# managers nationally (services.make_purchase checks the same).
OFFICER_KINDS: list[tuple[str, Any]] = [
    (PurchaserKind.INDIVIDUAL, _("I am, as the responsible officer")),
    (PurchaserKind.DIVISION, _("My NPS division")),
]
NATIONAL_KINDS: list[tuple[str, Any]] = [(PurchaserKind.NATIONAL, _("HMPPS, nationally"))]


class BuyForm(forms.Form):
    prison_number = forms.CharField(
        label=_("Prison number"),
        max_length=7,
        help_text=_("For example, A1234BC"),
        error_messages={"required": _("Enter the prison number of the person you are buying for")},
    )
    item = forms.TypedChoiceField(label=_("Service"), coerce=int, error_messages={"required": _("Select the service to buy")})
    units = forms.IntegerField(
        label=_("Units"),
        min_value=1,
        max_value=1000,
        error_messages={
            "required": _("Enter how many units to buy"),
            "invalid": _("Units must be a whole number, like 6"),
            "min_value": _("Units must be at least 1"),
            "max_value": _("Units must be 1,000 or fewer"),
        },
    )
    purchaser_kind = forms.ChoiceField(
        label=_("Who is buying"),
        choices=OFFICER_KINDS,
        error_messages={"required": _("Select who is buying")},
    )

    def __init__(self, *args: Any, items: list[Any], kinds: list[tuple[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.pk, i.title) for i in items]  # type: ignore[attr-defined]
        if kinds is not None:
            self.fields["purchaser_kind"].choices = kinds  # type: ignore[attr-defined]

    def clean_prison_number(self) -> str:
        value = self.cleaned_data["prison_number"].strip().upper()
        if not PRISON_NUMBER.match(value):
            raise forms.ValidationError(_("Enter a prison number in the right format, like A1234BC"))
        return value


class VariationForm(forms.Form):
    extra_units = forms.IntegerField(
        label=_("How many more units are needed?"),
        min_value=1,
        max_value=1000,
        error_messages={
            "required": _("Enter how many more units are needed"),
            "invalid": _("Extra units must be a whole number, like 2"),
            "min_value": _("Extra units must be at least 1"),
            "max_value": _("Extra units must be 1,000 or fewer"),
        },
    )
    reason = forms.CharField(
        label=_("Why are more units needed?"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={
            "required": _("Enter why more units are needed"),
            "max_length": _("Why more units are needed must be 2,000 characters or fewer"),
        },
    )

    def clean_reason(self) -> str:
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(_("Enter why more units are needed"))
        return value


class DeliveryForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=40)
    units = forms.IntegerField(
        label=_("Units delivered"),
        min_value=1,
        max_value=1000,
        error_messages={
            "required": _("Enter the units delivered"),
            "invalid": _("Units delivered must be a whole number, like 1"),
            "min_value": _("Units delivered must be at least 1"),
            "max_value": _("Units delivered must be 1,000 or fewer"),
        },
    )
    delivered_on = GovukDateField(label=str(_("Date delivered")))

    def clean_delivered_on(self) -> Any:
        value = self.cleaned_data.get("delivered_on")
        if value is None:
            raise forms.ValidationError(_("Enter the date delivered"))
        return value


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you rejecting this claim?"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Enter why you are rejecting this claim")},
    )


class PaidForm(forms.Form):
    paid_on = GovukDateField(label=str(_("Date paid")))
    payment_reference = forms.CharField(
        label=_("Payment reference"), max_length=50, error_messages={"required": _("Enter the payment reference")}
    )

    def clean_paid_on(self) -> Any:
        value = self.cleaned_data.get("paid_on")
        if value is None:
            raise forms.ValidationError(_("Enter the date paid"))
        return value


class PurchaseDecisionForm(forms.Form):
    """The purchaser's decision on a purchase asked for: authorise, or refuse with a reason."""

    decision = forms.ChoiceField(
        label=_("Do you authorise this purchase?"),
        choices=[("authorise", _("Authorise it")), ("refuse", _("Refuse it"))],
        error_messages={
            "required": _("Select whether to authorise or refuse the purchase"),
            "invalid_choice": _("Select whether to authorise or refuse the purchase"),
        },
    )
    reason = forms.CharField(
        label=_("Why is it refused?"),
        help_text=_("Needed to refuse. The provider and the referrer see it."),
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason the purchase is refused: the provider and the referrer see it."))
        return data
