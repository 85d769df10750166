"""The screening rules (R-S1…R-S6, rule table T1–T8, and the Welsh route: R-W1, T8W) as pure functions over plain values.

No Django here: the standard library, ``dateutil`` and ``holidays`` only (the rule framework is
``ttg.core.rules``). Every decision returns its value with its reasons in plain words, in the reader's
language (``_`` and ``ngettext``: one whole sentence per message, so Welsh can order it its own way);
each reason names the rule id and the date its version came into force. The rule versions are picked by the
reference date of the custody period (R-S5): its reception date. ``docs/rules.md`` describes every
rule and is checked against ``RULES`` by a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ttg.core.rules import (
    LONDON,
    Decision,
    Rule,
    _,
    add_working_days,
    duration_words,
    format_date,
    format_datetime,
    gettext_noop,
    local_date,
    months_after,
    ngettext,
    only_version,
    register_rules,
    require_aware,
    subtract_working_days,
    working_days_between,
    years_after,
)
from ttg.core.rules import rule_in_force as rule_in_force_in
from ttg.estate.reference import ENGLAND, WALES

# The day the BCST changes of October 2018 came into force (T3, T4) and the homelessness duty to refer began (T8).
OCTOBER_2018 = date(2018, 10, 1)

REMAND, SENTENCED, RECALL = "REMAND", "SENTENCED", "RECALL"
LEGAL_STATUSES = (REMAND, SENTENCED, RECALL)
DETERMINATE, INDETERMINATE = "DETERMINATE", "INDETERMINATE"
SENTENCE_TYPES = ("", DETERMINATE, INDETERMINATE)

# Sourced values (facts.md): literals are allowed for these. Unsourced values live in RuleSettings.
BCST1_HOURS = 72  # T1
LONG_SENTENCE_YEARS = 4  # T3
CLONE_MONTHS_BEFORE_OCTOBER_2018 = 3  # T4
CLONE_MONTHS_FROM_OCTOBER_2018 = 6  # T4
PRE_RELEASE_WEEKS = 12  # T5
DUTY_TO_REFER_DAYS = 56  # T8
# Part 2 of the Housing (Wales) Act 2014 (homelessness) came into force on 27 April 2015 (T8W).
WALES_PART_2 = date(2015, 4, 27)


# --------------------------------------------------------------------------------------------------
# The rule table
# --------------------------------------------------------------------------------------------------

_NOTES = "Seed meeting notes (2018 roundtable on the enhanced TTG specification)"


RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="T1",
            title="BCST1 completed by prison staff",
            value="within 72 hours of reception (every reception, remand included)",
            in_force_from=None,
            source='HMPPS TTG guidance on Schedule 7 (rev. Sept 2019), quoted in the VOICES Stoke case study "An Improbable Journey" (2020)',
        ),
        Rule(
            id="T2",
            title="BCST2 and initial resettlement plan completed by the CRC",
            value="within 5 working days of BCST1 (Monday to Friday, not England and Wales bank holidays)",
            in_force_from=None,
            source="Unsourced (2015 CRC contract standard)",
            setting="TTG_BCST2_WORKING_DAYS",
        ),
        Rule(
            id="T3",
            title="Who gets BCST2",
            value="everyone sentenced",
            in_force_from=None,
            source=_NOTES,
        ),
        Rule(
            id="T3",
            title="Who gets BCST2",
            value="4 years or less left to serve; more than 4 years: BCST1 only, immediate needs flagged by prison officers to the CRC",
            in_force_from=OCTOBER_2018,
            source=f"{_NOTES}; guidance quoted as “all prisoners serving 4 years or less on reception will undergo … BCST part 2”",
        ),
        Rule(
            id="T4",
            title="Clone period (reuse the previous BCST1 if needs are unchanged)",
            value="reception within 3 months after release",
            in_force_from=None,
            source=_NOTES,
        ),
        Rule(
            id="T4",
            title="Clone period (reuse the previous BCST1 if needs are unchanged)",
            value="reception within 6 months after release",
            in_force_from=OCTOBER_2018,
            source=_NOTES,
        ),
        Rule(
            id="T5",
            title="Pre-release resettlement work and review",
            value="starts 12 weeks before release",
            in_force_from=None,
            source='HMPPS blog on Clinks ("Launch of an enhanced service through the prison gate"); the 2015 model',
        ),
        Rule(
            id="T6",
            title="Handover to the responsible officer",
            value="10 working days before release",
            in_force_from=None,
            source="Unsourced",
            setting="TTG_HANDOVER_WORKING_DAYS",
        ),
        Rule(
            id="T8",
            title="Homelessness duty to refer (England)",
            value="refer by 56 days before release, or at once if release is closer; with the person's consent, to the local housing authority they choose",
            in_force_from=OCTOBER_2018,
            source="Homelessness Reduction Act 2017 s.10 (Housing Act 1996 s.213B); HMPPS duty-to-refer policy framework (2021)",
        ),
        Rule(
            id="R-W1",
            title="Which homelessness route applies: England or Wales",
            value="the country of the local authority the person chose, where one is chosen; otherwise the country of the prison holding them",
            in_force_from=None,
            source=(
                "Service decision (issue 23 item 9), not in facts.md: Housing Act 1996 s.213B refers to a local housing authority "
                "in England; Part 2 of the Housing (Wales) Act 2014 has no duty to refer"
            ),
        ),
        Rule(
            id="T8W",
            title="Housing referral under the Welsh national pathway (Wales)",
            value=(
                "no duty to refer: with the person's consent, the prison's resettlement team refers them to the housing service of "
                "the Welsh local authority they will go to, by 56 days before release, or at once if release is closer"
            ),
            in_force_from=WALES_PART_2,
            source=(
                "Unsourced timing. Housing (Wales) Act 2014 Part 2 (in force 27 April 2015); Welsh Government, National Pathway for "
                "Homelessness Services to Children, Young People and Adults in the Secure Estate (2015); neither is in facts.md"
            ),
            setting="TTG_WALES_HOUSING_REFERRAL_DAYS",
        ),
        Rule(
            id="R-S6",
            title="BCST2 is the CRC's work in resettlement prisons",
            value="BCST2 only while the person is in a resettlement prison",
            in_force_from=None,
            source="Service brief R-S6 (the specification applies in resettlement prisons only)",
        ),
    ),
    part="Screening rules",
)


def rule_in_force(rule_id: str, on: date) -> Rule:
    """The version of a screening rule in force on a reference date."""
    return rule_in_force_in(rule_id, on, RULES)


def _rule(rule_id: str) -> Rule:
    """A screening rule with a single version."""
    return only_version(rule_id, RULES)


# --------------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSettings:
    """The unsourced values. Django passes its settings in (names in ``RULES`` and docs/rules.md)."""

    bcst2_working_days: int = 5  # T2, TTG_BCST2_WORKING_DAYS
    handover_working_days: int = 10  # T6, TTG_HANDOVER_WORKING_DAYS
    due_soon_hours: int = 24  # TTG_DUE_SOON_HOURS: a deadline with a time is "due soon" within this many hours
    due_soon_working_days: int = 2  # TTG_DUE_SOON_WORKING_DAYS: ... a deadline date within this many working days
    wales_referral_days: int = 56  # T8W, TTG_WALES_HOUSING_REFERRAL_DAYS: the Welsh pathway's referral, days before release

    def __post_init__(self) -> None:
        if self.wales_referral_days < 1:
            raise ValueError("wales_referral_days must be at least 1 day")
        for name in ("bcst2_working_days", "handover_working_days"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1 working day")
        for name in ("due_soon_hours", "due_soon_working_days"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


@dataclass(frozen=True)
class Custody:
    """The plain facts of one custody period."""

    received_at: datetime  # aware
    reception_date: date  # the reference date (R-S5): picks the rule versions
    legal_status: str  # REMAND | SENTENCED | RECALL
    sentence_type: str  # "" | DETERMINATE | INDETERMINATE
    sentenced_at: datetime | None  # when a remand person was sentenced (None if sentenced on reception or still on remand)
    release_date: date | None  # expected release date
    previous_release_date: date | None  # the last release before this reception, if any
    previous_bcst1_on_file: bool  # a submitted BCST1 exists for that previous custody period
    in_resettlement_prison_since: date | None  # None = not now in a resettlement prison
    prison_name: str = ""

    def __post_init__(self) -> None:
        if self.legal_status not in LEGAL_STATUSES:
            raise ValueError(f"Unknown legal status {self.legal_status!r}: expected one of {', '.join(LEGAL_STATUSES)}")
        if self.sentence_type not in SENTENCE_TYPES:
            raise ValueError(f"Unknown sentence type {self.sentence_type!r}: expected one of DETERMINATE, INDETERMINATE or blank")
        require_aware(self.received_at, "received_at")
        if self.sentenced_at is not None:
            require_aware(self.sentenced_at, "sentenced_at")

    @property
    def is_sentenced(self) -> bool:
        """Sentenced or recalled on reception, or sentenced since (a sentencing date wins over a stale status)."""
        return self.legal_status != REMAND or self.sentenced_at is not None

    @property
    def sentenced_after_remand(self) -> bool:
        return self.sentenced_at is not None

    @property
    def sentenced_on(self) -> date | None:
        return local_date(self.sentenced_at) if self.sentenced_at is not None else None

    @property
    def time_left_from(self) -> date:
        """T3 counts time left to serve from the reception date (custody-feed.md), even after remand."""
        return self.reception_date

    @property
    def where(self) -> str:
        """The prison's name, or "this prison" in the reader's language."""
        return self.prison_name or _("this prison")


@dataclass(frozen=True)
class Bcst1:
    required: bool
    due_at: datetime | None


@dataclass(frozen=True)
class Bcst2:
    required: bool | None  # None = not decided yet (remand, release date unknown)
    due_on: date | None


@dataclass(frozen=True)
class Screening:
    bcst1: Decision[Bcst1]
    clone: Decision[bool]
    bcst2: Decision[Bcst2]
    pre_release: Decision[date | None]
    handover: Decision[date | None]


# --------------------------------------------------------------------------------------------------
# The decisions
# --------------------------------------------------------------------------------------------------


# The decisions build their reasons only when they are read (a list reads values only): each
# reason is a closure over the values it explains, and looks up the rule it cites then.

_BCST1_HOURS = timedelta(hours=BCST1_HOURS)


def _bcst1_due_at(c: Custody) -> datetime:
    # 72 elapsed hours: counted in UTC, so a clock change does not add or lose an hour.
    return (c.received_at.astimezone(UTC) + _BCST1_HOURS).astimezone(LONDON)


def bcst1(c: Custody) -> Decision[Bcst1]:
    """T1 / R-S1: BCST1 is due 72 hours after reception, for every reception (remand too: custody-feed.md)."""
    due_at = _bcst1_due_at(c)

    def reasons() -> tuple[str, ...]:
        rule = _rule("T1")
        values = {"received": format_datetime(c.received_at), "due": format_datetime(due_at), "num": BCST1_HOURS, "rule": rule.citation}
        if c.legal_status == REMAND or c.sentenced_after_remand:
            words = ngettext(
                "BCST1 required: received on remand at %(received)s. Due by %(due)s, %(num)d hour from reception (%(rule)s).",
                "BCST1 required: received on remand at %(received)s. Due by %(due)s, %(num)d hours from reception (%(rule)s).",
                BCST1_HOURS,
            )
        elif c.legal_status == RECALL:
            words = ngettext(
                "BCST1 required: recalled on reception at %(received)s. Due by %(due)s, %(num)d hour from reception (%(rule)s).",
                "BCST1 required: recalled on reception at %(received)s. Due by %(due)s, %(num)d hours from reception (%(rule)s).",
                BCST1_HOURS,
            )
        else:
            words = ngettext(
                "BCST1 required: sentenced on reception at %(received)s. Due by %(due)s, %(num)d hour from reception (%(rule)s).",
                "BCST1 required: sentenced on reception at %(received)s. Due by %(due)s, %(num)d hours from reception (%(rule)s).",
                BCST1_HOURS,
            )
        return (words % values,)

    return Decision(Bcst1(required=True, due_at=due_at), reasons)


def bcst1_clone(c: Custody) -> Decision[bool]:
    """T4 / R-S4: the previous BCST1 may be cloned if this reception is within the clone period after the last release."""
    rule = rule_in_force("T4", c.reception_date)
    months = CLONE_MONTHS_FROM_OCTOBER_2018 if rule.in_force_from == OCTOBER_2018 else CLONE_MONTHS_BEFORE_OCTOBER_2018
    released = c.previous_release_date
    if released is None:
        return Decision(False, lambda: (_("No clone: no release before this reception is recorded (%(rule)s).") % {"rule": rule.citation},))
    if not c.previous_bcst1_on_file:
        return Decision(
            False,
            lambda: (
                _("No clone: no submitted BCST1 is on file for the custody period that ended on %(released)s (%(rule)s).")
                % {"released": format_date(released), "rule": rule.citation},
            ),
        )
    if released > c.reception_date:
        return Decision(
            False,
            lambda: (
                _("No clone: the previous release date, %(released)s, is after this reception on %(received)s (%(rule)s).")
                % {"released": format_date(released), "received": format_date(c.reception_date), "rule": rule.citation},
            ),
        )
    last_day = months_after(released, months)
    if c.reception_date > last_day:
        return Decision(
            False,
            lambda: (
                ngettext(
                    "No clone: received on %(received)s, after the clone period of %(num)d month from release on "
                    "%(released)s ended on %(last_day)s (%(rule)s).",
                    "No clone: received on %(received)s, after the clone period of %(num)d months from release on "
                    "%(released)s ended on %(last_day)s (%(rule)s).",
                    months,
                )
                % {
                    "received": format_date(c.reception_date),
                    "num": months,
                    "released": format_date(released),
                    "last_day": format_date(last_day),
                    "rule": rule.citation,
                },
            ),
        )
    return Decision(
        True,
        lambda: (
            ngettext(
                "Clone offered: received on %(received)s, within %(num)d month of release on %(released)s "
                "(the clone period ends on %(last_day)s). The screener must confirm that resettlement needs have not changed; "
                "if they have, BCST1 is completed again (%(rule)s).",
                "Clone offered: received on %(received)s, within %(num)d months of release on %(released)s "
                "(the clone period ends on %(last_day)s). The screener must confirm that resettlement needs have not changed; "
                "if they have, BCST1 is completed again (%(rule)s).",
                months,
            )
            % {
                "received": format_date(c.reception_date),
                "num": months,
                "released": format_date(released),
                "last_day": format_date(last_day),
                "rule": rule.citation,
            },
        ),
    )


def _long_sentence(c: Custody) -> Decision[bool | None]:
    """T3: True = more than four years left to serve (BCST1 only); None = cannot be told yet."""
    rule = rule_in_force("T3", c.reception_date)
    if rule.in_force_from is None:
        return Decision(
            False,
            lambda: (
                _("BCST2 required: received on %(received)s, when everyone sentenced got BCST2 whatever the time left to serve (%(rule)s).")
                % {"received": format_date(c.reception_date), "rule": rule.citation},
            ),
        )
    if c.sentence_type == INDETERMINATE:
        return Decision(
            True,
            lambda: (
                ngettext(
                    "BCST2 not required: an indeterminate sentence counts as more than %(num)d year left to serve (%(rule)s).",
                    "BCST2 not required: an indeterminate sentence counts as more than %(num)d years left to serve (%(rule)s).",
                    LONG_SENTENCE_YEARS,
                )
                % {"num": LONG_SENTENCE_YEARS, "rule": rule.citation},
            ),
        )
    release = c.release_date
    if release is None:
        return Decision(
            None,
            lambda: (
                _("BCST2 not decided yet: no release date is recorded, so time left to serve is not known (%(rule)s).")
                % {"rule": rule.citation},
            ),
        )
    start = c.time_left_from
    longer = release > years_after(start, LONG_SENTENCE_YEARS)

    def reasons() -> tuple[str, ...]:
        values = {
            "left": duration_words(start, release),
            "received": format_date(start),
            "release": format_date(release),
            "num": LONG_SENTENCE_YEARS,
            "rule": rule.citation,
        }
        if longer:
            return (
                ngettext(
                    "BCST2 not required: %(left)s left to serve (from reception on %(received)s to release on %(release)s) "
                    "is more than %(num)d year (%(rule)s).",
                    "BCST2 not required: %(left)s left to serve (from reception on %(received)s to release on %(release)s) "
                    "is more than %(num)d years (%(rule)s).",
                    LONG_SENTENCE_YEARS,
                )
                % values,
                _("BCST1 only: prison officers flag immediate needs from BCST1 to the CRC's TTG provider in the prison (%(rule)s).")
                % {"rule": rule.citation},
            )
        return (
            ngettext(
                "BCST2 required: %(left)s left to serve (from reception on %(received)s to release on %(release)s) "
                "is not more than %(num)d year (%(rule)s).",
                "BCST2 required: %(left)s left to serve (from reception on %(received)s to release on %(release)s) "
                "is not more than %(num)d years (%(rule)s).",
                LONG_SENTENCE_YEARS,
            )
            % values,
        )

    return Decision(longer, reasons)


def bcst2(c: Custody, bcst1_submitted_on: date | None, s: RuleSettings) -> Decision[Bcst2]:
    """T3, R-S6 and T2: whether the CRC completes BCST2, and by when."""
    if not c.is_sentenced:
        return Decision(
            Bcst2(required=None, due_on=None),
            lambda: (_("BCST2 decided when sentenced: on remand (%(rule)s).") % {"rule": rule_in_force("T3", c.reception_date).citation},),
        )
    long = _long_sentence(c)
    if long.value is True:
        return Decision(Bcst2(required=False, due_on=None), lambda: long.reasons)
    if c.in_resettlement_prison_since is None:
        return Decision(
            Bcst2(required=False, due_on=None),
            lambda: (
                *(long.reasons if long.value is False else ()),
                _not_resettlement_prison(c),
            ),
        )
    if long.value is None:
        return Decision(Bcst2(required=None, due_on=None), lambda: long.reasons)

    since = c.in_resettlement_prison_since
    # Sentenced, so BCST1 is required: due 72 hours after reception (already in England and Wales time).
    bcst1_on = bcst1_submitted_on if bcst1_submitted_on is not None else _bcst1_due_at(c).date()
    # The later of BCST1, sentencing after remand (custody-feed.md) and arrival in a resettlement prison.
    after = bcst1_on
    sentenced = c.sentenced_on
    if sentenced is not None and sentenced > after:
        after = sentenced
    if since > after:
        after = since
    due_on = add_working_days(after, s.bcst2_working_days)

    def reasons() -> tuple[str, ...]:
        # What BCST2 counts from, the same steps as above now with words: BCST1, sentencing or arrival.
        counted_from, later = "bcst1", bcst1_on
        if sentenced is not None and sentenced > later:
            counted_from, later = "sentencing", sentenced
        if since > later:
            counted_from = "arrival"
        n = s.bcst2_working_days
        values = {
            "due": format_date(due_on),
            "num": n,
            "bcst1": format_date(bcst1_on),
            "sentenced": format_date(sentenced) if sentenced is not None else "",
            "prison": c.where,
            "since": format_date(since),
            "rule": _rule("T2").citation,
        }
        return (*long.reasons, _bcst2_due_words(counted_from, bcst1_submitted_on is not None, n) % values)

    return Decision(Bcst2(required=True, due_on=due_on), reasons)


def _not_resettlement_prison(c: Custody) -> str:
    rule = _rule("R-S6").citation
    if c.prison_name:
        return _(
            "BCST2 not required: %(prison)s is not a resettlement prison, and the CRC completes BCST2 in resettlement prisons only (%(rule)s)."
        ) % {"prison": c.prison_name, "rule": rule}
    return _(
        "BCST2 not required: this prison is not a resettlement prison, and the CRC completes BCST2 in resettlement prisons only (%(rule)s)."
    ) % {"rule": rule}


def _bcst2_due_words(counted_from: str, submitted: bool, n: int) -> str:
    """The reason for BCST2's due date, by what it counts from ("bcst1", "sentencing", "arrival") and whether
    BCST1 is submitted or still due: one whole sentence each, so Welsh can order it its own way."""
    if counted_from == "arrival":
        if submitted:
            return ngettext(
                "BCST2 due by %(due)s: %(num)d working day after arrival in a resettlement prison (%(prison)s) on %(since)s, which is later "
                "than the BCST1 submission on %(bcst1)s (%(rule)s).",
                "BCST2 due by %(due)s: %(num)d working days after arrival in a resettlement prison (%(prison)s) on %(since)s, which is later "
                "than the BCST1 submission on %(bcst1)s (%(rule)s).",
                n,
            )
        return ngettext(
            "BCST2 due by %(due)s: %(num)d working day after arrival in a resettlement prison (%(prison)s) on %(since)s, which is later "
            "than the BCST1 due date, %(bcst1)s; provisional until BCST1 is submitted (%(rule)s).",
            "BCST2 due by %(due)s: %(num)d working days after arrival in a resettlement prison (%(prison)s) on %(since)s, which is later "
            "than the BCST1 due date, %(bcst1)s; provisional until BCST1 is submitted (%(rule)s).",
            n,
        )
    if counted_from == "sentencing":
        if submitted:
            return ngettext(
                "BCST2 due by %(due)s: %(num)d working day after sentencing on %(sentenced)s, which is later than the BCST1 submission on "
                "%(bcst1)s (%(rule)s).",
                "BCST2 due by %(due)s: %(num)d working days after sentencing on %(sentenced)s, which is later than the BCST1 submission on "
                "%(bcst1)s (%(rule)s).",
                n,
            )
        return ngettext(
            "BCST2 due by %(due)s: %(num)d working day after sentencing on %(sentenced)s, which is later than the BCST1 due date, "
            "%(bcst1)s; provisional until BCST1 is submitted (%(rule)s).",
            "BCST2 due by %(due)s: %(num)d working days after sentencing on %(sentenced)s, which is later than the BCST1 due date, "
            "%(bcst1)s; provisional until BCST1 is submitted (%(rule)s).",
            n,
        )
    if submitted:
        return ngettext(
            "BCST2 due by %(due)s: %(num)d working day after BCST1 was submitted on %(bcst1)s (%(rule)s).",
            "BCST2 due by %(due)s: %(num)d working days after BCST1 was submitted on %(bcst1)s (%(rule)s).",
            n,
        )
    return ngettext(
        "BCST2 due by %(due)s: %(num)d working day after BCST1 is due on %(bcst1)s; provisional until BCST1 is submitted (%(rule)s).",
        "BCST2 due by %(due)s: %(num)d working days after BCST1 is due on %(bcst1)s; provisional until BCST1 is submitted (%(rule)s).",
        n,
    )


# Why there is no date to count back from release, for each date counted that way: (on remand, an
# indeterminate sentence, no release date recorded).
_NO_RELEASE_DATE: dict[str, tuple[str, str, str]] = {
    "pre-release": (
        gettext_noop("No pre-release date yet: on remand, so there is no release date to count from (%(rule)s)."),
        gettext_noop("No pre-release date: an indeterminate sentence has no fixed release date (%(rule)s)."),
        gettext_noop("No pre-release date yet: no release date is recorded (%(rule)s)."),
    ),
    "handover": (
        gettext_noop("No handover date yet: on remand, so there is no release date to count from (%(rule)s)."),
        gettext_noop("No handover date: an indeterminate sentence has no fixed release date (%(rule)s)."),
        gettext_noop("No handover date yet: no release date is recorded (%(rule)s)."),
    ),
    "duty to refer": (
        gettext_noop("No duty to refer date yet: on remand, so there is no release date to count from (%(rule)s)."),
        gettext_noop("No duty to refer date: an indeterminate sentence has no fixed release date (%(rule)s)."),
        gettext_noop("No duty to refer date yet: no release date is recorded (%(rule)s)."),
    ),
    "housing referral": (
        gettext_noop("No housing referral date yet: on remand, so there is no release date to count from (%(rule)s)."),
        gettext_noop("No housing referral date: an indeterminate sentence has no fixed release date (%(rule)s)."),
        gettext_noop("No housing referral date yet: no release date is recorded (%(rule)s)."),
    ),
}


def _release_for_dates(c: Custody, what: str, rule_id: str) -> Decision[date | None] | date:
    """The release date to count back from, or the decision explaining why there is none (citing single-version rule `rule_id`).
    `what` is a key of `_NO_RELEASE_DATE`."""
    remand, indeterminate, unknown = _NO_RELEASE_DATE[what]
    if not c.is_sentenced:
        return Decision(None, lambda: (_(remand) % {"rule": _rule(rule_id).citation},))
    if c.sentence_type == INDETERMINATE:
        return Decision(None, lambda: (_(indeterminate) % {"rule": _rule(rule_id).citation},))
    if c.release_date is None:
        return Decision(None, lambda: (_(unknown) % {"rule": _rule(rule_id).citation},))
    return c.release_date


_PRE_RELEASE = timedelta(weeks=PRE_RELEASE_WEEKS)


def pre_release(c: Custody, today: date | None = None) -> Decision[date | None]:
    """T5: the pre-release window opens 12 weeks (84 days) before the release date. Given `today`, the
    words are in the tense of that day ("started on" a date already passed)."""
    release = _release_for_dates(c, "pre-release", "T5")
    if isinstance(release, Decision):
        return release
    opens = release - _PRE_RELEASE

    def reasons() -> tuple[str, ...]:
        values = {"opens": format_date(opens), "num": PRE_RELEASE_WEEKS, "release": format_date(release), "rule": _rule("T5").citation}
        if today is not None and opens < today:
            words = ngettext(
                "Pre-release work and review started on %(opens)s, %(num)d week before release on %(release)s (%(rule)s).",
                "Pre-release work and review started on %(opens)s, %(num)d weeks before release on %(release)s (%(rule)s).",
                PRE_RELEASE_WEEKS,
            )
        elif opens == today:
            words = ngettext(
                "Pre-release work and review start today, %(opens)s, %(num)d week before release on %(release)s (%(rule)s).",
                "Pre-release work and review start today, %(opens)s, %(num)d weeks before release on %(release)s (%(rule)s).",
                PRE_RELEASE_WEEKS,
            )
        else:
            words = ngettext(
                "Pre-release work and review start on %(opens)s, %(num)d week before release on %(release)s (%(rule)s).",
                "Pre-release work and review start on %(opens)s, %(num)d weeks before release on %(release)s (%(rule)s).",
                PRE_RELEASE_WEEKS,
            )
        return (words % values,)

    return Decision(opens, reasons)


def handover(c: Custody, s: RuleSettings, today: date | None = None) -> Decision[date | None]:
    """T6: the handover to the responsible officer is due some working days before release (a setting).
    Given `today`, a date already passed is said in the past ("was due by")."""
    release = _release_for_dates(c, "handover", "T6")
    if isinstance(release, Decision):
        return release
    n = s.handover_working_days
    due = subtract_working_days(release, n)

    def reasons() -> tuple[str, ...]:
        values = {"due": format_date(due), "num": n, "release": format_date(release), "rule": _rule("T6").citation}
        if today is not None and due < today:
            words = ngettext(
                "Handover to the responsible officer was due by %(due)s, %(num)d working day before release on %(release)s (%(rule)s).",
                "Handover to the responsible officer was due by %(due)s, %(num)d working days before release on %(release)s (%(rule)s).",
                n,
            )
        else:
            words = ngettext(
                "Handover to the responsible officer due by %(due)s, %(num)d working day before release on %(release)s (%(rule)s).",
                "Handover to the responsible officer due by %(due)s, %(num)d working days before release on %(release)s (%(rule)s).",
                n,
            )
        return (words % values,)

    return Decision(due, reasons)


def duty_to_refer(c: Custody, identified_on: date) -> Decision[date | None]:
    """T8: when a person who is homeless or at risk must be referred to a local housing authority (with consent)."""
    rule = _rule("T8")
    began = rule.in_force_from
    assert began is not None
    if c.reception_date < began:
        return Decision(
            None,
            lambda: (
                _("No duty to refer: the homelessness duty to refer did not exist before %(began)s; received on %(received)s (%(rule)s).")
                % {"began": format_date(began), "received": format_date(c.reception_date), "rule": rule.citation},
            ),
        )
    release = _release_for_dates(c, "duty to refer", "T8")
    if isinstance(release, Decision):
        return release
    latest = release - timedelta(days=DUTY_TO_REFER_DAYS)
    if identified_on >= latest:
        return Decision(
            identified_on,
            lambda: (
                ngettext(
                    "Refer at once, on %(date)s: release on %(release)s is %(num)d day away or closer. "
                    "The person must consent and chooses the local housing authority (%(rule)s).",
                    "Refer at once, on %(date)s: release on %(release)s is %(num)d days away or closer. "
                    "The person must consent and chooses the local housing authority (%(rule)s).",
                    DUTY_TO_REFER_DAYS,
                )
                % {"date": format_date(identified_on), "release": format_date(release), "num": DUTY_TO_REFER_DAYS, "rule": rule.citation},
            ),
        )
    return Decision(
        latest,
        lambda: (
            ngettext(
                "Referral due by %(date)s, %(num)d day before release on %(release)s. "
                "The person must consent and chooses the local housing authority (%(rule)s).",
                "Referral due by %(date)s, %(num)d days before release on %(release)s. "
                "The person must consent and chooses the local housing authority (%(rule)s).",
                DUTY_TO_REFER_DAYS,
            )
            % {"date": format_date(latest), "num": DUTY_TO_REFER_DAYS, "release": format_date(release), "rule": rule.citation},
        ),
    )


# --- England or Wales (issue 23 item 9) -------------------------------------------------------------

# The countries' names and the routes in words, in English (as stored): translate where read, `_(COUNTRY_WORDS[c])`.
COUNTRY_WORDS = {ENGLAND: gettext_noop("England"), WALES: gettext_noop("Wales")}
ROUTE_WORDS = {ENGLAND: gettext_noop("The English duty to refer applies"), WALES: gettext_noop("The Welsh national pathway applies")}


def homelessness_route(*, prison_country: str, prison_name: str, authority: str, authority_country: str | None) -> Decision[str]:
    """R-W1: ENGLAND (the duty to refer, T8) or WALES (the Welsh national pathway, T8W). The route follows the
    country of the local authority the person chose, where they have chosen one (`authority_country`: None when
    not chosen); otherwise the country of the prison holding them now."""
    for country in (prison_country, authority_country):
        if country is not None and country not in COUNTRY_WORDS:
            raise ValueError(f"Unknown country {country!r}: expected {ENGLAND} or {WALES}")
    if authority_country is not None:
        chosen = _ROUTE_BY_AUTHORITY[authority_country]
        return Decision(
            authority_country,
            lambda: (_(chosen) % {"authority": authority.strip(), "rule": _rule("R-W1").citation},),
        )
    by_prison = _ROUTE_BY_PRISON[prison_country, bool(prison_name)]
    return Decision(
        prison_country,
        lambda: (_(by_prison) % {"prison": prison_name, "rule": _rule("R-W1").citation},),
    )


# R-W1's reasons, one whole sentence for each route: by the chosen local authority's country, and by the
# prison's country (with its name, or without).
_ROUTE_BY_AUTHORITY = {
    ENGLAND: gettext_noop(
        "The English duty to refer applies: the person chose %(authority)s, a local authority in England, and the route "
        "follows where they will go (%(rule)s)."
    ),
    WALES: gettext_noop(
        "The Welsh national pathway applies: the person chose %(authority)s, a local authority in Wales, and the route "
        "follows where they will go (%(rule)s)."
    ),
}
_ROUTE_BY_PRISON = {
    (ENGLAND, True): gettext_noop(
        "The English duty to refer applies: no local authority is chosen yet, so the route follows the prison holding the person, "
        "and %(prison)s is in England (%(rule)s)."
    ),
    (ENGLAND, False): gettext_noop(
        "The English duty to refer applies: no local authority is chosen yet, so the route follows the prison holding the person, "
        "and the prison is in England (%(rule)s)."
    ),
    (WALES, True): gettext_noop(
        "The Welsh national pathway applies: no local authority is chosen yet, so the route follows the prison holding the person, "
        "and %(prison)s is in Wales (%(rule)s)."
    ),
    (WALES, False): gettext_noop(
        "The Welsh national pathway applies: no local authority is chosen yet, so the route follows the prison holding the person, "
        "and the prison is in Wales (%(rule)s)."
    ),
}


def welsh_pathway(c: Custody, identified_on: date, s: RuleSettings) -> Decision[date | None]:
    """T8W: when a person homeless or at risk, on the Welsh route, is to be referred to a Welsh local
    authority's housing service (with consent). There is no duty to refer in Wales; the timing is a setting."""
    rule = _rule("T8W")
    began = rule.in_force_from
    assert began is not None
    if c.reception_date < began:
        return Decision(
            None,
            lambda: (
                _(
                    "No Welsh pathway referral: Part 2 of the Housing (Wales) Act 2014 came into force on %(began)s; "
                    "received on %(received)s (%(rule)s)."
                )
                % {"began": format_date(began), "received": format_date(c.reception_date), "rule": rule.citation},
            ),
        )
    release = _release_for_dates(c, "housing referral", "T8W")
    if isinstance(release, Decision):
        return release
    days = s.wales_referral_days
    latest = release - timedelta(days=days)
    if identified_on >= latest:
        return Decision(
            identified_on,
            lambda: (
                ngettext(
                    "Refer at once, on %(date)s: release on %(release)s is %(num)d day away or closer. "
                    "There is no duty to refer in Wales: with the person's consent, the prison's resettlement team refers them to the "
                    "housing service of the Welsh local authority they will go to (%(rule)s).",
                    "Refer at once, on %(date)s: release on %(release)s is %(num)d days away or closer. "
                    "There is no duty to refer in Wales: with the person's consent, the prison's resettlement team refers them to the "
                    "housing service of the Welsh local authority they will go to (%(rule)s).",
                    days,
                )
                % {"date": format_date(identified_on), "release": format_date(release), "num": days, "rule": rule.citation},
            ),
        )
    return Decision(
        latest,
        lambda: (
            ngettext(
                "Referral due by %(date)s, %(num)d day before release on %(release)s. "
                "There is no duty to refer in Wales: with the person's consent, the prison's resettlement team refers them to the "
                "housing service of the Welsh local authority they will go to (%(rule)s).",
                "Referral due by %(date)s, %(num)d days before release on %(release)s. "
                "There is no duty to refer in Wales: with the person's consent, the prison's resettlement team refers them to the "
                "housing service of the Welsh local authority they will go to (%(rule)s).",
                days,
            )
            % {"date": format_date(latest), "num": days, "release": format_date(release), "rule": rule.citation},
        ),
    )


def housing_referral(c: Custody, identified_on: date, route: str, s: RuleSettings) -> Decision[date | None]:
    """When the referral of a person homeless or at risk is due on their route (R-W1): the English duty to
    refer (T8) or the Welsh national pathway (T8W), each by its version in force on the reception date (R-S5)."""
    if route == WALES:
        return welsh_pathway(c, identified_on, s)
    if route == ENGLAND:
        return duty_to_refer(c, identified_on)
    raise ValueError(f"Unknown route {route!r}: expected {ENGLAND} or {WALES}")


def screening(c: Custody, *, bcst1_submitted_on: date | None, settings: RuleSettings, today: date | None = None) -> Screening:
    """Every screening decision for a custody period; given `today`, dates are said in its tense."""
    return Screening(
        bcst1=bcst1(c),
        clone=bcst1_clone(c),
        bcst2=bcst2(c, bcst1_submitted_on, settings),
        pre_release=pre_release(c, today),
        handover=handover(c, settings, today),
    )


# --------------------------------------------------------------------------------------------------
# Deadlines as users read them
# --------------------------------------------------------------------------------------------------

OVERDUE, DUE_SOON, DUE, NONE = "overdue", "due_soon", "due", "none"


def deadline_state(due: date | datetime | None, now: datetime, s: RuleSettings) -> str:
    """ "overdue" | "due_soon" | "due" | "none".

    A deadline with a time (BCST1) is met up to and including that moment, and is due soon within
    ``due_soon_hours``. A deadline date (BCST2, handover) is met up to the end of that day in England
    and Wales, and is due soon from ``due_soon_working_days`` working days before it.
    """
    require_aware(now, "now")
    if due is None:
        return NONE
    if isinstance(due, datetime):
        require_aware(due, "due")
        left = due.astimezone(UTC) - now.astimezone(UTC)  # elapsed time, whatever the clocks do
        if left < timedelta(0):
            return OVERDUE
        return DUE_SOON if left <= timedelta(hours=s.due_soon_hours) else DUE
    today = local_date(now)
    if today > due:
        return OVERDUE
    return DUE_SOON if working_days_between(today, due) <= s.due_soon_working_days else DUE


def deadline_words(what: str, due: date | datetime, now: datetime) -> str:
    """ "BCST2 due by 31 December 2018 — 3 working days left", "BCST1 due by 9:30am on 4 October 2018 — 5 hours left"."""
    require_aware(now, "now")
    if isinstance(due, datetime):
        values = {"what": what, "when": format_datetime(due)}
        left = due.astimezone(UTC) - now.astimezone(UTC)
        hours = int(abs(left.total_seconds()) // 3600)
        if left >= timedelta(0):
            if not hours:
                return _("%(what)s due by %(when)s — less than 1 hour left") % values
            return ngettext("%(what)s due by %(when)s — %(num)d hour left", "%(what)s due by %(when)s — %(num)d hours left", hours) % {
                **values,
                "num": hours,
            }
        if not hours:
            return _("%(what)s was due by %(when)s — less than 1 hour overdue") % values
        return ngettext(
            "%(what)s was due by %(when)s — %(num)d hour overdue", "%(what)s was due by %(when)s — %(num)d hours overdue", hours
        ) % {**values, "num": hours}
    values = {"what": what, "when": format_date(due)}
    days = working_days_between(local_date(now), due)
    if days > 0:
        return ngettext(
            "%(what)s due by %(when)s — %(num)d working day left", "%(what)s due by %(when)s — %(num)d working days left", days
        ) % {**values, "num": days}
    if local_date(now) == due:
        return _("%(what)s due by %(when)s — due today") % values
    if days == 0:  # overdue since a day that was not a working day
        return _("%(what)s was due by %(when)s — overdue") % values
    return ngettext(
        "%(what)s was due by %(when)s — %(num)d working day overdue", "%(what)s was due by %(when)s — %(num)d working days overdue", -days
    ) % {**values, "num": -days}


def handover_due_on(release_date: date | None, s: RuleSettings) -> date | None:
    """T6 counted back from a release date whatever the legal status: the date the plan's handover is
    due by (``handover`` decides it, with reasons, for the screening of a sentenced person)."""
    return None if release_date is None else subtract_working_days(release_date, s.handover_working_days)
