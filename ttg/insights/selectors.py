"""The figures of the insights pages (R-E1): set-based SQL over stored records, never a rule per person.

The population is the custody periods released in the evaluation window (the stored screening
decisions' `released_on`, up to today). For one breakdown (a `Dimension`), three grouped queries give
every count: one over the releases (the outcomes recorded on and after release, and the screening
timeliness), one over their plans' activities, one over the claim lines paid for them (cost). Each
is one `GROUP BY`, whatever the number of people; the "everyone" row is the same three without it.
The rules (`rules.py`) then turn the counts into rates, intervals, hidden cells and disparity ratios.

Analysts see figures for the whole service, and nothing about a person: no query here returns a
row per person but `extract`, the pseudonymised extract. Each checks the user's action first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, Trunc

from ttg.core import access, clock
from ttg.estate.models import CRC, Prison, ResettlementDesignation
from ttg.insights import constants, rules
from ttg.insights.access import EXTRACT as EXTRACT_ACTION
from ttg.insights.access import VIEW
from ttg.insights.constants import MEASURES, Dimension
from ttg.insights.models import Counting, Extract, GroupCount
from ttg.insights.rules import Disparity, Rate
from ttg.payments.constants import ClaimStatus, Tier
from ttg.payments.models import ClaimLine
from ttg.people.models import CustodyPeriod
from ttg.plans.gate.models import FirstNight, OutcomeKind, YesNoUnknown
from ttg.plans.plan.models import PlanActivity
from ttg.plans.plan.rules import CANCELLED, DELIVERED, NOT_REQUIRED, SIGNPOSTED
from ttg.screening.models import Kind, Screening

# --- the window -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    quarters: tuple[rules.Quarter, ...]
    today: date

    @property
    def starts(self) -> date:
        return self.quarters[0].starts

    @property
    def ends(self) -> date:
        """The last day counted: the window's last day, or today if sooner."""
        return min(self.quarters[-1].ends, self.today)

    @property
    def quarters_so_far(self) -> tuple[rules.Quarter, ...]:
        return tuple(q for q in self.quarters if q.starts <= self.today)


def window(today: date | None = None) -> Window:
    start = date.fromisoformat(settings.TTG_INSIGHTS_WINDOW_START)
    return Window(rules.quarters(start, settings.TTG_INSIGHTS_WINDOW_QUARTERS), today or clock.today())


def threshold() -> int:
    return int(settings.TTG_INSIGHTS_SUPPRESS_BELOW)


def baseline_cost_per_person_pence() -> int | None:
    value = settings.TTG_INSIGHTS_BASELINE_COST_PER_PERSON_PENCE
    return int(value) if value not in (None, "") else None


def released(win: Window, prefix: str = "") -> Q:
    """Custody periods (at `prefix`) released in the window, from the stored screening decisions."""
    return Q(
        **{
            f"{prefix}screening_state__in_custody": False,
            f"{prefix}screening_state__released_on__gte": win.starts,
            f"{prefix}screening_state__released_on__lte": win.ends,
        }
    )


# --- the groups of each breakdown, as SQL expressions over a custody period at `prefix` ------------


def _outer(prefix: str) -> OuterRef:
    return OuterRef(f"{prefix}pk" if prefix else "pk")


def _bcst1_answer(prefix: str, question: str, answer: str = "yes") -> Exists:
    return Exists(
        Screening.objects.filter(
            custody_period=_outer(prefix), kind=Kind.BCST1, submitted_at__isnull=False, **{f"answers__{question}": answer}
        )
    )


def _resettlement(prefix: str) -> Exists:
    """The prison released from was a resettlement prison on the day of release."""
    state = f"{prefix}screening_state__"
    on = OuterRef(f"{state}released_on")
    return Exists(
        ResettlementDesignation.objects.filter(prison=OuterRef(f"{state}prison_id"), resettlement=True, valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on)
        )
    )


def _age(prefix: str) -> Any:
    """Whole years of age on the day of release (rules.age_on, in SQL)."""
    on, born = f"{prefix}screening_state__released_on", f"{prefix}person__date_of_birth"
    before_birthday = Case(
        When(
            Q(month_day_on__lt=F("month_day_born")),
            then=Value(1),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (ExtractYear(on) - ExtractYear(born) - before_birthday), {
        "month_day_on": ExtractMonth(on) * 100 + ExtractDay(on),
        "month_day_born": ExtractMonth(born) * 100 + ExtractDay(born),
    }


def _group_key(dimension: str, prefix: str, win: Window) -> tuple[Any, dict[str, Any]]:
    """The SQL expression giving each custody period's group in a partitioning breakdown, and the
    aliases it needs first."""
    p = prefix
    if dimension == "sex":
        return F(f"{p}person__sex"), {}
    if dimension == "ethnicity":
        code = f"{p}person__ethnicity"
        whens = [When(Q(**{f"{code}__startswith": letter}) & ~Q(**{code: "NS"}), then=Value(letter)) for letter, _ in rules.ETHNIC_GROUPS]
        return Case(*whens, default=Value(rules.NOT_STATED)), {}
    if dimension == "age":
        age, aliases = _age(p)
        aliases["age_years"] = age
        whens = [When(age_years__gte=lowest, then=Value(code)) for lowest, code, _ in reversed(rules.AGE_BANDS)]
        return Case(*whens, default=Value(rules.AGE_BANDS[0][1])), aliases
    if dimension == "disability":
        return Case(When(has_condition=True, then=Value("yes")), When(said_no=True, then=Value("no")), default=Value("not_known")), {
            "has_condition": _bcst1_answer(p, "health_condition"),
            "said_no": _bcst1_answer(p, "health_condition", "no"),
        }
    if dimension == "sentence":
        days = f"{p}sentence_length_days"
        known = Q(**{f"{p}sentence_type": "DETERMINATE", f"{days}__isnull": False})
        return Case(
            When(known & Q(**{f"{days}__lt": rules.UNDER_12_MONTHS_DAYS}), then=Value("under_12_months")),
            When(known & Q(**{f"{days}__lte": rules.FOUR_YEARS_DAYS}), then=Value("12_months_to_4_years")),
            When(known, then=Value("over_4_years")),
            default=Value("not_known"),
        ), {}
    if dimension == "resettlement":
        return Case(When(in_resettlement=True, then=Value("resettlement")), default=Value("non_resettlement")), {
            "in_resettlement": _resettlement(p)
        }
    if dimension == "crc":
        return F(f"{p}screening_state__prison__crc_id"), {}
    if dimension == "prison":
        return F(f"{p}screening_state__prison_id"), {}
    if dimension == "quarter":
        on = f"{p}screening_state__released_on"
        whens = [When(Q(**{f"{on}__gte": q.starts, f"{on}__lte": q.ends}), then=Value(q.code)) for q in win.quarters]
        return Case(*whens, default=Value("")), {}
    raise ValueError(f"Unknown breakdown {dimension!r}")


# --- the counts -----------------------------------------------------------------------------------

_YES = YesNoUnknown.YES


def _counter(extra: Q | None) -> Any:
    """Count("pk") of the rows a filter allows, and `extra` allows too (a Level 3 group)."""

    def c(q: Q | None = None) -> Count:
        where = q if extra is None else (extra if q is None else q & extra)
        return Count("pk", filter=where) if where is not None else Count("pk")

    return c


def _release_counts(extra: Q | None = None) -> dict[str, Any]:
    """Conditional counts over released custody periods joined to their two outcomes (one row each)."""
    day_recorded = Q(day__id__isnull=False)
    after_recorded = Q(after__id__isnull=False)
    c = _counter(extra)

    return {
        "released": c(),
        "day_recorded": c(day_recorded),
        "after_recorded": c(after_recorded),
        "settled": c(Q(day__accommodation=FirstNight.SETTLED)),
        "settled_safe": c(Q(day__accommodation=FirstNight.SETTLED, day__accommodation_safe=_YES)),
        "ete": c(Q(day__ete=_YES)),
        "bank_account": c(Q(day__bank_account=_YES)),
        "id_documents": c(Q(day__id_documents=_YES)),
        "benefit_claim": c(Q(day__benefit_claim=_YES)),
        "gp_registration": c(Q(day__gp_registration=_YES)),
        "settled_after": c(Q(after__accommodation=FirstNight.SETTLED)),
        "bcst1_on_time": c(Q(screening_state__bcst1_submitted_at__lte=F("screening_state__bcst1_due_at"))),
        "bcst2_needed": c(Q(screening_state__bcst2_required=True)),
        "bcst2_on_time": c(
            Q(screening_state__bcst2_required=True, screening_state__bcst2_submitted_at__date__lte=F("screening_state__bcst2_due_on"))
        ),
    }


def _releases(win: Window) -> QuerySet[CustodyPeriod]:
    return CustodyPeriod.objects.filter(released(win)).alias(
        day=FilteredRelation("plan__release_outcomes", condition=Q(plan__release_outcomes__kind=OutcomeKind.RELEASE_DAY)),
        after=FilteredRelation("plan__release_outcomes", condition=Q(plan__release_outcomes__kind=OutcomeKind.AFTER_RELEASE)),
    )


_ACTIVITY_PREFIX = "plan__custody_period__"
_COUNTED_ACTIVITIES = ~Q(status__in=[CANCELLED, NOT_REQUIRED])


def _activities(win: Window) -> QuerySet[PlanActivity]:
    return PlanActivity.objects.filter(released(win, _ACTIVITY_PREFIX)).filter(_COUNTED_ACTIVITIES)


def _activity_counts(extra: Q | None = None) -> dict[str, Any]:
    c = _counter(extra)
    return {"activities": c(), "activities_achieved": c(Q(status__in=[DELIVERED, SIGNPOSTED]))}


_COST_PREFIX = "delivery__purchase__custody_period__"


def _claim_lines(win: Window) -> QuerySet[ClaimLine]:
    """What purchasers pay: the purchase tier of claims not rejected, for the releases in the window."""
    return ClaimLine.objects.filter(released(win, _COST_PREFIX), tier=Tier.PURCHASE).exclude(claim__status=ClaimStatus.REJECTED)


def _cost(extra: Q | None = None) -> dict[str, Any]:
    return {"cost_pence": Sum("amount_pence", filter=extra)}


# --- what is published ----------------------------------------------------------------------------


@dataclass
class Group:
    code: str
    label: str
    released: int
    released_hidden: bool = False
    rates: dict[str, Rate] = field(default_factory=dict)
    disparities: dict[str, Disparity] = field(default_factory=dict)
    disparity_reasons: dict[str, tuple[str, ...]] = field(default_factory=dict)
    cost_pence: int = 0
    uplift: rules.Uplift | None = None  # the cost per person against the baseline (E5), when both are known
    uplift_reasons: tuple[str, ...] = ()

    @property
    def cost_per_person_pence(self) -> int | None:
        if self.released_hidden or not self.released:
            return None
        return round(self.cost_pence / self.released)

    @property
    def cost_per_outcome_pence(self) -> int | None:
        """Cost per person released to settled accommodation on the first night."""
        settled = self.rates.get("settled")
        if self.released_hidden or settled is None or settled.hidden or not settled.numerator:
            return None
        return round(self.cost_pence / settled.numerator)


@dataclass
class Breakdown:
    dimension: Dimension
    window: Window
    threshold: int
    groups: list[Group]
    everyone: Group
    baseline_cost_per_person_pence: int | None
    counting: Counting | None = None

    @property
    def measures(self) -> Sequence[constants.Measure]:
        return MEASURES

    def rate_rows(self, code: str) -> list[tuple[Group, Rate]]:
        return [(g, g.rates[code]) for g in self.groups]


def _rates(counts: dict[str, int]) -> dict[str, Rate]:
    n = {k: int(v or 0) for k, v in counts.items()}
    day = n["day_recorded"]
    return {
        "outcome_recorded": rules.rate(n["day_recorded"], n["released"]),
        "settled": rules.rate(n["settled"], day),
        "settled_safe": rules.rate(n["settled_safe"], day),
        "ete": rules.rate(n["ete"], day),
        "bank_account": rules.rate(n["bank_account"], day),
        "id_documents": rules.rate(n["id_documents"], day),
        "benefit_claim": rules.rate(n["benefit_claim"], day),
        "gp_registration": rules.rate(n["gp_registration"], day),
        "settled_after": rules.rate(n["settled_after"], n["after_recorded"]),
        "activities_achieved": rules.rate(n.get("activities_achieved", 0), n.get("activities", 0)),
        "bcst1_on_time": rules.rate(n["bcst1_on_time"], n["released"]),
        "bcst2_on_time": rules.rate(n["bcst2_on_time"], n["bcst2_needed"]),
    }


def _labels(dimension: str, codes: Sequence[Any], win: Window) -> list[tuple[Any, str]]:
    """The groups to show, in order, with their labels (a group with nobody in it is shown as 0)."""
    fixed = {
        "sex": constants.SEX_GROUPS,
        "ethnicity": constants.ETHNIC_GROUPS,
        "age": constants.AGE_GROUPS,
        "disability": constants.DISABILITY_GROUPS,
        "sentence": constants.SENTENCE_GROUPS,
        "resettlement": constants.RESETTLEMENT_GROUPS,
    }
    if dimension in fixed:
        return [(code, str(label)) for code, label in fixed[dimension]]
    if dimension == "quarter":
        return [(q.code, q.label) for q in win.quarters_so_far]
    if dimension == "crc":
        crcs = CRC.objects.filter(pk__in=[c for c in codes if c is not None]).order_by("name")
        found = [(c.pk, c.name) for c in crcs]
        return found + ([(None, "No CRC")] if None in codes else [])
    if dimension == "prison":
        return [(p.pk, p.name) for p in Prison.objects.filter(pk__in=codes).order_by("name")]
    raise ValueError(f"Unknown breakdown {dimension!r}")


def _grouped(query: QuerySet[Any], key: Any, aliases: dict[str, Any], counts: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    rows = query.alias(**aliases).annotate(group_key=key).values("group_key").annotate(**counts).order_by()
    return {row.pop("group_key"): row for row in rows}


def _level3(win: Window) -> tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]:
    """Level 3 groups overlap: one query per source, each group a set of conditional counts."""
    groups = [(code, str(label)) for code, label in constants.LEVEL3_QUESTIONS]
    found: dict[str, dict[str, Any]] = {code: {} for code, _ in groups}
    found["none"] = {}
    for query, counts, prefix in (
        (_releases(win), _release_counts, ""),
        (_activities(win), _activity_counts, _ACTIVITY_PREFIX),
        (_claim_lines(win), _cost, _COST_PREFIX),
    ):
        # The BCST1 joined once (one a custody period: a unique constraint), rather than an EXISTS in
        # every conditional count (which the database would run once per count and row).
        bcst1 = f"{prefix}screenings"
        flags = {"bcst1": FilteredRelation(bcst1, condition=Q(**{f"{bcst1}__kind": Kind.BCST1, f"{bcst1}__submitted_at__isnull": False}))}
        said_yes = {
            f"l3_{code}": Case(When(Q(**{f"bcst1__answers__{code}": "yes"}), then=Value(1)), default=Value(0)) for code, _ in groups
        }
        yes = {code: Q(**{f"l3_{code}": 1}) for code, _ in groups}
        none = Q(**{f"l3_{code}": 0 for code, _ in groups})
        aggregates: dict[str, Any] = {}
        names: dict[str, tuple[str, str]] = {}
        for code, _ in [*groups, ("none", "")]:
            where = none if code == "none" else yes[code]
            for name, aggregate in counts(where).items():
                names[f"n{len(names)}"] = (code, name)
                aggregates[f"n{len(aggregates)}"] = aggregate
        result = query.alias(**flags).alias(**said_yes).aggregate(**aggregates)
        for key, value in result.items():
            code, name = names[key]
            found[code][name] = value
    return [*groups, ("none", str(constants.LEVEL3_NONE))], found


Counts = dict[str, Any]


def count_breakdown(dimension_code: str, win: Window) -> tuple[dict[Any, Counts], Counts]:
    """One breakdown's raw counts, per group and for everyone, from the records: three grouped queries (a
    fixed number, whatever the number of people or groups). Groups that partition the releases add up to
    everyone's counts; the Level 3 groups overlap, so everyone's are three queries more. Run by the
    scheduled count (services.count_breakdowns), not by a page."""
    everyone_counts: Counts = {}
    if dimension_code == "level3":
        everyone_counts.update(_releases(win).aggregate(**_release_counts()))
        everyone_counts.update(_activities(win).aggregate(**_activity_counts()))
        everyone_counts.update(_claim_lines(win).aggregate(**_cost()))
        _, by_level3 = _level3(win)
        by_group: dict[Any, Counts] = dict(by_level3)
    else:
        by_group = {}
        for query, counts, prefix in (
            (_releases(win), _release_counts(), ""),
            (_activities(win), _activity_counts(), _ACTIVITY_PREFIX),
            (_claim_lines(win), _cost(), _COST_PREFIX),
        ):
            key, aliases = _group_key(dimension_code, prefix, win)
            for group_key, row in _grouped(query, key, aliases, counts).items():
                by_group.setdefault(group_key, {}).update(row)
        for row in by_group.values():  # every release is in one group (each CASE has a default)
            for name, value in row.items():
                everyone_counts[name] = (everyone_counts.get(name) or 0) + (value or 0)
        for name in (*_release_counts(), *_activity_counts(), "cost_pence"):
            everyone_counts.setdefault(name, 0)
    return by_group, everyone_counts


def stored_breakdown(dimension_code: str) -> tuple[dict[Any, Counts], Counts]:
    """The same as `count_breakdown`, as last counted: one indexed query over the stored groups."""
    by_group: dict[Any, Counts] = {}
    everyone_counts: Counts = {}
    for key, everyone, counts in GroupCount.objects.filter(dimension=dimension_code).values_list("key", "everyone", "counts"):
        if everyone:
            everyone_counts = counts
        else:
            by_group[key] = counts
    return by_group, everyone_counts


def counted() -> Counting | None:
    """When the figures the pages show were counted (None: never yet)."""
    return Counting.objects.filter(pk=1, counted_at__isnull=False).first()


def breakdown(user: Any, dimension_code: str, *, today: date | None = None) -> Breakdown:
    """The figures of one breakdown for the whole service, as published: the stored counts (one query, and
    one for when they were counted), turned into rates, intervals, hidden cells and disparity ratios with
    today's settings."""
    if not access.can(user, VIEW):
        raise PermissionDenied
    dimension = constants.DIMENSION_BY_CODE[dimension_code]
    win = window(today)
    below = threshold()
    by_group, everyone_counts = stored_breakdown(dimension.code)
    if dimension.code == "level3":
        labels = [*((code, str(label)) for code, label in constants.LEVEL3_QUESTIONS), ("none", str(constants.LEVEL3_NONE))]
    else:
        labels = _labels(dimension.code, list(by_group), win)

    names = (*_release_counts(), *_activity_counts(), "cost_pence")
    groups = []
    for code, label in labels:
        counts = dict.fromkeys(names, 0)
        counts.update({k: v for k, v in by_group.get(code, {}).items() if v is not None})
        groups.append(Group(str(code), label, int(counts["released"]), rates=_rates(counts), cost_pence=int(counts["cost_pence"])))
    everyone_counts = {**dict.fromkeys(names, 0), **{k: (v or 0) for k, v in everyone_counts.items()}}
    everyone = Group(
        "all", "Everyone", int(everyone_counts["released"]), rates=_rates(everyone_counts), cost_pence=int(everyone_counts["cost_pence"])
    )

    _publish(groups, everyone, below=below, partition=dimension.partition)
    baseline = baseline_cost_per_person_pence()
    for g in [*groups, everyone]:
        decided = rules.uplift(g.cost_per_person_pence, baseline)
        g.uplift, g.uplift_reasons = decided.value, decided.reasons
    return Breakdown(dimension, win, below, groups, everyone, baseline, counting=counted())


def _publish(groups: list[Group], everyone: Group, *, below: int, partition: bool) -> None:
    """Hide small numbers (E2) and give each group's disparity ratios against everyone (E3), in place."""
    released_hidden = rules.suppress([g.released for g in groups], below=below, total_published=partition).value
    for g, hidden in zip(groups, released_hidden, strict=True):
        g.released_hidden = hidden
    everyone.released_hidden = rules.is_small(everyone.released, below)
    for code in constants.MEASURE_CODES:
        published = rules.suppress_rates([g.rates[code] for g in groups], below=below, total_published=partition)
        for g, r in zip(groups, published, strict=True):
            g.rates[code] = r
        (everyone.rates[code],) = rules.suppress_rates([everyone.rates[code]], below=below, total_published=False)
        for g in groups:
            decision = rules.disparity(g.rates[code], everyone.rates[code], group_name=g.label)
            g.disparities[code] = decision.value
            g.disparity_reasons[code] = decision.reasons


# --- pseudonymised extracts (R-E2) ----------------------------------------------------------------

EXTRACT_DATES = ("day", "month", "quarter")


def _count_of(query: QuerySet[Any], path: str, aggregate: Any) -> Any:
    """One correlated aggregate per custody period (a subquery in the one SELECT), 0 when none."""
    return Coalesce(Subquery(query.filter(**{path: OuterRef("pk")}).order_by().values(path).annotate(v=aggregate).values("v")[:1]), 0)


def extract(user: Any, *, dates: str, today: date | None = None) -> tuple[Window, list[dict[str, Any]]]:
    """One row per custody period released in the window, in one query: no name, prison number or date
    of birth; the person's id only for the extract's keyed pseudonym, release dates coarsened to
    `dates`, age and sentence as bands. Rows about a person leave the service only this way, logged."""
    if not access.can(user, EXTRACT_ACTION):
        raise PermissionDenied
    if dates not in EXTRACT_DATES:
        raise ValueError(f"Dates are coarsened to day, month or quarter, not {dates!r}")
    win = window(today)
    aliases: dict[str, Any] = {}
    annotations: dict[str, Any] = {}
    for code in ("ethnicity", "age", "disability", "sentence", "resettlement"):
        key, needs = _group_key(code, "", win)
        aliases.update(needs)
        annotations[f"x_{code}"] = key
    for code, _label in constants.LEVEL3_QUESTIONS:
        annotations[f"l3_{code}"] = _bcst1_answer("", code)
    on = "screening_state__released_on"
    annotations["released"] = F(on) if dates == "day" else Trunc(on, dates, output_field=DateField())
    annotations["bcst1_on_time"] = Case(
        When(screening_state__bcst1_submitted_at__lte=F("screening_state__bcst1_due_at"), then=Value(True)), default=Value(False)
    )
    annotations["bcst2"] = Case(
        When(
            Q(screening_state__bcst2_required=True, screening_state__bcst2_submitted_at__date__lte=F("screening_state__bcst2_due_on")),
            then=Value("on time"),
        ),
        When(screening_state__bcst2_required=True, then=Value("not on time")),
        default=Value("not needed"),
    )
    activities = PlanActivity.objects.filter(_COUNTED_ACTIVITIES)
    annotations["activities"] = _count_of(activities, "plan__custody_period", Count("pk"))
    annotations["activities_achieved"] = _count_of(
        activities.filter(status__in=[DELIVERED, SIGNPOSTED]), "plan__custody_period", Count("pk")
    )
    lines = ClaimLine.objects.filter(tier=Tier.PURCHASE).exclude(claim__status=ClaimStatus.REJECTED)
    annotations["cost_pence"] = _count_of(lines, "delivery__purchase__custody_period", Sum("amount_pence"))
    fields = [
        "person_id",
        "person__sex",
        "screening_state__prison__name",
        "screening_state__prison__crc__name",
        "day__accommodation",
        "day__accommodation_safe",
        "day__ete",
        "day__bank_account",
        "day__id_documents",
        "day__benefit_claim",
        "day__gp_registration",
        "after__accommodation",
        *annotations,
    ]
    rows = list(_releases(win).alias(**aliases).annotate(**annotations).values(*fields).order_by())
    return win, rows


def extracts_made(user: Any) -> QuerySet[Extract]:
    """The log of the user's own extracts, newest first (the last 20)."""
    return Extract.objects.visible_to(user).order_by("-requested_at", "-id")[:20]
