from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ttg.core.forms import GovukDateField
from ttg.core.pathways import PATHWAYS
from ttg.estate.models import CRC, Organisation, Prison

from . import rules
from .models import TTG_CASEWORK, TTG_CASEWORK_NAME


class ContractForm(forms.Form):
    crc = forms.ChoiceField(label=_("CRC"), error_messages={"required": _("Select the CRC"), "invalid_choice": _("Select the CRC")})
    organisation = forms.ChoiceField(
        label=_("Organisation"), error_messages={"required": _("Select the organisation"), "invalid_choice": _("Select the organisation")}
    )
    reference = forms.CharField(
        label=_("Contract reference"), max_length=50, error_messages={"required": _("Enter the contract reference")}
    )
    title = forms.CharField(label=_("Contract title"), max_length=200, error_messages={"required": _("Enter the contract title")})
    starts_on = GovukDateField(label=str(_("Start date")), error_messages={"required": _("Enter the start date")})
    ends_on = GovukDateField(label=str(_("End date")), required=False)
    value = forms.CharField(label=_("Contract value in pounds (optional)"), required=False, max_length=20)

    def __init__(self, *args: Any, crcs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["crc"]).choices = [("", "")] + [(c.code, c.name) for c in crcs]
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [("", "")] + [
            (str(o.pk), o.name) for o in Organisation.objects.order_by("name")
        ]

    def clean_value(self) -> int | None:
        raw = self.cleaned_data["value"].replace(",", "").replace("£", "").strip()
        if not raw:
            return None
        try:
            pounds = Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError(_("Enter the value as an amount in pounds, like 25000 or 25000.50")) from None
        if pounds < 0 or pounds != pounds.quantize(Decimal("0.01")) or pounds > Decimal("100000000000"):
            raise forms.ValidationError(_("Enter the value as an amount in pounds, like 25000 or 25000.50"))
        return int(pounds * 100)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date must be the same as or after the start date"))
        return data

    def crc_object(self) -> CRC:
        return CRC.objects.get(code=self.cleaned_data["crc"])

    def organisation_object(self) -> Organisation:
        return Organisation.objects.get(pk=self.cleaned_data["organisation"])


class ServiceForm(forms.Form):
    pathway = forms.ChoiceField(
        label=_("Pathway"),
        choices=[("", "")] + [(p.code, p.name) for p in PATHWAYS] + [(TTG_CASEWORK, TTG_CASEWORK_NAME)],
        error_messages={"required": _("Select the pathway"), "invalid_choice": _("Select the pathway")},
    )
    activity_code = forms.CharField(label=_("Catalogue activity code (optional)"), required=False, max_length=40)
    prison = forms.ChoiceField(
        label=_("Prison"), error_messages={"required": _("Select the prison"), "invalid_choice": _("Select the prison")}
    )
    since = GovukDateField(label=str(_("Start date")), error_messages={"required": _("Enter the start date")})
    until = GovukDateField(label=str(_("End date")), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["prison"]).choices = [("", "")] + [(p.code, p.name) for p in Prison.objects.order_by("name")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end date must be the same as or after the start date"))
        return data


class EndServiceForm(forms.Form):
    until = GovukDateField(label=str(_("Last day of the service")), error_messages={"required": _("Enter the last day of the service")})
    reason = forms.CharField(label=_("Why it ends (optional)"), required=False, max_length=500, widget=forms.Textarea)


NPS_CHOICE = "nps"


class SharingAgreementForm(forms.Form):
    """An information-sharing agreement (U3, rule R-R5)."""

    crc = forms.ChoiceField(
        label=_("Who discloses the data"),
        error_messages={"required": _("Select the CRC, or the NPS"), "invalid_choice": _("Select the CRC, or the NPS")},
    )
    organisation = forms.ChoiceField(
        label=_("Organisation that receives it"),
        error_messages={"required": _("Select the organisation"), "invalid_choice": _("Select the organisation")},
    )
    reference = forms.CharField(
        label=_("Agreement reference"), max_length=50, error_messages={"required": _("Enter the agreement reference")}
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=2000, error_messages={"required": _("Enter the purpose of the sharing")})
    lawful_basis = forms.CharField(
        label=_("Lawful basis"), max_length=300, error_messages={"required": _("Enter the lawful basis for the sharing")}
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories of data it allows"),
        choices=[(c, _(words)) for c, words in rules.CATEGORIES.items()],  # lazily: translated when shown
        error_messages={
            "required": _("Select at least one category of data the agreement allows"),
            "invalid_choice": _("Select categories from the list"),
        },
    )
    valid_from = GovukDateField(label=str(_("First day")), error_messages={"required": _("Enter the first day it covers")})
    valid_until = GovukDateField(label=str(_("Last day")), required=False)
    signed_copy_reference = forms.CharField(
        label=_("Where the signed copy is kept"), max_length=200, error_messages={"required": _("Enter where the signed copy is kept")}
    )

    def __init__(self, *args: Any, crcs: Any, nps: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "")] + [(c.code, c.name) for c in crcs]
        if nps:
            choices.append((NPS_CHOICE, str(_(rules.NPS))))
        cast(forms.ChoiceField, self.fields["crc"]).choices = choices
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [("", "")] + [
            (str(o.pk), o.name) for o in Organisation.objects.order_by("name")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            self.add_error("valid_until", _("The last day must be the same as or after the first day"))
        return data

    def crc_object(self) -> CRC | None:
        code = self.cleaned_data["crc"]
        return None if code == NPS_CHOICE else CRC.objects.get(code=code)

    def organisation_object(self) -> Organisation:
        return Organisation.objects.get(pk=self.cleaned_data["organisation"])
