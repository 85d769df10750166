"""The supply-chain rules: is an organisation in a CRC's supply chain for a pathway at a prison on a
day (R-R1)? May a CRC (or the NPS) share these categories of a person's data with an organisation on
a day, under an information-sharing agreement in force (R-R5, U3)? Pure functions over plain values:
no Django, no database, no clock (the day is an argument).

A row applies from its `since` day to its `until` day, both included; an open row has no `until`.
An agreement covers each day from its `valid_from` day to its `valid_until` day, both included.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date

from ttg.core.pathways import pathway as pathway_info
from ttg.core.rules import Decision, Rule, _, format_date, gettext_noop, register_rules

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
        Rule(
            id="R-R5",
            title="Sharing only under an agreement",
            value="a person's data in a category goes to an organisation only while an information-sharing agreement between the discloser (the CRC, or the NPS) and that organisation covers the category, from its first day to its last day (both included); otherwise nothing is sent",
            in_force_from=None,
            source="Service brief U3 (HMPPS policy: an information-sharing agreement with each delivery partner); Issue 15; Data Protection Act 2018 s.62 (logging of disclosures)",
        ),
    ),
    part="Supply-chain rules",
)
R_R1, R_R1B, R_R5 = RULES

# The categories of a person's data a referral or a purchase discloses to an organisation, as the
# referral and payment code really share them (ttg/referrals/rules.py maps each shared fact to one).
IDENTITY, CUSTODY, NEEDS, FURTHER = "identity", "custody", "needs", "further"
# The words are translated where they are read (`_(CATEGORIES[c])`): these are the English.
CATEGORIES: dict[str, str] = {
    IDENTITY: gettext_noop("Identity: first name, last name and prison number"),
    CUSTODY: gettext_noop("Custody and release: the prison and the expected release date"),
    NEEDS: gettext_noop("Resettlement needs: the need, the activity and the desired outcomes, or the service bought"),
    FURTHER: gettext_noop(
        "Further information: what the referrer writes that the organisation needs to know (it may include risks or health)"
    ),
}
# The same in a few words, for sentences.
CATEGORY_WORDS: dict[str, str] = {
    IDENTITY: gettext_noop("identity"),
    CUSTODY: gettext_noop("custody and release"),
    NEEDS: gettext_noop("resettlement needs"),
    FURTHER: gettext_noop("further information"),
}
# The last of several, with its "and": in Welsh "and" is "a" or "ac" by the word that follows.
_AND_CATEGORY_WORDS: dict[str, str] = {
    IDENTITY: gettext_noop("and identity"),
    CUSTODY: gettext_noop("and custody and release"),
    NEEDS: gettext_noop("and resettlement needs"),
    FURTHER: gettext_noop("and further information"),
}
NPS = gettext_noop("National Probation Service")  # the discloser of an agreement with no CRC (translated where shown)


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
    """ "TTG casework", "accommodation": the pathway's name in the reader's language, for a sentence."""
    if code == "ttg_casework":
        return _("TTG casework")
    try:
        name = _(pathway_info(code).name)  # the pathway's names are the screening pages' (ttg.core.pathways)
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
    words = {"organisation": organisation.name, "crc": crc.name, "pathway": _pathway_words(pathway), "prison": prison.name}
    cite = R_R1.citation
    covering = sorted((m for m in matching if m.covers(on)), key=lambda m: m.since)
    if covering:
        m = covering[0]
        row = {**words, "since": format_date(m.since), "contract": m.contract, "rule": cite}
        if m.until:
            reason = _(
                "%(organisation)s is in %(crc)s's supply chain for %(pathway)s at %(prison)s since %(since)s until %(until)s "
                "under contract %(contract)s (%(rule)s)."
            ) % {**row, "until": format_date(m.until)}
        else:
            reason = (
                _(
                    "%(organisation)s is in %(crc)s's supply chain for %(pathway)s at %(prison)s since %(since)s under contract %(contract)s (%(rule)s)."
                )
                % row
            )
        return Decision(True, (reason,))
    if not matching:
        return Decision(
            False,
            (_("%(organisation)s is not in %(crc)s's supply chain for %(pathway)s at %(prison)s (%(rule)s).") % {**words, "rule": cite},),
        )
    reasons = []
    for m in sorted(matching, key=lambda m: m.since):
        if on < m.since:
            reasons.append(
                _(
                    "%(organisation)s joins %(crc)s's supply chain for %(pathway)s at %(prison)s on %(date)s under contract %(contract)s (%(rule)s)."
                )
                % {**words, "date": format_date(m.since), "contract": m.contract, "rule": cite}
            )
        else:
            assert m.until is not None  # not covering and not before: it has ended
            reasons.append(
                _(
                    "%(organisation)s was in %(crc)s's supply chain for %(pathway)s at %(prison)s from %(since)s until %(until)s "
                    "under contract %(contract)s (%(rule)s)."
                )
                % {**words, "since": format_date(m.since), "until": format_date(m.until), "contract": m.contract, "rule": cite}
            )
    return Decision(False, tuple(reasons))


# --------------------------------------------------------------------------------------------------
# R-R5: sharing a person's data only under an information-sharing agreement (U3)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    """One information-sharing agreement, as plain values. The discloser's key is None for the NPS."""

    reference: str
    discloser: Named
    recipient: Named
    categories: frozenset[str]
    valid_from: date
    valid_until: date | None  # the last day it covers, included; None while open-ended

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


@dataclass(frozen=True)
class Coverage:
    """Which asked-for categories no agreement in force covers, and the agreements relied on."""

    missing: tuple[str, ...]
    under: tuple[str, ...]  # references of the agreements that cover what is shared

    @property
    def covered(self) -> bool:
        return not self.missing


def category_words(categories: Iterable[str]) -> str:
    """ "identity, custody and release and resettlement needs", in the reader's language (unknown codes as they are)."""
    codes = list(categories)
    if not codes:
        return _("nothing")
    words = [_(CATEGORY_WORDS[c]) if c in CATEGORY_WORDS else c for c in codes]
    if len(words) == 1:
        return words[0]
    last = codes[-1]
    if last in _AND_CATEGORY_WORDS:
        return ", ".join(words[:-1]) + " " + _(_AND_CATEGORY_WORDS[last])
    return _("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def _agreements_words(references: Iterable[str]) -> str:
    """ "ISA-1 and ISA-2": the references of the agreements relied on."""
    refs = list(references)
    words = refs[0] if refs else ""
    for ref in refs[1:]:
        words = _("%(agreement)s and %(next)s") % {"agreement": words, "next": ref}
    return words


def _ordered(categories: Iterable[str]) -> tuple[str, ...]:
    asked = set(categories)
    return tuple(c for c in CATEGORIES if c in asked) + tuple(sorted(asked - set(CATEGORIES)))


def who_can_record(discloser: Named) -> str:
    """Who can record an agreement for the discloser, in words."""
    if discloser.key is None:
        return _("An administrator can record one.")
    return _("A CRC manager of %(crc)s, or an administrator, can record one.") % {"crc": discloser.name}


def sharing_covered(
    agreements: Iterable[Agreement], *, discloser: Named, recipient: Named, categories: Iterable[str], on: date
) -> Decision[Coverage]:
    """R-R5: is every category to be shared with `recipient` covered, on the day, by an agreement in
    force between `discloser` and `recipient`? The value says what is missing and which agreements
    cover the rest; the reasons say it in words, and who can record the missing agreement."""
    asked = _ordered(categories)
    cite = R_R5.citation
    between = sorted(
        (a for a in agreements if a.discloser.key == discloser.key and a.recipient.key == recipient.key),
        key=lambda a: (a.valid_from, a.reference),
    )
    in_force = [a for a in between if a.in_force(on)]
    covering: dict[str, str] = {}
    for category in asked:
        found = next((a for a in in_force if category in a.categories), None)
        if found is not None:
            covering[category] = found.reference
    missing = tuple(c for c in asked if c not in covering)
    under = tuple(dict.fromkeys(covering[c] for c in asked if c in covering))
    value = Coverage(missing=missing, under=under)
    if not asked:
        return Decision(
            value, (_("Nothing about the person is shared with %(recipient)s (%(rule)s).") % {"recipient": recipient.name, "rule": cite},)
        )
    if not missing:
        return Decision(
            value,
            (
                _(
                    "%(recipient)s may receive %(categories)s from %(discloser)s on %(date)s under information-sharing agreement "
                    "%(agreements)s (%(rule)s)."
                )
                % {
                    "recipient": recipient.name,
                    "categories": category_words(asked),
                    "discloser": _discloser_words(discloser),
                    "date": format_date(on),
                    "agreements": _agreements_words(under),
                    "rule": cite,
                },
            ),
        )
    reasons = [
        _(
            "%(discloser)s has no information-sharing agreement with %(recipient)s in force on %(date)s that covers %(categories)s "
            "(%(rule)s)."
        )
        % {
            "discloser": _discloser_words(discloser),
            "recipient": recipient.name,
            "date": format_date(on),
            "categories": category_words(missing),
            "rule": cite,
        }
    ]
    for a in between:
        if on < a.valid_from:
            reasons.append(_("Agreement %(reference)s starts on %(date)s.") % {"reference": a.reference, "date": format_date(a.valid_from)})
        elif not a.in_force(on):
            assert a.valid_until is not None  # not in force and not before it: it has ended
            reasons.append(_("Agreement %(reference)s ended on %(date)s.") % {"reference": a.reference, "date": format_date(a.valid_until)})
        else:
            reasons.append(
                _("Agreement %(reference)s covers only %(categories)s.")
                % {"reference": a.reference, "categories": category_words(_ordered(a.categories))}
            )
    reasons.append(who_can_record(discloser))
    return Decision(value, tuple(reasons))


def _discloser_words(discloser: Named) -> str:
    """The CRC's name, or the NPS's in the reader's language."""
    return _(NPS) if discloser.key is None and discloser.name == NPS else discloser.name
