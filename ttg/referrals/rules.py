"""The referral rules (R-R2, R-R3): the life of a referral as a pure state machine.

No Django here. Every decision returns its value with reasons in plain English, each naming the rule
and the date its version came into force (the house style of ``ttg.screening.rules``).

    (sent by the referrer, with consent) → sent
    sent → accepted | declined (reason) | withdrawn (reason, by the referrer)
    accepted → in progress (the first session recorded) | withdrawn | cancelled (reason, by the partner)
    in progress → completed (end-of-service summary, and an outcome for every desired outcome)
                | withdrawn | cancelled
    declined, withdrawn, cancelled, completed: final.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ttg.core.rules import Decision, Rule, format_date, register_rules
from ttg.core.rules import rule_in_force as rule_in_force_in
from ttg.supply_chain.rules import CATEGORIES, CUSTODY, FURTHER, IDENTITY, NEEDS

SENT, ACCEPTED, IN_PROGRESS, COMPLETED = "sent", "accepted", "in_progress", "completed"
DECLINED, WITHDRAWN, CANCELLED = "declined", "withdrawn", "cancelled"
STATUSES = (SENT, ACCEPTED, IN_PROGRESS, COMPLETED, DECLINED, WITHDRAWN, CANCELLED)
OPEN = frozenset({SENT, ACCEPTED, IN_PROGRESS})
FINAL = frozenset({COMPLETED, DECLINED, WITHDRAWN, CANCELLED})
STATUS_WORDS = {
    SENT: "sent",
    ACCEPTED: "accepted",
    IN_PROGRESS: "in progress",
    COMPLETED: "completed",
    DECLINED: "declined",
    WITHDRAWN: "withdrawn",
    CANCELLED: "cancelled",
}

# What each side may do to a referral. "start" happens when the first session is recorded.
SEND, ACCEPT, DECLINE, WITHDRAW, START, COMPLETE, CANCEL = "send", "accept", "decline", "withdraw", "start", "complete", "cancel"
ACTIONS = (SEND, ACCEPT, DECLINE, WITHDRAW, START, COMPLETE, CANCEL)
NEEDS_REASON = frozenset({DECLINE, WITHDRAW, CANCEL})

# (from, action) -> to. ``None`` as "from" is a referral not yet sent.
TRANSITIONS: dict[tuple[str | None, str], str] = {
    (None, SEND): SENT,
    (SENT, ACCEPT): ACCEPTED,
    (SENT, DECLINE): DECLINED,
    (SENT, WITHDRAW): WITHDRAWN,
    (ACCEPTED, START): IN_PROGRESS,
    (ACCEPTED, WITHDRAW): WITHDRAWN,
    (ACCEPTED, CANCEL): CANCELLED,
    (IN_PROGRESS, COMPLETE): COMPLETED,
    (IN_PROGRESS, WITHDRAW): WITHDRAWN,
    (IN_PROGRESS, CANCEL): CANCELLED,
}

# Work the partner records on a referral: only once accepted and while it is open.
WORKING = frozenset({ACCEPTED, IN_PROGRESS})

SUPPLY_CHAIN, RATE_CARD, UNFUNDED = "supply_chain", "rate_card", "unfunded"
FUNDING_ROUTES = (SUPPLY_CHAIN, RATE_CARD, UNFUNDED)

ATTENDED, LATE, DID_NOT_ATTEND, DID_NOT_HAPPEN = "attended", "late", "did_not_attend", "did_not_happen"
ATTENDANCE = (ATTENDED, LATE, DID_NOT_ATTEND, DID_NOT_HAPPEN)
ATTENDANCE_NEEDS_REASON = frozenset({DID_NOT_ATTEND, DID_NOT_HAPPEN})

# Data minimisation: the only facts about a person a referral may carry (the referrer picks from these).
SHAREABLE: dict[str, str] = {
    "first_name": "First name",
    "last_name": "Last name",
    "prison_number": "Prison number",
    "release_date": "Expected release date",
    "prison": "Prison",
}

# The category of data each shared fact belongs to (rule R-R5, ttg/supply_chain/rules.py). A referral
# always discloses the need, the activity and the desired outcomes (NEEDS), and the free text of what
# the partner needs to know, when written (FURTHER).
CATEGORY_OF: dict[str, str] = {
    "first_name": IDENTITY,
    "last_name": IDENTITY,
    "prison_number": IDENTITY,
    "release_date": CUSTODY,
    "prison": CUSTODY,
}


def categories_shared(shared: Iterable[str], *, partner_needs_to_know: str) -> tuple[str, ...]:
    """The categories of a person's data a referral discloses, in the order of the categories' list."""
    found = {CATEGORY_OF[k] for k in shared if k in CATEGORY_OF} | {NEEDS}
    if partner_needs_to_know.strip():
        found.add(FURTHER)
    return tuple(c for c in CATEGORIES if c in found)


_BRIEF = "Service brief"
_ISSUE_6 = "Issue 6 (supply chain and referrals to partner organisations)"
_ISSUE_15 = "Issue 15 (no unpaid good-faith work)"

RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="R-R2",
            title="The life of a referral",
            value="sent → accepted or declined (with a reason) or withdrawn; accepted → in progress at the first session; in progress → completed with an end-of-service summary and an outcome for every desired outcome; withdrawn by the referrer or cancelled by the partner with a reason while open",
            in_force_from=None,
            source=f"{_BRIEF} R-R2; {_ISSUE_6}",
        ),
        Rule(
            id="R-R3",
            title="Funding and source of a referral",
            value="funded through the supply-chain contract, by a rate-card purchase, or unfunded; a rate-card referral carries its purchase from the start: it names an authorised purchase, or asks the purchaser for one when it is sent (not yet funded until authorised); whether the organisation is in the CRC's supply chain is recorded",
            in_force_from=None,
            source=f"{_BRIEF} R-R3, R-F3; {_ISSUE_6}; {_ISSUE_15}",
        ),
        Rule(
            id="R-R4",
            title="Consent and data minimisation",
            value="a referral is sent only with the person's consent, and carries only the facts the referrer chose from a fixed list",
            in_force_from=None,
            source=f"{_ISSUE_6}; UK GDPR Article 5(1)(c) (data minimisation)",
        ),
    ),
    part="Referral rules",
)


def rule_in_force(rule_id: str, on: date) -> Rule:
    return rule_in_force_in(rule_id, on, RULES)


def funding_words(route: str) -> str:
    return {
        SUPPLY_CHAIN: "Supply-chain contract",
        RATE_CARD: "Rate-card purchase: unfunded until purchased",
        UNFUNDED: "Unfunded",
    }.get(route, route)


# --------------------------------------------------------------------------------------------------
# The work a rate-card purchase pays for (R-R3, with the payment rule R-F3b)
# --------------------------------------------------------------------------------------------------

# What a rate-card service is paid per (payments.constants.Unit), and the work on a referral that is it.
PER_REFERRAL, PER_SESSION, PER_HOUR, PER_OUTCOME = "referral", "session", "hour", "outcome"
ACHIEVED = "achieved"


@dataclass(frozen=True)
class Work:
    """One piece of recorded work a rate-card purchase pays for, under the key its delivery is recorded by."""

    key: str
    on: date
    what: str  # in words: "Session on 2 September 2019 (attended)"


def paid_work(
    unit: str | None,
    *,
    referral: int,
    accepted_on: date | None,
    sessions: Iterable[tuple[int, date, str]],
    outcomes: Iterable[tuple[int, str, str, date]],
) -> tuple[Work, ...]:
    """R-R3: the recorded work of a referral that its rate-card service is paid for, each once: the
    acceptance (per referral); each attended or late session (per session; per hour, one hour a
    session, as sessions record no length); each outcome recorded as achieved (per outcome). With no
    purchase yet (`unit` None), every attended session and achieved outcome: none is paid yet.

    `sessions`: (id, day, attendance); `outcomes`: (id, text, result, day recorded)."""
    work: list[Work] = []
    if unit == PER_REFERRAL and accepted_on is not None:
        work.append(Work(f"referrals.referral:{referral}", accepted_on, f"Referral accepted on {format_date(accepted_on)}"))
    if unit in (PER_SESSION, PER_HOUR, None):
        for pk, on, attendance in sessions:
            if attendance in (ATTENDED, LATE):
                late = " (late)" if attendance == LATE else ""
                work.append(Work(f"referrals.session:{pk}", on, f"Session on {format_date(on)}{late}"))
    if unit in (PER_OUTCOME, None):
        for pk, text, result, on in outcomes:
            if result == ACHIEVED:
                work.append(Work(f"referrals.outcome:{pk}", on, f"Outcome achieved: {text}"))
    return tuple(sorted(work, key=lambda w: (w.on, w.key)))


def can_add_purchase(status: str, *, work_recorded: int, on: date) -> Decision[bool]:
    """Whether a purchase can still be added to a rate-card referral: while it is open, and after it
    closed if work was recorded on it (so that work is paid, whatever the order, R-R3); never to a
    declined one."""
    rule = rule_in_force("R-R3", on).citation
    if status in OPEN:
        return Decision(True, (f"The referral is open: a purchase funds its work ({rule}).",))
    if status == DECLINED or not work_recorded:
        return Decision(
            False,
            (
                f"The referral is {STATUS_WORDS.get(status, status)} with no work recorded: there is nothing for a purchase to fund ({rule}).",
            ),
        )
    return Decision(True, (f"The referral is closed, but work was recorded on it: a purchase can still pay for it ({rule}).",))


def is_funded(route: str) -> bool:
    """Whether the work is paid for now. A rate-card referral is unfunded until it is purchased."""
    return route == SUPPLY_CHAIN


@dataclass(frozen=True)
class Closing:
    """What completing a referral needs to know."""

    summary: str = ""
    outcomes_missing: tuple[str, ...] = ()  # desired outcomes with no outcome recorded


def transition(current: str | None, action: str, *, on: date, reason: str = "", closing: Closing | None = None) -> Decision[str | None]:
    """The status after `action`, or None with the reasons it is refused."""
    rule = rule_in_force("R-R2", on)
    cite = f"({rule.citation})"
    if action not in ACTIONS:
        return Decision(None, (f"“{action}” is not something that can be done to a referral {cite}.",))
    target = TRANSITIONS.get((current, action))
    if target is None:
        if current is None:
            return Decision(None, (f"A referral must be sent before it can be {_done(action)} {cite}.",))
        allowed = sorted(a for (c, a) in TRANSITIONS if c == current)
        now = STATUS_WORDS.get(current, current)
        if not allowed:
            return Decision(None, (f"The referral is {now}: nothing more can change it {cite}.",))
        return Decision(None, (f"A referral that is {now} cannot be {_done(action)}; it can be {_either(allowed)} {cite}.",))
    if action in NEEDS_REASON and not reason.strip():
        return Decision(None, (f"Give a reason why the referral is {_done(action)} {cite}.",))
    if action == COMPLETE:
        closing = closing or Closing()
        problems = []
        if not closing.summary.strip():
            problems.append(f"Write an end-of-service summary for the referrer {cite}.")
        for outcome in closing.outcomes_missing:
            problems.append(f"Record whether “{outcome}” was achieved {cite}.")
        if problems:
            return Decision(None, tuple(problems))
    return Decision(target, (f"The referral is now {STATUS_WORDS[target]} {cite}.",))


def _done(action: str) -> str:
    return {
        SEND: "sent",
        ACCEPT: "accepted",
        DECLINE: "declined",
        WITHDRAW: "withdrawn",
        START: "started",
        COMPLETE: "completed",
        CANCEL: "cancelled",
    }[action]


def _either(actions: Iterable[str]) -> str:
    words = [_done(a) for a in actions]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def can_work(current: str) -> Decision[bool]:
    """Whether the partner may record sessions and outcomes and assign a caseworker now."""
    if current in WORKING:
        return Decision(True, ())
    return Decision(
        False, (f"The referral is {STATUS_WORDS.get(current, current)}: work is recorded only once it is accepted and until it is closed.",)
    )


@dataclass(frozen=True)
class Sending:
    """What the referrer has given before sending."""

    need: str
    desired_outcomes: int  # how many chosen
    retired_outcomes: tuple[str, ...]  # chosen ones retired on the day
    consent_given: bool | None  # None: not asked yet
    consent_on: date | None
    funding: str
    shared: tuple[str, ...]  # keys chosen from SHAREABLE
    purchase_named: bool = False  # rate card: an authorised purchase named
    service_asked: bool = False  # rate card: a rate-card service and units to ask the purchaser for


def can_send(s: Sending, *, on: date) -> Decision[bool]:
    """Whether a referral may be sent: each missing or refused part named in words."""
    r2, r3, r4 = (rule_in_force(r, on).citation for r in ("R-R2", "R-R3", "R-R4"))
    problems: list[str] = []
    if not s.need.strip():
        problems.append(f"Describe the need the partner is asked to meet ({r2}).")
    if s.desired_outcomes < 1:
        problems.append(f"Choose at least one desired outcome ({r2}).")
    for text in s.retired_outcomes:
        problems.append(f"“{text}” is no longer offered: choose another desired outcome ({r2}).")
    unknown = [k for k in s.shared if k not in SHAREABLE]
    if unknown:
        problems.append(f"Only these facts may be shared: {', '.join(SHAREABLE.values())} ({r4}).")
    if s.consent_given is None:
        problems.append(f"Say whether the person consents to the referral ({r4}).")
    elif not s.consent_given:
        problems.append(f"The person has not consented: the referral cannot be sent ({r4}).")
    elif s.consent_on is None:
        problems.append(f"Give the date the person consented ({r4}).")
    elif s.consent_on > on:
        problems.append(f"The date of consent must be today or in the past, not {format_date(s.consent_on)} ({r4}).")
    if s.funding not in FUNDING_ROUTES:
        problems.append(f"Say how the work is funded ({r3}).")
    elif s.funding == RATE_CARD and not (s.purchase_named or s.service_asked):
        problems.append(
            f"A rate-card referral carries its purchase from the start: give the reference of an authorised purchase, "
            f"or choose the service and the units to ask the purchaser for ({r3})."
        )
    return Decision(not problems, tuple(problems))


def check_session(*, attendance: str, reason: str, on: date, today: date) -> Decision[bool]:
    problems = []
    if attendance not in ATTENDANCE:
        problems.append("Say whether the person attended.")
    elif attendance in ATTENDANCE_NEEDS_REASON and not reason.strip():
        problems.append("Give the reason the person did not attend or the session did not happen.")
    if on > today:
        problems.append(f"The date of the session must be today or in the past, not {format_date(on)}.")
    return Decision(not problems, tuple(problems))
