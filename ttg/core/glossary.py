"""The words the pages use, in plain English: one entry per term, for the "What is …?" hints the pages
show on first use (core/_glossary.html) and for docs/glossary.md, which a test checks against this list
both ways. Plain data: no Django.

A term's `meaning` is the sentence a page shows; `short` the expansion an <abbr> gives an abbreviation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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
        "TTG",
        "Resettlement help that starts in prison and carries on after release, given by the CRC in resettlement prisons.",
        "Through the Gate",
    ),
    Term(
        "bcst1",
        "BCST1",
        "The reception screening prison staff complete within 72 hours of someone arriving in prison. "
        "It flags immediate needs to the CRC and, for housing, may start the duty to refer.",
        "Basic Custody Screening Tool part 1",
    ),
    Term(
        "bcst2",
        "BCST2",
        "The fuller screening the CRC completes with the person within 5 working days of BCST1, for people "
        "with 4 years or less to serve. It records needs on each pathway, and the resettlement plan is made from it.",
        "Basic Custody Screening Tool part 2",
    ),
    Term(
        "immediate_need",
        "immediate need",
        "Something BCST1 shows must be acted on now (medication, a tenancy at risk, urgent debts), "
        "flagged to the CRC to acknowledge and act on.",
    ),
    Term(
        "duty_to_refer",
        "duty to refer",
        "The legal duty, from 1 October 2018, to refer a person who is homeless or at risk of homelessness "
        "within 56 days to a local housing authority of their choice, with their consent.",
    ),
    Term(
        "crc",
        "CRC",
        "One of the 21 companies that supervised people who posed a lower risk, and ran Through the Gate resettlement, each in its own area.",
        "community rehabilitation company",
        asked="a CRC",
    ),
    Term(
        "nps",
        "NPS",
        "The public probation service, in 7 divisions, that supervised people who posed a high risk, and buys resettlement services for people leaving prisons that are not resettlement prisons.",
        "National Probation Service",
        asked="the NPS",
    ),
    Term(
        "responsible_officer",
        "responsible officer",
        "The probation officer (NPS or CRC) who supervises the person in the community after release, and to whom the plan is handed over.",
    ),
    Term(
        "resettlement_prison",
        "resettlement prison",
        "A prison designated to prepare people for release in the area they will return to. Through the "
        "Gate is given there; people should be moved to one at least 3 months before release.",
    ),
    Term(
        "pathway",
        "pathway",
        "One of the areas of a person's life that resettlement works on: accommodation; education, "
        "training and employment; health; drugs and alcohol; finance, benefit and debt; children and "
        "families; attitudes, thinking and behaviour; and two for women.",
    ),
    Term(
        "resettlement_plan",
        "resettlement plan",
        "The plan agreed with the person: what will be done on each pathway, by whom and by when, before release and after it.",
    ),
    Term(
        "level",
        "Level 1, 2 and 3",
        "How much support an activity gives: Level 1 is for everyone (screening and planning), Level 2 for "
        "a particular need on a pathway, Level 3 for further needs and vulnerabilities, such as domestic "
        "abuse or a learning disability.",
        asked="Levels 1, 2 and 3",
    ),
    Term(
        "signposted",
        "signposted",
        "Put in touch with another service that does the work (a bank, a GP, the council's housing team), rather than the CRC doing it.",
        asked="signposting",
    ),
    Term(
        "pre_release_review",
        "pre-release review",
        "The check of the plan with the person, pathway by pathway, from 12 weeks before release: what is "
        "done, what is not ready, and what continues after release.",
    ),
    Term(
        "handover",
        "handover",
        "Passing the plan, with a summary of risks and what is outstanding, to the responsible officer "
        "before release (by default 10 working days before).",
    ),
    Term(
        "supply_chain",
        "supply chain",
        "The partner organisations a CRC has contracts with to deliver parts of Through the Gate, for named pathways at named prisons.",
    ),
    Term(
        "partner",
        "partner organisation",
        "A charity or other organisation that takes referrals to work with people, in the CRC's supply chain or not.",
    ),
    Term(
        "unfunded_work",
        "unfunded work",
        "Work a partner does for people without a contract or purchase to pay for it, recorded so that what it costs them can be seen.",
        asked="unfunded work",
    ),
    Term(
        "rate_card",
        "rate card",
        "A CRC's price list of Through the Gate services that the NPS can buy for people leaving prisons "
        "that are not resettlement prisons: each service with its unit and price.",
    ),
    Term(
        "purchase",
        "purchase",
        "The authority to deliver a rate-card service for one person: who bought it, how many units and "
        "the value authorised, given before the work starts.",
    ),
    Term(
        "case_reference",
        "case reference",
        "A short code, like C-7K3P-Q9XM, that stands for one person on every page, so a contract manager can "
        "follow a case without seeing who the person is: their name, date of birth and prison number are shown only in audit samples.",
    ),
    Term(
        "claim",
        "claim",
        "A month's bill from the provider for the units delivered on purchases, submitted when the month "
        "ends, then approved and paid by whoever bought them.",
    ),
    Term(
        "escalation",
        "escalation",
        "A claim unpaid for longer than the set number of days (30 by default) is sent once to the CRC's contract managers to chase.",
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
