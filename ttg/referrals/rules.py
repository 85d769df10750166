"""The referral rules (R-R2, R-R3): the life of a referral as a pure state machine.

No Django here. Every decision returns its value with reasons in plain words, in the reader's language
(``_`` from ``ttg.core.rules``; issue 22), each naming the rule and the date its version came into force
(the house style of ``ttg.screening.rules``). A reason about a status or an action is one whole sentence per
status or action (Welsh word order differs, and a bare "declined" means something else elsewhere).

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

from ttg.core.rules import Decision, Rule, _, format_date, gettext_noop, register_rules
from ttg.core.rules import rule_in_force as rule_in_force_in
from ttg.supply_chain.rules import CATEGORIES, CUSTODY, FURTHER, IDENTITY, NEEDS

SENT, ACCEPTED, IN_PROGRESS, COMPLETED = "sent", "accepted", "in_progress", "completed"
DECLINED, WITHDRAWN, CANCELLED = "declined", "withdrawn", "cancelled"
STATUSES = (SENT, ACCEPTED, IN_PROGRESS, COMPLETED, DECLINED, WITHDRAWN, CANCELLED)
OPEN = frozenset({SENT, ACCEPTED, IN_PROGRESS})
FINAL = frozenset({COMPLETED, DECLINED, WITHDRAWN, CANCELLED})
# Words for reasons, translated where they are read: "The referral is sent", the start of a sentence
# that goes on; "The referral is now sent (rule …).", after a change.
IS_WORDS = {
    SENT: gettext_noop("The referral is sent"),
    ACCEPTED: gettext_noop("The referral is accepted"),
    IN_PROGRESS: gettext_noop("The referral is in progress"),
    COMPLETED: gettext_noop("The referral is completed"),
    DECLINED: gettext_noop("The referral is declined"),
    WITHDRAWN: gettext_noop("The referral is withdrawn"),
    CANCELLED: gettext_noop("The referral is cancelled"),
}
NOW_WORDS = {
    SENT: gettext_noop("The referral is now sent (%(rule)s)."),
    ACCEPTED: gettext_noop("The referral is now accepted (%(rule)s)."),
    IN_PROGRESS: gettext_noop("The referral is now in progress (%(rule)s)."),
    COMPLETED: gettext_noop("The referral is now completed (%(rule)s)."),
    DECLINED: gettext_noop("The referral is now declined (%(rule)s)."),
    WITHDRAWN: gettext_noop("The referral is now withdrawn (%(rule)s)."),
    CANCELLED: gettext_noop("The referral is now cancelled (%(rule)s)."),
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
# The labels are translated where they are shown (`_(SHAREABLE[key])`).
SHAREABLE: dict[str, str] = {
    "first_name": gettext_noop("First name"),
    "last_name": gettext_noop("Last name"),
    "prison_number": gettext_noop("Prison number"),
    "release_date": gettext_noop("Expected release date"),
    "prison": gettext_noop("Prison"),
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


FUNDING_WORDS = {
    SUPPLY_CHAIN: gettext_noop("Supply-chain contract"),
    RATE_CARD: gettext_noop("Rate-card purchase: unfunded until purchased"),
    UNFUNDED: gettext_noop("Unfunded"),
}


def funding_words(route: str) -> str:
    return _(FUNDING_WORDS[route]) if route in FUNDING_WORDS else route


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
        what = _("Referral accepted on %(date)s") % {"date": format_date(accepted_on)}
        work.append(Work(f"referrals.referral:{referral}", accepted_on, what))
    if unit in (PER_SESSION, PER_HOUR, None):
        for pk, on, attendance in sessions:
            if attendance in (ATTENDED, LATE):
                words = _("Session on %(date)s (late)") if attendance == LATE else _("Session on %(date)s")
                work.append(Work(f"referrals.session:{pk}", on, words % {"date": format_date(on)}))
    if unit in (PER_OUTCOME, None):
        for pk, text, result, on in outcomes:
            if result == ACHIEVED:
                work.append(Work(f"referrals.outcome:{pk}", on, _("Outcome achieved: %(outcome)s") % {"outcome": text}))
    return tuple(sorted(work, key=lambda w: (w.on, w.key)))


def can_add_purchase(status: str, *, work_recorded: int, on: date) -> Decision[bool]:
    """Whether a purchase can still be added to a rate-card referral: while it is open, and after it
    closed if work was recorded on it (so that work is paid, whatever the order, R-R3); never to a
    declined one."""
    rule = {"rule": rule_in_force("R-R3", on).citation}
    if status in OPEN:
        return Decision(True, (_("The referral is open: a purchase funds its work (%(rule)s).") % rule,))
    if status == DECLINED or not work_recorded:
        return Decision(
            False,
            (
                _("%(referral_is)s with no work recorded: there is nothing for a purchase to fund (%(rule)s).")
                % {**rule, "referral_is": _is(status)},
            ),
        )
    return Decision(True, (_("The referral is closed, but work was recorded on it: a purchase can still pay for it (%(rule)s).") % rule,))


def _is(status: str) -> str:
    """ "The referral is declined", in the reader's language: the start of a sentence about the status."""
    return _(IS_WORDS[status])


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
    rule = {"rule": rule_in_force("R-R2", on).citation}
    if action not in ACTIONS:
        return Decision(None, (_("“%(action)s” is not something that can be done to a referral (%(rule)s).") % {**rule, "action": action},))
    target = TRANSITIONS.get((current, action))
    if target is None:
        if current is None:
            return Decision(None, (_(SEND_FIRST[action]) % rule,))
        if current not in CANNOT_WORDS:
            return Decision(None, (_("%(referral_is)s: nothing more can change it (%(rule)s).") % {**rule, "referral_is": _is(current)},))
        return Decision(None, (_(CANNOT_WORDS[current]) % {**rule, "cannot": _(CANNOT_BE[action])},))
    if action in NEEDS_REASON and not reason.strip():
        return Decision(None, (_(GIVE_REASON[action]) % rule,))
    if action == COMPLETE:
        closing = closing or Closing()
        problems = []
        if not closing.summary.strip():
            problems.append(_("Write an end-of-service summary for the referrer (%(rule)s).") % rule)
        for outcome in closing.outcomes_missing:
            problems.append(_("Record whether “%(outcome)s” was achieved (%(rule)s).") % {**rule, "outcome": outcome})
        if problems:
            return Decision(None, tuple(problems))
    return Decision(target, (_(NOW_WORDS[target]) % rule,))


# The words of a refused action, one sentence (or clause) per status or action, translated where read
# (`transition`). A test checks them against TRANSITIONS: what each open status can still become.
SEND_FIRST = {
    ACCEPT: gettext_noop("A referral must be sent before it can be accepted (%(rule)s)."),
    DECLINE: gettext_noop("A referral must be sent before it can be declined (%(rule)s)."),
    WITHDRAW: gettext_noop("A referral must be sent before it can be withdrawn (%(rule)s)."),
    START: gettext_noop("A referral must be sent before it can be started (%(rule)s)."),
    COMPLETE: gettext_noop("A referral must be sent before it can be completed (%(rule)s)."),
    CANCEL: gettext_noop("A referral must be sent before it can be cancelled (%(rule)s)."),
}
CANNOT_BE = {
    SEND: gettext_noop("cannot be sent"),
    ACCEPT: gettext_noop("cannot be accepted"),
    DECLINE: gettext_noop("cannot be declined"),
    WITHDRAW: gettext_noop("cannot be withdrawn"),
    START: gettext_noop("cannot be started"),
    COMPLETE: gettext_noop("cannot be completed"),
    CANCEL: gettext_noop("cannot be cancelled"),
}
CANNOT_WORDS = {  # each open status, with what it can still become (TRANSITIONS' actions from it, in the order of their codes)
    SENT: gettext_noop("A referral that is sent %(cannot)s; it can be accepted, declined or withdrawn (%(rule)s)."),
    ACCEPTED: gettext_noop("A referral that is accepted %(cannot)s; it can be cancelled, started or withdrawn (%(rule)s)."),
    IN_PROGRESS: gettext_noop("A referral that is in progress %(cannot)s; it can be cancelled, completed or withdrawn (%(rule)s)."),
}
GIVE_REASON = {
    DECLINE: gettext_noop("Give a reason why the referral is declined (%(rule)s)."),
    WITHDRAW: gettext_noop("Give a reason why the referral is withdrawn (%(rule)s)."),
    CANCEL: gettext_noop("Give a reason why the referral is cancelled (%(rule)s)."),
}


def can_work(current: str) -> Decision[bool]:
    """Whether the partner may record sessions and outcomes and assign a caseworker now."""
    if current in WORKING:
        return Decision(True, ())
    return Decision(
        False, (_("%(referral_is)s: work is recorded only once it is accepted and until it is closed.") % {"referral_is": _is(current)},)
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
    return Decision(not (problems := _send_problems(s, on)), tuple(words for _field, words in problems))


def send_field(s: Sending, *, on: date) -> str:
    """The field of the form the first of `can_send`'s problems is about (so the error links to it); "" for none."""
    problems = _send_problems(s, on)
    return problems[0][0] if problems else ""


def _send_problems(s: Sending, on: date) -> list[tuple[str, str]]:
    """`can_send`'s problems, each with the field of the form it is about."""
    r2, r3, r4 = ({"rule": rule_in_force(r, on).citation} for r in ("R-R2", "R-R3", "R-R4"))
    problems: list[tuple[str, str]] = []
    if not s.need.strip():
        problems.append(("need", _("Describe the need the partner is asked to meet (%(rule)s).") % r2))
    if s.desired_outcomes < 1:
        problems.append(("desired_outcomes", _("Choose at least one desired outcome (%(rule)s).") % r2))
    for text in s.retired_outcomes:
        problems.append(
            (
                "desired_outcomes",
                _("“%(outcome)s” is no longer offered: choose another desired outcome (%(rule)s).") % {**r2, "outcome": text},
            )
        )
    unknown = [k for k in s.shared if k not in SHAREABLE]
    if unknown:
        facts = ", ".join(_(label) for label in SHAREABLE.values())
        problems.append(("shared", _("Only these facts may be shared: %(facts)s (%(rule)s).") % {**r4, "facts": facts}))
    if s.consent_given is None:
        problems.append(("consent_given", _("Say whether the person consents to the referral (%(rule)s).") % r4))
    elif not s.consent_given:
        problems.append(("consent_given", _("The person has not consented: the referral cannot be sent (%(rule)s).") % r4))
    elif s.consent_on is None:
        problems.append(("consent_given", _("Give the date the person consented (%(rule)s).") % r4))
    elif s.consent_on > on:
        problems.append(
            (
                "consent_given",
                _("The date of consent must be today or in the past, not %(date)s (%(rule)s).") % {**r4, "date": format_date(s.consent_on)},
            )
        )
    if s.funding not in FUNDING_ROUTES:
        problems.append(("funding", _("Say how the work is funded (%(rule)s).") % r3))
    elif s.funding == RATE_CARD and not (s.purchase_named or s.service_asked):
        problems.append(
            (
                "purchase",
                _(
                    "A rate-card referral carries its purchase from the start: give the reference of an authorised purchase, "
                    "or choose the service and the units to ask the purchaser for (%(rule)s)."
                )
                % r3,
            )
        )
    return problems


def check_session(*, attendance: str, reason: str, on: date, today: date) -> Decision[bool]:
    problems = []
    if attendance not in ATTENDANCE:
        problems.append(_("Say whether the person attended."))
    elif attendance in ATTENDANCE_NEEDS_REASON and not reason.strip():
        problems.append(_("Give the reason the person did not attend or the session did not happen."))
    if on > today:
        problems.append(_("The date of the session must be today or in the past, not %(date)s.") % {"date": format_date(on)})
    return Decision(not problems, tuple(problems))
