"""The words the pages use, in plain English: one entry per term, for the "What is …?" hints the pages
show on first use (core/_glossary.html) and for docs/glossary.md, which a test checks against this list
both ways. Plain data: no Django.

A term's `meaning` is the sentence a page shows; `short` the expansion an <abbr> gives an abbreviation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .rules import gettext_noop


@dataclass(frozen=True)
class Term:
    key: str
    term: str  # as a page writes it
    meaning: str  # one or two sentences, in plain English
    short: str = ""  # what an abbreviation stands for
    asked: str = ""  # how "What is …?" names it, where "a"/"an" before the term would be wrong


TERMS: tuple[Term, ...] = (
    Term(
        "ttg",
        gettext_noop("TTG"),
        gettext_noop("Resettlement help that starts in prison and carries on after release, given by the CRC in resettlement prisons."),
        gettext_noop("Through the Gate"),
    ),
    Term(
        "bcst1",
        gettext_noop("BCST1"),
        gettext_noop(
            "The reception screening prison staff complete within 72 hours of someone arriving in prison. "
            "It flags immediate needs to the CRC and, for housing, may start the duty to refer."
        ),
        gettext_noop("Basic Custody Screening Tool part 1"),
    ),
    Term(
        "bcst2",
        gettext_noop("BCST2"),
        gettext_noop(
            "The fuller screening the CRC completes with the person within 5 working days of BCST1, for people "
            "with 4 years or less to serve. It records needs on each pathway, and the resettlement plan is made from it."
        ),
        gettext_noop("Basic Custody Screening Tool part 2"),
    ),
    Term(
        "immediate_need",
        gettext_noop("immediate need"),
        gettext_noop(
            "Something BCST1 shows must be acted on now (medication, a tenancy at risk, urgent debts), "
            "flagged to the CRC to acknowledge and act on."
        ),
        asked=gettext_noop("an immediate need"),
    ),
    Term(
        "duty_to_refer",
        gettext_noop("duty to refer"),
        gettext_noop(
            "The legal duty, from 1 October 2018, to refer a person who is homeless or at risk of homelessness "
            "within 56 days to a local housing authority of their choice, with their consent."
        ),
        asked=gettext_noop("the duty to refer"),
    ),
    Term(
        "crc",
        gettext_noop("CRC"),
        gettext_noop(
            "One of the 21 companies that supervised people who posed a lower risk, and ran Through the Gate resettlement, each in its own area."
        ),
        gettext_noop("community rehabilitation company"),
        asked=gettext_noop("a CRC"),
    ),
    Term(
        "nps",
        gettext_noop("NPS"),
        gettext_noop(
            "The public probation service, in 7 divisions, that supervised people who posed a high risk, and buys resettlement services for people leaving prisons that are not resettlement prisons."
        ),
        gettext_noop("National Probation Service"),
        asked=gettext_noop("the NPS"),
    ),
    Term(
        "responsible_officer",
        gettext_noop("responsible officer"),
        gettext_noop(
            "The probation officer (NPS or CRC) who supervises the person in the community after release, and to whom the plan is handed over."
        ),
        asked=gettext_noop("a responsible officer"),
    ),
    Term(
        "resettlement_prison",
        gettext_noop("resettlement prison"),
        gettext_noop(
            "A prison designated to prepare people for release in the area they will return to. Through the "
            "Gate is given there; people should be moved to one at least 3 months before release."
        ),
        asked=gettext_noop("a resettlement prison"),
    ),
    Term(
        "pathway",
        gettext_noop("pathway"),
        gettext_noop(
            "One of the areas of a person's life that resettlement works on: accommodation; education, "
            "training and employment; health; drugs and alcohol; finance, benefit and debt; children and "
            "families; attitudes, thinking and behaviour; and two for women."
        ),
        asked=gettext_noop("a pathway"),
    ),
    Term(
        "resettlement_plan",
        gettext_noop("resettlement plan"),
        gettext_noop(
            "The plan agreed with the person: what will be done on each pathway, by whom and by when, before release and after it."
        ),
        asked=gettext_noop("a resettlement plan"),
    ),
    Term(
        "level",
        gettext_noop("Level 1, 2 and 3"),
        gettext_noop(
            "How much support an activity gives: Level 1 is for everyone (screening and planning), Level 2 for "
            "a particular need on a pathway, Level 3 for further needs and vulnerabilities, such as domestic "
            "abuse or a learning disability."
        ),
        asked=gettext_noop("Levels 1, 2 and 3"),
    ),
    Term(
        "signposted",
        gettext_noop("signposted"),
        gettext_noop(
            "Put in touch with another service that does the work (a bank, a GP, the council's housing team), rather than the CRC doing it."
        ),
        asked=gettext_noop("signposting"),
    ),
    Term(
        "pre_release_review",
        gettext_noop("pre-release review"),
        gettext_noop(
            "The check of the plan with the person, pathway by pathway, from 12 weeks before release: what is "
            "done, what is not ready, and what continues after release."
        ),
        asked=gettext_noop("a pre-release review"),
    ),
    Term(
        "handover",
        gettext_noop("handover"),
        gettext_noop(
            "Passing the plan, with a summary of risks and what is outstanding, to the responsible officer "
            "before release (by default 10 working days before)."
        ),
        asked=gettext_noop("a handover"),
    ),
    Term(
        "supply_chain",
        gettext_noop("supply chain"),
        gettext_noop(
            "The partner organisations a CRC has contracts with to deliver parts of Through the Gate, for named pathways at named prisons."
        ),
        asked=gettext_noop("a supply chain"),
    ),
    Term(
        "partner",
        gettext_noop("partner organisation"),
        gettext_noop("A charity or other organisation that takes referrals to work with people, in the CRC's supply chain or not."),
        asked=gettext_noop("a partner organisation"),
    ),
    Term(
        "unfunded_work",
        gettext_noop("unfunded work"),
        gettext_noop(
            "Work a partner does for people without a contract or purchase to pay for it, recorded so that what it costs them can be seen."
        ),
        asked=gettext_noop("unfunded work"),
    ),
    Term(
        "rate_card",
        gettext_noop("rate card"),
        gettext_noop(
            "A CRC's price list of Through the Gate services that the NPS can buy for people leaving prisons "
            "that are not resettlement prisons: each service with its unit and price."
        ),
        asked=gettext_noop("a rate card"),
    ),
    Term(
        "purchase",
        gettext_noop("purchase"),
        gettext_noop(
            "The authority to deliver a rate-card service for one person: who bought it, how many units and "
            "the value authorised, given before the work starts."
        ),
        asked=gettext_noop("a purchase"),
    ),
    Term(
        "case_reference",
        gettext_noop("case reference"),
        gettext_noop(
            "A short code, like C-7K3P-Q9XM, that stands for one person on every page, so a contract manager can "
            "follow a case without seeing who the person is: their name, date of birth and prison number are shown only in audit samples."
        ),
        asked=gettext_noop("a case reference"),
    ),
    Term(
        "claim",
        gettext_noop("claim"),
        gettext_noop(
            "A month's bill from the provider for the units delivered on purchases, submitted when the month "
            "ends, then approved and paid by whoever bought them."
        ),
        asked=gettext_noop("a claim"),
    ),
    Term(
        "escalation",
        gettext_noop("escalation"),
        gettext_noop(
            "A claim unpaid for longer than the set number of days (30 by default) is sent once to the CRC's contract managers to chase."
        ),
        asked=gettext_noop("an escalation"),
    ),
)

BY_KEY: dict[str, Term] = {t.key: t for t in TERMS}
if len(BY_KEY) != len(TERMS):
    raise ValueError("A glossary key is used twice")


def terms(keys: Iterable[str]) -> list[Term]:
    """The terms for these keys, in the order given; KeyError for an unknown key (a typo in a template)."""
    return [BY_KEY[k] for k in keys]


def question(keys: Iterable[str]) -> str:
    """ "What is BCST2?", "What are BCST1 and BCST2?", "What are a rate card, a purchase and a claim?" """
    named = [_named(t) for t in terms(keys)]
    if len(named) == 1:
        return f"What is {named[0]}?" if not named[0].startswith("Levels") else f"What are {named[0]}?"
    return f"What are {', '.join(named[:-1])} and {named[-1]}?"


def _named(t: Term) -> str:
    """Abbreviations stand alone; a common noun takes "a" or "an" (or "the" for the duty to refer)."""
    if t.asked:
        return t.asked
    if t.term.isupper():
        return t.term
    if t.term.startswith("duty"):
        return f"the {t.term}"
    return f"{'an' if t.term[:1] in 'aeiou' else 'a'} {t.term}"
