"""Contract assurance (R-A2, R-A3, R-A5): drawing an audit sample that anyone can draw again from its
seed, the states of an audit action agreed with the CRC, of a contract-management issue, and who may
record what in the engagement log. Pure functions over plain values: no Django, no database, no clock.

Roles are their plain codes ("contract_manager", "crc_manager", "partner_caseworker"), as in
`ttg.accounts.constants.Role`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ttg.core.rules import Decision, Rule, format_date, only_version, register_rules

RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="R-A2",
            title="Audit sample",
            value="a contract manager draws a random sample of a CRC's cases received in a period, reproducible from its recorded seed; each case is checked against the checklist (evidence seen, finding, rating); actions are agreed with the CRC and tracked to closure",
            in_force_from=None,
            source="Service brief R-A2",
        ),
        Rule(
            id="R-A3",
            title="Contract-management issue",
            value="anyone may raise an issue about a CRC's contract with the contract managers who manage that CRC, and follow it until a contract manager resolves it with words saying how",
            in_force_from=None,
            source="Service brief R-A3",
        ),
        Rule(
            id="R-A5",
            title="Engagement log",
            value="meetings between a CRC and a partner organisation (requested, held, postponed, cancelled) are recorded by either side; only the partner records that there has been no engagement",
            in_force_from=None,
            source="Service brief R-A5",
        ),
    ),
    part="Assurance rules",
)

CONTRACT_MANAGER, CRC_MANAGER, PARTNER = "contract_manager", "crc_manager", "partner_caseworker"


def _rule(rule_id: str) -> Rule:
    return only_version(rule_id, RULES)


# --- R-A2: the sample -------------------------------------------------------------------------------


def _draw_key(seed: int, case_id: int) -> bytes:
    return hashlib.sha256(f"ttg-audit-sample:{seed}:{case_id}".encode()).digest()


def draw_sample(population: Iterable[int], *, seed: int, size: int) -> tuple[int, ...]:
    """R-A2: `size` case ids from the population (all of it when it is smaller), in the order drawn.

    Each case is ranked by a SHA-256 digest of the seed and its id, and the lowest ranks are drawn: the
    same seed and the same population draw the same sample on any machine and any Python, whatever the
    order the population comes in, and nothing outside the population can ever be drawn."""
    if size < 0:
        raise ValueError("A sample's size is not negative")
    ids = set(population)
    return tuple(sorted(ids, key=lambda case_id: (_draw_key(seed, case_id), case_id))[:size])


def period_allowed(*, start: date, end: date, today: date) -> Decision[bool]:
    """R-A2: a sample's period has happened: it ends on or after it starts, and no later than today."""
    rule = _rule("R-A2")
    if end < start:
        return Decision(False, (f"The period must end on or after the day it starts ({rule.citation}).",))
    if end > today:
        return Decision(False, (f"The period must have ended by today, {format_date(today)} ({rule.citation}).",))
    return Decision(
        True, (f"Cases received from {format_date(start)} to {format_date(end)} (both included) may be sampled ({rule.citation}).",)
    )


# The states of an action from an audit sample, and who moves it between them.
PROPOSED, AGREED, DISPUTED, CLOSED = "proposed", "agreed", "disputed", "closed"
ACTION_WORDS = {PROPOSED: "waiting for the CRC", AGREED: "agreed with the CRC", DISPUTED: "disputed by the CRC", CLOSED: "closed"}
ROLE_WORDS = {CONTRACT_MANAGER: "the contract manager", CRC_MANAGER: "the CRC manager", PARTNER: "the partner organisation"}


@dataclass(frozen=True)
class Transition:
    action: str
    role: str
    from_states: frozenset[str]
    to: str


ACTION_TRANSITIONS = (
    Transition("agree", CRC_MANAGER, frozenset({PROPOSED, DISPUTED}), AGREED),
    Transition("dispute", CRC_MANAGER, frozenset({PROPOSED}), DISPUTED),
    Transition("close", CONTRACT_MANAGER, frozenset({PROPOSED, AGREED, DISPUTED}), CLOSED),
)


def action_transition(state: str, action: str, role: str) -> Decision[str | None]:
    """R-A2: the state an audit action moves to when `role` does `action` to it, or None with why not."""
    rule = _rule("R-A2")
    found = next((t for t in ACTION_TRANSITIONS if t.action == action), None)
    if found is None:
        raise ValueError(action)
    if role != found.role:
        return Decision(None, (f"Only {ROLE_WORDS[found.role]} may {action} an action ({rule.citation}).",))
    if state not in found.from_states:
        return Decision(None, (f"You cannot {action} an action that is {ACTION_WORDS[state]} ({rule.citation}).",))
    return Decision(found.to, (f"The action is now {ACTION_WORDS[found.to]} ({rule.citation}).",))


# --- R-A3: issues -----------------------------------------------------------------------------------

OPEN, RESOLVED = "open", "resolved"


def issue_resolution(*, state: str, role: str, resolution: str) -> Decision[bool]:
    """R-A3: a contract manager resolves an open issue, saying how."""
    rule = _rule("R-A3")
    if role != CONTRACT_MANAGER:
        return Decision(False, (f"Only the contract manager resolves an issue ({rule.citation}).",))
    if state != OPEN:
        return Decision(False, (f"The issue is already resolved ({rule.citation}).",))
    if not resolution.strip():
        return Decision(False, (f"Say how the issue was resolved ({rule.citation}).",))
    return Decision(True, (f"The issue is resolved ({rule.citation}).",))


# --- R-A5: the engagement log -------------------------------------------------------------------------

REQUESTED, HELD, POSTPONED, CANCELLED, NO_ENGAGEMENT = "requested", "held", "postponed", "cancelled", "no_engagement"
MEETING_KINDS = (REQUESTED, HELD, POSTPONED, CANCELLED)


def may_record_engagement(*, kind: str, role: str) -> Decision[bool]:
    """R-A5: either side records a meeting; only the partner says there has been no engagement."""
    rule = _rule("R-A5")
    if role not in (CRC_MANAGER, PARTNER):
        return Decision(False, (f"Only the CRC or the partner organisation records engagement ({rule.citation}).",))
    if kind == NO_ENGAGEMENT and role != PARTNER:
        return Decision(False, (f"Only the partner organisation says there has been no engagement ({rule.citation}).",))
    if kind != NO_ENGAGEMENT and kind not in MEETING_KINDS:
        raise ValueError(kind)
    return Decision(True, (f"Recorded by {ROLE_WORDS[role]} ({rule.citation}).",))
