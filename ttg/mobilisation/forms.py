"""The forms of mobilisation: one per section of the plan, and one per decision."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ttg.core.forms import GovukDateField
from ttg.estate.models import CRC, Organisation

from . import rules
from .constants import SpaceKind


def _english(words: object) -> str:
    with translation.override("en-gb"):
        return str(words)


class StaffForm(forms.Form):
    role = forms.CharField(label=_("Role"), max_length=100, error_messages={"required": _("Enter the role")})
    employer = forms.CharField(label=_("Employer"), max_length=200, error_messages={"required": _("Enter who employs them")})
    planned = forms.IntegerField(
        label=_("Number planned"),
        min_value=0,
        max_value=999,
        error_messages={"required": _("Enter how many are planned"), "invalid": _("Enter a whole number")},
    )
    in_post = forms.IntegerField(
        label=_("Number in post"),
        min_value=0,
        max_value=999,
        error_messages={"required": _("Enter how many are in post"), "invalid": _("Enter a whole number")},
    )

    def row(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("role", "employer", "planned", "in_post")}


class SpaceForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=SpaceKind.choices, error_messages={"required": _("Select what it is")})
    description = forms.CharField(label=_("Description"), max_length=300, error_messages={"required": _("Enter a description")})
    person = forms.CharField(label=_("Member of staff (for keys and security clearance)"), max_length=200, required=False)
    agreed = forms.ChoiceField(
        label=_("Agreed with the prison?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        error_messages={"required": _("Select whether it is agreed")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") in (SpaceKind.KEYS, SpaceKind.CLEARANCE) and not data.get("person", "").strip():
            self.add_error("person", _("Enter the member of staff the keys or clearance are for"))
        return data

    def row(self) -> dict[str, Any]:
        kind = self.cleaned_data["kind"]
        return {
            "kind": kind,
            "kind_words": _english(SpaceKind(kind).label),  # stored: the plan's record is in English
            "description": self.cleaned_data["description"],
            "person": self.cleaned_data["person"].strip(),
            "agreed": self.cleaned_data["agreed"] == "yes",
        }


class RiskForm(forms.Form):
    risk = forms.CharField(label=_("Risk"), max_length=300, error_messages={"required": _("Enter the risk")})
    action = forms.CharField(label=_("Action"), max_length=300, error_messages={"required": _("Enter the action")})
    owner = forms.CharField(label=_("Owner"), max_length=200, error_messages={"required": _("Enter who owns the action")})

    def row(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("risk", "action", "owner")}


class CommitmentForm(forms.Form):
    organisation = forms.ChoiceField(
        label=_("Organisation"), error_messages={"required": _("Select the organisation"), "invalid_choice": _("Select the organisation")}
    )
    services = forms.CharField(label=_("Services"), max_length=300, error_messages={"required": _("Enter the services committed")})
    money = forms.CharField(
        label=_("Money committed in pounds"), max_length=20, error_messages={"required": _("Enter the money committed, or 0")}
    )
    fte = forms.DecimalField(
        label=_("Staff committed (full-time equivalent)"),
        min_value=Decimal(0),
        max_value=Decimal(999),
        decimal_places=2,
        error_messages={
            "required": _("Enter the full-time equivalent, or 0"),
            "invalid": _("Enter the full-time equivalent as a number, like 1.5"),
        },
    )
    starts_on = GovukDateField(label=str(_("From")), error_messages={"required": _("Enter the date it starts")})
    ends_on = GovukDateField(label=str(_("To (optional)")), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [("", "")] + [
            (str(o.pk), o.name) for o in Organisation.objects.order_by("name")
        ]

    def clean_money(self) -> int:
        raw = self.cleaned_data["money"].replace(",", "").replace("£", "").strip()
        try:
            pounds = Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError(_("Enter the money as an amount in pounds, like 25000 or 25000.50")) from None
        if pounds < 0 or pounds != pounds.quantize(Decimal("0.01")) or pounds > Decimal("100000000000"):
            raise forms.ValidationError(_("Enter the money as an amount in pounds, like 25000 or 25000.50"))
        return int(pounds * 100)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date must be the same as or after the start date"))
        return data

    def organisation_object(self) -> Organisation:
        return Organisation.objects.get(pk=self.cleaned_data["organisation"])


SECTION_FORMS: dict[str, type[forms.Form]] = {"staff": StaffForm, "space": SpaceForm, "partners": CommitmentForm, "risks": RiskForm}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("sign_off", _("Sign the plan off")), ("return", _("Return it to the CRC"))],
        error_messages={"required": _("Select whether you sign the plan off or return it")},
    )
    checklist = forms.MultipleChoiceField(
        label=_("Checklist"), choices=[(key, _(text)) for key, text in rules.CHECKLIST], required=False, widget=forms.CheckboxSelectMultiple
    )
    comments = forms.CharField(label=_("Comments for the CRC"), max_length=2000, required=False)


class DeclareForm(forms.Form):
    ready_from = GovukDateField(label=str(_("Ready from")), error_messages={"required": _("Enter the date the CRC is ready from")})


class GovernorForm(forms.Form):
    agree = forms.ChoiceField(
        label=_("Do you agree the CRC is ready?"),
        choices=[("yes", _("Yes, I agree")), ("no", _("No, I disagree"))],
        error_messages={"required": _("Select whether you agree")},
    )
    reason = forms.CharField(label=_("Your reasons"), max_length=2000, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agree") == "no" and not data.get("reason", "").strip():
            self.add_error("reason", _("Enter why you disagree that the CRC is ready"))
        return data


class GoLiveForm(forms.Form):
    go_live_on = GovukDateField(label=str(_("Go-live date")), error_messages={"required": _("Enter the go-live date")})
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class RespondForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Were you engaged for this?"),
        choices=[("confirm", _("Yes, we were engaged for this")), ("dispute", _("No, we dispute it"))],
        error_messages={"required": _("Select whether you confirm or dispute it")},
    )
    reason = forms.CharField(label=_("Why you dispute it"), max_length=2000, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "dispute" and not data.get("reason", "").strip():
            self.add_error("reason", _("Enter why you dispute it"))
        return data


class MeetingForm(forms.Form):
    held_on = GovukDateField(label=str(_("Date of the meeting")), error_messages={"required": _("Enter the date of the meeting")})
    attendees = forms.CharField(label=_("Who attended"), max_length=2000, error_messages={"required": _("Enter who attended")})
    notes = forms.CharField(label=_("Notes (optional)"), max_length=10000, required=False)


def _organisation_choices() -> list[tuple[str, str]]:
    return [("", "")] + [(str(o.pk), o.name) for o in Organisation.objects.order_by("name")]


class MeetingActionForm(forms.Form):
    what = forms.CharField(label=_("Action"), max_length=500, error_messages={"required": _("Enter the action")})
    owner = forms.CharField(label=_("Owner"), max_length=200, required=False)
    owner_organisation = forms.ChoiceField(
        label=_("Or an organisation that owns it"), required=False, error_messages={"invalid_choice": _("Select the organisation")}
    )
    due_on = GovukDateField(label=str(_("Due by")), error_messages={"required": _("Enter the date it is due by")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner_organisation"]).choices = _organisation_choices()

    def clean_owner_organisation(self) -> str:
        """Checked here (the field after the owner), so that the error summary keeps the fields' order."""
        chosen = self.cleaned_data["owner_organisation"]
        if "owner" in self.cleaned_data and not self.cleaned_data["owner"].strip() and not chosen:
            self.add_error("owner", _("Enter who owns the action, or select an organisation"))
        return str(chosen)

    def organisation_object(self) -> Organisation | None:
        pk = self.cleaned_data.get("owner_organisation")
        return Organisation.objects.get(pk=pk) if pk else None


class BidNamingForm(forms.Form):
    crc = forms.ChoiceField(label=_("CRC"), error_messages={"required": _("Select the CRC"), "invalid_choice": _("Select the CRC")})
    organisation = forms.ChoiceField(
        label=_("Organisation named in the bid"),
        error_messages={"required": _("Select the organisation"), "invalid_choice": _("Select the organisation")},
    )
    named_for = forms.CharField(
        label=_("What the bid named it for"),
        max_length=300,
        error_messages={"required": _("Enter what the bid named the organisation for")},
    )

    def __init__(self, *args: Any, crcs: list[CRC], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.crcs = {str(c.pk): c for c in crcs}
        cast(forms.ChoiceField, self.fields["crc"]).choices = [("", "")] + [(k, c.name) for k, c in self.crcs.items()]
        cast(forms.ChoiceField, self.fields["organisation"]).choices = _organisation_choices()

    def crc_object(self) -> CRC:
        return self.crcs[self.cleaned_data["crc"]]

    def organisation_object(self) -> Organisation:
        return Organisation.objects.get(pk=self.cleaned_data["organisation"])
