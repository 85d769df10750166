"""Handover alerts (service brief U6; issue 23 item 6), as pure rules: on a given day, whether the
handover of a plan to the responsible officer is due soon or overdue, so that the officer and the
CRC's managers are told, once each.

No Django here. The handover's due date comes from rule T6 (``ttg.plans.plan.rules.handover_due``,
counted back from the current release date); this module decides which alert, if any, that date
calls for today. ``docs/rules.md`` ("Handover rules") describes each rule here and is checked
against ``RULES`` by a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ttg.core.rules import Decision, Rule, _, format_date, gettext_noop, register_rules, subtract_working_days

DUE, OVERDUE = ALERTS = ("due", "overdue")
ALERT_LABELS = {DUE: gettext_noop("Handover due"), OVERDUE: gettext_noop("Handover overdue")}  # translated where read: _(ALERT_LABELS[a])

RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="H1",
            title="Handover alerts",
            value="while the plan is not handed over: “due” from 5 working days before the handover is due (rule T6), "
            "“overdue” from the day after; to the responsible officer who holds the case and the CRC's managers, once each",
            in_force_from=None,
            source="Unsourced lead time (service brief U6: “Handover is a dated task with an owner, overdue alerts”; "
            "NAO 2023: about half of key handovers did not happen as intended)",
            setting="TTG_HANDOVER_ALERT_WORKING_DAYS",
        ),
    ),
    part="Handover rules",
)
H1 = RULES[0]


@dataclass(frozen=True)
class AlertSettings:
    """The unsourced value. Django passes its setting in (``TTG_HANDOVER_ALERT_WORKING_DAYS``)."""

    alert_working_days: int = 5

    def __post_init__(self) -> None:
        if self.alert_working_days < 0:
            raise ValueError("alert_working_days must not be negative")


def alert_from(due_on: date, s: AlertSettings) -> date:
    """The first day the "due" alert is sent: the lead time in working days before the due date."""
    return subtract_working_days(due_on, s.alert_working_days) if s.alert_working_days else due_on


def handover_alert(*, due_on: date | None, handed_over: bool, today: date, s: AlertSettings) -> Decision[str | None]:
    """H1: the alert the handover calls for today: DUE, OVERDUE, or None (nothing to say).

    Overdue is strictly after the due date (a handover made on its due day is on time). A check that
    first runs after the due date sends "overdue" only: "due" would be out of date.
    """
    c = H1.citation
    if handed_over:
        return Decision(None, (_("No alert: the plan has been handed over (%(rule)s).") % {"rule": c},))
    if due_on is None:
        return Decision(None, (_("No alert: no release date is recorded, so no handover date is known (%(rule)s).") % {"rule": c},))
    due = format_date(due_on)
    if today > due_on:
        return Decision(
            OVERDUE,
            (_("Handover overdue: it was due by %(date)s and the plan has not been handed over (%(rule)s).") % {"date": due, "rule": c},),
        )
    starts = alert_from(due_on, s)
    if today >= starts:
        return Decision(DUE, (_("Handover due by %(date)s: the plan has not been handed over yet (%(rule)s).") % {"date": due, "rule": c},))
    return Decision(
        None,
        (
            _("No alert yet: the handover is due by %(date)s; it is announced from %(start)s (%(rule)s).")
            % {"date": due, "start": format_date(starts), "rule": c},
        ),
    )
