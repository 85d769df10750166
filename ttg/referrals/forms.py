"""Forms of the referral pages (both sides). Messages name the field, in GOV.UK style."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ttg.core.forms import GovukDateField
from ttg.plans.catalogue.constants import PATHWAY_CHOICES

from . import rules
from .models import Achievement, Attendance, Funding, Method


class ChoicesForm(forms.Form):
    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


def _required(message: Any) -> dict[str, Any]:
    return {"required": message, "invalid_choice": message}


class OrganisationForm(ChoicesForm):
    organisation = forms.ChoiceField(
        label=_("Which organisation are you referring to?"), error_messages=_required(_("Choose an organisation"))
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("organisation", [(str(o.pk), o.name) for o in organisations])


class NeedForm(ChoicesForm):
    need = forms.CharField(
        label=_("What does the person need from the organisation?"),
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": _("Describe the need the partner is asked to meet")},
    )
    desired_outcomes = forms.MultipleChoiceField(
        label=_("Desired outcomes"),
        help_text=_("Select all that apply"),
        error_messages=_required(_("Choose at least one desired outcome")),
    )

    def __init__(self, *args: Any, outcomes: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("desired_outcomes", [(str(o.pk), o.text) for o in outcomes])


class ShareForm(forms.Form):
    shared = forms.MultipleChoiceField(
        label=_("What will you share about the person?"),
        help_text=_("Share only what the organisation needs. They see nothing else about the person."),
        choices=[(key, _(label)) for key, label in rules.SHAREABLE.items()],  # lazily: translated when the form is shown
        required=False,
        error_messages={"invalid_choice": _("Choose from the facts listed")},
    )
    partner_needs_to_know = forms.CharField(
        label=_("What else does the organisation need to know?"),
        help_text=_("For example, how to reach the person or risks to the worker. Do not repeat their offence unless it matters here."),
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )


class ConsentForm(forms.Form):
    consent_given = forms.ChoiceField(
        label=_("Has the person consented to this referral and to sharing this information?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        error_messages=_required(_("Select yes if the person has consented")),
    )
    consent_on = GovukDateField(label=str(_("Date of consent")), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent_given") == "no":
            self.add_error("consent_given", _("The person has not consented: the referral cannot be sent"))
        elif data.get("consent_given") == "yes" and not data.get("consent_on") and "consent_on" not in self.errors:
            self.add_error("consent_on", _("Enter the date of consent"))
        return data


class FundingForm(ChoicesForm):
    """How the work is funded. A rate-card referral carries its purchase from the start (R-R3): an
    authorised purchase's reference, or the organisation's rate-card service and units to ask the CRC
    to buy (`services` are those on the CRC's rate card in force)."""

    funding = forms.ChoiceField(
        label=_("How is the work funded?"), choices=Funding.choices, error_messages=_required(_("Say how the work is funded"))
    )
    service = forms.ChoiceField(
        label=_("Which service will you ask the CRC to buy?"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the organisation's services on the rate card")},
    )
    units = forms.IntegerField(
        label=_("How many units?"),
        required=False,
        min_value=1,
        max_value=999,
        error_messages={
            "invalid": _("Units must be a whole number, like 6"),
            "min_value": _("Units must be at least 1"),
            "max_value": _("Units must be at most 999"),
        },
    )
    purchase = forms.CharField(
        label=_("Or the reference of an authorised purchase"),
        required=False,
        max_length=20,
        help_text=_("If the service is already bought for this person, such as P1909-A1B2C3: then leave the service empty."),
    )

    def __init__(self, *args: Any, services: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("service", [(str(item.pk), item.title) for item in services])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["purchase"] = (cleaned.get("purchase") or "").strip().upper()
        rate_card = cleaned.get("funding") == rules.RATE_CARD
        if not rate_card:
            if cleaned["purchase"]:
                self.add_error(
                    "purchase", _("Only a rate-card referral can name a purchase: choose rate-card purchase, or leave this empty")
                )
            cleaned["service"], cleaned["units"] = "", None
            return cleaned
        if cleaned["purchase"]:
            if cleaned.get("service"):
                self.add_error("service", _("Ask for a service, or name a purchase: not both"))
            cleaned["service"], cleaned["units"] = "", None
        elif not cleaned.get("service") and "service" not in self.errors:
            self.add_error(
                "service",
                _(
                    "A rate-card referral carries its purchase from the start: choose the service to ask the CRC to buy, or give the reference of an authorised purchase"
                ),
            )
        elif not cleaned.get("units") and "units" not in self.errors:
            self.add_error("units", _("Enter how many units to ask for"))
        return cleaned


class PurchaseForm(forms.Form):
    purchase = forms.CharField(
        label=_("Purchase reference"), max_length=20, error_messages={"required": _("Enter the purchase reference, such as P1909-A1B2C3")}
    )


FUNDING_HINTS = {
    rules.SUPPLY_CHAIN: _("Paid for through the CRC's contract with this supply-chain partner"),
    rules.RATE_CARD: _(
        "Bought from the CRC's rate card: ask the CRC to buy the service now, or name a purchase already made. "
        "The organisation's work is claimed once the purchase is authorised."
    ),
    rules.UNFUNDED: _("The organisation does the work without payment from the CRC"),
}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=5000, error_messages={"required": _("Give a reason")})


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Case note"), widget=forms.Textarea, max_length=10000, error_messages={"required": _("Write the case note")}
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)


class AssignForm(ChoicesForm):
    caseworker = forms.ChoiceField(label=_("Who is the caseworker?"), error_messages=_required(_("Choose a caseworker")))

    def __init__(self, *args: Any, caseworkers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("caseworker", [(str(u.pk), u.get_full_name() or u.username) for u in caseworkers])


class SessionForm(forms.Form):
    on = GovukDateField(label=str(_("Date of the contact or session")), error_messages={"required": _("Enter the date of the session")})
    method = forms.ChoiceField(
        label=_("How was it?"), choices=Method.choices, error_messages=_required(_("Choose how the session was held"))
    )
    attendance = forms.ChoiceField(
        label=_("Did the person attend?"), choices=Attendance.choices, error_messages=_required(_("Say whether the person attended"))
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Needed if the person did not attend or the session did not happen"),
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False, max_length=5000)
    token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("attendance") in rules.ATTENDANCE_NEEDS_REASON and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason the person did not attend or the session did not happen"))
        return data


class OutcomesForm(forms.Form):
    """One result and note per desired outcome of the referral (fields named result_<id>, note_<id>)."""

    def __init__(self, *args: Any, outcomes: list[Any], current: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcomes = outcomes
        for o in outcomes:
            had = current.get(o.pk)
            self.fields[f"result_{o.pk}"] = forms.ChoiceField(
                label=o.text,
                choices=Achievement.choices,
                required=False,
                initial=had.result if had else None,
                error_messages={"invalid_choice": _("Choose achieved, partly achieved or not achieved")},
            )
            self.fields[f"note_{o.pk}"] = forms.CharField(
                label=_("Note on “%(o)s”") % {"o": o.text},
                widget=forms.Textarea,
                required=False,
                max_length=5000,
                initial=had.note if had else "",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"result_{o.pk}") for o in self.outcomes) and self.outcomes:
            self.add_error(f"result_{self.outcomes[0].pk}", _("Record at least one outcome"))
        return data


class CloseForm(forms.Form):
    summary = forms.CharField(
        label=_("End-of-service summary"),
        help_text=_("What was done and what was achieved. The referrer sees this."),
        widget=forms.Textarea,
        max_length=10000,
        error_messages={"required": _("Write an end-of-service summary")},
    )


class UnfundedWorkForm(forms.Form):
    person_reference = forms.CharField(
        label=_("Your reference for the person"),
        help_text=_("Your own case reference or their initials: not their name"),
        max_length=60,
        error_messages={"required": _("Give your reference for the person (not their name)")},
    )
    on = GovukDateField(label=str(_("Date of the work")), error_messages={"required": _("Enter the date of the work")})
    pathway = forms.ChoiceField(label=_("Pathway"), choices=PATHWAY_CHOICES, error_messages=_required(_("Choose a pathway")))
    description = forms.CharField(
        label=_("What did you do?"), widget=forms.Textarea, max_length=5000, error_messages={"required": _("Describe the work")}
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.25"),
        max_value=999,
        error_messages={
            "required": _("Enter the hours"),
            "invalid": _("Hours must be a number, like 1.5"),
            "min_value": _("Hours must be at least 0.25"),
            "max_value": _("Hours must be at most 999"),
            "max_decimal_places": _("Hours can have at most 2 decimal places"),
            "max_digits": _("Hours must be at most 999"),
        },
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
