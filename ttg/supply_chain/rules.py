"""The supply-chain rule (R-R1): is an organisation in a CRC's supply chain for a pathway at a prison
on a day? Pure functions over plain values: no Django, no database, no clock (the day is an argument).

A row applies from its `since` day to its `until` day, both included; an open row has no `until`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date

from ttg.core.pathways import pathway as pathway_info
from ttg.core.rules import Decision, Rule, format_date, register_rules

RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="R-R1",
            title="In a CRC's supply chain",
            value="an organisation is in a CRC's supply chain for a pathway at a prison on each day from a register row's start to its last day (both included)",
            in_force_from=None,
            source="Service brief R-R1",
        ),
        Rule(
            id="R-R1b",
            title="A partner's staff doing the CRC's TTG casework",
            value="a partner organisation's TTG caseworkers work with the people of a prison (screening, BCST2, plans, referrals, as the CRC's "
            "caseworkers do) on each day a register row records the organisation doing that CRC's TTG casework there, under a contract in "
            "force, at a prison the CRC serves; nowhere else",
            in_force_from=None,
            source="Service brief, who uses it: the TTG caseworker works for a CRC or its supply-chain partner in the prison",
        ),
    ),
    part="Supply-chain rules",
)
R_R1 = RULES[0]


@dataclass(frozen=True)
class Named:
    """Something matched by its key and described by its name."""

    key: Hashable
    name: str


@dataclass(frozen=True)
class Membership:
    """One register row, as plain values."""

    organisation: Named
    crc: Named
    pathway: str
    prison: Named
    since: date
    until: date | None
    contract: str  # the contract reference

    def covers(self, on: date) -> bool:
        return self.since <= on and (self.until is None or on <= self.until)


def _pathway_words(code: str) -> str:
    if code == "ttg_casework":
        return "TTG casework"
    try:
        name = pathway_info(code).name
    except KeyError:
        return code
    return name[0].lower() + name[1:]


def in_supply_chain(
    memberships: Iterable[Membership], organisation: Named, crc: Named, pathway: str, prison: Named, on: date
) -> Decision[bool]:
    """True when a row for this organisation, CRC, pathway and prison covers the day; reasons in words."""
    matching = [
        m
        for m in memberships
        if m.organisation.key == organisation.key and m.crc.key == crc.key and m.pathway == pathway and m.prison.key == prison.key
    ]
    what = f"for {_pathway_words(pathway)} at {prison.name}"
    cite = f"({R_R1.citation})"
    covering = sorted((m for m in matching if m.covers(on)), key=lambda m: m.since)
    if covering:
        m = covering[0]
        until = f" until {format_date(m.until)}" if m.until else ""
        return Decision(
            True,
            (
                f"{organisation.name} is in {crc.name}'s supply chain {what} since {format_date(m.since)}{until} "
                f"under contract {m.contract} {cite}.",
            ),
        )
    if not matching:
        return Decision(False, (f"{organisation.name} is not in {crc.name}'s supply chain {what} {cite}.",))
    reasons = []
    for m in sorted(matching, key=lambda m: m.since):
        if on < m.since:
            reasons.append(
                f"{organisation.name} joins {crc.name}'s supply chain {what} on {format_date(m.since)} under contract {m.contract} {cite}."
            )
        else:
            assert m.until is not None  # not covering and not before: it has ended
            reasons.append(
                f"{organisation.name} was in {crc.name}'s supply chain {what} from {format_date(m.since)} "
                f"until {format_date(m.until)} under contract {m.contract} {cite}."
            )
    return Decision(False, tuple(reasons))
