"""Form helpers shared by every app: GOV.UK-style error lists and the three-field date input."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year (the GOV.UK date input), with GOV.UK error messages."""

    widget: forms.MultiWidget

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        # Parts not required one by one, so that a missing part gets compress()'s message naming it
        # ("must include a month") rather than Django's "Enter a complete value".
        fields = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        widget = forms.MultiWidget(widgets=[forms.TextInput(), forms.TextInput(), forms.TextInput()])
        super().__init__(fields=fields, widget=widget, require_all_fields=False, label=label, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = ([*data_list, "", "", ""])[:3]
        missing = [name for name, value in (("day", day), ("month", month), ("year", year)) if not value]
        if missing:
            raise ValidationError(_("%(label)s must include a %(part)s") % {"label": self.label, "part": " and ".join(missing)})
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(_("%(label)s must be a real date") % {"label": self.label}) from None


def error_list(form: forms.Form) -> list[dict[str, str]]:
    """Errors for the GOV.UK error summary, each linking to its field."""
    items = []
    for name, errors in form.errors.items():
        # A form-wide error links to the first field, so the summary link still lands somewhere.
        target = name if name != "__all__" else next(iter(form.fields), "")
        field_id = f"id_{target}" if target else ""
        if target in form.fields and isinstance(form.fields[target], GovukDateField):
            field_id = f"id_{target}_0"
        for error in errors:
            items.append({"text": str(error), "href": f"#{field_id}" if field_id else "#"})
    return items


def date_parts(form: forms.Form, name: str) -> list[str]:
    """The day, month and year as typed, to show them back after an error."""
    bound = form[name]
    value = bound.value() or ["", "", ""]
    if isinstance(value, date):
        return [str(value.day), str(value.month), str(value.year)]
    return [str(v or "") for v in ([*value, "", "", ""])[:3]]
