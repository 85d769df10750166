"""R-R5: sharing a person's data only under an information-sharing agreement in force for each
category — boundary dates written out by hand, the words, and properties."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ttg.supply_chain.rules import CATEGORIES, CUSTODY, FURTHER, IDENTITY, NEEDS, NPS, Agreement, Named, sharing_covered

AMANI = Named(4, "Amani Community Link")
MWC = Named(1, "Mersey Women's Centre")
MERSEYSIDE = Named(10, "Merseyside CRC")
CHESHIRE = Named(11, "Cheshire and Greater Manchester CRC")
THE_NPS = Named(None, NPS)

# From 1 June 2019 to 31 May 2020, both included; everything but custody and release.
BOUNDED = Agreement("ISA-1", MERSEYSIDE, AMANI, frozenset({IDENTITY, NEEDS, FURTHER}), date(2019, 6, 1), date(2020, 5, 31))
ALL = frozenset(CATEGORIES)


def ask(
    agreements: list[Agreement], on: date, categories: tuple[str, ...] = (IDENTITY, NEEDS), **overrides: Named
) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
    args = {"discloser": MERSEYSIDE, "recipient": AMANI, **overrides}
    decision = sharing_covered(agreements, categories=categories, on=on, **args)
    return decision.value.covered, decision.value.missing, decision.reasons


def test_covered_names_the_agreement_the_categories_and_the_rule() -> None:
    covered, missing, reasons = ask([BOUNDED], date(2019, 9, 2))
    assert covered is True and missing == ()
    assert reasons == (
        "Amani Community Link may receive identity and resettlement needs from Merseyside CRC on 2 September 2019 under "
        "information-sharing agreement ISA-1 (rule R-R5, in force throughout the service).",
    )


def test_first_day_included_day_before_not() -> None:
    assert ask([BOUNDED], date(2019, 5, 31))[0] is False
    assert ask([BOUNDED], date(2019, 6, 1))[0] is True


def test_last_day_included_day_after_not() -> None:
    assert ask([BOUNDED], date(2020, 5, 31))[0] is True
    assert ask([BOUNDED], date(2020, 6, 1))[0] is False


def test_not_yet_started_says_when_it_starts_and_who_can_fix_it() -> None:
    covered, missing, reasons = ask([BOUNDED], date(2019, 5, 31))
    assert covered is False and missing == (IDENTITY, NEEDS)
    assert reasons == (
        "Merseyside CRC has no information-sharing agreement with Amani Community Link in force on 31 May 2019 that covers "
        "identity and resettlement needs (rule R-R5, in force throughout the service).",
        "Agreement ISA-1 starts on 1 June 2019.",
        "A CRC manager of Merseyside CRC, or an administrator, can record one.",
    )


def test_expired_says_when_it_ended() -> None:
    covered, _, reasons = ask([BOUNDED], date(2020, 6, 1))
    assert covered is False and "Agreement ISA-1 ended on 31 May 2020." in reasons


def test_a_category_missing_is_named_and_the_rest_is_not() -> None:
    covered, missing, reasons = ask([BOUNDED], date(2019, 9, 2), categories=(IDENTITY, CUSTODY, NEEDS))
    assert covered is False and missing == (CUSTODY,)
    assert reasons[0] == (
        "Merseyside CRC has no information-sharing agreement with Amani Community Link in force on 2 September 2019 that covers "
        "custody and release (rule R-R5, in force throughout the service)."
    )
    assert "Agreement ISA-1 covers only identity, resettlement needs and further information." in reasons


def test_no_agreement_at_all() -> None:
    covered, missing, reasons = ask([], date(2019, 9, 2), categories=(NEEDS,))
    assert covered is False and missing == (NEEDS,)
    assert reasons[-1] == "A CRC manager of Merseyside CRC, or an administrator, can record one."


def test_another_discloser_or_recipient_does_not_count() -> None:
    theirs = Agreement("ISA-2", CHESHIRE, AMANI, ALL, date(2019, 1, 1), None)
    others = Agreement("ISA-3", MERSEYSIDE, MWC, ALL, date(2019, 1, 1), None)
    assert ask([theirs, others], date(2019, 9, 2))[0] is False


def test_the_nps_is_fixed_by_an_administrator_only() -> None:
    reasons = ask([], date(2019, 9, 2), discloser=THE_NPS)[2]
    assert reasons[0].startswith("National Probation Service has no information-sharing agreement with Amani Community Link")
    assert reasons[-1] == "An administrator can record one."
    nps = Agreement("ISA-N", THE_NPS, AMANI, ALL, date(2019, 4, 1), None)
    assert ask([nps], date(2019, 9, 2), discloser=THE_NPS)[0] is True
    assert ask([nps], date(2019, 9, 2))[0] is False  # the NPS's agreement is not Merseyside CRC's


def test_two_agreements_in_force_share_the_categories_between_them() -> None:
    custody = Agreement("ISA-4", MERSEYSIDE, AMANI, frozenset({CUSTODY}), date(2019, 9, 2), None)
    decision = sharing_covered(
        [BOUNDED, custody], discloser=MERSEYSIDE, recipient=AMANI, categories=(CUSTODY, IDENTITY), on=date(2019, 9, 2)
    )
    assert decision.value.covered and decision.value.under == ("ISA-1", "ISA-4")  # in the order of the categories


def test_an_unknown_category_is_never_covered() -> None:
    everything = Agreement("ISA-5", MERSEYSIDE, AMANI, ALL, date(2019, 1, 1), None)
    assert ask([everything], date(2019, 9, 2), categories=("health",))[1] == ("health",)


def test_nothing_shared_needs_no_agreement() -> None:
    assert ask([], date(2019, 9, 2), categories=())[0] is True


@settings(max_examples=60, deadline=None)
@given(
    st.dates(min_value=date(2018, 1, 1), max_value=date(2021, 12, 31)),
    st.integers(min_value=0, max_value=800),
    st.none() | st.integers(min_value=0, max_value=800),
    st.sets(st.sampled_from(list(CATEGORIES))),
    st.sets(st.sampled_from(list(CATEGORIES)), min_size=1),
)
def test_covered_exactly_when_in_force_and_every_category_allowed(
    on: date, start: int, length: int | None, allowed: set[str], asked: set[str]
) -> None:
    starts = date(2019, 1, 1) + timedelta(days=start)
    ends = None if length is None else starts + timedelta(days=length)
    agreement = Agreement("ISA-P", MERSEYSIDE, AMANI, frozenset(allowed), starts, ends)
    covered, missing, _ = ask([agreement], on, categories=tuple(asked))
    in_force = starts <= on and (ends is None or on <= ends)
    assert covered == (in_force and asked <= allowed)
    assert set(missing) == (asked - allowed if in_force else asked)
