"""Contract assurance (R-A2, R-A3, R-A5): drawing an audit sample that anyone can draw again from its
seed, the states of an audit action agreed with the CRC, of a contract-management issue, and who may
record what in the engagement log. Pure functions over plain values: no Django, no database, no clock.

Roles are their plain codes ("contract_manager", "crc_manager", "partner_caseworker"), as in
`ttg.accounts.constants.Role`.

The reasons are in the reader's language (issue 22, docs/welsh.md): whole sentences through `_`, one for
each action and each role; the state words are marked with `gettext_noop` and translated where read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ttg.core.rules import Decision, Rule, _, format_date, gettext_noop, only_version, register_rules

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
        return Decision(False, (_("The period must end on or after the day it starts (%(rule)s).") % {"rule": rule.citation},))
    if end > today:
        return Decision(
            False, (_("The period must have ended by today, %(date)s (%(rule)s).") % {"date": format_date(today), "rule": rule.citation},)
        )
    return Decision(
        True,
        (
            _("Cases received from %(start)s to %(end)s (both included) may be sampled (%(rule)s).")
            % {"start": format_date(start), "end": format_date(end), "rule": rule.citation},
        ),
    )


# The states of an action from an audit sample, and who moves it between them.
PROPOSED, AGREED, DISPUTED, CLOSED = "proposed", "agreed", "disputed", "closed"
# In English; translated where read (`_(ACTION_WORDS[state])`).
ACTION_WORDS = {
    PROPOSED: gettext_noop("waiting for the CRC"),
    AGREED: gettext_noop("agreed with the CRC"),
    DISPUTED: gettext_noop("disputed by the CRC"),
    CLOSED: gettext_noop("closed"),
}


@dataclass(frozen=True)
class Transition:
    """Who may move an action, from which states, to which; its reasons as whole sentences (marked for
    translation): `only` when someone else tries, `cannot` from another state (%(state)s: the state it is in)."""

    action: str
    role: str
    from_states: frozenset[str]
    to: str
    only: str
    cannot: str


ACTION_TRANSITIONS = (
    Transition(
        "agree",
        CRC_MANAGER,
        frozenset({PROPOSED, DISPUTED}),
        AGREED,
        only=gettext_noop("Only the CRC manager may agree an action (%(rule)s)."),
        cannot=gettext_noop("You cannot agree an action that is %(state)s (%(rule)s)."),
    ),
    Transition(
        "dispute",
        CRC_MANAGER,
        frozenset({PROPOSED}),
        DISPUTED,
        only=gettext_noop("Only the CRC manager may dispute an action (%(rule)s)."),
        cannot=gettext_noop("You cannot dispute an action that is %(state)s (%(rule)s)."),
    ),
    Transition(
        "close",
        CONTRACT_MANAGER,
        frozenset({PROPOSED, AGREED, DISPUTED}),
        CLOSED,
        only=gettext_noop("Only the contract manager may close an action (%(rule)s)."),
        cannot=gettext_noop("You cannot close an action that is %(state)s (%(rule)s)."),
    ),
)


def action_transition(state: str, action: str, role: str) -> Decision[str | None]:
    """R-A2: the state an audit action moves to when `role` does `action` to it, or None with why not."""
    rule = _rule("R-A2")
    found = next((t for t in ACTION_TRANSITIONS if t.action == action), None)
    if found is None:
        raise ValueError(action)
    if role != found.role:
        return Decision(None, (_(found.only) % {"rule": rule.citation},))
    if state not in found.from_states:
        return Decision(None, (_(found.cannot) % {"state": _(ACTION_WORDS[state]), "rule": rule.citation},))
    return Decision(found.to, (_("The action is now %(state)s (%(rule)s).") % {"state": _(ACTION_WORDS[found.to]), "rule": rule.citation},))


# --- R-A3: issues -----------------------------------------------------------------------------------

OPEN, RESOLVED = "open", "resolved"


def issue_resolution(*, state: str, role: str, resolution: str) -> Decision[bool]:
    """R-A3: a contract manager resolves an open issue, saying how."""
    rule = _rule("R-A3")
    if role != CONTRACT_MANAGER:
        return Decision(False, (_("Only the contract manager resolves an issue (%(rule)s).") % {"rule": rule.citation},))
    if state != OPEN:
        return Decision(False, (_("The issue is already resolved (%(rule)s).") % {"rule": rule.citation},))
    if not resolution.strip():
        return Decision(False, (_("Say how the issue was resolved (%(rule)s).") % {"rule": rule.citation},))
    return Decision(True, (_("The issue is resolved (%(rule)s).") % {"rule": rule.citation},))


# --- R-A5: the engagement log -------------------------------------------------------------------------

REQUESTED, HELD, POSTPONED, CANCELLED, NO_ENGAGEMENT = "requested", "held", "postponed", "cancelled", "no_engagement"
MEETING_KINDS = (REQUESTED, HELD, POSTPONED, CANCELLED)


def may_record_engagement(*, kind: str, role: str) -> Decision[bool]:
    """R-A5: either side records a meeting; only the partner says there has been no engagement."""
    rule = _rule("R-A5")
    if role not in (CRC_MANAGER, PARTNER):
        return Decision(False, (_("Only the CRC or the partner organisation records engagement (%(rule)s).") % {"rule": rule.citation},))
    if kind == NO_ENGAGEMENT and role != PARTNER:
        return Decision(
            False, (_("Only the partner organisation says there has been no engagement (%(rule)s).") % {"rule": rule.citation},)
        )
    if kind != NO_ENGAGEMENT and kind not in MEETING_KINDS:
        raise ValueError(kind)
    recorded = (
        _("Recorded by the CRC manager (%(rule)s).") if role == CRC_MANAGER else _("Recorded by the partner organisation (%(rule)s).")
    )
    return Decision(True, (recorded % {"rule": rule.citation},))
