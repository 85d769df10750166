"""The retention rules (docs/data-protection.md): when a person's record is due for erasure, and
what stops it. Pure functions over plain values: the date is an argument.

The retention period has no public source we could cite for this service: it is the setting
``TTG_RETENTION_YEARS_AFTER_RELEASE`` (default 7), passed in as an argument. HMPPS's Records,
Retention and Disposition Schedule is where its value must come from.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from ttg.core.rules import Decision, Rule, _, format_date, ngettext, only_version, register_rules

RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="R-D1",
            title="Retention after release",
            value="a person's record is kept for a number of whole years after their last release, and is due for erasure "
            "(anonymisation) on the same day of the year that many years on (1 March for a release on 29 February); "
            "never while they are in custody",
            in_force_from=None,
            source="Unsourced: HMPPS's Records, Retention and Disposition Schedule applies (shared/design/security.md, "
            "'Retention'); the number of years is a setting until it is confirmed",
            setting="TTG_RETENTION_YEARS_AFTER_RELEASE",
        ),
        Rule(
            id="R-D2",
            title="Legal hold",
            value="a record with a legal hold in force is never erased, however old; the hold names who set it, when and why",
            in_force_from=None,
            source="Issue 17; shared/design/security.md ('Retention … with legal hold')",
        ),
    ),
    part="Data protection rules",
)


def retention_ends(last_released_on: date, years: int) -> date:
    """The first day a record is due for erasure: `years` whole years after the last release."""
    due = last_released_on + relativedelta(years=years)
    if (last_released_on.month, last_released_on.day) == (2, 29) and due.day == 28:
        due += timedelta(days=1)  # a whole number of years after 29 February ends on 28 February
    return due


def erasure_due(*, in_custody: bool, last_released_on: date | None, on_hold: bool, years: int, today: date) -> Decision[bool]:
    """R-D1 and R-D2: whether a person's record is due for erasure today."""
    d1, d2 = only_version("R-D1", RULES), only_version("R-D2", RULES)
    if in_custody:
        return Decision(False, (_("Not due: the person is in custody (%(rule)s).") % {"rule": d1.citation},))
    if last_released_on is None:
        return Decision(False, (_("Not due: no release is recorded (%(rule)s).") % {"rule": d1.citation},))
    due_on = retention_ends(last_released_on, years)
    kept = ngettext(
        "kept for %(num)d year after the last release on %(date)s", "kept for %(num)d years after the last release on %(date)s", years
    ) % {"num": years, "date": format_date(last_released_on)}
    if today < due_on:
        return Decision(
            False, (_("Not due: %(kept)s, until %(date)s (%(rule)s).") % {"kept": kept, "date": format_date(due_on), "rule": d1.citation},)
        )
    if on_hold:
        return Decision(
            False, (_("Due on %(date)s, but a legal hold is in force (%(rule)s).") % {"date": format_date(due_on), "rule": d2.citation},)
        )
    return Decision(
        True, (_("Due: %(kept)s; due on %(date)s (%(rule)s).") % {"kept": kept, "date": format_date(due_on), "rule": d1.citation},)
    )
