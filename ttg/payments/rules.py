"""The payment rules (service brief R-F1…R-F5): who may buy for whom, units and budget, the claim
state machine, and when an unpaid claim escalates. Pure functions over plain values.

No Django here, as in ``ttg.screening.rules``: ``Rule``, ``Decision`` and ``format_date`` are
imported from there. Every decision carries its reasons in words, in the reader's language (``_`` from
``ttg.core.rules``; issue 22), each naming the rule and the date its version came into force.
``docs/rules.md`` ("Payment rules") lists every rule of ``RULES`` and is checked against it by a test.
The escalation threshold has no public source: it is the setting ``TTG_CLAIM_ESCALATION_DAYS``
(default 30), passed in as an argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ttg.core.rules import Decision, Rule, _, format_date, gettext_noop, only_version, register_rules
from ttg.core.rules import rule_in_force as rule_in_force_in

from .money import format_pence

_BRIEF = "Service brief"
_ISSUE = "Issue 7 (rate cards, purchases, claims and funding)"
_ISSUE_15 = "Issue 15 (no unpaid good-faith work)"

RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="R-F1",
            title="Rate card in force",
            value="each CRC's published rate card, the latest version in force on the day of purchase; drafts cannot be bought from",
            in_force_from=None,
            source=f"{_BRIEF} R-F1",
        ),
        Rule(
            id="R-F2",
            title="Who may buy, for whom",
            value="the NPS (a responsible officer, a division, or nationally) buys for people leaving non-resettlement prisons; "
            "a CRC buys from its own partner for people in the resettlement prisons it serves",
            in_force_from=None,
            source=f"{_BRIEF} R-F2",
        ),
        Rule(
            id="R-F2a",
            title="A purchase is for a case the purchaser holds",
            value="a responsible officer buys only for a person whose case they hold (the handover of the plan to them, or the "
            "NPS's allocation); a national purchase is for a person whose case a responsible officer holds; a CRC buys only for "
            "a person in its prisons. Anything else gets the same answer as a prison number nobody has",
            in_force_from=None,
            source="Service brief (roles: the responsible officer sees their own cases; R-F2: the NPS buys for its prisoners); issue 17",
        ),
        Rule(
            id="R-F3",
            title="Claims from delivery",
            value="each delivery makes one claim line per claim it belongs on, never beyond the units authorised and approved "
            "in variations; claims go open, submitted, approved, paid (with a date and a reference), or rejected with a reason",
            in_force_from=None,
            source=f"{_BRIEF} R-F3; {_ISSUE}",
        ),
        Rule(
            id="R-F3b",
            title="Work recorded before or beyond the purchase",
            value="every delivery recorded against a purchase, in whatever order, is claimed once when it is within the authority "
            "(the units authorised and approved, from the day the purchase was asked for or bought, at its price), including work "
            "recorded while the purchase waited for the purchaser; what falls outside is kept, with the reason, as unfunded work",
            in_force_from=None,
            source=f"{_BRIEF} R-F3, R-F5; {_ISSUE_15}",
        ),
        Rule(
            id="R-F3a",
            title="Unpaid claim escalated to the CRC's contract managers",
            value="when unpaid more than 30 days after it was submitted, once",
            in_force_from=None,
            source="Unsourced (issue 7: a set number of days, default 30)",
            setting="TTG_CLAIM_ESCALATION_DAYS",
        ),
        Rule(
            id="R-F4",
            title="Purchases within the budget",
            value="a purchase, or an approved variation, must fit in what is left of the allocation it is paid from",
            in_force_from=None,
            source=f"{_BRIEF} R-F4",
        ),
        Rule(
            id="R-F4c",
            title="Units one request may commit",
            value="a purchase, or a request for more units, of at most 100 units",
            in_force_from=None,
            source="Unsourced (issue 17: bound what one request can commit)",
            setting="TTG_PURCHASE_MAX_UNITS",
        ),
        Rule(
            id="R-F4d",
            title="Value one request may commit",
            value="a purchase, or a request for more units, worth at most £5,000.00",
            in_force_from=None,
            source="Unsourced (issue 17: bound what one request can commit)",
            setting="TTG_PURCHASE_MAX_VALUE_PENCE",
        ),
        # --- budgets, allocations and subsidy (issue 7 part 4) ---
        Rule(
            id="R-F4a",
            title="Allocations within the budget",
            value="the allocations of a budget together never exceed the budget's total; equal to it is allowed",
            in_force_from=None,
            source=f"{_BRIEF} R-F4; {_ISSUE}",
        ),
        Rule(
            id="R-F4b",
            title="An allocation never below what is committed",
            value="an allocation may be lowered to what purchases have already committed against it, never below",
            in_force_from=None,
            source=f"{_BRIEF} R-F4; {_ISSUE}",
        ),
        Rule(
            id="R-F5",
            title="Unfunded work valued as subsidy (an estimate)",
            value="hours of unfunded work × an hourly value: the setting when set, otherwise the average partner price of the "
            "hourly services on the rate cards in force",
            in_force_from=None,
            source="Unsourced (issue 7 part 4: an estimate of the sector's subsidy, service brief R-F5)",
            setting="TTG_UNFUNDED_HOUR_VALUE_PENCE",
        ),
    ),
    part="Payment rules",
)

# Aged debt bands, in days since a claim was submitted (issue 7: 0–30, 31–60, 61–90, 90+).
# The labels are English here, translated where they are shown (`age_band`, the aged-debt selector).
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    (gettext_noop("0–30 days"), 0, 30),
    (gettext_noop("31–60 days"), 31, 60),
    (gettext_noop("61–90 days"), 61, 90),
    (gettext_noop("Over 90 days"), 91, None),
)


def rule_in_force(rule_id: str, on: date) -> Rule:
    return rule_in_force_in(rule_id, on, RULES)


def _rule(rule_id: str) -> Rule:
    return only_version(rule_id, RULES)


# --------------------------------------------------------------------------------------------------
# R-F2: who may buy, for whom
# --------------------------------------------------------------------------------------------------


def purchase_allowed(
    *, purchaser_kind: str, resettlement_prison: bool, prison_name: str, serving_crc_matches: bool, on: date
) -> Decision[bool]:
    """May this purchase be made for someone leaving `prison_name` on `on`?

    NPS purchasers (individual, division, national) buy only for non-resettlement prisons; a CRC buys
    from its partner only for a resettlement prison it serves.
    """
    rule = rule_in_force("R-F2", on)
    words = {"prison": prison_name, "date": format_date(on), "rule": rule.citation}
    if purchaser_kind == "crc":
        if not resettlement_prison:
            return Decision(
                False,
                (
                    _("A CRC buys from its partners only for people in resettlement prisons: %(prison)s is not one on %(date)s (%(rule)s).")
                    % words,
                ),
            )
        if not serving_crc_matches:
            return Decision(False, (_("%(prison)s is served by another CRC (%(rule)s).") % words,))
        return Decision(True, (_("%(prison)s is a resettlement prison your CRC serves on %(date)s (%(rule)s).") % words,))
    if resettlement_prison:
        return Decision(
            False,
            (
                _(
                    "%(prison)s is a resettlement prison on %(date)s: its CRC provides Through the Gate services under the "
                    "enhanced specification, so the NPS does not buy them from the rate card (%(rule)s)."
                )
                % words,
            ),
        )
    return Decision(
        True, (_("%(prison)s is not a resettlement prison on %(date)s, so the NPS may buy from the rate card (%(rule)s).") % words,)
    )


# R-F2a: whose case (each a whole sentence, translated where it is read: `case_held`)
NO_CASE = {
    "individual": gettext_noop(
        "You hold no case with this prison number: you can buy only for a person whose case you hold (the "
        "handover of their plan to you, or the NPS's allocation, makes it yours) (%(rule)s)."
    ),
    "division": gettext_noop(
        "You hold no case with this prison number: you can buy only for a person whose case you hold (the "
        "handover of their plan to you, or the NPS's allocation, makes it yours) (%(rule)s)."
    ),
    "national": gettext_noop(
        "No responsible officer holds a case with this prison number: a national purchase is for a person whose case "
        "a responsible officer holds (%(rule)s)."
    ),
    "crc": gettext_noop("Your CRC holds no case with this prison number: a CRC buys only for a person in its prisons (%(rule)s)."),
}


def case_held(*, purchaser_kind: str, held: bool, on: date) -> Decision[bool]:
    """R-F2a: may this purchaser buy for this person at all? The words are the same whether the prison
    number is nobody's or someone else's case: a refusal never says whether the person exists."""
    rule = rule_in_force("R-F2a", on)
    if not held:
        return Decision(False, (_(NO_CASE.get(purchaser_kind, NO_CASE["individual"])) % {"rule": rule.citation},))
    return Decision(True, (_("The case is held (%(rule)s).") % {"rule": rule.citation},))


# --------------------------------------------------------------------------------------------------
# R-F3: units, and the claim state machine
# --------------------------------------------------------------------------------------------------


def units_allowed(*, authorised: int, approved_extra: int, delivered: int, requested: int, on: date) -> Decision[bool]:
    """May `requested` more units be recorded, with `delivered` already recorded?"""
    rule = rule_in_force("R-F3", on)
    limit = authorised + approved_extra
    left = max(limit - delivered, 0)
    words = {"left": left, "authorised": authorised, "extra": approved_extra, "requested": requested, "rule": rule.citation}
    if requested < 1:
        return Decision(False, (_("Units delivered must be at least 1 (%(rule)s).") % words,))
    if delivered + requested > limit:
        if approved_extra:
            return Decision(
                False,
                (
                    _(
                        "Only %(left)s of the %(authorised)s units authorised and %(extra)s in approved variations are left, and "
                        "%(requested)s were recorded: ask the purchaser for a variation before delivering more (%(rule)s)."
                    )
                    % words,
                ),
            )
        return Decision(
            False,
            (
                _(
                    "Only %(left)s of the %(authorised)s units authorised are left, and %(requested)s were recorded: "
                    "ask the purchaser for a variation before delivering more (%(rule)s)."
                )
                % words,
            ),
        )
    return Decision(
        True,
        (
            _("%(delivered)s of %(limit)s authorised units delivered (%(rule)s).")
            % {"delivered": delivered + requested, "limit": limit, "rule": rule.citation},
        ),
    )


# --------------------------------------------------------------------------------------------------
# R-F3b: which recorded delivery a purchase funds, whatever the order of events
# --------------------------------------------------------------------------------------------------

# Purchase statuses (payments.constants.PurchaseStatus) and why a delivery is not funded (Unfunded).
P_REQUESTED, P_AUTHORISED, P_COMPLETE, P_CANCELLED, P_REFUSED = "requested", "authorised", "complete", "cancelled", "refused"
FUNDED, AWAITING, REFUSED, BEFORE, BEYOND, CANCELLED = "", "awaiting", "refused", "before", "beyond", "cancelled"


@dataclass(frozen=True)
class Authority:
    """What a purchase authorises now: its status, the first day it covers, and its units."""

    status: str
    covers_from: date
    limit: int  # units authorised plus approved variations
    funded: int  # units already claimed (live deliveries with their claim lines)


def fund_in_order(authority: Authority, held: Sequence[tuple[date, int]]) -> tuple[str, ...]:
    """R-F3b: for each delivery not yet claimed, in the order delivered (its day and units), whether it
    is claimed now (FUNDED) or why not: the purchase waits for its purchaser (AWAITING), was refused
    (REFUSED) or cancelled (CANCELLED); the work was delivered before the authority begins (BEFORE);
    or it is beyond the units left (BEYOND). Earlier work takes the units first."""
    if authority.status == P_REQUESTED:
        return tuple(AWAITING for _ in held)
    if authority.status == P_REFUSED:
        return tuple(REFUSED for _ in held)
    if authority.status == P_CANCELLED:
        return tuple(CANCELLED for _ in held)
    left = max(authority.limit - authority.funded, 0)
    codes = []
    for on, units in held:
        if on < authority.covers_from:
            codes.append(BEFORE)
        elif units > left:
            codes.append(BEYOND)
        else:
            left -= units
            codes.append(FUNDED)
    return tuple(codes)


def unfunded_words(code: str, *, reference: str, purchaser: str, covers_from: date, limit: int, on: date, decision_reason: str = "") -> str:
    """Why recorded work is not claimed, in words both sides and the contract manager read."""
    words = {"reference": reference, "purchaser": purchaser, "rule": rule_in_force("R-F3b", on).citation}
    if code == AWAITING:
        return (
            _(
                "Not yet funded: purchase %(reference)s is waiting for %(purchaser)s to authorise it; it is claimed once authorised (%(rule)s)."
            )
            % words
        )
    if code == REFUSED:
        if decision_reason.strip():
            return _("Not funded: %(purchaser)s refused purchase %(reference)s: %(reason)s. It counts as unfunded work (%(rule)s).") % {
                **words,
                "reason": decision_reason.strip(),
            }
        return _("Not funded: %(purchaser)s refused purchase %(reference)s. It counts as unfunded work (%(rule)s).") % words
    if code == CANCELLED:
        return _("Not funded: purchase %(reference)s was cancelled. It counts as unfunded work (%(rule)s).") % words
    if code == BEFORE:
        return _(
            "Not funded: delivered before purchase %(reference)s covers work (from %(date)s). It counts as unfunded work (%(rule)s)."
        ) % {**words, "date": format_date(covers_from)}
    if code == BEYOND:
        # Cites R-F5 (the work counts as subsidy until more units are approved).
        return _(
            "Not funded: beyond the %(limit)s units of purchase %(reference)s. Ask the purchaser for more units: it is claimed "
            "once they are approved; until then it counts as the provider's unfunded work (%(rule)s)."
        ) % {**words, "limit": limit, "rule": rule_in_force("R-F5", on).citation}
    return _("Claimed on purchase %(reference)s (%(rule)s).") % words


DRAFT, SUBMITTED, APPROVED, PAID, REJECTED = "draft", "submitted", "approved", "paid", "rejected"

# (from, to) -> who may make the move: the claimant, the payer, or the service itself.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (DRAFT, SUBMITTED): frozenset({"claimant", "service"}),
    (SUBMITTED, APPROVED): frozenset({"payer"}),
    (SUBMITTED, REJECTED): frozenset({"payer"}),
    (APPROVED, PAID): frozenset({"payer"}),
    (REJECTED, SUBMITTED): frozenset({"claimant"}),
}
# Words for reasons, translated where they are read (`claim_transition`). A status as it is named in a
# sentence; who may make each move, one phrase per set of parties in TRANSITIONS; the claim's status
# after each move, one sentence each (Welsh word order differs: not a status word put into a sentence).
STATUS_WORDS = {
    DRAFT: gettext_noop("open"),
    SUBMITTED: gettext_noop("submitted"),
    APPROVED: gettext_noop("approved"),
    PAID: gettext_noop("paid"),
    REJECTED: gettext_noop("rejected"),
}
PARTY_WORDS = {
    frozenset({"claimant", "service"}): gettext_noop("the claimant or the service"),
    frozenset({"payer"}): gettext_noop("the payer"),
    frozenset({"claimant"}): gettext_noop("the claimant"),
}
NOW_WORDS = {
    SUBMITTED: gettext_noop("The claim is now submitted (%(rule)s)."),
    APPROVED: gettext_noop("The claim is now approved (%(rule)s)."),
    PAID: gettext_noop("The claim is now paid (%(rule)s)."),
    REJECTED: gettext_noop("The claim is now rejected (%(rule)s)."),
}


@dataclass(frozen=True)
class Move:
    """A requested change of a claim's status, with what the move needs."""

    current: str
    to: str
    by: str  # "claimant", "payer" or "service"
    lines: int = 1
    reason: str = ""
    paid_on: date | None = None
    payment_reference: str = ""
    submitted_on: date | None = None


def claim_transition(move: Move, *, on: date) -> Decision[bool]:
    """R-F3: may a claim move from `current` to `to`, by this party, with what is given? Reasons in words."""
    rule = {"rule": rule_in_force("R-F3", on).citation}
    allowed = TRANSITIONS.get((move.current, move.to))
    words = {**rule, "current": _status(move.current), "to": _status(move.to)}
    if allowed is None:
        return Decision(False, (_("A claim that is %(current)s cannot become %(to)s (%(rule)s).") % words,))
    if move.by not in allowed:
        return Decision(
            False, (_("Only %(who)s can make a %(current)s claim %(to)s (%(rule)s).") % {**words, "who": _(PARTY_WORDS[allowed])},)
        )
    problems: list[str] = []
    if move.to == SUBMITTED and move.lines < 1:
        problems.append(_("A claim with no delivery on it cannot be submitted (%(rule)s).") % rule)
    if move.to == REJECTED and not move.reason.strip():
        problems.append(_("Give the reason for rejecting the claim, so the claimant can put it right (%(rule)s).") % rule)
    if move.to == PAID:
        if move.paid_on is None:
            problems.append(_("Enter the date the claim was paid (%(rule)s).") % rule)
        elif move.paid_on > on:
            problems.append(_("The date paid cannot be in the future (%(rule)s).") % rule)
        elif move.submitted_on is not None and move.paid_on < move.submitted_on:
            problems.append(
                _("The date paid cannot be before the claim was submitted on %(date)s (%(rule)s).")
                % {**rule, "date": format_date(move.submitted_on)}
            )
        if not move.payment_reference.strip():
            problems.append(_("Enter the payment reference (%(rule)s).") % rule)
    if problems:
        return Decision(False, tuple(problems))
    return Decision(True, (_(NOW_WORDS[move.to]) % rule,))


def _status(status: str) -> str:
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def move_field(move: Move, *, on: date) -> str:
    """The field of the form a refused move is about, so that the error links to it: the date paid, the
    payment reference (the first of the two at fault), or the reason for rejecting; "" for none."""
    if move.to == REJECTED:
        return "reason"
    if move.to != PAID or move.by not in TRANSITIONS.get((move.current, move.to), ()):
        return ""
    if move.paid_on is None or move.paid_on > on or (move.submitted_on is not None and move.paid_on < move.submitted_on):
        return "paid_on"
    return "" if move.payment_reference.strip() else "payment_reference"


# --------------------------------------------------------------------------------------------------
# R-F3a: ageing and escalation
# --------------------------------------------------------------------------------------------------


def age_band(days: int) -> str:
    """The aged-debt band of a claim `days` after it was submitted."""
    for label, low, high in AGE_BANDS:
        if days >= low and (high is None or days <= high):
            return _(label)
    return _(AGE_BANDS[0][0])  # a negative age (clock skew): the youngest band


def escalation_due(*, status: str, submitted_on: date | None, today: date, threshold_days: int, already_escalated: bool) -> Decision[bool]:
    """R-F3a: an unpaid claim is escalated once, when more than `threshold_days` have passed since it was submitted."""
    if threshold_days < 1:
        raise ValueError("TTG_CLAIM_ESCALATION_DAYS must be at least 1")
    rule = rule_in_force("R-F3a", today)
    citation = rule.citation
    if status not in (SUBMITTED, APPROVED) or submitted_on is None:
        return Decision(False, (_("Only unpaid submitted or approved claims are escalated (%(rule)s).") % {"rule": citation},))
    age = (today - submitted_on).days
    if already_escalated:
        return Decision(False, (_("Already escalated: a claim is escalated once (%(rule)s).") % {"rule": citation},))
    # "days" whatever the number, as these words have always said it (Welsh counts with the singular).
    words = {"age": age, "threshold": threshold_days, "date": format_date(submitted_on), "rule": citation}
    if age <= threshold_days:
        return Decision(False, (_("Unpaid for %(age)s days: escalated after %(threshold)s days (%(rule)s).") % words,))
    return Decision(
        True, (_("Unpaid for %(age)s days since it was submitted on %(date)s, more than %(threshold)s days (%(rule)s).") % words,)
    )


# --------------------------------------------------------------------------------------------------
# R-F4: budget
# --------------------------------------------------------------------------------------------------


def within_budget(*, allocation_pence: int, committed_pence: int, value_pence: int, holder: str, on: date) -> Decision[bool]:
    """R-F4: does `value_pence` fit in what is left of the allocation?"""
    rule = rule_in_force("R-F4", on)
    left = allocation_pence - committed_pence
    if value_pence > left:
        return Decision(
            False,
            (
                _("%(value)s is more than the %(left)s left of %(holder)s's allocation of %(allocation)s (%(rule)s).")
                % {
                    "value": format_pence(value_pence),
                    "left": format_pence(max(left, 0)),
                    "holder": holder,
                    "allocation": format_pence(allocation_pence),
                    "rule": rule.citation,
                },
            ),
        )
    return Decision(
        True,
        (
            _("%(left)s of %(holder)s's allocation will be left (%(rule)s).")
            % {"left": format_pence(left - value_pence), "holder": holder, "rule": rule.citation},
        ),
    )


def within_request_limits(*, units: int, value_pence: int, max_units: int, max_value_pence: int, on: date) -> Decision[bool]:
    """R-F4c, R-F4d: is what one request commits (a purchase, or more units) within the limits?"""
    if units > max_units:
        rule = rule_in_force("R-F4c", on)
        return Decision(
            False,
            (
                _("%(units)s units is more than one request may commit (%(max)s): buy or ask for at most %(max)s (%(rule)s).")
                % {"units": units, "max": max_units, "rule": rule.citation},
            ),
        )
    if value_pence > max_value_pence:
        rule = rule_in_force("R-F4d", on)
        return Decision(
            False,
            (
                _(
                    "%(value)s is more than one request may commit (%(max)s): buy fewer units, and ask for more units later if "
                    "they are needed (%(rule)s)."
                )
                % {"value": format_pence(value_pence), "max": format_pence(max_value_pence), "rule": rule.citation},
            ),
        )
    return Decision(True, (_("Within what one request may commit (%(rule)s).") % {"rule": rule_in_force("R-F4c", on).citation},))


# --------------------------------------------------------------------------------------------------
# R-F4a, R-F4b: setting allocations; R-F5: valuing unfunded work
# --------------------------------------------------------------------------------------------------


def allocations_within_budget(*, budget_pence: int, others_pence: int, new_pence: int, budget: str, on: date) -> Decision[bool]:
    """R-F4a: may an allocation of `new_pence` stand beside `others_pence` already allocated from the budget?"""
    rule = rule_in_force("R-F4a", on)
    if new_pence < 0:
        return Decision(False, (_("An allocation cannot be less than £0.00 (%(rule)s).") % {"rule": rule.citation},))
    left = budget_pence - others_pence
    if new_pence > left:
        return Decision(
            False,
            (
                _(
                    "%(new)s is more than the %(left)s of %(budget)s not yet allocated (the budget is %(total)s, %(others)s "
                    "allocated elsewhere) (%(rule)s)."
                )
                % {
                    "new": format_pence(new_pence),
                    "left": format_pence(max(left, 0)),
                    "budget": budget,
                    "total": format_pence(budget_pence),
                    "others": format_pence(others_pence),
                    "rule": rule.citation,
                },
            ),
        )
    return Decision(
        True,
        (
            _("%(left)s of %(budget)s will be left to allocate (%(rule)s).")
            % {"left": format_pence(left - new_pence), "budget": budget, "rule": rule.citation},
        ),
    )


def allocation_covers_commitments(*, committed_pence: int, new_pence: int, holder: str, on: date) -> Decision[bool]:
    """R-F4b: an allocation is never set below what purchases have already committed against it."""
    rule = rule_in_force("R-F4b", on)
    if new_pence < committed_pence:
        return Decision(
            False,
            (
                _("Purchases have already committed %(committed)s of %(holder)s's allocation: it cannot be lowered to %(new)s (%(rule)s).")
                % {"committed": format_pence(committed_pence), "holder": holder, "new": format_pence(new_pence), "rule": rule.citation},
            ),
        )
    return Decision(
        True,
        (
            _("%(left)s of %(holder)s's allocation will be uncommitted (%(rule)s).")
            % {"left": format_pence(new_pence - committed_pence), "holder": holder, "rule": rule.citation},
        ),
    )


def subsidy_value_pence(*, hours: Decimal, hour_value_pence: int | None) -> int | None:
    """R-F5: an estimate of unfunded work's worth, in whole pence (half up); None when no hourly value is known."""
    if hour_value_pence is None or hour_value_pence <= 0:
        return None
    return int((hours * hour_value_pence).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
