"""Dates and times as GOV.UK writes them, in the page's language: "1 October 2018", "9:30am"; in Welsh
"1 Hydref 2018", "9:30yb" (the Welsh Government's style: yb, y bore; yh, yr hwyr)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.dates import MONTHS

from .translating import english, pgettext
from .translating import gettext as _

_ENGLISH_MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def govuk_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    # Django's month names, translated by Django's own catalogues (Welsh among them); English's at once.
    month = _ENGLISH_MONTHS[value.month] if english() else MONTHS[value.month]
    return f"{value.day} {month} {value.year}"


def govuk_time(value: datetime | None) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    hour = value.hour % 12 or 12
    suffix = pgettext("time of day", "am") if value.hour < 12 else pgettext("time of day", "pm")
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    if value.hour == 0 and value.minute == 0:
        return _("midnight")
    return f"{hour}:{value.minute:02d}{suffix}" if value.minute else f"{hour}{suffix}"


def govuk_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return _("%(date)s at %(time)s") % {"date": govuk_date(value), "time": govuk_time(value)}
