"""Notice rules (R-N1): who must be told of a change, and when to remind those who have not
acknowledged it. Pure: plain values in, a decision out; the day is an argument."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ttg.core.rules import Decision, Rule, _, only_version, register_rules, working_days_between

CRCS, SUPPLY_CHAIN = "crcs", "supply_chain"

RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="R-N1",
            title="Changes reach everyone who acts on them",
            value="a notice that goes to CRCs goes to every organisation in their supply chains too, unless it says why not (the reason is shown to the sector)",
            in_force_from=None,
            source="Service brief R-N1; the October 2018 meeting notes (the sector had not heard of the BCST changes)",
        ),
        Rule(
            id="R-N1a",
            title="Reminders to acknowledge a notice",
            value="a recipient who has not acknowledged a notice is reminded once after each period of working days since they were sent it",
            in_force_from=None,
            source="Unsourced",
            setting="TTG_NOTICE_REMINDER_WORKING_DAYS",
        ),
    ),
    part="Notice rules",
)


def sector_included(audience: Iterable[str], reason_left_out: str) -> Decision[bool]:
    """R-N1: may a notice with this audience be published? CRCs without their supply chains only with a reason."""
    rule = only_version("R-N1", RULES)
    kinds = set(audience)
    cite = {"rule": rule.citation}
    if not kinds:
        return Decision(False, (_("A notice must go to someone (%(rule)s).") % cite,))
    if CRCS in kinds and SUPPLY_CHAIN not in kinds and not reason_left_out.strip():
        return Decision(False, (_("It goes to CRCs, so it must go to their supply chains too, or say why not (%(rule)s).") % cite,))
    if CRCS in kinds and SUPPLY_CHAIN not in kinds:
        return Decision(True, (_("It goes to CRCs only; the sector is told why (%(rule)s).") % cite,))
    return Decision(True, (_("Its audience is set (%(rule)s).") % cite,))


def reminder_period(sent_on: date, today: date, every: int) -> int:
    """R-N1a: how many whole periods of `every` working days have passed since the recipient was sent
    the notice (0 before the first reminder is due). A reminder is sent once per period."""
    if every < 1:
        raise ValueError("The reminder period is at least 1 working day")
    return max(working_days_between(sent_on, today), 0) // every
