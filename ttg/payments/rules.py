"""The payment rules (service brief R-F1…R-F5): who may buy for whom, units and budget, the claim
state machine, and when an unpaid claim escalates. Pure functions over plain values.

No Django here, as in ``ttg.screening.rules``: ``Rule``, ``Decision`` and ``format_date`` are
imported from there. Every decision carries its reasons in words, each naming the rule and the date
its version came into force. ``docs/rules.md`` ("Payment rules") lists every rule of ``RULES``
and is checked against it by a test. The escalation threshold has no public source: it is the
setting ``TTG_CLAIM_ESCALATION_DAYS`` (default 30), passed in as an argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ttg.core.rules import Decision, Rule, format_date, only_version, register_rules
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
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0–30 days", 0, 30),
    ("31–60 days", 31, 60),
    ("61–90 days", 61, 90),
    ("Over 90 days", 91, None),
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
    day = format_date(on)
    if purchaser_kind == "crc":
        if not resettlement_prison:
            return Decision(
                False,
                (
                    f"A CRC buys from its partners only for people in resettlement prisons: {prison_name} is not one on {day} ({rule.citation}).",
                ),
            )
        if not serving_crc_matches:
            return Decision(False, (f"{prison_name} is served by another CRC ({rule.citation}).",))
        return Decision(True, (f"{prison_name} is a resettlement prison your CRC serves on {day} ({rule.citation}).",))
    if resettlement_prison:
        return Decision(
            False,
            (
                f"{prison_name} is a resettlement prison on {day}: its CRC provides Through the Gate services under the "
                f"enhanced specification, so the NPS does not buy them from the rate card ({rule.citation}).",
            ),
        )
    return Decision(
        True, (f"{prison_name} is not a resettlement prison on {day}, so the NPS may buy from the rate card ({rule.citation}).",)
    )


# R-F2a: whose case
NO_CASE = {
    "individual": "You hold no case with this prison number: you can buy only for a person whose case you hold (the "
    "handover of their plan to you, or the NPS's allocation, makes it yours)",
    "division": "You hold no case with this prison number: you can buy only for a person whose case you hold (the "
    "handover of their plan to you, or the NPS's allocation, makes it yours)",
    "national": "No responsible officer holds a case with this prison number: a national purchase is for a person whose case "
    "a responsible officer holds",
    "crc": "Your CRC holds no case with this prison number: a CRC buys only for a person in its prisons",
}


def case_held(*, purchaser_kind: str, held: bool, on: date) -> Decision[bool]:
    """R-F2a: may this purchaser buy for this person at all? The words are the same whether the prison
    number is nobody's or someone else's case: a refusal never says whether the person exists."""
    rule = rule_in_force("R-F2a", on)
    if not held:
        return Decision(False, (f"{NO_CASE.get(purchaser_kind, NO_CASE['individual'])} ({rule.citation}).",))
    return Decision(True, (f"The case is held ({rule.citation}).",))


# --------------------------------------------------------------------------------------------------
# R-F3: units, and the claim state machine
# --------------------------------------------------------------------------------------------------


def units_allowed(*, authorised: int, approved_extra: int, delivered: int, requested: int, on: date) -> Decision[bool]:
    """May `requested` more units be recorded, with `delivered` already recorded?"""
    rule = rule_in_force("R-F3", on)
    limit = authorised + approved_extra
    left = max(limit - delivered, 0)
    if requested < 1:
        return Decision(False, (f"Units delivered must be at least 1 ({rule.citation}).",))
    if delivered + requested > limit:
        extra = f" and {approved_extra} in approved variations" if approved_extra else ""
        return Decision(
            False,
            (
                f"Only {left} of the {authorised} units authorised{extra} are left, and {requested} were recorded: "
                f"ask the purchaser for a variation before delivering more ({rule.citation}).",
            ),
        )
    return Decision(True, (f"{delivered + requested} of {limit} authorised units delivered ({rule.citation}).",))


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
    rule = rule_in_force("R-F3b", on).citation
    subsidy = f"until then it counts as the provider's unfunded work ({rule_in_force('R-F5', on).citation})"
    if code == AWAITING:
        return f"Not yet funded: purchase {reference} is waiting for {purchaser} to authorise it; it is claimed once authorised ({rule})."
    if code == REFUSED:
        why = f": {decision_reason.strip()}" if decision_reason.strip() else ""
        return f"Not funded: {purchaser} refused purchase {reference}{why}. It counts as unfunded work ({rule})."
    if code == CANCELLED:
        return f"Not funded: purchase {reference} was cancelled. It counts as unfunded work ({rule})."
    if code == BEFORE:
        return (
            f"Not funded: delivered before purchase {reference} covers work (from {format_date(covers_from)}). "
            f"It counts as unfunded work ({rule})."
        )
    if code == BEYOND:
        return (
            f"Not funded: beyond the {limit} units of purchase {reference}. Ask the purchaser for more units: it is claimed "
            f"once they are approved; {subsidy}."
        )
    return f"Claimed on purchase {reference} ({rule})."


DRAFT, SUBMITTED, APPROVED, PAID, REJECTED = "draft", "submitted", "approved", "paid", "rejected"

# (from, to) -> who may make the move: the claimant, the payer, or the service itself.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (DRAFT, SUBMITTED): frozenset({"claimant", "service"}),
    (SUBMITTED, APPROVED): frozenset({"payer"}),
    (SUBMITTED, REJECTED): frozenset({"payer"}),
    (APPROVED, PAID): frozenset({"payer"}),
    (REJECTED, SUBMITTED): frozenset({"claimant"}),
}
STATUS_WORDS = {DRAFT: "open", SUBMITTED: "submitted", APPROVED: "approved", PAID: "paid", REJECTED: "rejected"}
PARTY_WORDS = {"claimant": "the claimant", "payer": "the payer", "service": "the service"}


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
    rule = rule_in_force("R-F3", on)
    allowed = TRANSITIONS.get((move.current, move.to))
    current, to = STATUS_WORDS.get(move.current, move.current), STATUS_WORDS.get(move.to, move.to)
    if allowed is None:
        return Decision(False, (f"A claim that is {current} cannot become {to} ({rule.citation}).",))
    if move.by not in allowed:
        who = " or ".join(sorted(PARTY_WORDS[p] for p in allowed))
        return Decision(False, (f"Only {who} can make a {current} claim {to} ({rule.citation}).",))
    problems: list[str] = []
    if move.to == SUBMITTED and move.lines < 1:
        problems.append(f"A claim with no delivery on it cannot be submitted ({rule.citation}).")
    if move.to == REJECTED and not move.reason.strip():
        problems.append(f"Give the reason for rejecting the claim, so the claimant can put it right ({rule.citation}).")
    if move.to == PAID:
        if move.paid_on is None:
            problems.append(f"Enter the date the claim was paid ({rule.citation}).")
        elif move.paid_on > on:
            problems.append(f"The date paid cannot be in the future ({rule.citation}).")
        elif move.submitted_on is not None and move.paid_on < move.submitted_on:
            problems.append(
                f"The date paid cannot be before the claim was submitted on {format_date(move.submitted_on)} ({rule.citation})."
            )
        if not move.payment_reference.strip():
            problems.append(f"Enter the payment reference ({rule.citation}).")
    if problems:
        return Decision(False, tuple(problems))
    return Decision(True, (f"The claim is now {to} ({rule.citation}).",))


# --------------------------------------------------------------------------------------------------
# R-F3a: ageing and escalation
# --------------------------------------------------------------------------------------------------


def age_band(days: int) -> str:
    """The aged-debt band of a claim `days` after it was submitted."""
    for label, low, high in AGE_BANDS:
        if days >= low and (high is None or days <= high):
            return label
    return AGE_BANDS[0][0]  # a negative age (clock skew): the youngest band


def escalation_due(*, status: str, submitted_on: date | None, today: date, threshold_days: int, already_escalated: bool) -> Decision[bool]:
    """R-F3a: an unpaid claim is escalated once, when more than `threshold_days` have passed since it was submitted."""
    if threshold_days < 1:
        raise ValueError("TTG_CLAIM_ESCALATION_DAYS must be at least 1")
    rule = rule_in_force("R-F3a", today)
    citation = rule.citation
    if status not in (SUBMITTED, APPROVED) or submitted_on is None:
        return Decision(False, (f"Only unpaid submitted or approved claims are escalated ({citation}).",))
    age = (today - submitted_on).days
    if already_escalated:
        return Decision(False, (f"Already escalated: a claim is escalated once ({citation}).",))
    if age <= threshold_days:
        return Decision(False, (f"Unpaid for {age} days: escalated after {threshold_days} days ({citation}).",))
    return Decision(
        True,
        (f"Unpaid for {age} days since it was submitted on {format_date(submitted_on)}, more than {threshold_days} days ({citation}).",),
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
                f"{format_pence(value_pence)} is more than the {format_pence(max(left, 0))} left of {holder}'s allocation "
                f"of {format_pence(allocation_pence)} ({rule.citation}).",
            ),
        )
    return Decision(True, (f"{format_pence(left - value_pence)} of {holder}'s allocation will be left ({rule.citation}).",))


def within_request_limits(*, units: int, value_pence: int, max_units: int, max_value_pence: int, on: date) -> Decision[bool]:
    """R-F4c, R-F4d: is what one request commits (a purchase, or more units) within the limits?"""
    if units > max_units:
        rule = rule_in_force("R-F4c", on)
        return Decision(
            False,
            (f"{units} units is more than one request may commit ({max_units}): buy or ask for at most {max_units} ({rule.citation}).",),
        )
    if value_pence > max_value_pence:
        rule = rule_in_force("R-F4d", on)
        return Decision(
            False,
            (
                f"{format_pence(value_pence)} is more than one request may commit ({format_pence(max_value_pence)}): "
                f"buy fewer units, and ask for more units later if they are needed ({rule.citation}).",
            ),
        )
    return Decision(True, (f"Within what one request may commit ({rule_in_force('R-F4c', on).citation}).",))


# --------------------------------------------------------------------------------------------------
# R-F4a, R-F4b: setting allocations; R-F5: valuing unfunded work
# --------------------------------------------------------------------------------------------------


def allocations_within_budget(*, budget_pence: int, others_pence: int, new_pence: int, budget: str, on: date) -> Decision[bool]:
    """R-F4a: may an allocation of `new_pence` stand beside `others_pence` already allocated from the budget?"""
    rule = rule_in_force("R-F4a", on)
    if new_pence < 0:
        return Decision(False, (f"An allocation cannot be less than £0.00 ({rule.citation}).",))
    left = budget_pence - others_pence
    if new_pence > left:
        return Decision(
            False,
            (
                f"{format_pence(new_pence)} is more than the {format_pence(max(left, 0))} of {budget} not yet allocated "
                f"(the budget is {format_pence(budget_pence)}, {format_pence(others_pence)} allocated elsewhere) ({rule.citation}).",
            ),
        )
    return Decision(True, (f"{format_pence(left - new_pence)} of {budget} will be left to allocate ({rule.citation}).",))


def allocation_covers_commitments(*, committed_pence: int, new_pence: int, holder: str, on: date) -> Decision[bool]:
    """R-F4b: an allocation is never set below what purchases have already committed against it."""
    rule = rule_in_force("R-F4b", on)
    if new_pence < committed_pence:
        return Decision(
            False,
            (
                f"Purchases have already committed {format_pence(committed_pence)} of {holder}'s allocation: "
                f"it cannot be lowered to {format_pence(new_pence)} ({rule.citation}).",
            ),
        )
    return Decision(True, (f"{format_pence(new_pence - committed_pence)} of {holder}'s allocation will be uncommitted ({rule.citation}).",))


def subsidy_value_pence(*, hours: Decimal, hour_value_pence: int | None) -> int | None:
    """R-F5: an estimate of unfunded work's worth, in whole pence (half up); None when no hourly value is known."""
    if hour_value_pence is None or hour_value_pence <= 0:
        return None
    return int((hours * hour_value_pence).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
