"""The forms of contract assurance."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ttg.core.forms import GovukDateField

from .constants import EngagementKind, Evidence, IssueTopic, Rating
from .services import MAX_SAMPLE


def _choices(queryset: Any, label: Any = str) -> list[tuple[str, str]]:
    return [("", _("Choose"))] + [(str(o.pk), label(o)) for o in queryset]


class SampleForm(forms.Form):
    crc = forms.ChoiceField(label=_("CRC"), error_messages={"required": _("Choose the CRC"), "invalid_choice": _("Choose the CRC")})
    period_start = GovukDateField(label=str(_("Received from")), error_messages={"required": _("Enter the first day of the period")})
    period_end = GovukDateField(label=str(_("Received up to")), error_messages={"required": _("Enter the last day of the period")})
    size = forms.IntegerField(
        label=_("How many cases"),
        min_value=1,
        max_value=MAX_SAMPLE,
        error_messages={
            "required": _("Enter how many cases to draw"),
            "invalid": _("Enter a whole number"),
            "min_value": _("Enter a number from 1 to %(n)s") % {"n": MAX_SAMPLE},
            "max_value": _("Enter a number from 1 to %(n)s") % {"n": MAX_SAMPLE},
        },
    )
    seed = forms.IntegerField(
        label=_("Seed (optional)"),
        required=False,
        min_value=1,
        max_value=10**12,
        error_messages={"invalid": _("Enter the seed as a whole number"), "min_value": _("Enter the seed as a whole number")},
    )

    def __init__(self, *args: Any, crcs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["crc"].choices = _choices(crcs)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The last day must be the same as or after the first"))
        return data


class CaseForm(forms.Form):
    evidence = forms.MultipleChoiceField(label=_("Evidence seen"), choices=Evidence.choices, required=False)
    finding = forms.CharField(
        label=_("Finding"), widget=forms.Textarea, max_length=4000, error_messages={"required": _("Enter the finding")}
    )
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices, error_messages={"required": _("Choose a rating")})


class ActionForm(forms.Form):
    case = forms.ChoiceField(label=_("Which case (optional)"), required=False)
    what = forms.CharField(label=_("Action"), widget=forms.Textarea, max_length=2000, error_messages={"required": _("Enter the action")})
    due_on = GovukDateField(label=str(_("Due by")), error_messages={"required": _("Enter the date it is due by")})

    def __init__(self, *args: Any, cases: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", _("The whole sample"))] + [  # type: ignore[attr-defined]
            (str(c.pk), _("Case %(n)s") % {"n": c.position}) for c in cases
        ]


class RespondForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Do you agree the action?"),
        choices=[("agree", _("Yes, we agree it")), ("dispute", _("No, we dispute it"))],
        error_messages={"required": _("Choose whether you agree the action")},
    )
    response = forms.CharField(label=_("Your response"), widget=forms.Textarea, max_length=2000, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "dispute" and not data.get("response", "").strip():
            self.add_error("response", _("Say why you dispute the action"))
        return data


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea, max_length=2000, error_messages={"required": _("Say what was done")}
    )


class IssueForm(forms.Form):
    crc = forms.ChoiceField(
        label=_("Which CRC's contract is it about?"),
        error_messages={"required": _("Choose the CRC"), "invalid_choice": _("Choose the CRC")},
    )
    topic = forms.ChoiceField(
        label=_("What is it about?"), choices=IssueTopic.choices, error_messages={"required": _("Choose what it is about")}
    )
    claim = forms.ChoiceField(label=_("The unpaid claim (optional)"), required=False)
    summary = forms.CharField(label=_("Summary"), max_length=200, error_messages={"required": _("Enter a summary")})
    details = forms.CharField(
        label=_("Details"), widget=forms.Textarea, max_length=4000, error_messages={"required": _("Enter the details")}
    )

    def __init__(self, *args: Any, crcs: Any, claims: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["crc"].choices = _choices(crcs)  # type: ignore[attr-defined]
        self.fields["claim"].choices = [("", _("Not about one claim"))] + [  # type: ignore[attr-defined]
            (str(c.pk), _("Claim %(n)s, %(month)s, to %(payer)s") % {"n": c.pk, "month": f"{c.month:%B %Y}", "payer": c.payer_name})
            for c in claims
        ]
        self.claims = {str(c.pk): c for c in claims}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        claim = self.claims.get(data.get("claim") or "")
        if claim is not None and data.get("crc") and str(claim.crc_id) != data["crc"]:
            self.add_error("claim", _("That claim is under %(crc)s's contract: choose that CRC") % {"crc": claim.crc.name})
        return data


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"), widget=forms.Textarea, max_length=4000, error_messages={"required": _("Enter your message")}
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How it was resolved"), widget=forms.Textarea, max_length=4000, error_messages={"required": _("Say how it was resolved")}
    )


class EngagementForm(forms.Form):
    crc = forms.ChoiceField(label=_("CRC"), error_messages={"required": _("Choose the CRC"), "invalid_choice": _("Choose the CRC")})
    organisation = forms.ChoiceField(
        label=_("Partner organisation"),
        error_messages={"required": _("Choose the organisation"), "invalid_choice": _("Choose the organisation")},
    )
    kind = forms.ChoiceField(label=_("What happened"), choices=[], error_messages={"required": _("Choose what happened")})
    on = GovukDateField(label=str(_("Date")), error_messages={"required": _("Enter the date")})
    note = forms.CharField(label=_("Notes (optional)"), widget=forms.Textarea, max_length=2000, required=False)

    def __init__(self, *args: Any, crcs: Any, organisations: Any, partner: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["crc"].choices = _choices(crcs)  # type: ignore[attr-defined]
        self.fields["organisation"].choices = _choices(organisations)  # type: ignore[attr-defined]
        kinds = EngagementKind.choices if partner else [c for c in EngagementKind.choices if c[0] != EngagementKind.NO_ENGAGEMENT]
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
