"""Market stewardship (R-A4): how much TTG money and work reaches the voluntary sector and specialist
organisations, in-house against supply-chain delivery, which needs in which prisons have no provider
in the CRC's supply chain, and which providers carry work that is unpaid, subsidised or aged.

Pure functions over plain values: no Django, no database, no clock. The figures are counted and
summed in SQL (ttg/stewardship/selectors.py, the same definitions); these rules decide what a figure
means against its benchmark, whether a need is a coverage gap and whether a provider shows a
sustainability signal, on aggregate rows (a CRC, a prison, an organisation), never per case.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ttg.core.rules import Decision, Rule, _, gettext_noop, ngettext, only_version, register_rules

RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="R-A4",
            title="The sector's share and in-house delivery",
            value="spend: of what purchasers pay on claims not rejected, the share that voluntary-sector, and specialist, organisations claim; delivered activities: a delivered plan activity is the partner's when a referral for it was completed (supply chain when that referral was to the CRC's supply chain), else in-house when a CRC worker owns it, else a partner or agency named in the plan",
            in_force_from=None,
            source="Service brief R-A4",
        ),
        Rule(
            id="R-A4a",
            title="Stewardship benchmark",
            value="a contract manager sets, per CRC and measure, the share expected (0 to 100 per cent) with a reason; the share meets it when it is at least the benchmark; the latest benchmark is in force and earlier ones are kept",
            in_force_from=None,
            source="Service brief R-A4",
        ),
        Rule(
            id="R-A4b",
            title="Coverage gap",
            value="a pathway is a coverage gap at a prison when someone in custody there has a need in it (an immediate need from BCST1 not withdrawn, or a plan activity in it not cancelled or found not required) and the CRC's supply-chain register has no organisation delivering that pathway at that prison on the day",
            in_force_from=None,
            source="Service brief R-A4",
        ),
        Rule(
            id="R-A4c",
            title="Provider sustainability signal",
            value="a provider shows the signal when any of its claims is unpaid past the escalation age, or when its unpaid claims and the value of its unfunded work are at least the set share of its delivered work (claims not rejected, and unfunded work)",
            in_force_from=None,
            source="Service brief R-A4; the share is unsourced",
            setting="TTG_STEWARDSHIP_AT_RISK_PERCENT",
        ),
    ),
    part="Market stewardship rules",
)

SPECIALIST_SPECIALISMS = ("womens_centre", "domestic_abuse", "learning_disability", "bame_led", "user_led")
"""The specialisms that make an organisation a specialist one (R-A4): those serving particular groups
(women's centres, BAME-led, user-led, as the brief names them, and domestic abuse and learning
disability). Service specialisms (accommodation, employment, finance and debt) do not."""

# Who delivered a delivered plan activity (R-A4).
PARTNER_SUPPLY_CHAIN, PARTNER_OTHER, IN_HOUSE, NAMED_IN_PLAN = "supply_chain", "other_partner", "in_house", "named_in_plan"
DELIVERED_BY_WORDS = {  # translated where read: `_(DELIVERED_BY_WORDS[by])`
    PARTNER_SUPPLY_CHAIN: gettext_noop("a supply-chain partner, through a completed referral"),
    PARTNER_OTHER: gettext_noop("a partner outside the supply chain, through a completed referral"),
    IN_HOUSE: gettext_noop("the CRC itself (in-house)"),
    NAMED_IN_PLAN: gettext_noop("a partner or agency named in the plan, with no completed referral"),
}
CRC_OWNER, PARTNER_OWNER, SIGNPOSTED_OWNER = "crc", "partner", "signposted"  # ttg.plans.plan.models.OwnerKind


def _cite(rule_id: str) -> str:
    return only_version(rule_id, RULES).citation


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part / whole as a percentage to one decimal place (half up); None when the whole is 0 or less."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def delivered_by(*, completed_referral: bool, completed_in_supply_chain: bool, owner_kind: str) -> str:
    """R-A4: who delivered a delivered plan activity. The selectors count the same in SQL."""
    if completed_referral:
        return PARTNER_SUPPLY_CHAIN if completed_in_supply_chain else PARTNER_OTHER
    if owner_kind == CRC_OWNER:
        return IN_HOUSE
    return NAMED_IN_PLAN


def against_benchmark(share: Decimal | None, benchmark: int | None) -> Decision[bool | None]:
    """R-A4a: whether a share meets the benchmark in force (None: no benchmark, or nothing to share)."""
    cite = _cite("R-A4a")
    if benchmark is None:
        return Decision(None, (_("No benchmark is set (%(rule)s).") % {"rule": cite},))
    if share is None:
        return Decision(
            None,
            (
                _("There is nothing yet to compare with the benchmark of %(benchmark)s%% (%(rule)s).")
                % {"benchmark": benchmark, "rule": cite},
            ),
        )
    words = {"share": share, "benchmark": benchmark, "rule": cite}
    if share >= benchmark:
        return Decision(True, (_("%(share)s%% meets the benchmark of %(benchmark)s%% (%(rule)s).") % words,))
    return Decision(False, (_("%(share)s%% is below the benchmark of %(benchmark)s%% (%(rule)s).") % words,))


def benchmark_allowed(percent_value: int, reason: str) -> Decision[bool]:
    """R-A4a: a benchmark is a whole per cent from 0 to 100, with a reason."""
    cite = _cite("R-A4a")
    if not 0 <= percent_value <= 100:
        return Decision(False, (_("The benchmark must be between 0 and 100 per cent (%(rule)s).") % {"rule": cite},))
    if not reason.strip():
        return Decision(False, (_("Say what the benchmark is based on (%(rule)s).") % {"rule": cite},))
    return Decision(True, (_("A benchmark of %(percent)s%% (%(rule)s).") % {"percent": percent_value, "rule": cite},))


def coverage_gap(*, people_with_need: int, providers: int) -> Decision[bool]:
    """R-A4b: a need with no provider in the CRC's supply chain at the prison."""
    cite = _cite("R-A4b")
    if people_with_need <= 0:
        return Decision(False, (_("Nobody in custody here has a need in this pathway (%(rule)s).") % {"rule": cite},))
    if providers > 0:
        found = ngettext(
            "The supply chain has %(num)d organisation(s) for it here (%(rule)s).",
            "The supply chain has %(num)d organisation(s) for it here (%(rule)s).",
            providers,
        )
        return Decision(False, (found % {"num": providers, "rule": cite},))
    gap = ngettext(
        "%(num)d person has a need in it, and the supply chain has no organisation for it here (%(rule)s).",
        "%(num)d people have a need in it, and the supply chain has no organisation for it here (%(rule)s).",
        people_with_need,
    )
    return Decision(True, (gap % {"num": people_with_need, "rule": cite},))


def sustainability(
    *, delivered_pence: int, unpaid_pence: int, aged_pence: int, subsidy_pence: int, threshold_percent: int, aged_days: int
) -> Decision[bool]:
    """R-A4c: a provider's signal from its delivered work (claims not rejected, and the value of its
    unfunded work), of which unpaid (claims submitted or approved, not paid), subsidised (the value of
    its unfunded work) and aged (unpaid past the escalation age)."""
    cite = _cite("R-A4c")
    work = delivered_pence + subsidy_pence
    if work <= 0:
        return Decision(False, (_("No delivered work is recorded (%(rule)s).") % {"rule": cite},))
    if aged_pence > 0:
        aged = ngettext(
            "Claims have been unpaid for more than %(num)d day (%(rule)s).",
            "Claims have been unpaid for more than %(num)d days (%(rule)s).",
            aged_days,
        )
        return Decision(True, (aged % {"num": aged_days, "rule": cite},))
    at_risk = percent(unpaid_pence + subsidy_pence, work)
    assert at_risk is not None
    words = {"share": at_risk, "threshold": threshold_percent, "rule": cite}
    if at_risk >= threshold_percent:
        return Decision(True, (_("%(share)s%% of its delivered work is unpaid or unfunded: %(threshold)s%% or more (%(rule)s).") % words,))
    return Decision(False, (_("%(share)s%% of its delivered work is unpaid or unfunded: less than %(threshold)s%% (%(rule)s).") % words,))
